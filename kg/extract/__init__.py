"""Read-only functions from a parsed Doc to facts, in document order: entity mentions
(`mentions`), type hints (`hints`), relations (`relations`) and statements (`quotes`). Never
imports rdflib."""

"""Scoring kg against gold data: PolNeAR attributions (`attribution`, `scoring`, `statements`)."""

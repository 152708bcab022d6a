"""kg: build a linked-data knowledge graph of people, organisations, places and statements
from news articles."""

__version__ = "0.1.0"

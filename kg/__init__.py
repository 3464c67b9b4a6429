"""plankg: Chinese government work reports → a knowledge graph."""

__version__ = "0.1.0"

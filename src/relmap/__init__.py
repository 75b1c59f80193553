"""relmap: key-account relationship management and relationship mapping."""

__version__ = "0.1.0"

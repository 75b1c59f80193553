"""Management commands of engagement: ``relmap ingest``."""

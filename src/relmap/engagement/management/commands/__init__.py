"""``relmap ingest``."""

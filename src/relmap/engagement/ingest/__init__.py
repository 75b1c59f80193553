"""Ingestion of interactions from the files people already have: calendars (.ics), mail
(mbox, .eml: headers only) and CSV activity exports. Parsers (``ics``, ``mail``,
``csvfile``) are plain Python; ``matching`` and ``writer`` touch the database;
``service.ingest_file`` ties them together. See docs/ingest-formats.md."""

"""An account's map in open file formats: JSON, or people/ties/coverage CSV files.

- :mod:`.format`: the columns, names and error types both directions share;
- :mod:`.reading`: files to a :class:`ParsedMap`, every bad row reported with its line;
- :mod:`.importing`: a parsed map written atomically through the services, idempotently;
- :mod:`.exporting`: a loaded map back to the same formats.

The format is documented in docs/import-format.md.
"""

from __future__ import annotations

from relmap.core.csvfiles import RowError, SourceFile
from relmap.stakeholders.mapfile.exporting import FORMATS, export_map, map_document, to_csv, to_json
from relmap.stakeholders.mapfile.format import MapImportError, external_ids
from relmap.stakeholders.mapfile.importing import (
    ImportReport,
    KindCounts,
    import_csv_files,
    import_json_file,
    import_map,
)
from relmap.stakeholders.mapfile.reading import (
    ParsedMap,
    read_csv_map,
    read_json_map,
)

__all__ = [
    "FORMATS",
    "ImportReport",
    "KindCounts",
    "MapImportError",
    "ParsedMap",
    "RowError",
    "SourceFile",
    "export_map",
    "external_ids",
    "import_csv_files",
    "import_json_file",
    "import_map",
    "map_document",
    "read_csv_map",
    "read_json_map",
    "to_csv",
    "to_json",
]

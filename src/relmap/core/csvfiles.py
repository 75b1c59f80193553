"""Reading uploaded CSV files the same way everywhere: decode, check the header, keep
each row's physical line, and report every problem as a :class:`RowError`; and writing
cells a spreadsheet will not run as formulas (:func:`spreadsheet_safe`).

Shared by the map importer (:mod:`relmap.stakeholders.mapfile`) and the financials
importer (:mod:`relmap.accounts.financials_import`), so that both accept the same files
(UTF-8 with or without a BOM, any column order, header case and spacing ignored) and
word their errors the same way; the portfolio exports (web and ``relmap portfolio``)
guard their cells with :func:`spreadsheet_safe`. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in the files: where it is, and what is wrong, for the person who typed
    it. ``line`` is the 1-based physical line (the header is line 1), ``None`` when the
    problem concerns the file as a whole."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file} line {self.line}: {self.message}"


class FileImportError(Exception):
    """The files cannot be imported; ``errors`` lists every problem. Nothing was written."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors: list[RowError] = list(errors)
        count = len(self.errors)
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was imported.\n"
            + "\n".join(str(e) for e in self.errors)
        )


@dataclass(frozen=True, slots=True)
class SourceFile:
    """The raw bytes of one input file and the name its errors are reported under."""

    name: str
    data: bytes

    @classmethod
    def from_path(cls, path: str | Path) -> SourceFile:
        path = Path(path)
        try:
            return cls(name=path.name, data=path.read_bytes())
        except OSError as exc:
            raise FileImportError(
                [RowError(path.name, None, f"cannot be read: {exc.strerror or exc}.")]
            ) from exc


@dataclass(frozen=True, slots=True)
class Record:
    """One row (CSV) or object (JSON): its cells by normalised column name."""

    file: str
    line: int | None
    cells: dict[str, str]


def normalise_key(key: str) -> str:
    """``" Period Start "`` and ``"period-start"`` are both ``period_start``."""
    return "_".join(key.strip().lower().replace("-", " ").split())


def decode(source: SourceFile, errors: list[RowError]) -> str | None:
    """The file's text, or ``None`` (with an error) when it is empty or not UTF-8."""
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = source.data.count(b"\n", 0, exc.start) + 1
        errors.append(
            RowError(
                source.name,
                None,
                f"the file is not UTF-8 text (line {line} has the byte "
                f"0x{source.data[exc.start]:02X}, which UTF-8 does not allow). Save it as "
                "UTF-8 (in Excel: “CSV UTF-8”) and import it again.",
            )
        )
        return None
    if not text.strip():
        errors.append(RowError(source.name, None, "the file is empty."))
        return None
    return text


def read_csv(
    source: SourceFile,
    columns: Sequence[str],
    required: Sequence[str],
    errors: list[RowError],
) -> list[Record] | None:
    """The data rows of a CSV file, or ``None`` when the file as a whole is unusable
    (then its errors are in ``errors``). Completely blank rows are skipped; every column
    of the header is present (possibly blank) in each record's cells."""
    text = decode(source, errors)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    consumed = 0
    try:
        for row in reader:
            rows.append((consumed + 1, row))
            consumed = reader.line_num
    except csv.Error as exc:
        errors.append(RowError(source.name, consumed + 1, f"cannot be read as CSV: {exc}."))
        return None
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        errors.append(RowError(source.name, None, "the file is empty."))
        return None
    header_line, header = rows[0]
    names = [normalise_key(h) for h in header]
    problems: list[str] = []
    seen: set[str] = set()
    for name in names:
        if not name:
            continue
        if name not in columns:
            problems.append(f"unknown column {name!r}")
        elif name in seen:
            problems.append(f"the column {name!r} appears twice")
        seen.add(name)
    missing = [name for name in required if name not in seen]
    if missing and len(header) == 1 and ";" in header[0]:
        errors.append(
            RowError(
                source.name,
                header_line,
                "the values are separated by ';'; save the file with commas between values.",
            )
        )
        return None
    for name in missing:
        errors.append(
            RowError(source.name, header_line, f"the required column {name!r} is missing.")
        )
    for problem in problems:
        errors.append(
            RowError(source.name, header_line, f"{problem}; the columns are: {', '.join(columns)}.")
        )
    if missing or problems:
        return None
    records: list[Record] = []
    for line, row in rows[1:]:
        cells: dict[str, str] = {}
        extra = False
        for index, value in enumerate(row):
            name = names[index] if index < len(names) else ""
            if name:
                cells[name] = value
            elif value.strip():
                extra = True
        if extra:
            errors.append(
                RowError(
                    source.name,
                    line,
                    f"this row has a value in a column without a header (the header has "
                    f"{len(header)} columns, this row {len(row)}); check for an unquoted comma.",
                )
            )
            continue
        for name in names:
            if name:
                cells.setdefault(name, "")
        records.append(Record(source.name, line, cells))
    return records


# Writing ------------------------------------------------------------------------------------

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text`` as a CSV cell that Excel, LibreOffice or Google Sheets show as text.

    A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
    run as a formula when the file is opened (``=HYPERLINK(...)`` can leak data), so it
    gets a leading apostrophe, which spreadsheets hide. Apply it to text people typed
    (names), not to numbers the export formats itself: ``-3.5`` is a number.
    Source: OWASP, "CSV Injection".
    """
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text

"""Reading map files: decode, parse every cell and collect every problem with its line.

Nothing here touches the database; :func:`read_csv_map` and :func:`read_json_map` turn
files into a :class:`ParsedMap` or raise :class:`MapImportError` listing every bad row.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import json.decoder
import json.scanner
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import models

from relmap.accounts.choices import AccountKind
from relmap.core.csvfiles import Record, RowError, SourceFile, decode, normalise_key, read_csv
from relmap.stakeholders.choices import (
    BuyingRole,
    CoverageDepth,
    Seniority,
    Side,
    Status,
    TieKind,
)
from relmap.stakeholders.mapfile.format import (
    ACCOUNT_KEYS,
    ATTITUDE_WORDS,
    COVERAGE_COLUMNS,
    COVERAGE_REQUIRED,
    JSON_FORMAT,
    JSON_VERSION,
    PEOPLE_COLUMNS,
    PEOPLE_REQUIRED,
    TIE_COLUMNS,
    TIE_REQUIRED,
    UNKNOWN_WORDS,
)
from relmap.stakeholders.models import Stakeholder

# Reading files ----------------------------------------------------------------------------

# The CSV reading shared with the other importers (see relmap.core.csvfiles).
_Record = Record
_normalise_key = normalise_key
_decode = decode
_read_csv = read_csv


def _json_with_lines(text: str) -> tuple[Any, dict[int, int]]:
    """Parse JSON, remembering where each object starts: ``{id(obj): offset}``.

    The standard decoder does not tell where a value came from; its pure-Python scanner
    lets us wrap the object parser, so errors can name the line of the person or tie.
    """
    decoder = json.JSONDecoder()
    starts: dict[int, int] = {}

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        obj, end = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
        starts[id(obj)] = s_and_end[1] - 1
        return obj, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text), starts


def _json_cell(value: Any) -> str | None:
    """A JSON value as the text a CSV cell would hold (``None`` if it cannot be one)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ";".join(value)
    return None


# Cell parsers -----------------------------------------------------------------------------


class _CellError(ValueError):
    pass


class _Keep:
    """A blank cell in a column that cannot be empty: keep the current value (the model's
    default for a new object)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()

Parser = Callable[[str], Any]


def _text(value: str) -> str:
    return value.strip()


def _whole_number(value: str, label: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise _CellError(f"{label} must be a whole number; got {value!r}.") from None


def _scale(label: str, low: str = "low", high: str = "high", *, nullable: bool = False) -> Parser:
    def parse(raw: str) -> Any:
        value = raw.strip()
        if nullable and value.lower() in UNKNOWN_WORDS:
            return None
        if not value:
            return KEEP
        number = _whole_number(value, label)
        if not 1 <= number <= 5:
            unknown = ", or blank for unknown" if nullable else ""
            raise _CellError(f"{label} must be from 1 ({low}) to 5 ({high}){unknown}; got {value}.")
        return number

    return parse


def _attitude(raw: str) -> int | None:
    value = raw.strip()
    if value.lower() in UNKNOWN_WORDS:
        return None
    if value.lower() in ATTITUDE_WORDS:
        return ATTITUDE_WORDS[value.lower()]
    try:
        number = int(value)
    except ValueError:
        number = 99
    if not -2 <= number <= 2:
        raise _CellError(
            "attitude must be -2 (opponent), -1 (sceptic), 0 (neutral), +1 (supporter) or "
            f"+2 (champion), or blank/unknown; got {value!r}."
        )
    return number


def _code(value: str) -> str:
    return "_".join(value.strip().lower().replace("-", " ").split())


def _choice(label: str, choices: type[models.TextChoices], *, blank: Any = KEEP) -> Parser:
    def parse(raw: str) -> Any:
        if not raw.strip():
            return blank
        code = _code(raw)
        if code not in choices.values:
            raise _CellError(f"{label} {raw.strip()!r} is not one of: {', '.join(choices.values)}.")
        return code

    return parse


def _roles(raw: str) -> list[str]:
    roles: list[str] = []
    unknown: list[str] = []
    for part in raw.split(";"):
        if not part.strip():
            continue
        code = _code(part)
        if code not in BuyingRole.values:
            unknown.append(part.strip())
        elif code not in roles:
            roles.append(code)
    if unknown:
        raise _CellError(
            f"unknown role {', '.join(repr(u) for u in unknown)}; roles are separated by ';' "
            f"and each is one of: {', '.join(BuyingRole.values)}."
        )
    return roles


def _date(raw: str) -> Any:
    value = raw.strip()
    if not value:
        # A status change is dated by the service when the status changes; a blank cell
        # keeps the recorded date rather than erasing it on every re-import.
        return KEEP
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _CellError(
            f"status_changed_on must be a date written YYYY-MM-DD; got {value!r}."
        ) from None


PERSON_PARSERS: Final[dict[str, Parser]] = {
    "name": _text,
    "title": _text,
    "department": _text,
    "side": _choice("side", Side),
    "email": _text,
    "power": _scale("power"),
    "interest": _scale("interest"),
    "attitude": _attitude,
    "trust": _scale("trust", nullable=True),
    "roles": _roles,
    "seniority": _choice("seniority", Seniority, blank=""),
    "location": _text,
    "time_zone": _text,
    "language": _text,
    "status": _choice("status", Status),
    "status_changed_on": _date,
    "cultural_notes": _text,
    "communication_preferences": _text,
    "motivations": _text,
    "political_agenda": _text,
    "rationale": _text,
}
TIE_PARSERS: Final[dict[str, Parser]] = {
    "strength": _scale("strength", "weak", "strong"),
    "notes": _text,
}
COVERAGE_PARSERS: Final[dict[str, Parser]] = {
    "current_depth": _choice("current_depth", CoverageDepth),
    "desired_depth": _choice("desired_depth", CoverageDepth),
    "strength": _scale("strength", "weak", "strong"),
    "notes": _text,
}


# Parsed rows ------------------------------------------------------------------------------


@dataclass(slots=True)
class PersonRow:
    file: str
    line: int | None
    ref: str
    values: dict[str, Any]
    reports_to: str


@dataclass(slots=True)
class TieRow:
    file: str
    line: int | None
    source: str
    target: str
    kind: str
    values: dict[str, Any]


@dataclass(slots=True)
class CoverageRow:
    file: str
    line: int | None
    our: str
    their: str
    values: dict[str, Any]


@dataclass(slots=True)
class ParsedMap:
    """Everything read from the files, and every problem found while reading them.

    ``people_complete`` is false when people could not be read at all, and
    ``failed_refs`` holds the ids of people whose rows have errors, so that ties and
    coverage are not flooded with "unknown id" errors that are not their fault.
    """

    sources: tuple[str, ...]
    people: list[PersonRow] = field(default_factory=list)
    ties: list[TieRow] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)
    account: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    people_complete: bool = True
    failed_refs: set[str] = field(default_factory=set)


def _parse_cells(
    record: _Record,
    parsers: Mapping[str, Parser],
    errors: list[RowError],
) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    ok = True
    for name, parse in parsers.items():
        if name not in record.cells:
            continue
        try:
            value = parse(record.cells[name])
        except _CellError as exc:
            errors.append(RowError(record.file, record.line, str(exc)))
            ok = False
            continue
        if value is not KEEP:
            values[name] = value
    return values if ok else None


def _required(record: _Record, names: Iterable[str], errors: list[RowError]) -> bool:
    missing = [n for n in names if not record.cells.get(n, "").strip()]
    for name in missing:
        errors.append(RowError(record.file, record.line, f"{name} is blank; it is required."))
    return not missing


def _model_field_errors(record: _Record, values: Mapping[str, Any], errors: list[RowError]) -> bool:
    """Run the model's own field validation (lengths, e-mail syntax) on the given values."""
    probe = Stakeholder(**values)
    try:
        probe.clean_fields(
            exclude=[f.name for f in Stakeholder._meta.fields if f.name not in values]
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = "id" if name == "ref" else name
            for message in messages:
                errors.append(RowError(record.file, record.line, f"{label}: {message}"))
        return False
    return True


def _parse_people(records: Iterable[_Record], parsed: ParsedMap) -> None:
    errors = parsed.errors
    first_line: dict[str, int | None] = {}
    for record in records:
        ref = record.cells.get("id", "").strip()
        if not _required(record, PEOPLE_REQUIRED, errors):
            parsed.failed_refs.add(ref)
            continue
        if ref in first_line:
            where = first_line[ref]
            errors.append(
                RowError(
                    record.file,
                    record.line,
                    f"id {ref!r} is used twice (first on line {where}); every person needs "
                    "their own id.",
                )
            )
            continue
        first_line[ref] = record.line
        values = _parse_cells(record, PERSON_PARSERS, errors)
        if values is not None:
            values["ref"] = ref
        if values is None or not _model_field_errors(record, values, errors):
            # Ties to this person would fail too; their rows are not blamed for it.
            parsed.failed_refs.add(ref)
            continue
        parsed.people.append(
            PersonRow(
                file=record.file,
                line=record.line,
                ref=ref,
                values=values,
                reports_to=record.cells.get("reports_to", "").strip(),
            )
        )


def _parse_ties(records: Iterable[_Record], parsed: ParsedMap) -> None:
    for record in records:
        if not _required(record, TIE_REQUIRED, parsed.errors):
            continue
        kind = _code(record.cells["type"])
        if kind not in TieKind.values:
            parsed.errors.append(
                RowError(
                    record.file,
                    record.line,
                    f"type {record.cells['type'].strip()!r} is not one of: "
                    f"{', '.join(TieKind.values)}.",
                )
            )
            continue
        values = _parse_cells(record, TIE_PARSERS, parsed.errors)
        if values is None:
            continue
        parsed.ties.append(
            TieRow(
                file=record.file,
                line=record.line,
                source=record.cells["from"].strip(),
                target=record.cells["to"].strip(),
                kind=kind,
                values=values,
            )
        )


def _parse_coverage(records: Iterable[_Record], parsed: ParsedMap) -> None:
    for record in records:
        if not _required(record, COVERAGE_REQUIRED, parsed.errors):
            continue
        values = _parse_cells(record, COVERAGE_PARSERS, parsed.errors)
        if values is None:
            continue
        parsed.coverage.append(
            CoverageRow(
                file=record.file,
                line=record.line,
                our=record.cells["our"].strip(),
                their=record.cells["their"].strip(),
                values=values,
            )
        )


def read_csv_map(
    *,
    people: SourceFile,
    ties: SourceFile | None = None,
    coverage: SourceFile | None = None,
) -> ParsedMap:
    """Read ``people.csv`` and the optional ``ties.csv`` and ``coverage.csv``.

    Never raises for bad content: problems are collected in ``ParsedMap.errors``.
    """
    sources = tuple(s.name for s in (people, ties, coverage) if s is not None)
    parsed = ParsedMap(sources=sources)
    people_records = _read_csv(people, PEOPLE_COLUMNS, PEOPLE_REQUIRED, parsed.errors)
    if people_records is None:
        parsed.people_complete = False
    else:
        _parse_people(people_records, parsed)
    if ties is not None:
        tie_records = _read_csv(ties, TIE_COLUMNS, TIE_REQUIRED, parsed.errors)
        _parse_ties(tie_records or (), parsed)
    if coverage is not None:
        coverage_records = _read_csv(coverage, COVERAGE_COLUMNS, COVERAGE_REQUIRED, parsed.errors)
        _parse_coverage(coverage_records or (), parsed)
    return parsed


def _json_records(
    source: SourceFile,
    items: Any,
    key: str,
    columns: Sequence[str],
    line_of: Callable[[Any], int | None],
    errors: list[RowError],
) -> list[_Record]:
    if items is None:
        return []
    if not isinstance(items, list):
        errors.append(RowError(source.name, line_of(items), f'"{key}" must be a list.'))
        return []
    records: list[_Record] = []
    for index, item in enumerate(items):
        line = line_of(item)
        if not isinstance(item, dict):
            errors.append(
                RowError(source.name, line, f'"{key}" item {index + 1} must be an object.')
            )
            continue
        cells: dict[str, str] = {}
        ok = True
        for raw_key, raw_value in item.items():
            name = _normalise_key(str(raw_key))
            if name not in columns:
                errors.append(
                    RowError(
                        source.name,
                        line,
                        f"unknown field {raw_key!r} in {key}; the fields are: "
                        f"{', '.join(columns)}.",
                    )
                )
                ok = False
                continue
            cell = _json_cell(raw_value)
            if cell is None:
                errors.append(
                    RowError(
                        source.name,
                        line,
                        f"{name} must be text or a number, not {json.dumps(raw_value)}.",
                    )
                )
                ok = False
                continue
            cells[name] = cell
        if ok:
            records.append(_Record(source.name, line, cells))
    return records


def read_json_map(source: SourceFile) -> ParsedMap:
    """Read a ``relmap-map`` JSON file (see docs/import-format.md)."""
    parsed = ParsedMap(sources=(source.name,))
    errors = parsed.errors
    text = _decode(source, errors)
    if text is None:
        parsed.people_complete = False
        return parsed
    try:
        data, starts = _json_with_lines(text)
    except json.JSONDecodeError as exc:
        errors.append(
            RowError(source.name, exc.lineno, f"is not valid JSON: {exc.msg} (column {exc.colno}).")
        )
        parsed.people_complete = False
        return parsed
    newlines = [i for i, char in enumerate(text) if char == "\n"]

    def line_of(obj: Any) -> int | None:
        start = starts.get(id(obj))
        return None if start is None else bisect.bisect_left(newlines, start) + 1

    if not isinstance(data, dict):
        errors.append(RowError(source.name, 1, "must hold one JSON object."))
        parsed.people_complete = False
        return parsed
    if data.get("format") != JSON_FORMAT or data.get("version") != JSON_VERSION:
        errors.append(
            RowError(
                source.name,
                1,
                f'is not a relmap map: expected "format": "{JSON_FORMAT}" and '
                f'"version": {JSON_VERSION}.',
            )
        )
        parsed.people_complete = False
        return parsed
    unknown = sorted(set(data) - {"format", "version", "account", "people", "ties", "coverage"})
    if unknown:
        errors.append(
            RowError(source.name, 1, f"unknown top-level field {', '.join(map(repr, unknown))}.")
        )
    account = data.get("account") or {}
    if not isinstance(account, dict):
        errors.append(RowError(source.name, line_of(account), '"account" must be an object.'))
    else:
        for key, value in account.items():
            if key not in ACCOUNT_KEYS or not isinstance(value, str):
                errors.append(
                    RowError(
                        source.name,
                        line_of(account),
                        f"account field {key!r} is unknown or not text; the fields are: "
                        f"{', '.join(ACCOUNT_KEYS)}.",
                    )
                )
            else:
                parsed.account[key] = value.strip()
        kind = parsed.account.get("kind")
        if kind and kind not in AccountKind.values:
            errors.append(
                RowError(
                    source.name,
                    line_of(account),
                    f"account kind {kind!r} is not one of: {', '.join(AccountKind.values)}.",
                )
            )
    if "people" not in data:
        errors.append(RowError(source.name, 1, 'the "people" list is missing.'))
        parsed.people_complete = False
    before = len(errors)
    people = _json_records(source, data.get("people"), "people", PEOPLE_COLUMNS, line_of, errors)
    if len(errors) > before:
        parsed.people_complete = False
    _parse_people(people, parsed)
    _parse_ties(
        _json_records(source, data.get("ties"), "ties", TIE_COLUMNS, line_of, errors), parsed
    )
    _parse_coverage(
        _json_records(source, data.get("coverage"), "coverage", COVERAGE_COLUMNS, line_of, errors),
        parsed,
    )
    return parsed

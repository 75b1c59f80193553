"""Export an account's map in the formats :mod:`relmap.stakeholders.mapfile` reads.

An export is the whole map (people who left included) and re-imports unchanged: export
→ import into a new account → export gives byte-identical files. Output is sorted
(people by name then id, ties by from, to and type, coverage by our then their) so that
two exports of the same map are identical and diffs between dates are readable.
The account's name is not in the files: it is chosen when importing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from relmap.accounts.models import Account
from relmap.stakeholders.mapfile.format import (
    COVERAGE_COLUMNS,
    JSON_FORMAT,
    JSON_VERSION,
    PEOPLE_COLUMNS,
    TIE_COLUMNS,
    external_ids,
)
from relmap.stakeholders.models import Stakeholder
from relmap.stakeholders.selectors import MapData, load_map

# Reporting lines are exported as ties (with their strength and notes); the people
# file's reports_to column is an import convenience only.
PEOPLE_EXPORT_COLUMNS: Final = tuple(c for c in PEOPLE_COLUMNS if c != "reports_to")
FORMATS: Final = ("json", "csv")
CSV_FILES: Final = ("people.csv", "ties.csv", "coverage.csv")
JSON_FILE: Final = "map.json"


def _person(s: Stakeholder, ref: str) -> dict[str, Any]:
    return {
        "id": ref,
        "name": s.name,
        "title": s.title,
        "department": s.department,
        "side": s.side,
        "email": s.email,
        "power": s.power,
        "interest": s.interest,
        "attitude": s.attitude,
        "trust": s.trust,
        "roles": list(s.roles or []),
        "seniority": s.seniority,
        "location": s.location,
        "time_zone": s.time_zone,
        "language": s.language,
        "status": s.status,
        "status_changed_on": s.status_changed_on.isoformat() if s.status_changed_on else None,
        "cultural_notes": s.cultural_notes,
        "communication_preferences": s.communication_preferences,
        "motivations": s.motivations,
        "political_agenda": s.political_agenda,
        "rationale": s.rationale,
    }


def map_document(data: MapData) -> dict[str, Any]:
    """The map as the JSON document of docs/import-format.md (plain values)."""
    ids = external_ids(data.stakeholders)
    people = sorted(
        (_person(s, ids[s.pk]) for s in data.stakeholders), key=lambda p: (p["name"], p["id"])
    )
    ties = sorted(
        (
            {
                "from": ids[t.source_id],
                "to": ids[t.target_id],
                "type": t.kind,
                "strength": t.strength,
                "notes": t.notes,
            }
            for t in data.ties
        ),
        key=lambda t: (t["from"], t["to"], t["type"]),
    )
    coverage = sorted(
        (
            {
                "our": ids[c.our_person_id],
                "their": ids[c.their_person_id],
                "current_depth": c.current_depth,
                "desired_depth": c.desired_depth,
                "strength": c.strength,
                "notes": c.notes,
            }
            for c in data.coverage
        ),
        key=lambda c: (c["our"], c["their"]),
    )
    account = data.account
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "account": {
            "kind": account.kind,
            "industry": account.industry,
            "description": account.description,
        },
        "people": people,
        "ties": ties,
        "coverage": coverage,
    }


def to_json(data: MapData) -> str:
    return json.dumps(map_document(data), indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def _csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[c]) for c in columns])
    return out.getvalue()


def to_csv(data: MapData) -> dict[str, str]:
    """``{"people.csv": text, "ties.csv": text, "coverage.csv": text}``."""
    document = map_document(data)
    return {
        "people.csv": _csv(PEOPLE_EXPORT_COLUMNS, document["people"]),
        "ties.csv": _csv(TIE_COLUMNS, document["ties"]),
        "coverage.csv": _csv(COVERAGE_COLUMNS, document["coverage"]),
    }


def export_map(account: Account, *, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write ``account``'s map to ``out_dir`` (created if needed) as ``map.json`` or as
    ``people.csv``, ``ties.csv`` and ``coverage.csv``; returns the files written.
    Reads the map in three queries (:func:`~relmap.stakeholders.selectors.load_map`)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}.")
    data = load_map(account)
    files = {JSON_FILE: to_json(data)} if fmt == "json" else to_csv(data)
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written

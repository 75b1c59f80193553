"""The map file format shared by import and export: names, columns and errors.

See docs/import-format.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from relmap.core.csvfiles import FileImportError
from relmap.stakeholders.models import Stakeholder

JSON_FORMAT: Final = "relmap-map"
JSON_VERSION: Final = 1

PEOPLE_COLUMNS: Final = (
    "id",
    "name",
    "title",
    "department",
    "side",
    "reports_to",
    "email",
    "power",
    "interest",
    "attitude",
    "trust",
    "roles",
    "seniority",
    "location",
    "time_zone",
    "language",
    "status",
    "status_changed_on",
    "cultural_notes",
    "communication_preferences",
    "motivations",
    "political_agenda",
    "rationale",
)
TIE_COLUMNS: Final = ("from", "to", "type", "strength", "notes")
COVERAGE_COLUMNS: Final = ("our", "their", "current_depth", "desired_depth", "strength", "notes")
ACCOUNT_KEYS: Final = ("name", "kind", "industry", "description")

PEOPLE_REQUIRED: Final = ("id", "name")
TIE_REQUIRED: Final = ("from", "to", "type")
COVERAGE_REQUIRED: Final = ("our", "their")

UNKNOWN_WORDS: Final = frozenset({"", "unknown", "?", "n/a"})
ATTITUDE_WORDS: Final = {
    "opponent": -2,
    "sceptic": -1,
    "skeptic": -1,
    "neutral": 0,
    "supporter": 1,
    "champion": 2,
}


# Results and errors ---------------------------------------------------------------------


class MapImportError(FileImportError):
    """The map files cannot be imported; ``errors`` lists every problem. Nothing was
    written."""


def external_ids(stakeholders: Iterable[Stakeholder]) -> dict[int, str]:
    """Each stakeholder's id in files and reports: its ``ref``, or for people created
    in the app without one a stable ``p<pk>`` that no other person uses."""
    people = list(stakeholders)
    taken = {s.ref for s in people if s.ref}
    ids: dict[int, str] = {}
    for s in people:
        if s.ref:
            ids[s.pk] = s.ref
            continue
        candidate, suffix = f"p{s.pk}", 1
        while candidate in taken:
            suffix += 1
            candidate = f"p{s.pk}-{suffix}"
        taken.add(candidate)
        ids[s.pk] = candidate
    return ids

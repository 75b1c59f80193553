"""What every parser produces: plain items, skip reasons and a parse result. No Django.

A parser reads one file and returns a :class:`Parsed`: the items it could read, each
with a stable ``source_key``, and every item it had to leave out with the reason
(:class:`Skip`). A file that cannot be read at all raises :class:`FileRefusedError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

# The models' vocabularies, repeated as plain strings so that parsers stay Django-free;
# tests/engagement/ingest/test_items.py checks they match relmap.engagement.choices.
ORGANIZER = "organizer"
ATTENDEE = "attendee"
OPTIONAL = "optional"
SENDER = "sender"
TO = "to"
CC = "cc"
BCC = "bcc"
ROLES = (ORGANIZER, ATTENDEE, OPTIONAL, SENDER, TO, CC, BCC)
INITIATORS = frozenset({ORGANIZER, SENDER})

KINDS = (
    "meeting",
    "business_review",
    "site_visit",
    "event",
    "call",
    "email",
    "message",
    "other",
)
CHANNELS = ("in_person", "video", "phone", "email", "messaging", "event", "social")

MAX_KEY = 255
MAX_SUBJECT = 300

# Plausible dates (docs/ingest-formats.md): anything before this, or more than a year
# after the day of the run, is a clock or export error, not a touchpoint.
EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
LATEST_AHEAD = dt.timedelta(days=366)


class FileRefusedError(Exception):
    """The file cannot be read as a whole; nothing of it is ingested."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# One participant as the file names them: (e-mail lower-cased, display name, role).
# A plain tuple, not a class: a million-row file has three million of them.
Person = tuple[str, str, str]


@dataclass(slots=True)
class Item:
    """One interaction read from a file, not yet matched to anyone."""

    source_key: str
    kind: str
    channel: str
    subject: str
    occurred_at: dt.datetime  # aware, UTC
    duration_minutes: int | None
    participants: tuple[Person, ...]
    where: str | int  # "UID abc@x", "message 3", or a CSV line number: for the report
    outcome_quality: int | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Skip:
    """An item left out: a reason code (counted in the report) and where it was."""

    reason: str
    where: str
    detail: str = ""


@dataclass(slots=True)
class Parsed:
    """What a parser read from one file."""

    format: str  # "ics", "mbox", "eml", "csv"
    items: list[Item] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    read: int = 0  # items seen in the file (events/occurrences, messages, data rows)
    notes: list[str] = field(default_factory=list)
    derived_keys: int = 0  # messages without a Message-ID, keyed on their headers
    unreadable_addresses: int = 0
    window: tuple[dt.datetime, dt.datetime] | None = None


# Reason codes and the sentence the report shows for each.
REASONS: dict[str, str] = {
    "cancelled": "cancelled (STATUS:CANCELLED)",
    "no_start": "no usable start time",
    "broken": "unreadable item",
    "no_occurrence": "recurring, but no occurrence falls within the window",
    "bad_date": "missing or unreadable date",
    "implausible_date": "implausible date (before 1990-01-01 or more than a year ahead)",
    "duplicate": "duplicate of an earlier item in the same file",
    "no_participants": "no participant with an e-mail address",
    "bad_row": "invalid row",
    "no_one_on_map": "no one on this account's map took part",
}


def where_text(where: str | int) -> str:
    return f"line {where}" if isinstance(where, int) else where


def stable_key(prefix: str, *parts: str) -> str:
    """A key derived from content: the same parts give the same key on every run."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}:{digest[:40]}"


def fit_key(key: str) -> str:
    """``key`` itself when it fits the column, else a digest of it (still stable)."""
    return key if len(key) <= MAX_KEY else stable_key("sha256", key)


def plausibility_problem(when: dt.datetime, today: dt.date) -> str | None:
    """Why ``when`` cannot be a real touchpoint, or None (the documented rule)."""
    if when < EARLIEST:
        return f"{when:%Y-%m-%d} is before 1990-01-01"
    latest = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC) + LATEST_AHEAD
    if when > latest:
        return f"{when:%Y-%m-%d} is more than a year ahead"
    return None


def merge_people(people: Iterable[Person]) -> tuple[Person, ...]:
    """One entry per address: an initiator role wins, else the first role met; the first
    non-empty display name is kept."""
    out: dict[str, Person] = {}
    for person in people:
        email, name, role = person
        seen = out.get(email)
        if seen is None:
            out[email] = person
            continue
        if role in INITIATORS and seen[2] not in INITIATORS:
            out[email] = (email, seen[1] or name, role)
        elif not seen[1] and name:
            out[email] = (email, name, seen[2])
    return tuple(out.values())

"""The CSV activity format (docs/ingest-formats.md). No Django.

Header (any order, case and spacing ignored; UTF-8, a BOM tolerated)::

    key,occurred_at,kind,channel,subject,duration_minutes,initiator,participants,
    outcome_quality,notes

``occurred_at``, ``kind`` and ``participants`` are required. Every row is validated; a bad
row is skipped and reported with its line number and the reason, the good rows are kept.
An unknown column or a missing required one refuses the file whole.

This is the million-row path, so rows are plain tuples and the loop does the least it can.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

from relmap.engagement.ingest.items import (
    ATTENDEE,
    CHANNELS,
    KINDS,
    MAX_KEY,
    MAX_SUBJECT,
    ORGANIZER,
    ROLES,
    SENDER,
    TO,
    FileRefusedError,
    Item,
    Parsed,
    Person,
    Skip,
    merge_people,
    plausibility_problem,
    stable_key,
)

COLUMNS = (
    "key",
    "occurred_at",
    "kind",
    "channel",
    "subject",
    "duration_minutes",
    "initiator",
    "participants",
    "outcome_quality",
    "notes",
)
REQUIRED = ("occurred_at", "kind", "participants")
MAX_DURATION = 7 * 24 * 60  # a week, in minutes
WRITTEN_KINDS = frozenset({"email", "message"})  # people write to each other, not meet
KIND_SET = frozenset(KINDS)
CHANNEL_SET = frozenset(CHANNELS)
ROLE_SET = frozenset(ROLES)


def _normalise(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def _header(row: list[str]) -> list[int]:
    """Index of each of COLUMNS in the file (-1 when absent); refuses a bad header."""
    names = [_normalise(cell) for cell in row]
    unknown = [n for n in names if n and n not in COLUMNS]
    twice = sorted({n for n in names if n and names.count(n) > 1})
    missing = [n for n in REQUIRED if n not in names]
    problems = []
    if unknown:
        problems.append(f"unknown column(s) {', '.join(repr(n) for n in unknown)}")
    if twice:
        problems.append(f"column(s) given twice: {', '.join(twice)}")
    if missing:
        problems.append(f"required column(s) missing: {', '.join(missing)}")
    if problems:
        raise FileRefusedError(
            "The header is not the CSV activity format ("
            + "; ".join(problems)
            + f"). The columns are: {', '.join(COLUMNS)}."
        )
    return [names.index(c) if c in names else -1 for c in COLUMNS]


def _email(text: str) -> str | None:
    address = text.strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain or " " in address or "," in address:
        return None
    return address


def _token(token: str) -> tuple[str, str] | str:
    """One ``participants`` entry: (role or "", address), "" for an empty entry, or the
    problem with it."""
    token = token.strip()
    if not token:
        return ""
    role = ""
    if ":" in token:
        prefix, _, rest = token.partition(":")
        role = prefix.strip().lower()
        if role not in ROLE_SET:
            return f"participant {token!r}: unknown role {role!r}"
        token = rest
    address = _email(token)
    if address is None:
        return f"participant {token!r} is not an e-mail address"
    return role, address


def parse_csv(data: bytes, *, time_zone: str, today: dt.date | None = None) -> Parsed:
    """Every valid row as an item. Naive times are read in ``time_zone``."""
    today = today or dt.datetime.now(dt.UTC).date()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileRefusedError(
            f"The file is not UTF-8 text (line {line} has the byte 0x{data[exc.start]:02X}). "
            "Save it as UTF-8 and upload it again."
        ) from None
    if not text.strip():
        raise FileRefusedError("The file is empty.")
    zone = zoneinfo.ZoneInfo(time_zone)
    utc = dt.UTC
    earliest_ok = dt.datetime(1990, 1, 1, tzinfo=utc)
    latest_ok = dt.datetime.combine(today, dt.time(), tzinfo=utc) + dt.timedelta(days=366)
    parsed = Parsed(format="csv")
    items = parsed.items
    skips = parsed.skips
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except StopIteration:
        raise FileRefusedError("The file is empty.") from None
    except csv.Error as exc:
        raise FileRefusedError(f"The file cannot be read as CSV: {exc}.") from None
    ik, io_, ikind, ich, isub, idur, iini, ipar, iq, inotes = _header(header)
    width = len(header)
    seen: dict[str, int] = {}
    line = reader.line_num
    fromiso = dt.datetime.fromisoformat
    read = 0
    # Addresses repeat across rows: each distinct entry is checked once.
    tokens: dict[str, tuple[str, str] | str] = {}
    # So do the few values of the short columns.
    kinds: dict[str, str] = {}
    channels: dict[str, str] = {}
    durations: dict[str, int] = {}

    def bad(reason: str, message: str) -> None:
        skips.append(Skip(reason, f"line {line}", message))

    try:
        for row in reader:
            line = reader.line_num
            if len(row) != width:
                if not any(cell.strip() for cell in row):
                    continue
                read += 1
                bad("bad_row", f"{len(row)} values where the header has {width}")
                continue
            read += 1
            raw_when = row[io_].strip()
            try:
                when = fromiso(raw_when)
            except ValueError:
                bad("bad_date", f"occurred_at {raw_when!r} is not an ISO 8601 date and time")
                continue
            when = (when.replace(tzinfo=zone) if when.tzinfo is None else when).astimezone(utc)
            if when < earliest_ok or when > latest_ok:
                bad("implausible_date", plausibility_problem(when, today) or "")
                continue
            cell = row[ikind]
            kind = kinds.get(cell)
            if kind is None:
                kind = cell.strip().lower()
                if kind not in KIND_SET:
                    bad("bad_row", f"kind {kind!r} is not one of {', '.join(KINDS)}")
                    continue
                kinds[cell] = kind
            channel = ""
            if ich >= 0 and row[ich]:
                cell = row[ich]
                channel = channels.get(cell, "")
                if not channel:
                    channel = cell.strip().lower()
                    if channel and channel not in CHANNEL_SET:
                        bad("bad_row", f"channel {channel!r} is not one of {', '.join(CHANNELS)}")
                        continue
                    channels[cell] = channel
            subject = row[isub].strip() if isub >= 0 and row[isub] else ""
            if len(subject) > MAX_SUBJECT:
                bad("bad_row", f"the subject is longer than {MAX_SUBJECT} characters")
                continue
            duration: int | None = None
            if idur >= 0 and row[idur]:
                cell = row[idur]
                duration = durations.get(cell)
                if duration is None:
                    raw = cell.strip()
                    if raw:
                        if not raw.isdigit() or int(raw) > MAX_DURATION:
                            bad(
                                "bad_row",
                                f"duration_minutes {raw!r} is not a whole number 0 to "
                                f"{MAX_DURATION}",
                            )
                            continue
                        duration = durations[cell] = int(raw)
            quality: int | None = None
            if iq >= 0 and row[iq]:
                raw = row[iq].strip()
                if raw:
                    if raw not in ("1", "2", "3", "4", "5"):
                        bad("bad_row", f"outcome_quality {raw!r} is not 1 to 5")
                        continue
                    quality = int(raw)
            written = kind in WRITTEN_KINDS
            default_role = TO if written else ATTENDEE
            people: list[Person] = []
            problem = ""
            initiator = row[iini] if iini >= 0 else ""
            if initiator:
                found = tokens.get(initiator)
                if found is None:
                    found = tokens[initiator] = _token(initiator)
                if isinstance(found, str):
                    if found:
                        problem = f"initiator: {found}"
                else:
                    people.append((found[1], "", SENDER if written else ORGANIZER))
            for token in row[ipar].split(";"):
                found = tokens.get(token)
                if found is None:
                    found = tokens[token] = _token(token)
                if isinstance(found, str):
                    if found:
                        problem = found
                        break
                    continue
                people.append((found[1], "", found[0] or default_role))
            if problem:
                bad("bad_row", problem)
                continue
            if not people:
                bad("no_participants", "no participants")
                continue
            if len(people) > 1 and len({p[0] for p in people}) != len(people):
                people = list(merge_people(people))
            notes = row[inotes] if inotes >= 0 else ""
            key = row[ik].strip() if ik >= 0 else ""
            if key:
                if len(key) > MAX_KEY:
                    bad("bad_row", f"the key is longer than {MAX_KEY} characters")
                    continue
            else:
                key = stable_key(
                    "row",
                    when.isoformat(),
                    kind,
                    channel,
                    subject,
                    str(duration),
                    ";".join(sorted(f"{p[2]}:{p[0]}" for p in people)),
                    str(quality),
                    notes,
                )
            first = seen.get(key)
            if first is not None:
                skips.append(Skip("duplicate", f"line {line}", f"same key as line {first}"))
                continue
            seen[key] = line
            items.append(
                Item(
                    key,
                    kind,
                    channel,
                    subject,
                    when,
                    duration,
                    tuple(people),
                    line,
                    quality,
                    notes,
                )
            )
    except csv.Error as exc:
        raise FileRefusedError(f"Line {reader.line_num} cannot be read as CSV: {exc}.") from None
    parsed.read = read
    return parsed

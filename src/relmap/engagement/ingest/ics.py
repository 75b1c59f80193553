"""Calendars (RFC 5545) read with ``icalendar``; recurring events expanded with
``recurring_ical_events`` within a window. No Django: the caller passes the time zone
that floating times and all-day dates are read in.

Who took part (docs/ingest-formats.md): the ORGANIZER, and each ATTENDEE that is a
person (CUTYPE not ROOM/RESOURCE), has not declined, has not delegated the meeting to
someone else (DELEGATED-TO, or PARTSTAT=DELEGATED) and is not a NON-PARTICIPANT.
ATTENDEE properties inside a VALARM are the alarm's e-mail recipients, never participants;
only the VEVENT's own properties are read, so they are left out.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from typing import Any

import icalendar
import recurring_ical_events  # type: ignore[import-untyped, unused-ignore]

from relmap.engagement.ingest.items import (
    ATTENDEE,
    MAX_SUBJECT,
    OPTIONAL,
    ORGANIZER,
    FileRefusedError,
    Item,
    Parsed,
    Person,
    Skip,
    fit_key,
    merge_people,
    plausibility_problem,
)

NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})
VIDEO_HINTS = ("http://", "https://", "zoom", "teams", "meet.google", "webex")


def default_window(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The last 365 days to 90 days ahead of ``today`` (UTC midnights)."""
    start = dt.datetime.combine(today - dt.timedelta(days=365), dt.time(), tzinfo=dt.UTC)
    end = dt.datetime.combine(today + dt.timedelta(days=90), dt.time(), tzinfo=dt.UTC)
    return start, end


def _address(value: Any) -> str:
    text = str(value).strip()
    if text[:7].lower() == "mailto:":
        text = text[7:]
    return text.strip().lower()


def _param(value: Any, name: str) -> str:
    params = getattr(value, "params", None) or {}
    raw = params.get(name, "")
    if isinstance(raw, list):
        raw = ",".join(str(r) for r in raw)
    return str(raw).strip().strip('"')


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def participants(event: icalendar.cal.Component) -> tuple[tuple[Person, ...], int]:
    """The people who took part, and how many attendees were left out (declined,
    delegated, rooms, non-participants)."""
    people: list[Person] = []
    left_out = 0
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        email = _address(organizer)
        if "@" in email:
            people.append((email, _param(organizer, "CN"), ORGANIZER))
    for attendee in _as_list(event.get("ATTENDEE")):
        email = _address(attendee)
        if "@" not in email:
            left_out += 1
            continue
        cutype = _param(attendee, "CUTYPE").upper()
        partstat = _param(attendee, "PARTSTAT").upper()
        role = _param(attendee, "ROLE").upper()
        if (
            cutype in NOT_PEOPLE
            or partstat in ("DECLINED", "DELEGATED")
            or _param(attendee, "DELEGATED-TO")
            or role == "NON-PARTICIPANT"
        ):
            left_out += 1
            continue
        kind = OPTIONAL if role == "OPT-PARTICIPANT" else ATTENDEE
        people.append((email, _param(attendee, "CN"), kind))
    return merge_people(people), left_out


def _to_utc(value: Any, zone: dt.tzinfo) -> tuple[dt.datetime, bool]:
    """An aware UTC datetime, and whether the value was a whole day."""
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return aware.astimezone(dt.UTC), False
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=zone).astimezone(dt.UTC), True
    raise TypeError(f"not a date or time: {value!r}")


def _channel(event: icalendar.cal.Component) -> str:
    location = str(event.get("LOCATION", "")).strip().lower()
    if event.get("CONFERENCE") is not None or event.get("X-GOOGLE-CONFERENCE") is not None:
        return "video"
    if any(hint in location for hint in VIDEO_HINTS):
        return "video"
    return "in_person" if location else ""


def _duration(event: icalendar.cal.Component, start: Any, whole_day: bool) -> int | None:
    if whole_day:
        return None
    end = event.get("DTEND")
    length: dt.timedelta | None = None
    if end is not None and isinstance(end.dt, dt.datetime) and isinstance(start, dt.datetime):
        try:
            length = end.dt - start
        except TypeError:  # one floating, one zoned: read both as written
            length = end.dt.replace(tzinfo=None) - start.replace(tzinfo=None)
    elif event.get("DURATION") is not None:
        raw = event.get("DURATION").dt
        length = raw if isinstance(raw, dt.timedelta) else None
    if length is None or length < dt.timedelta(0):
        return None
    return int(length.total_seconds() // 60)


def _broken(event: icalendar.cal.Component) -> str:
    """The event's unreadable properties that matter here, if any."""
    problems = [f"{name}: {msg}" for name, msg in getattr(event, "errors", [])]
    return "; ".join(problems)


def _item(event: icalendar.cal.Component, **kw: Any) -> Item | None:
    """The event as an item, or None (with the skip recorded in ``kw["parsed"]``)."""
    try:
        return _read_item(event, **kw)
    except Exception as exc:  # a broken property met late (DTEND, RECURRENCE-ID…)
        kw["parsed"].skips.append(Skip("broken", kw["where"], str(exc)))
        return None


def _read_item(
    event: icalendar.cal.Component,
    *,
    key: str,
    where: str,
    zone: dt.tzinfo,
    parsed: Parsed,
    today: dt.date,
) -> Item | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        parsed.skips.append(Skip("cancelled", where))
        return None
    try:
        start_value = event.get("DTSTART").dt
    except Exception:  # absent, or icalendar's BrokenCalendarProperty
        start_value = None
    if not isinstance(start_value, dt.date):
        parsed.skips.append(Skip("no_start", where, _broken(event)))
        return None
    occurred_at, whole_day = _to_utc(start_value, zone)
    problem = plausibility_problem(occurred_at, today)
    if problem:
        parsed.skips.append(Skip("implausible_date", where, problem))
        return None
    people, _ = participants(event)
    if not people:
        parsed.skips.append(Skip("no_participants", where))
        return None
    return Item(
        source_key=fit_key(key),
        kind="meeting",
        channel=_channel(event),
        subject=str(event.get("SUMMARY", "")).strip()[:MAX_SUBJECT],
        occurred_at=occurred_at,
        duration_minutes=_duration(event, start_value, whole_day),
        participants=people,
        where=where,
    )


def _calendar(data: bytes) -> icalendar.Calendar:
    text = data.lstrip(b"\xef\xbb\xbf").lstrip()
    if not text[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        raise FileRefusedError("This is not a calendar: an .ics file starts with BEGIN:VCALENDAR.")
    if not text.rstrip().upper().endswith(b"END:VCALENDAR"):
        raise FileRefusedError("The calendar is cut short: it does not end with END:VCALENDAR.")
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError) as exc:
        raise FileRefusedError(f"The calendar is broken and cannot be read: {exc}") from None
    if len(calendars) != 1 or not isinstance(calendars[0], icalendar.Calendar):
        raise FileRefusedError("The file must hold exactly one calendar (one BEGIN:VCALENDAR).")
    return calendars[0]


def _series_calendar(
    timezones: list[icalendar.cal.Component], components: list[icalendar.cal.Component]
) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    for component in (*timezones, *components):
        calendar.add_component(component)
    return calendar


def parse_ics(
    data: bytes,
    *,
    time_zone: str,
    window: tuple[dt.datetime, dt.datetime] | None = None,
    today: dt.date | None = None,
) -> Parsed:
    """Every event of the calendar as items; recurring ones expanded within ``window``
    (default: :func:`default_window`). Floating times and all-day dates are read in
    ``time_zone``. Raises :class:`FileRefusedError` when the file is not a readable calendar."""
    today = today or dt.datetime.now(dt.UTC).date()
    window = window or default_window(today)
    zone = zoneinfo.ZoneInfo(time_zone)
    calendar = _calendar(data)
    parsed = Parsed(format="ics", window=window)
    timezones = calendar.walk("VTIMEZONE")
    by_uid: dict[str, list[icalendar.cal.Component]] = defaultdict(list)
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if not uid:
            parsed.read += 1
            parsed.skips.append(Skip("broken", f"event {parsed.read}", "no UID"))
            continue
        by_uid[uid].append(event)
    for uid, components in by_uid.items():
        masters = [c for c in components if c.get("RECURRENCE-ID") is None]
        recurring = any(c.get("RRULE") is not None or c.get("RDATE") is not None for c in masters)
        if not recurring:
            for component in components:
                parsed.read += 1
                rid = component.get("RECURRENCE-ID")
                key = uid
                if rid is not None and isinstance(getattr(rid, "dt", None), dt.date):
                    key = f"{uid}/{_to_utc(rid.dt, zone)[0]:%Y%m%dT%H%M%SZ}"
                elif len(masters) > 1:
                    parsed.skips.append(Skip("duplicate", f"UID {uid}"))
                    continue
                item = _item(
                    component, key=key, where=f"UID {uid}", zone=zone, parsed=parsed, today=today
                )
                if item is not None:
                    parsed.items.append(item)
            continue
        try:
            occurrences = recurring_ical_events.of(_series_calendar(timezones, components)).between(
                window[0], window[1]
            )
        except Exception as exc:  # the library raises many kinds on a broken rule
            parsed.read += 1
            parsed.skips.append(Skip("broken", f"UID {uid}", f"recurrence cannot be read: {exc}"))
            continue
        if not occurrences:
            parsed.read += 1
            parsed.skips.append(Skip("no_occurrence", f"UID {uid}"))
            continue
        for occurrence in occurrences:
            parsed.read += 1
            rid = occurrence.get("RECURRENCE-ID") or occurrence.get("DTSTART")
            original, _ = _to_utc(rid.dt, zone)
            stamp = f"{original:%Y%m%dT%H%M%SZ}"
            item = _item(
                occurrence,
                key=f"{uid}/{stamp}",
                where=f"UID {uid} at {stamp}",
                zone=zone,
                parsed=parsed,
                today=today,
            )
            if item is not None:
                parsed.items.append(item)
    if parsed.read == 0:
        parsed.notes.append("The calendar holds no events.")
    return parsed

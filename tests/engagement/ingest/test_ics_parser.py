"""The calendar parser on its own (no database): who took part, times, recurrence."""

from __future__ import annotations

import datetime as dt

import pytest

from relmap.engagement.ingest.ics import parse_ics
from relmap.engagement.ingest.items import FileRefusedError, Item, Parsed

from .conftest import FIXTURES, TODAY, event, ics

UTC = dt.UTC


def parse(data: bytes, window: tuple[dt.datetime, dt.datetime] | None = None) -> Parsed:
    return parse_ics(data, time_zone="Europe/London", today=TODAY, window=window)


def people(item: Item) -> dict[str, str]:
    return {email: role for email, _, role in item.participants}


def test_it_reads_organizer_and_attendees_of_the_exported_calendar() -> None:
    parsed = parse((FIXTURES / "calendar.ics").read_bytes())
    [item] = parsed.items
    # Folded ATTENDEE line, any case of "mailto:", declined and room left out, the
    # VALARM's e-mail recipient is not a participant.
    assert people(item) == {
        "uma@relmap.example": "organizer",
        "ann@northwind.example": "attendee",
        "pat.lee@northwind.example": "attendee",
    }
    assert item.occurred_at == dt.datetime(2025, 3, 10, 13, 0, tzinfo=UTC)  # Berlin +01:00
    assert item.duration_minutes == 90
    assert item.source_key == "qbr-2025@example.com"
    assert item.kind == "meeting"
    assert item.channel == "in_person"
    assert {e: n for e, n, _ in item.participants}["pat.lee@northwind.example"] == "Lee, Pat"


def test_delegation_counts_the_delegate_not_the_delegator() -> None:
    data = ics(
        *event(
            "d1",
            "20250301T100000Z",
            "ORGANIZER:mailto:uma@relmap.example",
            'ATTENDEE;PARTSTAT=DELEGATED;DELEGATED-TO="mailto:deputy@n.example":mailto:boss@n.example',
            'ATTENDEE;DELEGATED-FROM="mailto:boss@n.example";PARTSTAT=ACCEPTED:mailto:deputy@n.example',
            'ATTENDEE;DELEGATED-TO="mailto:x@n.example":mailto:other@n.example',
        )
    )
    [item] = parse(data).items
    assert people(item) == {"uma@relmap.example": "organizer", "deputy@n.example": "attendee"}


def test_optional_and_non_participants() -> None:
    data = ics(
        *event(
            "o1",
            "20250301T100000Z",
            "ATTENDEE;ROLE=OPT-PARTICIPANT:mailto:opt@n.example",
            "ATTENDEE;ROLE=NON-PARTICIPANT:mailto:fyi@n.example",
            "ATTENDEE;CUTYPE=RESOURCE:mailto:projector@n.example",
            "ATTENDEE;CUTYPE=INDIVIDUAL:mailto:ind@n.example",
        )
    )
    [item] = parse(data).items
    assert people(item) == {"opt@n.example": "optional", "ind@n.example": "attendee"}


def test_alarm_attendees_alone_make_no_participants() -> None:
    data = ics(
        "BEGIN:VEVENT",
        "UID:a1",
        "DTSTART:20250301T100000Z",
        "BEGIN:VALARM",
        "ACTION:EMAIL",
        "ATTENDEE:mailto:someone@n.example",
        "TRIGGER:-PT5M",
        "END:VALARM",
        "END:VEVENT",
    )
    parsed = parse(data)
    assert parsed.items == []
    assert [s.reason for s in parsed.skips] == ["no_participants"]


def test_cancelled_events_are_skipped_with_the_reason() -> None:
    parsed = parse(
        ics(*event("c1", "20250301T100000Z", "STATUS:CANCELLED", "ORGANIZER:mailto:a@b.example"))
    )
    assert parsed.items == []
    assert [(s.reason, s.where) for s in parsed.skips] == [("cancelled", "UID c1")]


def test_floating_times_are_read_in_the_sites_zone_and_utc_stays_utc() -> None:
    data = ics(
        *event("f1", "20250701T100000", "ORGANIZER:mailto:a@b.example"),  # London summer: +1
        *event("u1", "20250701T100000Z", "ORGANIZER:mailto:a@b.example"),
    )
    by_key = {i.source_key: i.occurred_at for i in parse(data).items}
    assert by_key == {
        "f1": dt.datetime(2025, 7, 1, 9, 0, tzinfo=UTC),
        "u1": dt.datetime(2025, 7, 1, 10, 0, tzinfo=UTC),
    }


def test_all_day_events_start_at_local_midnight_with_no_duration() -> None:
    data = ics(
        "BEGIN:VEVENT",
        "UID:ad",
        "DTSTART;VALUE=DATE:20250702",
        "DTEND;VALUE=DATE:20250703",
        "ORGANIZER:mailto:a@b.example",
        "END:VEVENT",
    )
    [item] = parse(data).items
    assert item.occurred_at == dt.datetime(2025, 7, 1, 23, 0, tzinfo=UTC)
    assert item.duration_minutes is None


def test_recurring_events_are_expanded_within_the_window_with_exdate_and_overrides() -> None:
    data = ics(
        "BEGIN:VEVENT",
        "UID:weekly",
        "DTSTART:20250106T100000Z",
        "DTEND:20250106T103000Z",
        "RRULE:FREQ=WEEKLY;COUNT=6",
        "EXDATE:20250113T100000Z",
        "ORGANIZER:mailto:a@b.example",
        "SUMMARY:Weekly",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:weekly",
        "RECURRENCE-ID:20250120T100000Z",
        "DTSTART:20250121T150000Z",
        "DTEND:20250121T160000Z",
        "ORGANIZER:mailto:a@b.example",
        "SUMMARY:Weekly (moved)",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:weekly",
        "RECURRENCE-ID:20250127T100000Z",
        "DTSTART:20250127T100000Z",
        "STATUS:CANCELLED",
        "ORGANIZER:mailto:a@b.example",
        "END:VEVENT",
    )
    parsed = parse(data)
    keys = {i.source_key: (i.occurred_at, i.subject) for i in parsed.items}
    assert keys == {
        "weekly/20250106T100000Z": (dt.datetime(2025, 1, 6, 10, tzinfo=UTC), "Weekly"),
        # The moved occurrence keeps the key of the slot it replaces.
        "weekly/20250120T100000Z": (dt.datetime(2025, 1, 21, 15, tzinfo=UTC), "Weekly (moved)"),
        "weekly/20250203T100000Z": (dt.datetime(2025, 2, 3, 10, tzinfo=UTC), "Weekly"),
        "weekly/20250210T100000Z": (dt.datetime(2025, 2, 10, 10, tzinfo=UTC), "Weekly"),
    }
    assert [s.reason for s in parsed.skips] == ["cancelled"]
    # A narrower window expands fewer occurrences.
    window = (dt.datetime(2025, 2, 1, tzinfo=UTC), dt.datetime(2025, 2, 5, tzinfo=UTC))
    assert [i.source_key for i in parse(data, window=window).items] == ["weekly/20250203T100000Z"]


def test_an_endless_series_is_bounded_by_the_default_window() -> None:
    data = ics(
        *event("daily", "20200101T090000Z", "RRULE:FREQ=DAILY", "ORGANIZER:mailto:a@b.example")
    )
    items = parse(data).items
    # 365 days back to 90 days ahead of 2025-06-01.
    assert len(items) == 365 + 90
    assert min(i.occurred_at for i in items).date() == dt.date(2024, 6, 1)


def test_events_with_an_unreadable_start_are_skipped_not_the_file() -> None:
    data = ics(
        *event("bad", "2025garbage", "ORGANIZER:mailto:a@b.example"),
        *event("good", "20250301T100000Z", "ORGANIZER:mailto:a@b.example"),
    )
    parsed = parse(data)
    assert [i.source_key for i in parsed.items] == ["good"]
    assert [(s.reason, s.where) for s in parsed.skips] == [("no_start", "UID bad")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,email\nAnn,ann@x\n", "not a calendar"),
        (b"", "not a calendar"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\n", "broken|cut short"),
        (b"BEGIN:VCALENDAR\r\n\x00\x01garbage\r\nEND:VCALENDAR\r\n", "broken"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\n",
            "cut short|exactly one",
        ),
    ],
)
def test_files_that_are_not_readable_calendars_are_refused_whole(data: bytes, message: str) -> None:
    with pytest.raises(FileRefusedError, match=message):
        parse(data)

"""The CSV activity format on its own: header, every column's validation, keys."""

from __future__ import annotations

import datetime as dt

import pytest

from relmap.engagement.ingest.csvfile import parse_csv
from relmap.engagement.ingest.items import FileRefusedError, Parsed

from .conftest import FIXTURES, TODAY

HEADER = (
    "key,occurred_at,kind,channel,subject,duration_minutes,initiator,participants,"
    "outcome_quality,notes\n"
)


def parse(text: str | bytes, zone: str = "UTC") -> Parsed:
    data = text.encode() if isinstance(text, str) else text
    return parse_csv(data, time_zone=zone, today=TODAY)


def test_the_example_file() -> None:
    parsed = parse((FIXTURES / "activity.csv").read_bytes(), "Europe/London")
    visit, call = parsed.items
    assert visit.source_key == "visit-1"
    assert visit.kind == "site_visit"
    assert visit.occurred_at == dt.datetime(2025, 3, 4, 9, 0, tzinfo=dt.UTC)
    assert visit.duration_minutes == 120
    assert visit.outcome_quality == 4
    assert {e: r for e, _, r in visit.participants} == {
        "uma@relmap.example": "organizer",
        "ann@northwind.example": "attendee",
        "new.person@northwind.example": "attendee",
    }
    # No key: derived from the row's content; a naive time is read in the site's zone.
    assert call.source_key.startswith("row:")
    assert call.occurred_at == dt.datetime(2025, 3, 5, 9, 30, tzinfo=dt.UTC)
    reasons = {(s.reason, s.where) for s in parsed.skips}
    assert reasons == {("bad_row", "line 4"), ("implausible_date", "line 5")}


def test_every_bad_row_is_reported_with_its_line_and_reason() -> None:
    rows = [
        "a,2025-01-01T10:00:00Z,meeting,,,,,x@n.example,,",  # 2 ok
        "b,yesterday,meeting,,,,,x@n.example,,",  # 3
        "c,2025-01-01T10:00:00Z,meeting,carrier pigeon,,,,x@n.example,,",  # 4
        "d,2025-01-01T10:00:00Z,meeting,,,-5,,x@n.example,,",  # 5
        "e,2025-01-01T10:00:00Z,meeting,,,,,x@n.example,9,",  # 6
        "f,2025-01-01T10:00:00Z,meeting,,,,,not-an-address,,",  # 7
        "g,2025-01-01T10:00:00Z,meeting,,,,,boss:x@n.example,,",  # 8
        "h,2025-01-01T10:00:00Z,meeting,,,,,,,",  # 9
        "i,2027-01-01T10:00:00Z,meeting,,,,,x@n.example,,",  # 10: > a year ahead
        "a,2025-01-02T10:00:00Z,call,,,,,x@n.example,,",  # 11: same key as line 2
        "j,2025-01-01T10:00:00Z,meeting,,,,,x@n.example",  # 12: a value short
        '"k","2025-01-01T10:00:00Z","meeting","","multi\nline subject","","","x@n.example","",""',
        "l,2025-01-01T10:00:00Z,meeting,,,,,x@n.example,,",  # 15: line counts the newline
        "m,2025-01-01T10:00:00Z,meeting,,,,bad initiator,x@n.example,,",  # 16
    ]
    parsed = parse(HEADER + "\n".join(rows) + "\n")
    assert [i.source_key for i in parsed.items] == ["a", "k", "l"]
    got = {s.where: s.reason for s in parsed.skips}
    assert got == {
        "line 3": "bad_date",
        "line 4": "bad_row",
        "line 5": "bad_row",
        "line 6": "bad_row",
        "line 7": "bad_row",
        "line 8": "bad_row",
        "line 9": "no_participants",
        "line 10": "implausible_date",
        "line 11": "duplicate",
        "line 12": "bad_row",
        "line 16": "bad_row",
    }
    assert parsed.read == 14


def test_the_same_content_without_a_key_gives_the_same_key() -> None:
    row = ",2025-01-01T10:00:00+00:00,call,phone,Hi,5,a@n.example,b@n.example;c@n.example,3,x\n"
    same = ",2025-01-01T11:00:00+01:00,call,phone,Hi,5,a@n.example,c@n.example;b@n.example,3,x\n"
    parsed = parse(HEADER + row + same)
    assert len(parsed.items) == 1
    assert [s.reason for s in parsed.skips] == ["duplicate"]


def test_a_bom_any_column_order_and_header_case_are_accepted() -> None:
    data = "\ufeffParticipants, Occurred-At ,KIND\nx@n.example,2025-01-01,email\n".encode()
    [item] = parse(data).items
    assert item.kind == "email"
    assert item.participants == (("x@n.example", "", "to"),)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"occurred_at,kind\n2025-01-01,call\n", "required column"),
        (b"occurred_at,kind,participants,colour\n", "unknown column"),
        (b"name;email\nAnn;ann@x\n", "unknown column"),
        (HEADER.encode() + b"a,2025-01-01,call,,,,,x@n.example,,caf\xe9\n", "not UTF-8"),
    ],
)
def test_files_with_a_bad_header_or_encoding_are_refused_whole(data: bytes, message: str) -> None:
    with pytest.raises(FileRefusedError, match=message):
        parse(data)

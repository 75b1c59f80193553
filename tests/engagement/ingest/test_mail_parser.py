"""The mail parser on its own: headers only, variants and encodings, keys."""

from __future__ import annotations

import datetime as dt

import pytest

from relmap.engagement.ingest.items import FileRefusedError, Item
from relmap.engagement.ingest.mail import parse_eml, parse_mbox

from .conftest import FIXTURES, TODAY


def roles(item: Item) -> dict[str, str]:
    return {e: r for e, _, r in item.participants}


def test_the_mbox_gives_headers_only_with_every_variant_handled() -> None:
    parsed = parse_mbox((FIXTURES / "mailbox.mbox").read_bytes(), today=TODAY)
    assert parsed.read == 4
    first, no_id = parsed.items
    # RFC 2047 name decoded, address lower-cased, quoted comma kept inside the name,
    # group members read, the broken Cc address left out but its neighbour kept.
    assert roles(first) == {
        "ann@northwind.example": "sender",
        "uma@relmap.example": "to",
        "pat.lee@northwind.example": "to",
        "kim@northwind.example": "to",
        "lee@northwind.example": "cc",
    }
    names = {e: n for e, n, _ in first.participants}
    assert names["ann@northwind.example"] == "Ann Archér"
    assert names["uma@relmap.example"] == "Us, Uma"
    assert first.source_key == "<m1@northwind.example>"
    assert first.occurred_at == dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    # Nothing of the subject or body is kept.
    assert first.subject == ""
    assert first.notes == ""
    # No Message-ID: a key derived from the headers, counted for the report.
    assert no_id.source_key.startswith("derived:")
    assert parsed.derived_keys == 1
    assert sorted((s.reason, s.where) for s in parsed.skips) == [
        ("bad_date", "message 2"),
        ("duplicate", "message 4"),
    ]
    assert parsed.unreadable_addresses == 1


def test_a_derived_key_is_the_same_on_every_run() -> None:
    data = (FIXTURES / "mailbox.mbox").read_bytes()
    assert [i.source_key for i in parse_mbox(data, today=TODAY).items] == [
        i.source_key for i in parse_mbox(data, today=TODAY).items
    ]


def test_an_eml_with_several_to_headers_bcc_and_latin1_bytes() -> None:
    data = (
        b"From: Jos\xe9 <jose@n.example>\r\n"
        b"To: a@n.example\r\n"
        b"To: b@n.example\r\n"
        b"Bcc: secret@n.example\r\n"
        b"Date: Tue, 4 Mar 2025 08:00:00 -0500\r\n"
        b"Message-ID:\r\n <long-id@n.example>\r\n"
        b"\r\n\xff\xfe body bytes\r\n"
    )
    [item] = parse_eml(data, today=TODAY).items
    assert roles(item) == {
        "jose@n.example": "sender",
        "a@n.example": "to",
        "b@n.example": "to",
        "secret@n.example": "bcc",
    }
    assert {e: n for e, n, _ in item.participants}["jose@n.example"] == "José"
    assert item.occurred_at == dt.datetime(2025, 3, 4, 13, 0, tzinfo=dt.UTC)
    assert item.source_key == "<long-id@n.example>"


def test_a_missing_date_and_an_epoch_date_are_skipped_with_reasons() -> None:
    missing = parse_eml(b"From: a@n.example\r\nTo: b@n.example\r\n\r\nx", today=TODAY)
    assert [s.reason for s in missing.skips] == ["bad_date"]
    epoch = parse_eml(
        b"From: a@n.example\r\nTo: b@n.example\r\nDate: Thu, 1 Jan 1970 00:00:00 +0000\r\n\r\n",
        today=TODAY,
    )
    assert [s.reason for s in epoch.skips] == ["implausible_date"]


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x01\x02 binary junk", b"just some text\nwithout headers\n", b"<html><body>"],
)
def test_files_that_are_not_mail_are_refused(data: bytes) -> None:
    with pytest.raises(FileRefusedError):
        parse_eml(data, today=TODAY)


def test_an_mbox_must_start_with_a_from_line() -> None:
    with pytest.raises(FileRefusedError, match="mbox"):
        parse_mbox(b"From: a@n.example\n\nbody\n", today=TODAY)

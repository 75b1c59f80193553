"""ingest_file end to end on the real database: matching, the review queue, idempotency,
atomicity, the report and the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import DatabaseError
from django.db.models import Model

from relmap.core import bulk
from relmap.core.models import AuditEntry
from relmap.engagement.choices import AddressStatus, Source
from relmap.engagement.ingest import writer
from relmap.engagement.ingest.service import ingest_file, summary
from relmap.engagement.models import (
    IngestRun,
    Interaction,
    Participant,
    PendingParticipant,
    UnknownAddress,
)
from relmap.engagement.review import address_ignore

from .conftest import FIXTURES, TODAY, IngestWorld, event, ics, table_counts

pytestmark = pytest.mark.django_db


def run(w: IngestWorld, name: str, data: bytes | Path, **kw: Any) -> IngestRun:
    return ingest_file(actor=w.owner, account=w.account, name=name, data=data, today=TODAY, **kw)


def test_a_calendar_becomes_interactions_with_matched_participants(
    world: IngestWorld, tmp_path: Path
) -> None:
    path = tmp_path / "export.ics"
    path.write_bytes((FIXTURES / "calendar.ics").read_bytes())
    result = run(world, "export.ics", path)
    assert result.ok
    assert result.source == Source.ICS
    assert result.added == 1
    interaction = Interaction.objects.get(account=world.account)
    assert interaction.source_key == "qbr-2025@example.com"
    assert interaction.logged_by == world.owner
    assert dict(Participant.objects.values_list("stakeholder_id", "role")) == {
        world.uma.pk: "organizer",  # Uma@Relmap.example matched case-insensitively
        world.ann.pk: "attendee",
        world.pat.pk: "attendee",
    }
    assert UnknownAddress.objects.count() == 0  # the room, the decliner, the alarm robot


def test_the_same_file_twice_changes_nothing(world: IngestWorld) -> None:
    data = (FIXTURES / "activity.csv").read_bytes()
    first = run(world, "activity.csv", data)
    assert first.added == 2
    assert first.new_unknown_addresses == 1
    before = table_counts()
    seen = list(
        UnknownAddress.objects.values_list("email", "seen_count", "first_seen_at", "last_seen_at")
    )
    second = run(world, "activity.csv", data)
    after = table_counts()
    assert second.ok
    assert second.added == 0
    assert second.already_present == 2
    assert second.report["already_present"] == 2
    # One more run recorded and audited; nothing else changed, not even seen counts.
    before["engagement.IngestRun"] += 1
    before["audit"] += 1
    assert after == before
    assert (
        list(
            UnknownAddress.objects.values_list(
                "email", "seen_count", "first_seen_at", "last_seen_at"
            )
        )
        == seen
    )


def test_unknown_addresses_are_queued_counted_and_ignored_ones_dropped(world: IngestWorld) -> None:
    header = "key,occurred_at,kind,initiator,participants\n"
    run(
        world,
        "a.csv",
        (
            header + "1,2025-01-01T10:00Z,call,uma@relmap.example,NEW@n.example\n"
            "2,2025-01-03T10:00Z,call,uma@relmap.example,new@n.example;bot@n.example\n"
            "3,2025-01-04T10:00Z,call,x@n.example,y@n.example\n"
        ).encode(),
    )
    new = UnknownAddress.objects.get(email="new@n.example")
    assert new.first_seen_at is not None
    assert new.last_seen_at is not None
    assert (new.seen_count, new.first_seen_at.day, new.last_seen_at.day) == (2, 1, 3)
    assert PendingParticipant.objects.filter(address=new).count() == 2
    # Line 4 had no one on the map: skipped, and its addresses are not queued.
    assert not UnknownAddress.objects.filter(email__in=["x@n.example", "y@n.example"]).exists()
    bot = UnknownAddress.objects.get(email="bot@n.example")
    address_ignore(actor=world.owner, address=bot)
    later = run(
        world,
        "b.csv",
        (
            header + "4,2025-02-01T10:00Z,call,uma@relmap.example,bot@n.example;new@n.example\n"
        ).encode(),
    )
    assert later.report["ignored_dropped"] == 1
    assert not PendingParticipant.objects.filter(address=bot).exists()
    new.refresh_from_db()
    bot.refresh_from_db()
    assert new.seen_count == 3
    assert bot.seen_count == 2
    assert bot.status == AddressStatus.IGNORED
    assert later.report["skipped_by_reason"] == {}
    first = IngestRun.objects.get(file_name="a.csv")
    assert first.report["skipped_by_reason"]["no_one_on_map"]["count"] == 1
    assert first.report["skipped_by_reason"]["no_one_on_map"]["examples"] == ["line 4"]


def test_a_refused_file_writes_nothing_but_its_run(world: IngestWorld) -> None:
    before = table_counts()
    result = run(world, "broken.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\n")
    assert not result.ok
    assert "cut short" in result.report["refused"]
    assert "refused" in summary(result)[0]
    after = table_counts()
    assert after["engagement.IngestRun"] == before["engagement.IngestRun"] + 1
    assert after["engagement.Interaction"] == before["engagement.Interaction"]
    assert AuditEntry.objects.filter(action="relmap.ingest.refused").count() == 1


def test_a_failure_half_way_through_the_write_keeps_nothing(
    world: IngestWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interactions are inserted, then the participants' insert fails: all rolled back."""
    real = bulk.insert_rows

    def failing(model: type[Model], *args: Any, **kw: Any) -> None:
        if model is Participant:
            raise DatabaseError("disk full")
        real(model, *args, **kw)

    monkeypatch.setattr(writer, "insert_rows", failing)
    before = table_counts()
    result = run(world, "activity.csv", (FIXTURES / "activity.csv").read_bytes())
    assert not result.ok
    assert "disk full" in result.report["refused"]
    after = table_counts()
    assert after["engagement.Interaction"] == before["engagement.Interaction"] == 0
    assert after["engagement.UnknownAddress"] == 0
    assert after["engagement.IngestRun"] == before["engagement.IngestRun"] + 1


def test_the_report_counts_skips_by_reason_with_examples(world: IngestWorld) -> None:
    result = run(world, "mail.mbox", (FIXTURES / "mailbox.mbox").read_bytes())
    assert result.ok
    assert result.source == Source.MAIL
    report = result.report
    assert report["format"] == "mbox"
    assert report["read"] == 4
    assert result.added == 2
    assert {k: v["count"] for k, v in report["skipped_by_reason"].items()} == {
        "bad_date": 1,
        "duplicate": 1,
    }
    assert report["skipped_by_reason"]["duplicate"]["examples"][0].startswith("message 4")
    assert any("no Message-ID" in note for note in report["notes"])
    # Headers only: nothing of the subject or body is stored.
    assert set(Interaction.objects.values_list("subject", "notes")) == {("", "")}


def test_one_audit_entry_per_run(world: IngestWorld) -> None:
    before = AuditEntry.objects.count()
    run(world, "activity.csv", (FIXTURES / "activity.csv").read_bytes())
    entries = AuditEntry.objects.all()[: AuditEntry.objects.count() - before]
    assert AuditEntry.objects.count() - before == 1
    assert entries[0].action == "relmap.ingest.completed"


def test_recurring_events_respect_a_custom_window(world: IngestWorld) -> None:
    import datetime as dt

    data = ics(
        *event(
            "daily", "20250101T090000Z", "RRULE:FREQ=DAILY", "ORGANIZER:mailto:uma@relmap.example"
        )
    )
    window = (dt.datetime(2025, 3, 1, tzinfo=dt.UTC), dt.datetime(2025, 3, 11, tzinfo=dt.UTC))
    result = run(world, "cal.ics", data, window=window)
    assert result.added == 10
    assert result.report["window"]["from"].startswith("2025-03-01")


def test_ids_continue_after_existing_rows(world: IngestWorld) -> None:
    run(world, "a.csv", b"occurred_at,kind,participants\n2025-01-01,call,uma@relmap.example\n")
    run(world, "b.csv", b"occurred_at,kind,participants\n2025-01-02,call,uma@relmap.example\n")
    ids = list(Interaction.objects.order_by("id").values_list("id", flat=True))
    assert len(ids) == 2
    assert ids[1] == ids[0] + 1
    # The ORM can still add rows after the bulk path.
    manual = Interaction.objects.create(
        account=world.account,
        kind="call",
        occurred_at=Interaction.objects.get(pk=ids[0]).occurred_at,
    )
    assert manual.pk > ids[1]


def test_unknown_files_are_refused_with_a_clear_message(world: IngestWorld) -> None:
    result = run(world, "notes.txt", b"\x00\x01\x02")
    assert not result.ok
    assert "Cannot tell" in result.report["refused"]


def _queries_for(w: IngestWorld, rows: int, name: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lines = ["key,occurred_at,kind,initiator,participants"]
    lines += [
        f"{name}-{n},2025-01-01T10:{n % 60:02d}:00Z,call,uma@relmap.example,"
        f"ann@northwind.example;guest{n % 5}@{name}.example"
        for n in range(rows)
    ]
    with CaptureQueriesContext(connection) as queries:
        result = run(w, f"{name}.csv", ("\n".join(lines) + "\n").encode())
    assert result.added == rows
    assert (
        PendingParticipant.objects.filter(interaction__source_key__startswith=name).count() == rows
    )
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_file(world: IngestWorld) -> None:
    """Rows go in through the driver in bulk; the ORM's queries are a fixed set (the
    review queue's addresses are written in batches of a thousand, so the same five new
    addresses in both files)."""
    assert _queries_for(world, 10, "small") == _queries_for(world, 300, "large")

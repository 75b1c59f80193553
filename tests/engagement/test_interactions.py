"""Interactions logged by hand: time zones, participants, validation, audit, and what an
ingested interaction keeps."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.engagement import services
from relmap.engagement.models import Interaction, Participant

from .conftest import Eng

pytestmark = pytest.mark.django_db


def log(e: Eng, **data: Any) -> Interaction:
    data.setdefault("kind", "meeting")
    data.setdefault("occurred_at", timezone.now() - dt.timedelta(days=1))
    data.setdefault("participants", [(e.ann, "attendee"), (e.olive, "organizer")])
    return services.interaction_create(actor=e.owner, account=e.account, **data)


def test_a_meeting_is_logged_with_both_sides_and_audited(eng: Eng) -> None:
    i = log(eng, subject="QBR", notes="Went well", outcome_quality=4)
    assert i.source == "manual"
    assert i.logged_by == eng.owner
    assert sorted(i.participants.values_list("stakeholder__name", "role")) == [
        ("Ann Archer", "attendee"),
        ("Olive Owner", "organizer"),
    ]
    entry = AuditEntry.objects.get(action="relmap.interaction.created")
    assert entry.after["subject"] == "QBR"
    assert sorted(entry.after["participants"]) == sorted(
        [[eng.ann.pk, "attendee"], [eng.olive.pk, "organizer"]]
    )


def test_the_time_keeps_its_zone_and_is_stored_as_the_same_instant(eng: Eng) -> None:
    tokyo = dt.datetime(2026, 3, 2, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    i = log(eng, occurred_at=tokyo)
    i.refresh_from_db()
    assert i.occurred_at == dt.datetime(2026, 3, 2, 0, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (dt.datetime(2026, 3, 2, 9, 30), "time zone"),  # noqa: DTZ001 (naive on purpose)
        (dt.datetime(1985, 1, 1, tzinfo=dt.UTC), "before 1990"),
    ],
)
def test_bad_times_are_refused(eng: Eng, when: dt.datetime, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        log(eng, occurred_at=when)
    assert not Interaction.objects.exists()


def test_a_future_interaction_is_refused(eng: Eng) -> None:
    with pytest.raises(ValidationError, match="in the future"):
        log(eng, occurred_at=timezone.now() + dt.timedelta(days=2))


def test_participants_are_checked(eng: Eng, other_account: Any, person: Any) -> None:
    with pytest.raises(ValidationError, match="at least one of their people"):
        log(eng, participants=[(eng.olive, "organizer"), (eng.uma, "attendee")])
    with pytest.raises(ValidationError, match="listed twice"):
        log(eng, participants=[(eng.ann, "attendee"), (eng.ann, "cc")])
    stranger = person(other_account, "Sam Stranger")
    with pytest.raises(ValidationError, match="not on this account's map"):
        log(eng, participants=[(stranger, "attendee")])
    with pytest.raises(ValidationError, match="Unknown role"):
        log(eng, participants=[(eng.ann, "spectator")])
    with pytest.raises(ValidationError):
        log(eng, kind="telepathy")
    assert not Interaction.objects.exists()
    assert not Participant.objects.exists()


def test_update_changes_fields_and_participants_with_audit(eng: Eng) -> None:
    i = log(eng)
    services.interaction_update(
        actor=eng.owner,
        interaction=i,
        notes="Agreed a pilot",
        participants=[(eng.ann, "attendee"), (eng.ben, "attendee"), (eng.uma, "organizer")],
    )
    assert sorted(i.participants.values_list("stakeholder_id", flat=True)) == sorted(
        [eng.ann.pk, eng.ben.pk, eng.uma.pk]
    )
    actions = list(
        AuditEntry.objects.filter(object_type="interaction").values_list("action", flat=True)
    )
    assert "relmap.interaction.updated" in actions
    assert "relmap.interaction.participants_changed" in actions


def test_an_ingested_interaction_keeps_its_time_and_participants(eng: Eng) -> None:
    i = log(eng)
    Interaction.objects.filter(pk=i.pk).update(source="ics", source_key="uid-1")
    i.refresh_from_db()
    services.interaction_update(actor=eng.owner, interaction=i, notes="Rated", outcome_quality=5)
    with pytest.raises(ValidationError, match="came from a file"):
        services.interaction_update(
            actor=eng.owner, interaction=i, occurred_at=timezone.now() - dt.timedelta(days=3)
        )
    with pytest.raises(ValidationError, match="participants"):
        services.interaction_update(
            actor=eng.owner, interaction=i, participants=[(eng.ben, "attendee")]
        )


def test_delete_is_audited_with_what_was_there(eng: Eng) -> None:
    i = log(eng, subject="Kick-off")
    services.interaction_delete(actor=eng.owner, interaction=i)
    assert not Interaction.objects.exists()
    assert not Participant.objects.exists()
    entry = AuditEntry.objects.get(action="relmap.interaction.deleted")
    assert entry.before["subject"] == "Kick-off"
    assert len(entry.before["participants"]) == 2

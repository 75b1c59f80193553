"""The review queue end to end: an unknown attendee resolved three ways."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from relmap.core.models import AuditEntry
from relmap.engagement.choices import AddressStatus
from relmap.engagement.ingest.service import ingest_file
from relmap.engagement.models import Participant, PendingParticipant, UnknownAddress
from relmap.engagement.review import (
    address_create_stakeholder,
    address_ignore,
    address_map,
    suggested_name,
)
from relmap.stakeholders.models import Stakeholder

from .conftest import TODAY, IngestWorld, event, ics

pytestmark = pytest.mark.django_db


def ingest_meeting(w: IngestWorld, uid: str, *attendees: str) -> None:
    lines = [
        "ORGANIZER:mailto:uma@relmap.example",
        *[f'ATTENDEE;CN="{n}":mailto:{a}' for a, n in (x.split("|") for x in attendees)],
    ]
    ingest_file(
        actor=w.owner,
        account=w.account,
        name=f"{uid}.ics",
        data=ics(*event(uid, "20250301T100000Z", *lines)),
        today=TODAY,
    )


def test_creating_a_stakeholder_turns_pending_participations_into_participants(
    world: IngestWorld,
) -> None:
    ingest_meeting(world, "m1", "jo@northwind.example|Doe, Jo")
    ingest_meeting(world, "m2", "jo@northwind.example|Doe, Jo")
    address = UnknownAddress.objects.get(email="jo@northwind.example")
    assert address.seen_count == 2
    assert suggested_name(address) == "Jo Doe"
    person = address_create_stakeholder(
        actor=world.owner, address=address, name="Jo Doe", side="customer", title="Buyer"
    )
    assert person.email == "jo@northwind.example"
    assert person.title == "Buyer"
    assert Participant.objects.filter(stakeholder=person).count() == 2
    assert not PendingParticipant.objects.exists()
    address.refresh_from_db()
    assert address.status == AddressStatus.CREATED
    assert address.stakeholder == person
    assert AuditEntry.objects.filter(action="relmap.unknown_address.created").count() == 1
    assert AuditEntry.objects.filter(
        action="relmap.stakeholder.created", object_id=person.pk
    ).exists()
    # A later file names Jo: matched directly now (the stakeholder has the address).
    ingest_meeting(world, "m3", "jo@northwind.example|Jo")
    assert Participant.objects.filter(stakeholder=person).count() == 3


def test_mapping_to_a_person_skips_interactions_they_are_already_in(world: IngestWorld) -> None:
    ingest_meeting(world, "m1", "ann.private@home.example|Ann", "ann@northwind.example|Ann")
    ingest_meeting(world, "m2", "ann.private@home.example|Ann")
    address = UnknownAddress.objects.get(email="ann.private@home.example")
    added = address_map(actor=world.owner, address=address, stakeholder=world.ann)
    assert added == 1  # m1 already had Ann through her work address
    assert Participant.objects.filter(stakeholder=world.ann).count() == 2
    # Later items with the private address resolve to Ann.
    ingest_meeting(world, "m3", "ann.private@home.example|Ann")
    assert Participant.objects.filter(stakeholder=world.ann).count() == 3
    assert not PendingParticipant.objects.exists()
    with pytest.raises(ValidationError, match="already"):
        address_map(actor=world.owner, address=address, stakeholder=world.pat)


def test_mapping_refuses_a_person_of_another_account(
    world: IngestWorld, other_account: object, person: object
) -> None:
    ingest_meeting(world, "m1", "z@x.example|Z")
    stranger = person(other_account, "Zed")  # type: ignore[operator]
    with pytest.raises(ValidationError):
        address_map(actor=world.owner, address=UnknownAddress.objects.get(), stakeholder=stranger)


def test_ignoring_drops_pending_participations(world: IngestWorld) -> None:
    ingest_meeting(world, "m1", "list@northwind.example|All staff")
    address = UnknownAddress.objects.get()
    assert address_ignore(actor=world.owner, address=address) == 1
    assert not PendingParticipant.objects.exists()
    assert Stakeholder.objects.filter(email="list@northwind.example").count() == 0
    with pytest.raises(ValidationError):
        address_ignore(actor=world.owner, address=address)

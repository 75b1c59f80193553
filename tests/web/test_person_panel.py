"""The person panel: everything about one person, edited inline through the services."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.stakeholders.models import Coverage, PositionHistory, Stakeholder, Tie

from .conftest import World, htmx

pytestmark = pytest.mark.django_db

PANEL = htmx("person-panel")


def url(name: str, w: World, **kwargs: int) -> str:
    return reverse(f"stakeholders:{name}", kwargs={"account_pk": w.account.pk, **kwargs})


def fields(person: Stakeholder, **changes: Any) -> dict[str, Any]:
    """The edit form as the browser posts it, with ``changes`` applied."""
    data: dict[str, Any] = {
        "name": person.name,
        "title": person.title,
        "department": person.department,
        "side": person.side,
        "seniority": person.seniority,
        "email": person.email,
        "location": person.location,
        "time_zone": person.time_zone,
        "language": person.language,
        "roles": person.roles,
        "power": person.power,
        "interest": person.interest,
        "attitude": "" if person.attitude is None else person.attitude,
        "trust": "" if person.trust is None else person.trust,
        "status": person.status,
        "status_changed_on": person.status_changed_on or "",
        "cultural_notes": "",
        "communication_preferences": "",
        "motivations": "",
        "political_agenda": "",
        "rationale": person.rationale,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def owner_client(client: Client, world: World) -> Client:
    client.force_login(world.owner)
    return client


def test_htmx_gets_the_panel_and_a_browser_the_whole_page(
    owner_client: Client, world: World
) -> None:
    partial = owner_client.get(url("person", world, pk=world.ann.pk), headers=PANEL)
    assert b"<html" not in partial.content
    assert b'data-person-id="%d"' % world.ann.pk in partial.content
    page = owner_client.get(url("person", world, pk=world.ann.pk))
    assert b"<html" in page.content
    assert b'id="person-panel"' in page.content


def test_the_panel_shows_position_ties_coverage_history_and_the_warm_path(
    owner_client: Client, world: World
) -> None:
    text = owner_client.get(url("person", world, pk=world.ann.pk), headers=PANEL).content.decode()
    for expected in (
        "Key players",
        "Manage closely",
        "Influence",
        "Economic buyer",
        "Supporter (+1)",
        "Bob Brown",
        "reports to",
        "Uma Us",
        "Vendor",
        "Position history",
        "How do we reach Ann Archer?",
        "Chain strength",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("who", ["ann", "us"])
def test_every_element_id_on_the_whole_page_is_unique(
    owner_client: Client, world: World, who: str
) -> None:
    # The tie and coverage forms sit side by side in the panel: a repeated id would tie
    # a label to the wrong field (seen: "Our person" labelled the tie form's select).
    page = owner_client.get(url("person", world, pk=getattr(world, who).pk)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert ids
    assert repeated == []


def test_unknown_attitude_reads_as_unknown_not_neutral(owner_client: Client, world: World) -> None:
    text = owner_client.get(url("person", world, pk=world.bob.pk), headers=PANEL).content.decode()
    assert "Unknown — not yet assessed (not the same as neutral)" in text
    assert "Neutral (0)" not in text


def test_someone_nobody_reaches_has_no_warm_path(owner_client: Client, world: World) -> None:
    text = owner_client.get(url("person", world, pk=world.cat.pk), headers=PANEL).content.decode()
    assert "No warm path" in text


def test_a_person_of_another_account_is_not_found(
    owner_client: Client, world: World, other_account: Any, person: Any
) -> None:
    stranger = person(other_account, "Stranger")
    response = owner_client.get(url("person", world, pk=stranger.pk))
    assert response.status_code == 404


def test_edit_mode_shows_the_form(owner_client: Client, world: World) -> None:
    response = owner_client.get(url("person", world, pk=world.ann.pk) + "?mode=edit", headers=PANEL)
    assert b'name="power"' in response.content
    assert b'value="Ann Archer"' in response.content


def test_saving_the_panel_updates_through_the_service(owner_client: Client, world: World) -> None:
    response = owner_client.post(
        url("person", world, pk=world.ann.pk),
        fields(world.ann, title="Group CFO", trust=4),
        headers=PANEL,
    )
    assert response.status_code == 200
    assert b"Saved." in response.content
    assert "relmap:map-changed" in json.loads(response["HX-Trigger"])
    world.ann.refresh_from_db()
    assert (world.ann.title, world.ann.trust) == ("Group CFO", 4)
    entry = AuditEntry.objects.filter(action="relmap.stakeholder.updated").get()
    assert entry.after == {"title": "Group CFO", "trust": 4}


def test_saving_an_unchanged_form_writes_nothing(owner_client: Client, world: World) -> None:
    before = AuditEntry.objects.count()
    response = owner_client.post(
        url("person", world, pk=world.ann.pk), fields(world.ann), headers=PANEL
    )
    assert b"Nothing changed." in response.content
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"power": 0}, "Power must be a whole number from 1 (low) to 5 (high)."),
        ({"power": 7}, "Power must be a whole number from 1 (low) to 5 (high)."),
        ({"interest": "high"}, "Interest must be a whole number from 1 (low) to 5 (high)."),
        ({"attitude": 3}, "Attitude must be -2 (opponent) to +2 (champion), or unknown."),
        ({"roles": ["kingmaker"]}, "Select a valid choice. kingmaker is not one of"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_nothing_is_saved(
    owner_client: Client, world: World, changes: dict[str, Any], message: str
) -> None:
    before = AuditEntry.objects.count()
    response = owner_client.post(
        url("person", world, pk=world.ann.pk),
        fields(world.ann, title="Changed", **changes),
        headers=PANEL,
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert b'class="field-error"' in response.content
    world.ann.refresh_from_db()
    assert world.ann.title == "CFO"
    assert AuditEntry.objects.count() == before


def test_a_status_change_is_dated_today(owner_client: Client, world: World) -> None:
    owner_client.post(url("person", world, pk=world.bob.pk), fields(world.bob, status="left"))
    world.bob.refresh_from_db()
    assert world.bob.status == "left"
    assert world.bob.status_changed_on == timezone.localdate()


def test_clearing_the_attitude_makes_it_unknown(owner_client: Client, world: World) -> None:
    owner_client.post(url("person", world, pk=world.ann.pk), fields(world.ann, attitude=""))
    world.ann.refresh_from_db()
    assert world.ann.attitude is None


def test_adding_a_stakeholder(owner_client: Client, world: World) -> None:
    response = owner_client.post(
        url("person_create", world),
        fields(
            world.ann, name="Dan Diaz", title="Head of Fleet", roles=["user"], power=2, interest=5
        ),
        headers=PANEL,
    )
    dan = Stakeholder.objects.get(name="Dan Diaz")
    assert dan.account == world.account
    assert (dan.power, dan.interest, dan.roles) == (2, 5, ["user"])
    assert b"Dan Diaz added." in response.content
    assert "relmap:map-changed" in json.loads(response["HX-Trigger"])
    assert PositionHistory.objects.filter(stakeholder=dan).count() == 1


def test_adding_a_stakeholder_with_bad_input_saves_nothing(
    owner_client: Client, world: World
) -> None:
    response = owner_client.post(
        url("person_create", world), fields(world.ann, name="Dan Diaz", power=9), headers=PANEL
    )
    assert response.status_code == 422
    assert b"Power must be a whole number from 1 (low) to 5 (high)." in response.content
    assert not Stakeholder.objects.filter(name="Dan Diaz").exists()


def test_a_drop_on_the_grid_moves_the_person(owner_client: Client, world: World) -> None:
    response = owner_client.post(
        url("person_move", world, pk=world.ann.pk), {"power": 2, "interest": 1}, headers=PANEL
    )
    assert response.status_code == 204
    assert "relmap:map-changed" in json.loads(response["HX-Trigger"])
    world.ann.refresh_from_db()
    assert (world.ann.power, world.ann.interest) == (2, 1)
    history = PositionHistory.objects.filter(stakeholder=world.ann).order_by("at", "id")
    assert [(h.power, h.interest) for h in history] == [(5, 4), (2, 1)]
    assert AuditEntry.objects.filter(action="relmap.stakeholder.moved").count() == 1


@pytest.mark.parametrize(
    "cell",
    [
        {"power": 0, "interest": 3},
        {"power": 3, "interest": 6},
        {"power": "x", "interest": 3},
        {"power": 3},
    ],
)
def test_a_drop_outside_the_grid_is_refused(
    owner_client: Client, world: World, cell: dict[str, Any]
) -> None:
    response = owner_client.post(url("person_move", world, pk=world.ann.pk), cell, headers=PANEL)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/plain")
    world.ann.refresh_from_db()
    assert (world.ann.power, world.ann.interest) == (5, 4)


def test_adding_a_tie_from_the_panel(owner_client: Client, world: World) -> None:
    response = owner_client.post(
        url("tie_add", world, pk=world.cat.pk),
        {
            "direction": "in",
            "kind": "advises",
            "other": world.bob.pk,
            "strength": 4,
            "notes": "Weekly 1:1",
        },
        headers=PANEL,
    )
    assert b"Tie added." in response.content
    tie = Tie.objects.get(kind="advises")
    assert (tie.source, tie.target, tie.strength) == (world.bob, world.cat, 4)


def test_a_tie_the_service_refuses_is_explained_and_not_saved(
    owner_client: Client, world: World
) -> None:
    # Ann manages Bob: Ann reporting to Bob would close a cycle.
    response = owner_client.post(
        url("tie_add", world, pk=world.ann.pk),
        {"direction": "out", "kind": "reports_to", "other": world.bob.pk, "strength": 3},
        headers=PANEL,
    )
    assert response.status_code == 422
    assert b"reporting cycle" in response.content
    assert Tie.objects.count() == 1


def test_the_tie_picker_offers_only_this_accounts_people(
    owner_client: Client, world: World, other_account: Any, person: Any
) -> None:
    stranger = person(other_account, "Stranger")
    panel = owner_client.get(url("person", world, pk=world.ann.pk), headers=PANEL).content
    assert b"Stranger" not in panel
    response = owner_client.post(
        url("tie_add", world, pk=world.ann.pk),
        {"direction": "out", "kind": "influences", "other": stranger.pk, "strength": 3},
        headers=PANEL,
    )
    assert response.status_code == 422
    assert b"Pick a person on this account&#x27;s map." in response.content
    assert Tie.objects.count() == 1


def test_removing_a_tie(owner_client: Client, world: World) -> None:
    response = owner_client.post(
        url("tie_remove", world, pk=world.ann.pk, tie_pk=world.tie.pk), headers=PANEL
    )
    assert b"Tie removed." in response.content
    assert not Tie.objects.exists()


def test_a_tie_is_removed_only_from_a_panel_it_belongs_to(
    owner_client: Client, world: World
) -> None:
    response = owner_client.post(url("tie_remove", world, pk=world.cat.pk, tie_pk=world.tie.pk))
    assert response.status_code == 404
    assert Tie.objects.exists()


def test_adding_coverage_from_their_side(owner_client: Client, world: World) -> None:
    owner_client.post(
        url("coverage_add", world, pk=world.cat.pk),
        {
            "other": world.us.pk,
            "current_depth": "credible_source",
            "desired_depth": "trusted_advisor",
            "strength": 2,
        },
        headers=PANEL,
    )
    link = Coverage.objects.get(their_person=world.cat)
    assert (link.our_person, link.current_depth, link.strength) == (world.us, "credible_source", 2)


def test_coverage_runs_from_ours_to_theirs(owner_client: Client, world: World) -> None:
    # From a customer's panel the picker offers only our people.
    response = owner_client.post(
        url("coverage_add", world, pk=world.cat.pk),
        {
            "other": world.bob.pk,
            "current_depth": "vendor",
            "desired_depth": "vendor",
            "strength": 3,
        },
        headers=PANEL,
    )
    assert response.status_code == 422
    assert Coverage.objects.count() == 1


def test_duplicate_coverage_is_refused(owner_client: Client, world: World) -> None:
    response = owner_client.post(
        url("coverage_add", world, pk=world.us.pk),
        {
            "other": world.ann.pk,
            "current_depth": "vendor",
            "desired_depth": "vendor",
            "strength": 3,
        },
        headers=PANEL,
    )
    assert response.status_code == 422
    assert b"already recorded" in response.content
    assert Coverage.objects.count() == 1


def test_removing_coverage(owner_client: Client, world: World) -> None:
    owner_client.post(
        url("coverage_remove", world, pk=world.us.pk, coverage_pk=world.coverage.pk),
        headers=PANEL,
    )
    assert not Coverage.objects.exists()


def test_removing_a_person(owner_client: Client, world: World) -> None:
    response = owner_client.post(url("person_delete", world, pk=world.bob.pk), headers=PANEL)
    assert b"Bob Brown was removed from the map." in response.content
    assert "relmap:map-changed" in json.loads(response["HX-Trigger"])
    assert not Stakeholder.objects.filter(pk=world.bob.pk).exists()
    assert not Tie.objects.exists()

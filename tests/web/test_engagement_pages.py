"""The engagement pages: what they show and how they refuse bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relmap.accounts.services import team_member_add
from relmap.engagement import services
from relmap.engagement.models import EngagementPlan, Interaction

from .conftest import World

pytestmark = pytest.mark.django_db


def test_the_plan_form_shows_the_proposal_and_saves_it(client: Client, world: World) -> None:
    client.force_login(world.owner)
    url = reverse("engagement:plan_new", kwargs={"account_pk": world.account.pk})
    page = client.get(f"{url}?stakeholder={world.cat.pk}").content.decode()
    # Cat: power 4, interest 2, attitude unknown -> keep satisfied, find out her view.
    assert "Proposed: Establish their view, keep satisfied" in page
    response = client.post(
        f"{url}?stakeholder={world.cat.pk}",
        {"objective": "Win IT over", "owner": world.us.pk, "strategy": ""},
    )
    assert response.status_code == 302
    plan = EngagementPlan.objects.get(stakeholder=world.cat)
    assert plan.strategy_code == "keep_satisfied:unknown"


def test_an_edited_strategy_without_a_reason_is_shown_back_with_the_error(
    client: Client, world: World
) -> None:
    client.force_login(world.owner)
    url = reverse("engagement:plan_new", kwargs={"account_pk": world.account.pk})
    response = client.post(
        f"{url}?stakeholder={world.cat.pk}",
        {"objective": "Win IT over", "owner": world.us.pk, "strategy": "Ignore her"},
    )
    assert response.status_code == 422
    assert "Say why the strategy differs" in response.content.decode()
    assert not EngagementPlan.objects.exists()


def test_a_stakeholder_of_another_account_is_not_found(
    client: Client, world: World, other_account: Any, person: Any
) -> None:
    stranger = person(other_account, "Sam Stranger")
    client.force_login(world.owner)
    url = reverse("engagement:plan_new", kwargs={"account_pk": world.account.pk})
    assert client.get(f"{url}?stakeholder={stranger.pk}").status_code == 404
    assert client.get(f"{url}?stakeholder=abc").status_code == 404


def test_logging_an_interaction_in_a_time_zone(client: Client, world: World) -> None:
    client.force_login(world.owner)
    url = reverse("engagement:interaction_new", kwargs={"account_pk": world.account.pk})
    response = client.post(
        url,
        {
            "kind": "meeting",
            "date": "2026-01-05",
            "time": "09:00",
            "time_zone": "America/New_York",
            "their_people": [world.ann.pk, world.bob.pk],
            "our_people": [world.us.pk],
            "initiator": world.ann.pk,
            "outcome_quality": "4",
            "notes": "Budget agreed",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    i = Interaction.objects.get()
    assert i.occurred_at == dt.datetime(2026, 1, 5, 14, 0, tzinfo=dt.UTC)
    roles = dict(i.participants.values_list("stakeholder__name", "role"))
    assert roles == {"Ann Archer": "organizer", "Bob Brown": "attendee", "Uma Us": "attendee"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "Unknown time zone"),
        ({"their_people": []}, "This field is required"),
        ({"date": "2999-01-01"}, "in the future"),
        ({"initiator": "CAT"}, "Select a valid choice"),
    ],
)
def test_bad_interactions_are_refused_with_a_message(
    client: Client, world: World, changes: dict[str, Any], message: str
) -> None:
    client.force_login(world.owner)
    data = {
        "kind": "call",
        "date": "2026-01-05",
        "time": "09:00",
        "time_zone": "Europe/London",
        "their_people": [world.ann.pk],
        **changes,
    }
    if data["initiator" if "initiator" in data else "kind"] == "CAT":
        data["initiator"] = world.cat.pk + 10_000
    url = reverse("engagement:interaction_new", kwargs={"account_pk": world.account.pk})
    response = client.post(url, data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Interaction.objects.exists()


def test_the_initiator_must_have_taken_part(client: Client, world: World) -> None:
    client.force_login(world.owner)
    url = reverse("engagement:interaction_new", kwargs={"account_pk": world.account.pk})
    response = client.post(
        url,
        {
            "kind": "call",
            "date": "2026-01-05",
            "time": "09:00",
            "time_zone": "Europe/London",
            "their_people": [world.ann.pk],
            "initiator": world.cat.pk,
        },
    )
    assert response.status_code == 422
    assert "must be one of the people who took part" in response.content.decode()


def test_the_account_page_lists_overdue_plans_and_people_without_one(
    client: Client, world: World
) -> None:
    services.plan_create(
        actor=world.owner,
        account=world.account,
        stakeholder=world.ann,
        owner=world.us,
        objective="Sponsor the renewal",
        cadence_days=7,
    )
    services.interaction_create(
        actor=world.owner,
        account=world.account,
        kind="call",
        occurred_at=timezone.now() - dt.timedelta(days=30),
        participants=[(world.ann, "attendee"), (world.us, "organizer")],
        subject="Budget call",
    )
    client.force_login(world.viewer)
    page = client.get(reverse("engagement:home", kwargs={"account_pk": world.account.pk}))
    body = page.content.decode()
    assert 'data-status="overdue"' in body
    assert "23 days overdue" in body
    assert f'data-unplanned="{world.bob.pk}"' in body
    assert f'data-unplanned="{world.cat.pk}"' in body
    assert "Budget call" in body
    assert "Plan engagement" not in body  # the viewer cannot create plans


def test_my_touchpoints_page(client: Client, world: World) -> None:
    team_member_add(
        actor=world.owner, account=world.account, user=world.owner, role="key_account_manager"
    )
    me = world.account.memberships.get(user=world.owner).stakeholder
    services.plan_create(
        actor=world.owner,
        account=world.account,
        stakeholder=world.ann,
        owner=me,
        objective="Sponsor the renewal",
        next_step="Send the proposal",
        next_step_on=timezone.localdate() + dt.timedelta(days=3),
    )
    client.force_login(world.owner)
    body = client.get(reverse("touchpoints:mine")).content.decode()
    assert "Send the proposal" in body
    assert "Ann Archer" in body
    assert f'data-unplanned="{world.cat.pk}"' in body
    client.force_login(world.member)
    body = client.get(reverse("touchpoints:mine")).content.decode()
    assert 'id="unlinked"' in body
    assert "Send the proposal" not in body


def test_my_touchpoints_names_five_accounts_i_am_not_on_the_map_of(
    client: Client, owner: Any
) -> None:
    from relmap.accounts.services import account_create

    for n in range(7):
        account_create(actor=owner, name=f"Account {n}", owner=owner)
    client.force_login(owner)
    body = client.get(reverse("touchpoints:mine")).content.decode()
    assert "on the team of 7 accounts but not on their map" in body
    assert "Account 4" in body
    assert "Account 5" not in body
    assert "and 2 more" in body

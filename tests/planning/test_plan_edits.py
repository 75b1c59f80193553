"""Editing the plan from its page: every save is one revision; bad input is refused with
a message next to the field and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relmap.accounts.models import SalesTeam
from relmap.core.models import AuditEntry
from relmap.planning import services
from relmap.planning.models import (
    AccountPlan,
    Need,
    Objective,
    Offering,
    PlanAction,
    PlanRevision,
    ValuePoint,
    WhitespaceCell,
)
from relmap.planning.registry import SECTIONS

from .conftest import PlanWorld, htmx
from .test_plan_access import SECTION_DATA, SECTION_ITEM

pytestmark = pytest.mark.django_db


def url(name: str, w: PlanWorld, **kwargs: Any) -> str:
    return reverse(f"planning:{name}", kwargs={"account_pk": w.account.pk, **kwargs})


def objective_fields(w: PlanWorld, **changes: Any) -> dict[str, Any]:
    """The objective form as the browser posts it, with ``changes`` applied."""
    data: dict[str, Any] = {
        "title": "Grow spend",
        "metric": "Annual spend",
        "unit": "£k",
        "baseline": "120",
        "target": "180",
        "deadline": "2031-12-31",
        "owner": w.owner.pk,
        "status": "on_track",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def owner_client(client: Client, plan_world: PlanWorld) -> Client:
    client.force_login(plan_world.owner)
    return client


def state(w: PlanWorld) -> tuple[int, int, int]:
    """What a refused write must leave alone: revisions, audit entries, objectives."""
    return (
        PlanRevision.objects.filter(plan=w.plan).count(),
        AuditEntry.objects.count(),
        Objective.objects.count(),
    )


# One save, one revision ---------------------------------------------------------------


def revisions(w: PlanWorld) -> int:
    return PlanRevision.objects.filter(plan=w.plan).count()


@pytest.mark.parametrize("section", list(SECTIONS))
def test_adding_editing_and_removing_each_make_one_revision(
    owner_client: Client, plan_world: PlanWorld, section: str
) -> None:
    w = plan_world
    data = SECTION_DATA[section](w)
    model = SECTIONS[section].model
    n = revisions(w)

    assert owner_client.post(url("item_create", w, section=section), data).status_code == 302
    assert revisions(w) == n + 1
    assert model._default_manager.filter(plan=w.plan).count() == 2

    item = SECTION_ITEM[section](w)
    edited = {k: f"{v} (edited)" if k in ("title", "name", "text") else v for k, v in data.items()}
    response = owner_client.post(url("item_edit", w, section=section, pk=item.pk), edited)
    assert response.status_code == 302
    assert revisions(w) == n + 2
    latest = PlanRevision.objects.filter(plan=w.plan).first()
    assert latest is not None
    assert latest.saved_by == w.owner
    assert latest.change.startswith(f"{SECTIONS[section].label}: changed")

    assert owner_client.post(url("item_delete", w, section=section, pk=item.pk)).status_code == 302
    assert revisions(w) == n + 3
    assert not model._default_manager.filter(pk=item.pk).exists()


def test_saving_an_unchanged_form_makes_no_revision(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    before = state(w)
    edit = url("item_edit", w, section="objectives", pk=w.objective.pk)
    response = owner_client.post(edit, objective_fields(w), headers=htmx("plan-objectives"))
    assert response.status_code == 200
    assert "Nothing changed." in response.content.decode()
    assert state(w) == before


def test_editing_the_plan_header_is_one_revision(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    n = revisions(w)
    response = owner_client.post(
        url("edit", w),
        {
            "status": "active",
            "summary": "Grow with logistics.",
            "value_proposition": "On time.",
            "next_review_on": "2031-01-15",
        },
        headers=htmx("plan-head"),
    )
    assert response.status_code == 200
    assert revisions(w) == n + 1
    plan = AccountPlan.objects.get(pk=w.plan.pk)
    assert (plan.status, plan.summary, plan.value_proposition) == (
        "active",
        "Grow with logistics.",
        "On time.",
    )
    text = response.content.decode()
    assert text.strip().startswith('<section id="plan-head" class="card plan-head" aria-label')
    assert "15 Jan 2031" in text


def test_linking_needs_and_setting_a_cell_are_one_revision_each(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    n = revisions(w)
    owner_client.post(url("value_point_needs", w, pk=w.point.pk), {"needs": [w.need.pk]})
    assert list(ValuePoint.objects.get(pk=w.point.pk).needs.all()) == [w.need]
    assert revisions(w) == n + 1
    cell = {"business_unit": w.unit.pk, "offering": w.offering.pk, "status": "open"}
    owner_client.post(url("whitespace", w), cell)
    assert revisions(w) == n + 2
    owner_client.post(url("whitespace", w), cell)  # the same again: nothing new
    assert revisions(w) == n + 2
    owner_client.post(url("whitespace", w), {**cell, "status": ""})  # cleared
    assert revisions(w) == n + 3
    assert not WhitespaceCell.objects.exists()


def test_setting_a_cells_status_keeps_its_notes(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    services.whitespace_set(
        actor=w.owner,
        plan=w.plan,
        business_unit=w.unit,
        offering=w.offering,
        status="open",
        notes="Ask the CIO in May",
    )
    cell = {"business_unit": w.unit.pk, "offering": w.offering.pk, "status": "in_progress"}
    owner_client.post(url("whitespace", w), cell)
    saved = WhitespaceCell.objects.get()
    assert (saved.status, saved.notes) == ("in_progress", "Ask the CIO in May")


# htmx answers ------------------------------------------------------------------------


def test_after_adding_htmx_gets_the_section_and_what_shows_the_change(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    response = owner_client.post(
        url("item_create", w, section="objectives"),
        objective_fields(w, title="Raise NPS", metric="NPS", baseline="10", target="40"),
        headers=htmx("plan-objectives"),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text
    assert '<section id="plan-objectives" class="card plan-section" aria-labelledby' in text
    assert "Added “Raise NPS”." in text
    # The header, and the pickers of strategies and actions, come out of band.
    for oob, kind in (("head", "head"), ("strategies", "section"), ("actions", "section")):
        assert f'<section id="plan-{oob}" class="card plan-{kind}" hx-swap-oob="true"' in text
    assert 'id="plan-needs"' not in text
    assert text.count(">Raise NPS</option>") == 2  # in the strategy and action pickers
    assert f"Revision {AccountPlan.objects.get(pk=w.plan.pk).revision}" in text


def test_without_htmx_a_save_goes_back_to_its_section(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    response = owner_client.post(
        url("item_create", w, section="business_units"), {"name": "Retail"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("plan", w) + "#plan-whitespace"


# Bad input ---------------------------------------------------------------------------

Changes = Callable[[PlanWorld, Any, Any], dict[str, Any]]  # (world, stranger, outsider)
BadCase = tuple[str, Changes, str]


@pytest.fixture
def stranger(other_account: Any, person: Any) -> Any:
    """A person on another account's map."""
    return person(other_account, "Sam Stranger", title="COO")


BAD_OBJECTIVES: list[BadCase] = [
    (
        "baseline equals target",
        lambda w, stranger, outsider: {"target": "120"},
        "The target equals the baseline",
    ),
    (
        "mutual without a customer owner",
        lambda w, stranger, outsider: {"mutual": "on"},
        "A mutual objective needs an owner on the customer&#x27;s side.",
    ),
    (
        "owner not on the team",
        lambda w, stranger, outsider: {"owner": outsider.pk},
        "The owner must be on the account team.",
    ),
    (
        "an internal person as customer owner",
        lambda w, stranger, outsider: {"mutual": "on", "customer_owner": w.uma.pk},
        "Pick a person on their side of this account&#x27;s map.",
    ),
    (
        "a person of another account",
        lambda w, stranger, outsider: {"mutual": "on", "customer_owner": stranger.pk},
        "Pick a person on their side of this account&#x27;s map.",
    ),
    (
        "a target that is no number",
        lambda w, stranger, outsider: {"target": "lots"},
        "Target must be a number",
    ),
    ("no deadline", lambda w, stranger, outsider: {"deadline": ""}, "This field is required."),
    (
        "an impossible date",
        lambda w, stranger, outsider: {"deadline": "2031-02-30"},
        "Deadline: enter a date",
    ),
]


@pytest.mark.parametrize(
    ("case", "changes", "message"), BAD_OBJECTIVES, ids=[c[0] for c in BAD_OBJECTIVES]
)
@pytest.mark.parametrize("how", ["add", "edit"])
def test_a_bad_objective_is_refused_with_a_message_and_nothing_written(
    owner_client: Client,
    plan_world: PlanWorld,
    stranger: Any,
    outsider: Any,
    case: str,
    changes: Changes,
    message: str,
    how: str,
) -> None:
    w = plan_world
    before = state(w)
    target = (
        url("item_create", w, section="objectives")
        if how == "add"
        else url("item_edit", w, section="objectives", pk=w.objective.pk)
    )
    data = objective_fields(
        w, title="Raise NPS" if how == "add" else "Grow spend", **changes(w, stranger, outsider)
    )
    response = owner_client.post(target, data, headers=htmx("plan-objectives"))
    assert response.status_code == 422
    text = response.content.decode()
    assert message in text
    assert 'class="field-error"' in text or 'class="alert alert-error"' in text
    assert state(w) == before
    objective = Objective.objects.get(pk=w.objective.pk)
    assert (objective.baseline, objective.target, objective.mutual) == (
        Decimal("120"),
        Decimal("180"),
        False,
    )
    # The form comes back filled in as typed, in place of its section.
    assert text.strip().startswith('<section id="plan-objectives"')


def test_a_service_error_is_shown_next_to_its_field(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    response = owner_client.post(
        url("item_create", w, section="objectives"),
        objective_fields(w, title="Flat", target="120"),
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "<html" in text  # without htmx: the whole page, the form open
    error = text.index("The target equals the baseline")
    assert text.rfind('id="new-objectives-target"', 0, error) > text.rfind(
        'id="new-objectives-baseline"', 0, error
    )
    assert '<details class="add-form" open>' in text


def test_a_need_of_a_person_on_another_map_is_refused(
    owner_client: Client, plan_world: PlanWorld, stranger: Any
) -> None:
    w = plan_world
    before = state(w), Need.objects.count()
    response = owner_client.post(
        url("item_create", w, section="needs"),
        {"kind": "goal", "text": "Theirs", "stakeholder": stranger.pk},
    )
    assert response.status_code == 422
    assert "Pick a person on their side of this account&#x27;s map." in response.content.decode()
    assert (state(w), Need.objects.count()) == before


def test_an_action_owner_off_the_team_is_refused(
    owner_client: Client, plan_world: PlanWorld, outsider: Any
) -> None:
    w = plan_world
    before = state(w)
    data = {**SECTION_DATA["actions"](w), "owner": outsider.pk}
    response = owner_client.post(url("item_edit", w, section="actions", pk=w.action.pk), data)
    assert response.status_code == 422
    assert "The owner must be on the account team." in response.content.decode()
    assert state(w) == before
    assert PlanAction.objects.get(pk=w.action.pk).owner == w.member


def test_an_objective_of_another_plan_cannot_be_linked(
    owner_client: Client, plan_world: PlanWorld, other_account: Any, outsider: Any
) -> None:
    import datetime as dt

    w = plan_world
    other_plan = services.plan_get_or_create(actor=outsider, account=other_account)
    theirs = services.plan_item_create(
        actor=outsider,
        plan=other_plan,
        section_name="objectives",
        title="Theirs",
        metric="m",
        baseline=1,
        target=2,
        deadline=dt.date(2031, 1, 1),
    )
    before = state(w)
    response = owner_client.post(
        url("item_create", w, section="strategies"), {"title": "Borrow", "objective": theirs.pk}
    )
    assert response.status_code == 422
    assert "Pick one of this plan&#x27;s objectives." in response.content.decode()
    assert state(w) == before


@pytest.mark.parametrize("status", ["maybe", "SOLD", "sold "])
def test_an_unknown_whitespace_status_is_refused(
    owner_client: Client, plan_world: PlanWorld, status: str
) -> None:
    w = plan_world
    before = state(w)
    response = owner_client.post(
        url("whitespace", w),
        {"business_unit": w.unit.pk, "offering": w.offering.pk, "status": status},
        headers=htmx("plan-whitespace"),
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Unknown status" in text
    assert text.strip().startswith('<section id="plan-whitespace"')
    assert state(w) == before
    assert not WhitespaceCell.objects.exists()


def test_a_business_unit_of_another_account_is_refused(
    owner_client: Client, plan_world: PlanWorld, other_account: Any, outsider: Any
) -> None:
    w = plan_world
    other_plan = services.plan_get_or_create(actor=outsider, account=other_account)
    theirs = services.plan_item_create(
        actor=outsider, plan=other_plan, section_name="business_units", name="Their unit"
    )
    before = state(w)
    response = owner_client.post(
        url("whitespace", w),
        {"business_unit": theirs.pk, "offering": w.offering.pk, "status": "open"},
    )
    assert response.status_code == 422
    assert "Pick a business unit of this account." in response.content.decode()
    assert state(w) == before


def test_a_duplicate_business_unit_is_refused(owner_client: Client, plan_world: PlanWorld) -> None:
    w = plan_world
    before = state(w)
    response = owner_client.post(
        url("item_create", w, section="business_units"), {"name": "Logistics"}
    )
    assert response.status_code == 422
    assert "already has a business unit of this name" in response.content.decode()
    assert state(w) == before


def test_linking_a_need_of_another_plan_is_refused(
    owner_client: Client, plan_world: PlanWorld, other_account: Any, outsider: Any
) -> None:
    w = plan_world
    other_plan = services.plan_get_or_create(actor=outsider, account=other_account)
    theirs = services.plan_item_create(
        actor=outsider, plan=other_plan, section_name="needs", kind="goal", text="Theirs"
    )
    before = state(w)
    response = owner_client.post(
        url("value_point_needs", w, pk=w.point.pk),
        {"needs": [w.need.pk, theirs.pk]},
        headers=htmx("plan-value_points"),
    )
    assert response.status_code == 422
    assert "Pick goals and pain points of this plan." in response.content.decode()
    assert state(w) == before
    assert not ValuePoint.objects.get(pk=w.point.pk).needs.exists()


def test_a_bad_plan_header_is_refused(owner_client: Client, plan_world: PlanWorld) -> None:
    w = plan_world
    before = state(w)
    response = owner_client.post(
        url("edit", w), {"status": "finished", "next_review_on": "soon"}, headers=htmx("plan-head")
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Select a valid choice. finished is not one of the available choices." in text
    assert "Next review: enter a date" in text
    assert state(w) == before


# Offerings ---------------------------------------------------------------------------


def test_a_sales_leader_on_the_team_adds_an_offering(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    SalesTeam.objects.create(name="North", leader=w.owner)
    page = owner_client.get(url("plan", w)).content.decode()
    assert "Add one of our offerings" in page
    response = owner_client.post(
        url("offering_create", w), {"name": "Fleet analytics"}, headers=htmx("plan-whitespace")
    )
    assert response.status_code == 200
    assert '<th scope="col">Fleet analytics</th>' in response.content.decode()
    again = owner_client.post(url("offering_create", w), {"name": "Fleet analytics"})
    assert again.status_code == 422
    assert "Offering with this Name already exists." in again.content.decode()
    assert Offering.objects.filter(name="Fleet analytics").count() == 1

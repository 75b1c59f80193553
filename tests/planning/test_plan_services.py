"""The planning services the pages call: one revision per real change, snapshots that
read on their own, and the rules that cross rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.planning import selectors, services
from relmap.planning.models import PlanAction, PlanRevision

from .conftest import PlanWorld

pytestmark = pytest.mark.django_db


def test_a_change_that_changes_nothing_makes_no_revision(plan_world: PlanWorld) -> None:
    w = plan_world
    n = w.plan.revision
    services.plan_update(actor=w.owner, plan=w.plan, status=w.plan.status)
    services.plan_item_update(
        actor=w.owner, item=w.objective, section_name="objectives", target=Decimal("180.00")
    )
    services.value_point_link_needs(actor=w.owner, point=w.point, needs=[])
    assert PlanRevision.objects.filter(plan=w.plan).count() == n


def test_the_snapshot_names_people_and_objectives(plan_world: PlanWorld) -> None:
    w = plan_world
    services.value_point_link_needs(actor=w.owner, point=w.point, needs=[w.need])
    latest = selectors.revision(w.plan, w.plan.revision)
    sections = latest.snapshot["sections"]
    assert sections["objectives"][0]["target"] == "180"
    assert sections["objectives"][0]["owner"] == "olivia"
    assert sections["strategies"][0]["objective"] == "Grow spend"
    assert sections["needs"][0]["stakeholder"] == "Ann Archer"
    assert sections["value_points"][0]["answers"] == ["Late deliveries"]
    assert latest.change == "Value proposition: linked “Next-day route re-planning”"


def test_a_refused_change_writes_nothing(plan_world: PlanWorld) -> None:
    w = plan_world
    before = PlanRevision.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        services.plan_item_update(
            actor=w.owner, item=w.objective, section_name="objectives", target=Decimal("120")
        )
    assert "target" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.whitespace_set(
            actor=w.owner, plan=w.plan, business_unit=w.unit, offering=w.offering, status="maybe"
        )
    assert (PlanRevision.objects.count(), AuditEntry.objects.count()) == before


def test_an_action_marked_done_is_dated_the_day_it_was_done(plan_world: PlanWorld) -> None:
    w = plan_world
    services.plan_item_update(actor=w.owner, item=w.action, section_name="actions", status="done")
    action = PlanAction.objects.get(pk=w.action.pk)
    # Due in 2031, done today: dating it on the due date would hide how early or late it was.
    assert action.completed_on == timezone.localdate()
    services.plan_item_update(actor=w.owner, item=action, section_name="actions", status="open")
    assert PlanAction.objects.get(pk=w.action.pk).completed_on is None
    services.plan_item_update(
        actor=w.owner,
        item=action,
        section_name="actions",
        status="done",
        completed_on=dt.date(2026, 5, 1),
    )
    assert PlanAction.objects.get(pk=w.action.pk).completed_on == dt.date(2026, 5, 1)


def test_an_action_cannot_be_done_in_the_future(plan_world: PlanWorld) -> None:
    w = plan_world
    before = (PlanRevision.objects.count(), AuditEntry.objects.count())
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.plan_item_update(
            actor=w.owner,
            item=w.action,
            section_name="actions",
            status="done",
            completed_on=tomorrow,
        )
    assert refused.value.message_dict["completed_on"] == [
        "An action cannot be done in the future: give the day it was."
    ]
    assert PlanAction.objects.get(pk=w.action.pk).completed_on is None
    assert (PlanRevision.objects.count(), AuditEntry.objects.count()) == before


def test_snapshots_read_in_plan_order_whatever_the_database_kept(plan_world: PlanWorld) -> None:
    # PostgreSQL's jsonb sorts keys its own way; a diff must list changes in plan order.
    w = plan_world
    stored = selectors.revision(w.plan, w.plan.revision).snapshot
    shuffled = {
        "sections": {
            k: [dict(reversed(i.items())) for i in v]
            for k, v in reversed(stored["sections"].items())
        },
        "fields": dict(reversed(stored["fields"].items())),
    }
    ordered = selectors.in_plan_order(shuffled)
    assert list(ordered["fields"]) == ["status", "summary", "value_proposition", "next_review_on"]
    assert list(ordered["sections"])[:3] == ["needs", "objectives", "strategies"]
    assert list(ordered["sections"])[-1] == "whitespace"
    assert list(ordered["sections"]["objectives"][0])[:4] == ["id", "title", "metric", "unit"]
    assert ordered == selectors.in_plan_order(stored)

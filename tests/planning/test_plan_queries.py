"""The plan page runs a fixed number of queries, whatever the size of the plan.

Measured on a small plan (3 items a section) and a large one (60 objectives, 60 actions,
60 of everything else, value points linked to needs, an 8 x 8 whitespace map); both must
match ``plan_page`` in ``tests/query_budgets.json``. If the count differs between the two
sizes, something queries per row: fix that rather than the budget.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relmap.planning import services
from relmap.planning.models import (
    BusinessUnit,
    Milestone,
    Need,
    Objective,
    Offering,
    PlanAction,
    Resource,
    Strategy,
    SwotItem,
    ValuePoint,
    WhitespaceCell,
)

pytestmark = pytest.mark.django_db

BUDGETS_FILE = Path(__file__).resolve().parents[1] / "query_budgets.json"
SIZES = {"small": (3, 2), "large": (60, 8)}  # items a section, business units and offerings
DAY = dt.date(2030, 1, 1)


def build_plan(account: Any, owner: Any, ann: Any, items: int, grid: int) -> Any:
    """A plan with ``items`` items in every section, written in bulk (test set-up only)."""
    plan = services.plan_get_or_create(actor=owner, account=account)
    common = {"account": account, "plan": plan}
    rng = range(items)
    needs = Need.objects.bulk_create(
        Need(**common, kind="goal" if i % 2 else "pain_point", text=f"Need {i}", stakeholder=ann)
        for i in rng
    )
    objectives = Objective.objects.bulk_create(
        Objective(
            **common,
            position=i,
            title=f"Objective {i}",
            metric="Spend",
            baseline=Decimal(i),
            target=Decimal(i + 10),
            deadline=DAY + dt.timedelta(days=i * 30 - 400),  # some past their deadline
            owner=owner,
            mutual=i % 3 == 0,
            customer_owner=ann if i % 3 == 0 else None,
        )
        for i in rng
    )
    Strategy.objects.bulk_create(
        Strategy(**common, title=f"Strategy {i}", objective=objectives[i]) for i in rng
    )
    PlanAction.objects.bulk_create(
        PlanAction(
            **common,
            title=f"Action {i}",
            objective=objectives[i],
            owner=owner,
            due_on=DAY + dt.timedelta(days=i * 20 - 600),
            status=["open", "done", "in_progress", "blocked"][i % 4],
        )
        for i in rng
    )
    Resource.objects.bulk_create(Resource(**common, title=f"Resource {i}") for i in rng)
    Milestone.objects.bulk_create(
        Milestone(**common, title=f"Review {i}", due_on=DAY + dt.timedelta(days=i * 90))
        for i in rng
    )
    points = ValuePoint.objects.bulk_create(
        ValuePoint(**common, text=f"Value point {i}") for i in rng
    )
    for i, point in enumerate(points):
        point.needs.set(needs[i : i + 3])
    SwotItem.objects.bulk_create(
        SwotItem(
            **common,
            quadrant=["strength", "weakness", "opportunity", "threat"][i % 4],
            text=f"S {i}",
        )
        for i in rng
    )
    units = BusinessUnit.objects.bulk_create(
        BusinessUnit(**common, name=f"Unit {i}") for i in range(grid)
    )
    offerings = Offering.objects.bulk_create(
        Offering(name=f"Offering {i}", position=i) for i in range(grid)
    )
    WhitespaceCell.objects.bulk_create(
        WhitespaceCell(
            account=account,
            business_unit=u,
            offering=o,
            status=["sold", "open", "in_progress", "not_a_fit"][(u.pk + o.pk) % 4],
        )
        for u in units
        for o in offerings
        if (u.pk + o.pk) % 5
    )
    # The latest revision is a real save, by a real person.
    services.plan_update(actor=owner, plan=plan, summary="Grow the account.")
    return plan


@pytest.mark.parametrize("size", list(SIZES))
def test_the_plan_page_stays_within_its_query_budget(
    client: Client, account: Any, owner: Any, person: Any, size: str
) -> None:
    budget = json.loads(BUDGETS_FILE.read_text())["plan_page"]
    items, grid = SIZES[size]
    ann = person(account, "Ann Archer", title="CFO")
    build_plan(account, owner, ann, items, grid)
    assert Objective.objects.filter(account=account).count() == items
    client.force_login(owner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("planning:plan", kwargs={"account_pk": account.pk}))
    assert response.status_code == 200
    assert response.content.count(b'class="need-chip need-') == sum(
        min(3, items - i) for i in range(items)
    )
    count = len(queries.captured_queries)
    assert count == budget, (
        f"The plan page ran {count} queries on the {size} plan ({items} items a section); its "
        f"budget is {budget}. If the count is the same for every size and intended, update "
        f"{BUDGETS_FILE.name}; if it grows with the plan, a query runs per row: fix it.\n"
        + "\n".join(q["sql"][:200] for q in queries.captured_queries)
    )


def test_the_budget_is_recorded() -> None:
    assert "plan_page" in json.loads(BUDGETS_FILE.read_text())

"""A small account plan every planning test can use, built through the services, and the
personas on its team."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

HTMX = {"HX-Request": "true"}


def htmx(target: str) -> dict[str, str]:
    """Headers htmx sends when it will swap the answer into ``#target``."""
    return {**HTMX, "HX-Target": target}


@dataclass
class PlanWorld:
    account: Any
    owner: Any
    member: Any
    viewer: Any
    ann: Any  # customer, CFO
    uma: Any  # internal: not a valid customer owner
    plan: Any
    need: Any  # a pain point of Ann's
    point: Any  # a value point (answers nothing yet)
    objective: Any  # grow spend 120 -> 180 £k, owned by the owner
    strategy: Any
    action: Any
    resource: Any
    milestone: Any
    swot: Any
    unit: Any  # business unit "Logistics"
    offering: Any  # our "Route planning"


@pytest.fixture
def plan_world(account: Any, owner: Any, member: Any, make_user: Any, person: Any) -> PlanWorld:
    from relmap.accounts.services import membership_set
    from relmap.planning import services

    viewer = make_user("vera")
    membership_set(actor=owner, account=account, user=viewer, role="viewer")
    ann = person(account, "Ann Archer", title="CFO", power=5, interest=4)
    uma = person(account, "Uma Us", side="internal", title="Solutions engineer")
    plan = services.plan_get_or_create(actor=owner, account=account)

    def add(section: str, **data: Any) -> Any:
        return services.plan_item_create(actor=owner, plan=plan, section_name=section, **data)

    need = add("needs", kind="pain_point", text="Late deliveries", stakeholder=ann)
    point = add("value_points", text="Next-day route re-planning")
    objective = add(
        "objectives",
        title="Grow spend",
        metric="Annual spend",
        unit="£k",
        baseline=Decimal("120"),
        target=Decimal("180"),
        deadline=dt.date(2031, 12, 31),
        owner=owner,
    )
    strategy = add("strategies", title="Land the logistics division", objective=objective)
    action = add(
        "actions",
        title="Book the QBR",
        objective=objective,
        owner=member,
        due_on=dt.date(2031, 3, 1),
    )
    resource = add("resources", title="Solutions engineer, 2 days a month")
    milestone = add("milestones", title="Quarterly business review", due_on=dt.date(2031, 4, 1))
    swot = add("swot", quadrant="strength", text="Trusted by the CFO")
    unit = add("business_units", name="Logistics")
    offering = services.offering_create(actor=owner, name="Route planning")
    return PlanWorld(
        account,
        owner,
        member,
        viewer,
        ann,
        uma,
        plan,
        need,
        point,
        objective,
        strategy,
        action,
        resource,
        milestone,
        swot,
        unit,
        offering,
    )

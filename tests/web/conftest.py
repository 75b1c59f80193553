"""A small map every view test can use, and the personas on its team."""

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
class World:
    account: Any
    owner: Any
    member: Any
    viewer: Any
    ann: Any  # customer, the economic buyer
    bob: Any  # customer, reports to Ann
    cat: Any  # customer, nobody covers her
    us: Any  # internal: our key account manager's colleague
    tie: Any  # Bob reports to Ann
    coverage: Any  # Us covers Ann


@pytest.fixture
def world(account: Any, owner: Any, member: Any, make_user: Any, person: Any) -> World:
    from relmap.accounts.services import membership_set
    from relmap.stakeholders.services import coverage_create, tie_create

    viewer = make_user("vera")
    membership_set(actor=owner, account=account, user=viewer, role="viewer")
    ann = person(
        account,
        "Ann Archer",
        title="CFO",
        department="Finance",
        power=5,
        interest=4,
        attitude=1,
        roles=["economic_buyer"],
    )
    bob = person(account, "Bob Brown", title="Controller", department="Finance", power=2)
    cat = person(account, "Cat Chen", title="CIO", department="IT", power=4, interest=2)
    us = person(account, "Uma Us", side="internal", title="Solutions engineer")
    tie = tie_create(actor=owner, account=account, source=bob, target=ann, kind="reports_to")
    coverage = coverage_create(actor=owner, account=account, our_person=us, their_person=ann)
    return World(account, owner, member, viewer, ann, bob, cat, us, tie, coverage)


@pytest.fixture
def vw(world: World) -> World:
    """The world for the "Value & tier" page: the recommended criteria and a year of
    quarterly figures (revenue 100,000 rising by 10,000 a quarter, margin 40,000, cost to
    serve 5,000)."""
    from relmap.accounts.portfolio_services import criteria_install_defaults, financial_period_set

    criteria_install_defaults(actor=world.owner)
    for quarter, (start, end) in enumerate(
        [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30"), ("10-01", "12-31")]
    ):
        financial_period_set(
            actor=world.owner,
            account=world.account,
            period_start=dt.date.fromisoformat(f"2025-{start}"),
            period_end=dt.date.fromisoformat(f"2025-{end}"),
            revenue=Decimal(100_000 + 10_000 * quarter),
            gross_margin=Decimal(40_000),
            cost_to_serve=Decimal(5_000),
        )
    return world

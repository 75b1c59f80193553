"""A small map every view test can use, and the personas on its team."""

from __future__ import annotations

from dataclasses import dataclass
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

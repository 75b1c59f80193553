"""An account with people on both sides, for the engagement tests.

The owner stands for "Olive Owner" (internal) on the map; Ann (key player, supporter),
Ben (keep satisfied, unknown attitude) and Cy (minimal effort, left the company) are
theirs; Uma is another of ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class Eng:
    account: Any
    owner: Any
    member: Any
    olive: Any  # internal, stands for the owner
    uma: Any  # internal
    ann: Any
    ben: Any
    cy: Any


@pytest.fixture
def eng(account: Any, owner: Any, member: Any, person: Any) -> Eng:
    from relmap.accounts.services import team_member_add

    olive = person(account, "Olive Owner", side="internal", email="olive@us.example")
    team_member_add(
        actor=owner, account=account, user=owner, role="key_account_manager", stakeholder=olive
    )
    uma = person(account, "Uma Us", side="internal", email="uma@us.example")
    ann = person(
        account,
        "Ann Archer",
        title="CFO",
        power=5,
        interest=5,
        attitude=1,
        email="ann@northwind.example",
    )
    ben = person(account, "Ben Brook", title="COO", power=4, interest=2, attitude=None)
    cy = person(account, "Cy Cole", power=1, interest=1, status="left")
    olive.refresh_from_db()
    return Eng(account, owner, member, olive, uma, ann, ben, cy)

"""List endpoints run the same number of queries whatever the size of the map."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from relmap.stakeholders.services import coverage_create, stakeholder_create, tie_create

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/accounts",
    "/api/accounts/{account}/stakeholders",
    "/api/accounts/{account}/stakeholders?side=customer&role=champion&quadrant=key_players",
    "/api/accounts/{account}/ties",
    "/api/accounts/{account}/coverage",
    "/api/accounts/{account}/analysis",
]


def grow(owner: Any, account: Any, size: int) -> None:
    """``size`` customer people in a reporting chain, each covered by one of ours."""
    previous = None
    ours = stakeholder_create(actor=owner, account=account, name="Our Kim", side="internal")
    for i in range(size):
        person = stakeholder_create(
            actor=owner,
            account=account,
            name=f"Person {i:03}",
            power=1 + i % 5,
            interest=1 + (i * 3) % 5,
            roles=["champion"] if i % 2 else ["user"],
        )
        if previous is not None:
            tie_create(
                actor=owner, account=account, source=previous, target=person, kind="reports_to"
            )
        coverage_create(actor=owner, account=account, our_person=ours, their_person=person)
        previous = person


def count_queries(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    data = response.json()
    return len(queries), len(data.get("items", data.get("stakeholders", [])))


@pytest.mark.parametrize("path", LISTS)
def test_a_list_costs_the_same_at_5_and_50_people(
    path: str,
    owner: Any,
    account: Any,
    make_user: Callable[..., Any],
    session: Callable[[Any], Client],
) -> None:
    from relmap.accounts.services import account_create

    small_owner, big_owner = make_user("small"), make_user("big")
    small = account_create(actor=small_owner, name="Small", owner=small_owner)
    big = account_create(actor=big_owner, name="Big", owner=big_owner)
    grow(small_owner, small, 5)
    grow(big_owner, big, 50)

    small_queries, small_items = count_queries(session(small_owner), path.format(account=small.pk))
    big_queries, big_items = count_queries(session(big_owner), path.format(account=big.pk))
    assert big_items > small_items or path == "/api/accounts"
    assert small_queries == big_queries


def test_the_stakeholder_list_stays_within_its_budget(
    owner: Any, account: Any, bearer: Callable[[Any], Client], django_assert_num_queries: Any
) -> None:
    """Token, account, count, page: the recorded budget of the map's main list."""
    grow(owner, account, 20)
    client = bearer(owner)
    client.get("/api/accounts")  # the first use of a token records it
    with django_assert_num_queries(4):
        response = client.get(f"/api/accounts/{account.pk}/stakeholders")
    assert response.json()["count"] == 21

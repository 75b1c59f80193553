"""Query budgets: the main pages run a fixed number of SQL queries, whatever the map size.

The baselines live in ``tests/query_budgets.json`` (NetBox keeps its budgets the same
way). Each page is measured on a small map and on a 300-person / 2,000-tie map; both
must match the baseline. If a change adds a query on purpose, update the JSON file in
the same commit and say why; if the count differs between the two sizes, something
queries per row (N+1) and must be fixed instead.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relmap.accounts.services import account_create
from relmap.stakeholders.models import Coverage, Stakeholder, Tie

pytestmark = pytest.mark.django_db

BUDGETS_FILE = Path(__file__).resolve().parents[1] / "query_budgets.json"
BUDGETS: dict[str, int] = json.loads(BUDGETS_FILE.read_text())
SIZES = {"small": (6, 8), "large": (300, 2000)}
SIDES = ["customer", "internal", "customer", "customer", "partner"] + ["customer"] * 5
KINDS = ["influences", "advises", "allied_with", "in_conflict_with", "dotted_line"]


def build_map(account: Any, people: int, ties: int, seed: int = 7) -> list[Stakeholder]:
    """A map of ``people`` and exactly ``ties`` ties, written in bulk (test set-up only)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    Stakeholder.objects.bulk_create(
        Stakeholder(
            account=account,
            name=f"Person {i:03d}",
            title=f"Title {i}",
            department=f"Dept {i % 9}",
            side=SIDES[i % len(SIDES)],
            roles=["user"] if i % 5 == 0 else [],
            power=rng.randint(1, 5),
            interest=rng.randint(1, 5),
            attitude=rng.choice([None, -2, -1, 0, 1, 2]),
        )
        for i in range(people)
    )
    everyone = list(Stakeholder.objects.filter(account=account).order_by("id"))
    ids = [p.pk for p in everyone]
    seen: set[tuple[int, int, str]] = set()
    rows = []
    for i, pk in enumerate(ids[1:], start=1):  # a reporting tree: no cycles, one manager
        manager = ids[rng.randrange(i)]
        seen.add((pk, manager, "reports_to"))
        rows.append(Tie(account=account, source_id=pk, target_id=manager, kind="reports_to"))
    while len(rows) < ties:
        a, b = rng.sample(ids, 2)
        kind = rng.choice(KINDS)
        if (a, b, kind) in seen or (b, a, kind) in seen:
            continue
        seen.add((a, b, kind))
        rows.append(
            Tie(account=account, source_id=a, target_id=b, kind=kind, strength=rng.randint(1, 5))
        )
    Tie.objects.bulk_create(rows[:ties])
    ours = [p for p in everyone if p.side == "internal"]
    theirs = [p for p in everyone if p.side != "internal"]
    Coverage.objects.bulk_create(
        Coverage(account=account, our_person=ours[i % len(ours)], their_person=person)
        for i, person in enumerate(theirs[: max(1, len(theirs) // 4)])
    )
    return everyone


Page = Callable[[Any, list[Stakeholder]], str]

PAGES: dict[str, Page] = {
    "accounts_list": lambda account, people: reverse("accounts:list"),
    "account_detail": lambda account, people: reverse(
        "stakeholders:map", kwargs={"account_pk": account.pk}
    ),
    "person_panel": lambda account, people: reverse(
        "stakeholders:person",
        kwargs={"account_pk": account.pk, "pk": next(p.pk for p in people if p.side == "customer")},
    ),
    "monitoring_page": lambda account, people: reverse(
        "monitoring:home", kwargs={"account_pk": account.pk}
    ),
    "map_history": lambda account, people: reverse(
        "monitoring:history", kwargs={"account_pk": account.pk}
    ),
}


def test_every_page_has_a_budget() -> None:
    # Other test files measure their own keys (portfolio_*: test_portfolio_dashboard.py).
    missing = set(PAGES) - set(BUDGETS)
    assert not missing, f"Add budgets for {sorted(missing)} to {BUDGETS_FILE.name}"


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_stays_within_its_query_budget(
    client: Client, owner: Any, page: str, size: str
) -> None:
    people, ties = SIZES[size]
    account = account_create(actor=owner, name="Budget Co", owner=owner)
    everyone = build_map(account, people, ties)
    if size == "large":  # the list grows with the number of accounts too
        for i in range(20):
            build_map(account_create(actor=owner, name=f"Other {i}", owner=owner), 5, 6)
    assert Tie.objects.filter(account=account).count() == ties
    client.force_login(owner)
    url = PAGES[page](account, everyone)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    count = len(queries.captured_queries)
    assert count == BUDGETS[page], (
        f"{page} ran {count} queries on the {size} map ({people} people, {ties} ties); "
        f"its budget is {BUDGETS[page]}. If the new count is the same for every size and "
        f"intended, update {BUDGETS_FILE} and say why in the commit; if it grows with the "
        "map, a query runs per row: fix it.\n"
        + "\n".join(q["sql"][:200] for q in queries.captured_queries)
    )

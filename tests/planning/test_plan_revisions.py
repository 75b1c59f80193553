"""The plan's revisions: the list, and any two compared side by side."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relmap.planning import services

from .conftest import PlanWorld

pytestmark = pytest.mark.django_db


def compare_url(w: PlanWorld, query: str = "") -> str:
    return reverse("planning:compare", kwargs={"account_pk": w.account.pk}) + query


def cells(text: str, section: str) -> list[list[str]]:
    """The rows of one section's comparison table, as lists of cell texts."""
    match = re.search(rf'data-section="{section}".*?</table>', text, re.S)
    assert match, f"no comparison for {section}"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(0), re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


@pytest.fixture
def owner_client(client: Client, plan_world: PlanWorld) -> Client:
    client.force_login(plan_world.owner)
    return client


def test_the_list_shows_every_save_newest_first(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    services.plan_update(actor=w.member, plan=w.plan, status="active")
    text = owner_client.get(
        reverse("planning:revisions", kwargs={"account_pk": w.account.pk})
    ).content.decode()
    numbers = [int(n) for n in re.findall(r'<tr data-revision="(\d+)">', text)]
    assert numbers == list(range(w.plan.revision, 0, -1))
    assert "Plan: status" in text
    assert "Objectives: added “Grow spend”" in text
    assert ">mateo<" in text
    # By default: the previous revision against the latest.
    n = w.plan.revision
    assert re.search(rf'name="a" value="{n - 1}"[^>]*checked', text)
    assert re.search(rf'name="b" value="{n}"[^>]*checked', text)
    assert f"?a={n - 1}&amp;b={n}" in text


def test_a_long_history_is_paged(owner_client: Client, plan_world: PlanWorld) -> None:
    w = plan_world
    for i in range(50):
        services.plan_update(actor=w.owner, plan=w.plan, summary=f"Take {i}")
    url = reverse("planning:revisions", kwargs={"account_pk": w.account.pk})
    first = owner_client.get(url).content.decode()
    assert len(re.findall(r"<tr data-revision=", first)) == 50
    second = owner_client.get(url + "?page=2").content.decode()
    assert re.findall(r'<tr data-revision="(\d+)">', second)[-1] == "1"
    assert owner_client.get(url + "?page=banana").status_code == 200


def test_comparing_shows_what_changed_side_by_side(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    start = w.plan.revision
    services.plan_item_update(
        actor=w.owner,
        item=w.objective,
        section_name="objectives",
        target=Decimal("200"),
        status="at_risk",
    )
    services.plan_item_create(
        actor=w.owner,
        plan=w.plan,
        section_name="actions",
        title="Pilot at two depots",
        due_on=w.action.due_on,
        owner=w.member,
    )
    services.plan_item_delete(actor=w.owner, item=w.resource, section_name="resources")
    services.plan_update(actor=w.owner, plan=w.plan, status="active")
    end = w.plan.revision
    assert end == start + 4

    response = owner_client.get(compare_url(w, f"?a={start}&b={end}"))
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Revision {start} → revision {end}" in text
    assert "1 objective changed, 1 action added, 1 resource removed, status changed." in text

    objectives = cells(text, "objectives")
    assert ["Target", "180", "200"] in objectives
    assert ["Status", "On track", "At risk"] in objectives
    assert ["Baseline", "120", "120"] not in objectives  # unchanged fields stay out
    assert objectives.index(["Target", "180", "200"]) < objectives.index(
        ["Status", "On track", "At risk"]
    )  # in the form's order

    actions = cells(text, "actions")
    assert actions[1][0].endswith("Pilot at two depots")
    assert ["Owner", "—", "mateo"] in actions
    assert ["Due on", "—", "1 Mar 2031"] in actions
    assert 'class="diff-item diff-added"' in text

    resources = cells(text, "resources")
    assert resources[1][0].endswith("Solutions engineer, 2 days a month")
    assert 'class="diff-item diff-removed"' in text

    plan_rows = re.search(r'id="cmp-plan".*?</table>', text, re.S)
    assert plan_rows
    assert re.search(r"Status</th><td[^>]*>Draft</td><td[^>]*>Active</td>", plan_rows.group(0))


def test_the_order_of_the_two_numbers_does_not_matter(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    services.plan_update(actor=w.owner, plan=w.plan, summary="New")
    n = w.plan.revision
    forwards = owner_client.get(compare_url(w, f"?a={n - 1}&b={n}")).content.decode()
    backwards = owner_client.get(compare_url(w, f"?a={n}&b={n - 1}")).content.decode()
    assert f"Revision {n - 1} → revision {n}" in backwards
    assert "Summary changed." in forwards
    assert "Summary changed." in backwards


def test_without_numbers_it_compares_the_last_two(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    text = owner_client.get(compare_url(w)).content.decode()
    n = w.plan.revision
    assert f"Revision {n - 1} → revision {n}" in text
    assert "1 business unit added." in text


def test_the_same_revision_twice_compares_to_nothing(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    text = owner_client.get(compare_url(plan_world, "?a=3&b=3")).content.decode()
    assert "The same revision on both sides: nothing to compare." in text


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?a=abc&b=2", 400, "“abc” is not a revision number"),
        ("?a=0&b=2", 400, "“0” is not a revision number"),
        ("?a=-1&b=2", 400, "“-1” is not a revision number"),
        ("?a=1.5&b=2", 400, "“1.5” is not a revision number"),
        ("?a=%C2%B2&b=2", 400, "“²” is not a revision number"),
        ("?a=1&b=999", 404, "Revision 999 does not exist: this plan has revisions 1 to"),
        ("?a=99999999999999999999999&b=1", 404, "does not exist"),
    ],
)
def test_bad_revision_numbers_get_a_clear_message(
    owner_client: Client, plan_world: PlanWorld, query: str, status: int, message: str
) -> None:
    response = owner_client.get(compare_url(plan_world, query))
    assert response.status_code == status
    assert message in response.content.decode()


def test_a_plan_with_one_revision_compares_it_with_itself(
    client: Client, account: Any, owner: Any
) -> None:
    client.force_login(owner)
    plan = services.plan_get_or_create(actor=owner, account=account)
    response = client.get(reverse("planning:compare", kwargs={"account_pk": account.pk}))
    assert response.status_code == 200
    assert plan.revision == 1
    assert "nothing to compare" in response.content.decode()

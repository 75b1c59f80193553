"""The portfolio, selection, financials and plan endpoints, through the same services
the web UI and the CLI use; their reads cost a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from relmap.accounts.models import CriterionScore, FinancialPeriod
from relmap.accounts.portfolio_services import criteria_install_defaults, financial_period_set
from relmap.accounts.services import account_create
from relmap.planning.models import ValuePoint
from relmap.planning.services import plan_get_or_create, plan_item_create

pytestmark = pytest.mark.django_db

Call = Callable[..., Any]


@pytest.fixture
def client(owner: Any, bearer: Callable[[Any], Client]) -> Client:
    return bearer(owner)


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_the_portfolio_costs_the_same_at_3_and_30_accounts(owner: Any, client: Client) -> None:
    def grow(start: int, count: int) -> None:
        for i in range(start, start + count):
            account = account_create(actor=owner, name=f"Account {i:03}", owner=owner)
            financial_period_set(
                actor=owner,
                account=account,
                period_start=dt.date(2026, 1, 1),
                period_end=dt.date(2026, 3, 31),
                revenue=Decimal(1000),
                gross_margin=Decimal(300),
            )

    grow(0, 3)
    client.get("/api/portfolio")  # the first use of a token records it
    small = queries(client, "/api/portfolio")
    grow(3, 27)
    assert queries(client, "/api/portfolio") == small
    data = client.get("/api/portfolio?q=002").json()
    assert data["count"] == 1
    assert data["items"][0]["annual_revenue"] == pytest.approx(1000 * 365 / 90)


def test_each_row_says_when_its_map_was_reviewed(owner: Any, account: Any, client: Client) -> None:
    from django.utils import timezone

    from relmap.monitoring.history import review_create

    fresh = account_create(actor=owner, name="Acme Foods", owner=owner)
    review_create(actor=owner, account=fresh)
    rows = {r["name"]: r for r in client.get("/api/portfolio").json()["items"]}
    today = timezone.localdate()
    assert rows["Acme Foods"]["map_last_reviewed"] == today.isoformat()
    assert rows["Acme Foods"]["map_review_due"] == (today + dt.timedelta(days=90)).isoformat()
    assert rows["Acme Foods"]["map_stale"] is False
    never = rows["Northwind Health"]
    assert (never["map_last_reviewed"], never["map_review_due"], never["map_stale"]) == (
        None,
        None,
        True,
    )


def test_the_portfolio_comes_in_pages(owner: Any, client: Client) -> None:
    for i in range(5):
        account_create(actor=owner, name=f"Paged {i}", owner=owner)
    everyone = client.get("/api/portfolio").json()
    names = [row["name"] for row in everyone["items"]]
    assert everyone["count"] == len(names) >= 5
    page = client.get("/api/portfolio?limit=2&offset=1").json()
    assert page["count"] == everyone["count"]
    assert [row["name"] for row in page["items"]] == names[1:3]
    assert client.get("/api/portfolio?limit=0").status_code == 422


def test_scores_place_the_account_and_explain_it(
    call: Call, owner: Any, account: Any, client: Client
) -> None:
    criteria_install_defaults(actor=owner)
    ids = client.get("/api/portfolio/criteria").json()
    body = {"scores": [{"criterion_id": c["id"], "score": 8, "rationale": "Why"} for c in ids]}
    response = call(client, "PATCH", f"/api/accounts/{account.pk}/selection/scores", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["quadrant"], data["tier"], data["complete"]) == ("strategic", "strategic", True)
    assert data["attractiveness"]["value"] == pytest.approx(8)
    assert "Size 8/10" in data["attractiveness"]["explanation"]
    assert len(data["matrix_history"]) == 1
    assert CriterionScore.objects.filter(account=account).count() == len(ids)
    assert data["stage_guidance"]["strategies"]


def test_an_unknown_criterion_is_invalid_input(
    call: Call, account: Any, client: Client, messages: Callable[[Any], str]
) -> None:
    body = {"scores": [{"criterion_id": 999, "score": 5}]}
    response = call(client, "PATCH", f"/api/accounts/{account.pk}/selection/scores", body)
    assert response.status_code == 422
    assert "No criterion 999" in messages(response)


def test_an_override_needs_a_reason(
    call: Call, account: Any, client: Client, messages: Callable[[Any], str]
) -> None:
    url = f"/api/accounts/{account.pk}/selection/tier"
    response = call(client, "PATCH", url, {"tier": "strategic"})
    assert response.status_code == 422
    assert "Say why the tier is overridden" in messages(response)


def test_a_bad_financials_import_lists_every_line_and_writes_nothing(
    call: Call, account: Any, client: Client, messages: Callable[[Any], str]
) -> None:
    csv = (
        "period_start,period_end,revenue,gross_margin\n"
        "2026-01-01,2026-03-31,100,30\n"
        "2026-03-01,2026-02-01,-1,30\n"
    )
    response = call(client, "POST", f"/api/accounts/{account.pk}/financials/import", {"csv": csv})
    assert response.status_code == 422
    text = messages(response)
    assert "csv line 3: the period ends (2026-02-01) before it starts" in text
    assert "csv line 3: revenue cannot be negative" in text
    assert not FinancialPeriod.objects.exists()


def test_value_shows_clv_and_a_retention_what_if(
    call: Call, owner: Any, account: Any, client: Client
) -> None:
    for quarter in range(4):
        start = dt.date(2025, 1 + 3 * quarter, 1)
        end = (dt.date(2025 + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1)) - dt.timedelta(1)
        financial_period_set(
            actor=owner,
            account=account,
            period_start=start,
            period_end=end,
            revenue=Decimal(100_000),
            gross_margin=Decimal(30_000),
            cost_to_serve=Decimal(5_000),
        )
    data = client.get(f"/api/accounts/{account.pk}/value").json()
    assert data["annual_contribution"] == pytest.approx(100_000)
    # r = 0.8, d = 0.1: CLV = m * r / (1 + d - r) = 2.67 m.
    assert data["clv_infinite"] == pytest.approx(100_000 * 0.8 / 0.3)
    assert [w["retention"] for w in data["what_if"]] == [0.7, 0.75, 0.85, 0.9]
    bad = client.get(f"/api/accounts/{account.pk}/value?retention=1.2")
    assert bad.status_code == 422


def test_the_plan_reads_in_a_fixed_number_of_queries(
    owner: Any, account: Any, client: Client
) -> None:
    plan = plan_get_or_create(actor=owner, account=account)
    url = f"/api/accounts/{account.pk}/plan"

    def grow(start: int, count: int) -> None:
        for i in range(start, start + count):
            need = plan_item_create(
                actor=owner, plan=plan, section_name="needs", kind="goal", text=f"Goal {i}"
            )
            point = plan_item_create(
                actor=owner, plan=plan, section_name="value_points", text=f"V{i}"
            )
            point.needs.add(need)
            plan_item_create(
                actor=owner,
                plan=plan,
                section_name="actions",
                title=f"Action {i}",
                owner=owner,
                due_on=dt.date(2020, 1, 1),
            )

    grow(0, 1)
    client.get(url)
    small = queries(client, url)
    grow(1, 4)
    assert queries(client, url) == small
    data = client.get(url).json()
    assert len(data["overdue_action_ids"]) == 5
    assert all(len(p["need_ids"]) == 1 for p in data["value_points"])


def test_plan_items_link_people_owners_and_needs(
    call: Call,
    owner: Any,
    world: Any,
    client: Client,
    outsider: Any,
    messages: Callable[[Any], str],
) -> None:
    base = f"/api/accounts/{world.account}/plan"
    body = {"text": "Fewer incidents", "need_ids": [world.items["needs"]]}
    response = call(client, "POST", base + "/value-points", body)
    assert response.status_code == 201, response.content
    assert response.json()["need_ids"] == [world.items["needs"]]
    assert ValuePoint.objects.get(pk=response.json()["id"]).needs.count() == 1

    objective = {
        "title": "Joint KPI",
        "metric": "On-time %",
        "baseline": "80",
        "target": "95",
        "deadline": "2027-06-30",
        "mutual": True,
        "customer_owner_id": world.zed,  # on another account's map
    }
    response = call(client, "POST", base + "/objectives", objective)
    assert response.status_code == 422
    assert f"No stakeholder {world.zed} on this account" in messages(response)
    response = call(client, "POST", base + "/objectives", {**objective, "customer_owner_id": None})
    assert "needs an owner on the customer's side" in messages(response)
    response = call(
        client,
        "POST",
        base + "/actions",
        {"title": "X", "due_on": "2027-01-01", "owner_id": outsider.pk},
    )
    assert response.status_code == 422
    assert "No team member" in messages(response)


def test_the_diff_names_what_changed(call: Call, world: Any, client: Client) -> None:
    base = f"/api/accounts/{world.account}/plan"
    before = client.get(base).json()["revision"]
    call(client, "PATCH", f"{base}/objectives/{world.items['objectives']}", {"status": "at_risk"})
    data = client.get(f"{base}/diff?before={before}").json()
    assert data["after"] == before + 1
    assert [(i["section"], i["change"]) for i in data["items"]] == [("objectives", "changed")]
    assert client.get(f"{base}/diff?before=999").status_code == 422


def test_a_plan_that_does_not_exist_is_not_found(account: Any, client: Client) -> None:
    response = client.get(f"/api/accounts/{account.pk}/plan")
    assert response.status_code == 404
    assert "no plan yet" in response.json()["detail"]

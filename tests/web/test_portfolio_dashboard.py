"""The portfolio dashboard: the KAM portfolio matrix frame, the table, filters in the
query string, the CSV export, the data endpoint the matrix script draws from, the effort
findings, and a fixed number of queries whatever the number of accounts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relmap.accounts import selectors
from relmap.accounts.models import Account
from relmap.accounts.portfolio_services import (
    criteria_install_defaults,
    financial_period_set,
    portfolio_settings_set,
    scores_set,
    tier_override_set,
)
from relmap.accounts.services import account_create, membership_set

from .conftest import htmx

pytestmark = pytest.mark.django_db

BUDGETS_FILE = Path(__file__).resolve().parents[1] / "query_budgets.json"
DASHBOARD = reverse("portfolio:dashboard")
DATA = reverse("portfolio:data")


def score_all(actor: Any, account: Any, attractiveness: float, strength: float) -> None:
    scores_set(
        actor=actor,
        account=account,
        scores={
            c.pk: (
                Decimal(str(attractiveness if c.axis == "attractiveness" else strength)),
                "seed",
            )
            for c in selectors.criteria()
        },
    )


def quarters(actor: Any, account: Any, revenue: int, count: int = 4) -> None:
    """Calendar quarters of 2025 (and on), with a margin of 40 % and cost to serve 5 %."""
    for q in range(count):
        year, quarter = 2025 + q // 4, q % 4
        start = dt.date(year, 1 + 3 * quarter, 1)
        end = (dt.date(year + (quarter == 3), (4 + 3 * quarter - 1) % 12 + 1, 1)) - dt.timedelta(
            days=1
        )
        financial_period_set(
            actor=actor,
            account=account,
            period_start=start,
            period_end=end,
            revenue=Decimal(revenue + 1000 * q),
            gross_margin=Decimal(revenue * 4 // 10),
            cost_to_serve=Decimal(revenue // 20),
        )


@pytest.fixture
def portfolio(owner: Any, member: Any, account: Any) -> dict[str, Any]:
    """Three accounts: Northwind (strategic), Acme (streamline, overridden to star), and
    Unplaced (no scores)."""
    criteria_install_defaults(actor=owner)
    score_all(owner, account, 8, 7)
    quarters(owner, account, 100_000)
    acme = account_create(actor=owner, name="Acme Foods", owner=member)
    membership_set(actor=member, account=acme, user=owner, role="sales")
    score_all(owner, acme, 2, 3)
    quarters(owner, acme, 20_000)
    tier_override_set(actor=owner, account=acme, tier="star", reason="New logo in a new market")
    unplaced = account_create(actor=owner, name="=Unplaced Ltd", owner=owner)
    return {"northwind": account, "acme": acme, "unplaced": unplaced}


def frame_of(content: str) -> dict[str, Any]:
    """The matrix frame the page hands to the chart script (json_script #matrix-frame)."""
    match = re.search(r'<script id="matrix-frame" type="application/json">(.*?)</script>', content)
    assert match, "the page carries no matrix frame"
    assert 'data-frame="matrix-frame"' in content
    frame: dict[str, Any] = json.loads(match.group(1))
    return frame


def test_it_names_the_framework_and_labels_the_quadrants(
    client: Client, owner: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    content = client.get(DASHBOARD).content.decode()
    assert "KAM portfolio matrix (McDonald)" in content
    quadrants = {q["key"]: q for q in frame_of(content)["quadrants"]}
    for key, label, policy in (
        ("strategic", "Strategic", "Invest, grow"),
        ("star", "Star", "Invest to build position"),
        ("status", "Status", "Maintain"),
        ("streamline", "Streamline", "Manage for profit, cut cost to serve"),
    ):
        assert (quadrants[key]["label"], quadrants[key]["short"]) == (label, policy)
        assert f'<strong>{label}</strong><br><span class="muted">{policy}' in content  # legend
    assert "effort does not follow tier".lower() in content.lower()


def test_the_frame_places_each_quadrant_by_the_cut_offs(
    client: Client, owner: Any, superuser: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    portfolio_settings_set(actor=superuser, attractiveness_cutoff=6, strength_cutoff=4)
    frame = frame_of(client.get(DASHBOARD).content.decode())
    assert (frame["attractiveness_cutoff"], frame["strength_cutoff"]) == (6, 4)
    ranges = {q["key"]: (q["attractiveness"], q["strength"]) for q in frame["quadrants"]}
    assert ranges == {
        "strategic": ([6, 10], [4, 10]),  # a score on a cut-off counts as high
        "star": ([6, 10], [0, 4]),
        "status": ([0, 6], [4, 10]),
        "streamline": ([0, 6], [0, 4]),
    }


def test_orientation_follows_the_setting(
    client: Client, owner: Any, superuser: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    frame = frame_of(client.get(DASHBOARD).content.decode())
    assert frame["high_strength_left"] is True  # classic: high strength on the left
    assert frame["x_name"].startswith("← higher")
    portfolio_settings_set(actor=superuser, high_strength_left=False)
    frame = frame_of(client.get(DASHBOARD).content.decode())
    assert frame["high_strength_left"] is False
    assert frame["x_name"].endswith("higher →")
    data = client.get(DATA).json()
    northwind = next(a for a in data["accounts"] if a["n"] == "Northwind Health")
    assert (northwind["x"], northwind["y"]) == (7.0, 8.0)  # scores: the frame mirrors them
    assert data["settings"]["high_strength_left"] is False


def test_the_table_shows_tier_override_value_and_team(
    client: Client, owner: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    response = client.get(DASHBOARD)
    content = response.content.decode()
    assert response.context["total"] == 3
    acme_row = content.split(f'data-account="{portfolio["acme"].pk}"')[1].split("</tr>")[0]
    assert "Star" in acme_row
    assert "overridden" in acme_row
    assert "Streamline" in acme_row  # the quadrant the matrix gives
    # The revenue sparkline's data: 20,000 + 1,000 a quarter.
    assert 'data-chart="spark" data-values="[20000.0, 21000.0, 22000.0, 23000.0]"' in acme_row
    assert "GBP 86,000" in acme_row  # 20,000 + 21,000 + 22,000 + 23,000
    unplaced_row = content.split(f'data-account="{portfolio["unplaced"].pk}"')[1].split("</tr>")[0]
    assert "Not placed" in unplaced_row


def test_filters_come_from_the_query_string(
    client: Client, owner: Any, member: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    tiers = client.get(DASHBOARD + "?tier=star")
    assert [r["row"].name for r in tiers.context["rows"]] == ["Acme Foods"]
    assert '<option value="star" selected>' in tiers.content.decode()
    quadrant = client.get(DASHBOARD + "?quadrant=streamline")
    assert [r["row"].name for r in quadrant.context["rows"]] == ["Acme Foods"]
    owned = client.get(DASHBOARD + f"?owner={member.pk}")
    assert [r["row"].name for r in owned.context["rows"]] == ["Acme Foods"]
    search = client.get(DASHBOARD + "?q=north")
    assert [r["row"].name for r in search.context["rows"]] == ["Northwind Health"]
    stage = client.get(DASHBOARD + "?stage=commitment")
    assert stage.context["total"] == 0
    data = client.get(DATA + "?tier=star").json()
    assert [a["n"] for a in data["accounts"]] == ["Acme Foods"]


def test_a_bad_filter_is_shown_and_ignored(
    client: Client, owner: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    response = client.get(DASHBOARD + "?tier=platinum")
    assert response.status_code == 200
    assert response.context["total"] == 3
    assert "Select a valid choice" in response.content.decode()


def test_htmx_gets_only_the_results(client: Client, owner: Any, portfolio: dict[str, Any]) -> None:
    client.force_login(owner)
    response = client.get(DASHBOARD + "?tier=strategic", headers=htmx("portfolio-results"))
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="portfolio-results"')
    assert "<html" not in content
    assert 'data-url="/portfolio/data.json?tier=strategic"' in content


def test_the_data_endpoint_gives_what_the_matrix_draws(
    client: Client, owner: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    data = client.get(DATA).json()
    by_name = {a["n"]: a for a in data["accounts"]}
    northwind = by_name["Northwind Health"]
    pk = portfolio["northwind"].pk
    # Scores (x strength, y attractiveness), quadrant, tier, revenue, CLV, currency.
    assert northwind == {
        "id": pk,
        "n": "Northwind Health",
        "x": 7.0,
        "y": 8.0,
        "q": "strategic",
        "t": "strategic",
        "o": False,
        "r": 406_000,  # 100,000 + 101,000 + 102,000 + 103,000
        "v": northwind["v"],
        "c": "GBP",
    }
    # m = 4 x (40,000 - 5,000) = 140,000 a year; r = 0.8, d = 0.1 over 5 years.
    assert northwind["v"] == round(sum(140_000 * (0.8 / 1.1) ** t for t in range(1, 6)))
    assert data["url"].replace("{id}", str(pk)) == reverse(
        "portfolio:value", kwargs={"account_pk": pk}
    )
    acme = by_name["Acme Foods"]
    assert (acme["q"], acme["t"], acme["o"]) == ("streamline", "star", True)
    unplaced = by_name["=Unplaced Ltd"]
    assert (unplaced["x"], unplaced["y"], unplaced["q"], unplaced["r"]) == (None, None, "", None)
    assert data["settings"] == {
        "attractiveness_cutoff": 5.0,
        "strength_cutoff": 5.0,
        "high_strength_left": True,
    }


def test_the_data_endpoint_stays_lean(
    client: Client, owner: Any, portfolio: dict[str, Any]
) -> None:
    """Only what the matrix draws and its tooltip shows: no owner, plan, team or trend."""
    client.force_login(owner)
    accounts = client.get(DATA).json()["accounts"]
    assert {key for a in accounts for key in a} == {
        "id",
        "n",
        "x",
        "y",
        "q",
        "t",
        "o",
        "r",
        "v",
        "c",
    }


def test_the_csv_export_holds_the_filtered_table(
    client: Client, owner: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    response = client.get(DASHBOARD + "?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="relmap-portfolio-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["account"] for r in rows] == ["'=Unplaced Ltd", "Acme Foods", "Northwind Health"]
    acme = rows[1]
    assert acme["tier"] == "star"
    assert acme["tier_overridden"] == "yes"
    assert acme["quadrant"] == "streamline"
    assert acme["annual_revenue"] == "86000.00"
    assert acme["team_size"] == "2"
    filtered = client.get(DASHBOARD + "?tier=strategic&format=csv").content.decode()
    assert [r["account"] for r in csv.DictReader(io.StringIO(filtered))] == ["Northwind Health"]


def test_effort_findings_name_the_common_mistake(
    client: Client, owner: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    response = client.get(DASHBOARD)
    content = response.content.decode()
    kinds = {item["finding"].kind for item in response.context["findings"]}
    assert "under_served" in kinds  # strategic Northwind has a team of 2, policy says 4
    assert "Treating all accounts equally" in content


def test_effort_says_which_signals_it_checks_and_that_touchpoints_are_not_recorded(
    client: Client, owner: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(owner)
    content = client.get(DASHBOARD).content.decode()
    note = content.split('<p id="effort-signals">')[1].split("</p>")[0]
    assert note.startswith(
        "Effort signals checked now: team size, relationship coverage (people and depth) "
        "and plan reviews."
    )
    assert "Touchpoints are not yet recorded" in note
    # The note sits with the effort findings, and no finding claims touchpoint data.
    effort = content.split('id="effort"')[1].split("</section>")[0]
    assert 'id="effort-signals"' in effort
    assert "touchpoints in the last 90 days" not in content


def test_it_shows_only_the_users_accounts(
    client: Client, outsider: Any, other_account: Any, portfolio: dict[str, Any]
) -> None:
    client.force_login(outsider)
    response = client.get(DASHBOARD)
    assert [r["row"].name for r in response.context["rows"]] == ["Globex Rail"]
    assert [a["n"] for a in client.get(DATA).json()["accounts"]] == ["Globex Rail"]
    assert "Northwind" not in client.get(DASHBOARD + "?format=csv").content.decode()


def test_the_table_is_paginated(client: Client, owner: Any) -> None:
    Account.objects.bulk_create(Account(name=f"Bulk {i:03}", owner=owner) for i in range(60))
    client.force_login(owner)
    # Bulk-created accounts have no team: only the superuser sees them all.
    owner.is_superuser = True
    owner.save()
    first = client.get(DASHBOARD)
    assert len(first.context["rows"]) == 50
    second = client.get(DASHBOARD + "?page=2").context
    assert [r["row"].name for r in second["rows"]][-1] == "Bulk 059"
    assert second["total"] == 60


# Query budgets ------------------------------------------------------------------------------

BUDGETED = {"portfolio_dashboard": DASHBOARD, "portfolio_data": DATA}


def build_portfolio(owner: Any, count: int) -> None:
    """``count`` scored accounts with a quarter of figures each, some with plans."""
    from relmap.planning.models import AccountPlan

    criteria_install_defaults(actor=owner)
    start = Account.objects.count()
    for i in range(start, start + count):
        acc = account_create(actor=owner, name=f"Budget {i:03}", owner=owner)
        score_all(owner, acc, (i * 3) % 11, (i * 7) % 11)
        quarters(owner, acc, 10_000 + i, count=2)
        if i % 3 == 0:
            AccountPlan.objects.create(account=acc)


@pytest.mark.parametrize("page", list(BUDGETED))
def test_the_portfolio_stays_within_its_query_budget(client: Client, owner: Any, page: str) -> None:
    budget = json.loads(BUDGETS_FILE.read_text())[page]
    counts = []
    for size in (3, 40):
        build_portfolio(owner, size - Account.objects.count())
        assert Account.objects.count() == size
        client.force_login(owner)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(BUDGETED[page])
        assert response.status_code == 200
        counts.append(len(queries.captured_queries))
        assert counts[-1] == budget, (
            f"{page} ran {counts[-1]} queries with {size} accounts; its budget is {budget}. "
            "If it grows with the number of accounts a query runs per row: fix it.\n"
            + "\n".join(q["sql"][:160] for q in queries.captured_queries)
        )
    assert counts[0] == counts[1]

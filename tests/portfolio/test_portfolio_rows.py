"""The portfolio reads in a fixed number of queries and follows visibility."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relmap.accounts.models import SalesTeam
from relmap.accounts.portfolio_selectors import (
    PortfolioFilters,
    effort_findings_for,
    portfolio_rows,
)
from relmap.accounts.portfolio_services import financial_period_set, tier_override_set
from relmap.accounts.services import account_create

pytestmark = pytest.mark.django_db


def make_accounts(owner: Any, count: int, start: int = 0) -> list[Any]:
    accounts = []
    for i in range(start, start + count):
        account = account_create(actor=owner, name=f"Account {i:03}", owner=owner)
        for quarter in range(4):
            first = dt.date(2025, 1 + 3 * quarter, 1)
            last = dt.date(2025 + (quarter == 3), (4 + 3 * quarter - 1) % 12 + 1, 1)
            financial_period_set(
                actor=owner,
                account=account,
                period_start=first,
                period_end=last - dt.timedelta(days=1),
                revenue=Decimal(100_000 + i),
                gross_margin=Decimal(30_000),
                cost_to_serve=Decimal(5_000),
            )
        accounts.append(account)
    return accounts


def queries_for(user: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        portfolio_rows(user)
    return len(ctx.captured_queries)


def test_the_portfolio_reads_in_a_fixed_number_of_queries(owner: Any) -> None:
    make_accounts(owner, 3)
    small = queries_for(owner)
    make_accounts(owner, 27, start=3)
    # The accounts, their summed years, their revenue trends.
    assert queries_for(owner) == small == 3


def test_rows_carry_value_tier_and_team(owner: Any, account: Any) -> None:
    make_accounts(owner, 1)
    tier_override_set(actor=owner, account=account, tier="strategic", reason="CEO sponsor")
    rows = {r.name: r for r in portfolio_rows(owner)}
    northwind = rows["Northwind Health"]
    assert northwind.tier == "strategic"
    assert northwind.tier_overridden
    assert northwind.team_size == 2
    other = rows["Account 000"]
    assert other.annual_revenue == pytest.approx(400_000)
    # m = 4 x (30,000 - 5,000) = 100,000 a year; r = 0.8, d = 0.1 over 5 years.
    expected = sum(100_000 * (0.8 / 1.1) ** t for t in range(1, 6))
    assert other.clv_finite == pytest.approx(expected)
    assert other.revenue_trend == (100_000.0,) * 4


def test_filters_narrow_the_portfolio(owner: Any, account: Any) -> None:
    make_accounts(owner, 2)
    tier_override_set(actor=owner, account=account, tier="star", reason="New logo")
    assert [r.name for r in portfolio_rows(owner, PortfolioFilters(tier="star"))] == [
        "Northwind Health"
    ]
    assert [r.name for r in portfolio_rows(owner, PortfolioFilters(q="001"))] == ["Account 001"]


def test_outsiders_and_leaders_see_what_they_should(
    owner: Any, member: Any, outsider: Any, account: Any, make_user: Any
) -> None:
    assert portfolio_rows(outsider) == []
    leader = make_user("lena")
    SalesTeam.objects.create(name="Key accounts", leader=leader).members.add(member)
    assert [r.name for r in portfolio_rows(leader)] == ["Northwind Health"]


def test_effort_that_does_not_follow_tier_is_a_finding(owner: Any, account: Any) -> None:
    tier_override_set(actor=owner, account=account, tier="strategic", reason="Board priority")
    kinds = {f.kind for f in effort_findings_for(owner)}
    # Two people on a strategic account's team is below the policy's minimum of four.
    assert "under_served" in kinds


def add_periods(owner: Any, account: Any, periods: list[tuple[str, str, int, int, int]]) -> None:
    for start, end, revenue, margin, cost in periods:
        financial_period_set(
            actor=owner,
            account=account,
            period_start=dt.date.fromisoformat(start),
            period_end=dt.date.fromisoformat(end),
            revenue=Decimal(revenue),
            gross_margin=Decimal(margin),
            cost_to_serve=Decimal(cost),
        )


def quarters(year: int, *revenues: int) -> list[tuple[str, str, int, int, int]]:
    ends = ("03-31", "06-30", "09-30", "12-31")
    starts = ("01-01", "04-01", "07-01", "10-01")
    return [
        (f"{year + q // 4}-{starts[q % 4]}", f"{year + q // 4}-{ends[q % 4]}", r, r // 3, r // 20)
        for q, r in enumerate(revenues)
    ]


SERIES: dict[str, list[tuple[str, str, int, int, int]]] = {
    # Two full years: growth on the previous year.
    "growth": quarters(2024, 100, 110, 120, 130, 150, 160, 170, 180),
    # Two quarters: annualised, no previous year.
    "short": quarters(2025, 40_000, 50_000),
    # A year and one quarter: the previous year is a single quarter, annualised.
    "prev_short": quarters(2024, 0, 0, 0, 90_000, 100_000, 100_000, 100_000, 100_000)[3:],
    # The previous year brought nothing: growth cannot be computed.
    "prev_zero": quarters(2024, 0, 0, 0, 0, 10, 20, 30, 40),
    # Periods ending on the windows' edges: 2024-12-31 is 365 days before 2025-12-31
    # (previous year), 2024-01-01 is 730 days before (older, left out).
    "edges": [
        ("2024-01-01", "2024-01-01", 7_000, 3_000, 0),
        ("2024-01-02", "2024-12-31", 50_000, 20_000, 1_000),
        ("2025-01-01", "2025-12-31", 60_000, 25_000, 1_000),
    ],
    # Costs more to serve than it earns; one long and one short period; odd cents.
    "loss": [
        ("2024-01-01", "2024-12-31", 1_000_001, 100_000, 250_000),
        ("2025-01-01", "2025-02-14", 333_333, 12_345, 99_999),
    ],
}


@pytest.mark.parametrize("series", list(SERIES))
def test_portfolio_value_matches_the_account_value_page(owner: Any, series: str) -> None:
    """The portfolio sums years in SQL; the account's own page sums its periods in
    Python (``account_value``). Both must give the same numbers."""
    from relmap.accounts import selectors
    from relmap.accounts.portfolio_selectors import matrix_points
    from relmap.accounts.services import account_update

    account = account_create(actor=owner, name=f"Series {series}", owner=owner)
    account = account_update(
        actor=owner,
        account=account,
        retention_rate=Decimal("0.85"),
        discount_rate=Decimal("0.12"),
        clv_horizon_years=3,
    )
    add_periods(owner, account, SERIES[series])
    expected = selectors.value_of(account)
    [row] = portfolio_rows(owner)
    assert row.annual_revenue == pytest.approx(expected.annual_revenue, rel=1e-12)
    if expected.growth_pct is None:
        assert row.growth_pct is None
    else:
        assert row.growth_pct == pytest.approx(expected.growth_pct, rel=1e-12)
    assert row.clv_finite == pytest.approx(expected.clv_finite, rel=1e-12)
    assert row.clv_infinite == pytest.approx(expected.clv_infinite, rel=1e-12)
    assert row.revenue_trend == tuple(v for _, v in expected.revenue_trend)
    [point] = matrix_points(owner)
    assert (point.annual_revenue, point.clv_finite) == (row.annual_revenue, row.clv_finite)
    [csv_row] = portfolio_rows(owner, with_trend=False)
    assert csv_row.revenue_trend == ()
    assert csv_row.clv_finite == row.clv_finite


def test_an_account_without_financials_has_no_value(owner: Any, account: Any) -> None:
    [row] = portfolio_rows(owner)
    assert (row.annual_revenue, row.growth_pct, row.clv_finite, row.revenue_trend) == (
        None,
        None,
        None,
        (),
    )


def test_rows_by_page_read_only_the_page_in_fixed_queries(owner: Any) -> None:
    from relmap.accounts.portfolio_selectors import PortfolioRowsByPage

    make_accounts(owner, 12)
    everything = portfolio_rows(owner)
    rows = PortfolioRowsByPage(owner)
    assert len(rows) == 12
    assert rows[5:10] == everything[5:10]
    assert rows[10:20] == everything[10:]
    assert rows[20:30] == []
    assert PortfolioRowsByPage(owner, PortfolioFilters(q="001"))[0:5] == [everything[1]]
    with CaptureQueriesContext(connection) as ctx:
        rows[0:3]
    small = len(ctx.captured_queries)
    make_accounts(owner, 20, start=12)
    with CaptureQueriesContext(connection) as ctx:
        PortfolioRowsByPage(owner)[0:25]
    assert len(ctx.captured_queries) == small == 3
    with pytest.raises(TypeError, match="by slices"):
        rows[3]  # type: ignore[index]

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
    assert queries_for(owner) == small == 2


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

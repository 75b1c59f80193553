"""The portfolio: every account a user may see, with what a leader reviews at a glance.

:func:`portfolio_rows` reads in a fixed number of queries whatever the number of
accounts (accounts with their counts, then all their financial periods), so that the
dashboard, its data endpoint, the API and ``relmap portfolio`` stay fast at thousands of
accounts. Values come from ``relmap.analytics.value``; effort findings from
``relmap.analytics.portfolio``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from relmap.accounts.choices import TeamRole
from relmap.accounts.models import Account, FinancialPeriod
from relmap.accounts.selectors import tier_policies
from relmap.analytics.portfolio import AccountEffort, EffortFinding, effort_findings
from relmap.analytics.value import Period, account_value
from relmap.core.visibility import accounts_visible_to
from relmap.planning.choices import OPEN_ACTION_STATUSES
from relmap.planning.models import Milestone, PlanAction
from relmap.stakeholders.choices import CoverageDepth
from relmap.stakeholders.models import Coverage

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

DEPTH_ORDER = [d.value for d in CoverageDepth]


@dataclass(frozen=True)
class PortfolioRow:
    id: int
    name: str
    kind: str
    owner_id: int
    owner: str
    tier: str
    quadrant: str
    tier_overridden: bool
    attractiveness: float | None
    strength: float | None
    stage: str
    currency: str
    annual_revenue: float | None
    growth_pct: float | None
    revenue_trend: tuple[float, ...]
    clv_finite: float | None
    clv_infinite: float | None
    plan_status: str
    plan_revision: int
    overdue_actions: int
    team_size: int


@dataclass(frozen=True)
class PortfolioFilters:
    tier: str = ""
    quadrant: str = ""
    stage: str = ""
    owner: int | None = None
    q: str = ""


def _count(subquery: QuerySet[PlanAction]) -> Coalesce:
    counted = subquery.values("account_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def portfolio_accounts(
    user: AbstractBaseUser | AnonymousUser, filters: PortfolioFilters | None = None
) -> QuerySet[Account]:
    """Visible accounts with owner, plan, team size and overdue actions: one query."""
    f = filters or PortfolioFilters()
    today = timezone.localdate()
    qs = (
        accounts_visible_to(user)
        .select_related("owner", "plan")
        .annotate(
            team_size=Count("memberships", filter=~Q(memberships__role=TeamRole.VIEWER)),
            overdue_actions=_count(
                PlanAction.objects.filter(
                    account_id=OuterRef("pk"),
                    status__in=list(OPEN_ACTION_STATUSES),
                    due_on__lt=today,
                )
            ),
        )
        .order_by("name")
    )
    if f.tier:
        qs = qs.filter(Q(tier_override=f.tier) | Q(tier_override="", quadrant=f.tier))
    if f.quadrant:
        qs = qs.filter(quadrant=f.quadrant)
    if f.stage:
        qs = qs.filter(lifecycle_stage=f.stage)
    if f.owner is not None:
        qs = qs.filter(owner_id=f.owner)
    if f.q:
        qs = qs.filter(name__icontains=f.q)
    return qs


def _periods_by_account(accounts: QuerySet[Account]) -> dict[int, list[Period]]:
    """The periods of ``accounts`` (a subquery, not a list of ids), oldest first.

    Amounts are cast to floats in SQL: the analytics work in floats anyway, and turning
    60,000 rows of three decimals into ``Decimal`` first costs more than the query.
    """
    rows = (
        FinancialPeriod.objects.filter(account_id__in=accounts.values("pk"))
        .order_by("account_id", "period_start")
        .values_list(
            "account_id",
            "period_start",
            "period_end",
            Cast("revenue", FloatField()),
            Cast("gross_margin", FloatField()),
            Cast("cost_to_serve", FloatField()),
        )
    )
    out: dict[int, list[Period]] = defaultdict(list)
    for account_id, start, end, revenue, margin, cost in rows:
        out[account_id].append(Period(start, end, revenue, margin, cost))
    return out


ROW_FIELDS = (
    "pk",
    "name",
    "kind",
    "owner_id",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
    "tier_override",
    "quadrant",
    "attractiveness",
    "strength",
    "lifecycle_stage",
    "currency",
    "retention_rate",
    "discount_rate",
    "clv_horizon_years",
    "plan__status",
    "plan__revision",
    "overdue_actions",
    "team_size",
)


def portfolio_rows(
    user: AbstractBaseUser | AnonymousUser,
    filters: PortfolioFilters | None = None,
    *,
    account_ids: Sequence[int] | None = None,
    with_value: bool = True,
) -> list[PortfolioRow]:
    """One row per account ``user`` may see, in two queries.

    ``account_ids`` narrows the rows to those accounts (a page of a table);
    ``with_value=False`` leaves out the financials (one query; value fields ``None``),
    for callers that only need tiers and teams. Rows are read as values, not model
    instances: at thousands of accounts building instances costs ten times the query.
    """
    qs = portfolio_accounts(user, filters)
    if account_ids is not None:
        qs = qs.filter(pk__in=list(account_ids))
    listed = list(qs.values(*ROW_FIELDS))
    periods = _periods_by_account(qs) if with_value and listed else {}
    rows = []
    for a in listed:
        value = (
            account_value(
                periods.get(a["pk"], []),
                retention=float(a["retention_rate"]),
                discount=float(a["discount_rate"]),
                horizon_years=a["clv_horizon_years"],
            )
            if with_value
            else None
        )
        owner = f"{a['owner__first_name']} {a['owner__last_name']}".strip()
        rows.append(
            PortfolioRow(
                id=a["pk"],
                name=a["name"],
                kind=a["kind"],
                owner_id=a["owner_id"],
                owner=owner or a["owner__username"],
                tier=a["tier_override"] or a["quadrant"],
                quadrant=a["quadrant"],
                tier_overridden=bool(a["tier_override"]),
                attractiveness=_float(a["attractiveness"]),
                strength=_float(a["strength"]),
                stage=a["lifecycle_stage"],
                currency=a["currency"],
                annual_revenue=value.annual_revenue if value else None,
                growth_pct=value.growth_pct if value else None,
                revenue_trend=tuple(v for _, v in value.revenue_trend) if value else (),
                clv_finite=value.clv_finite if value else None,
                clv_infinite=value.clv_infinite if value else None,
                plan_status=a["plan__status"] or "",
                plan_revision=a["plan__revision"] or 0,
                overdue_actions=a["overdue_actions"],
                team_size=a["team_size"],
            )
        )
    return rows


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def effort_for(
    user: AbstractBaseUser | AnonymousUser, rows: Sequence[PortfolioRow] | None = None
) -> list[AccountEffort]:
    """What effort each visible account gets today (team, coverage, plan reviews)."""
    listed = list(rows) if rows is not None else portfolio_rows(user)
    ids = [r.id for r in listed]
    coverage: dict[int, tuple[set[int], int]] = {}
    for account_id, person, depth in Coverage.objects.filter(account_id__in=ids).values_list(
        "account_id", "their_person_id", "current_depth"
    ):
        people, deepest = coverage.get(account_id, (set(), -1))
        people.add(person)
        coverage[account_id] = (people, max(deepest, DEPTH_ORDER.index(depth)))
    reviewed = _last_reviews(ids)
    today = timezone.localdate()
    efforts = []
    for row in listed:
        people, deepest = coverage.get(row.id, (set(), -1))
        last = reviewed.get(row.id)
        efforts.append(
            AccountEffort(
                account_id=row.id,
                name=row.name,
                tier=row.tier or None,
                team_size=row.team_size,
                covered_people=len(people),
                deepest_coverage=DEPTH_ORDER[deepest] if deepest >= 0 else None,
                # Touchpoints arrive with interactions (a later feature): not tracked yet.
                touchpoints_90d=None,
                days_since_review=(today - last).days if last is not None else None,
            )
        )
    return efforts


def _last_reviews(account_ids: Sequence[int]) -> dict[int, dt.date]:
    """The latest done review milestone of each account's plan."""
    out: dict[int, dt.date] = {}
    for account_id, due in (
        Milestone.objects.filter(account_id__in=list(account_ids), done=True)
        .order_by("account_id", "due_on")
        .values_list("account_id", "due_on")
    ):
        out[account_id] = due
    return out


def effort_findings_for(
    user: AbstractBaseUser | AnonymousUser, rows: Sequence[PortfolioRow] | None = None
) -> list[EffortFinding]:
    """Where effort does not follow tier in ``user``'s portfolio."""
    return effort_findings(effort_for(user, rows), tier_policies())

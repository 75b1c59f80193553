"""The portfolio: every account a user may see, with what a leader reviews at a glance.

Everything here reads in a fixed number of queries whatever the number of accounts, so
that the dashboard, its data endpoint, the CSV export, the API and ``relmap portfolio``
stay fast at thousands of accounts:

- :func:`portfolio_rows`: one query for the accounts (team size and overdue actions as
  subqueries), one for their value (:func:`year_totals_by_account`: each account's
  latest and previous year summed in SQL) and, when asked for, one for the revenue
  trends;
- :class:`PortfolioRowsByPage`: the same rows a slice at a time, for paginated lists;
- :func:`matrix_points`: what the portfolio matrix draws, in two queries;
- :func:`tier_rows`: tier and team of every account, in one query;
- :func:`effort_for`: team, coverage and plan reviews per account, counted in SQL.

Rows are read as values, never model instances: at thousands of accounts building
instances (and Decimals) costs more than the queries. Annual figures follow
:func:`relmap.analytics.value.annual_figures` and CLV the formulas of
``relmap.analytics.value``; effort findings come from ``relmap.analytics.portfolio``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db import connections
from django.db.models import (
    Case,
    Count,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from relmap.accounts.choices import TeamRole
from relmap.accounts.models import Account, AccountMembership, FinancialPeriod
from relmap.accounts.selectors import tier_policies
from relmap.analytics.portfolio import AccountEffort, EffortFinding, effort_findings
from relmap.analytics.value import (
    YEAR_DAYS,
    YearTotals,
    annual_figures,
    clv_finite,
    clv_infinite,
)
from relmap.core.visibility import accounts_visible_to
from relmap.planning.choices import OPEN_ACTION_STATUSES
from relmap.planning.models import Milestone, PlanAction
from relmap.stakeholders.choices import CoverageDepth
from relmap.stakeholders.models import Coverage

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

DEPTH_ORDER = [d.value for d in CoverageDepth]

# What effort_for measures today, for pages that show effort against tier. Touchpoints
# come with the interactions feature: until then ``touchpoints_90d`` is None for every
# account and no finding is about touchpoint cadence.
EFFORT_SIGNALS_CHECKED = ("team size", "relationship coverage (people and depth)", "plan reviews")
EFFORT_SIGNALS_NOTE = (
    f"Effort signals checked now: {', '.join(EFFORT_SIGNALS_CHECKED[:-1])} and "
    f"{EFFORT_SIGNALS_CHECKED[-1]}. Touchpoints are not yet recorded in relmap, so the "
    "touchpoint cadence of each tier's policy is not checked yet."
)


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


@dataclass(frozen=True, slots=True)
class TierRow:
    """An account's tier (override, else quadrant; ``""`` until placed) and the size of
    its team (viewers not counted): what tier counts and effort findings need."""

    id: int
    name: str
    tier: str
    team_size: int


class _Tiered(Protocol):
    """A :class:`TierRow` or a :class:`PortfolioRow`."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def tier(self) -> str: ...
    @property
    def team_size(self) -> int: ...


@dataclass(frozen=True, slots=True)
class MatrixPoint:
    """One account as the portfolio matrix draws it: scores 0-10 (``None`` until placed),
    tier and quadrant keys, and annual revenue (bubble size) and CLV over the account's
    horizon (tooltip), in ``currency``."""

    id: int
    name: str
    strength: float | None
    attractiveness: float | None
    quadrant: str
    tier: str
    tier_overridden: bool
    currency: str
    annual_revenue: float | None
    clv_finite: float | None


@dataclass(frozen=True)
class PortfolioFilters:
    tier: str = ""
    quadrant: str = ""
    stage: str = ""
    owner: int | None = None
    q: str = ""


def _count(subquery: QuerySet[Any]) -> Coalesce:
    counted = subquery.order_by().values("account_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def filtered_accounts(
    user: AbstractBaseUser | AnonymousUser, filters: PortfolioFilters | None = None
) -> QuerySet[Account]:
    """The accounts ``user`` may see that match ``filters``, unordered, unannotated:
    cheap to use as a subquery (``.values("pk")``)."""
    f = filters or PortfolioFilters()
    qs = accounts_visible_to(user)
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
    return qs.order_by()


def _team_size() -> Coalesce:
    """The account's team, viewers not counted (a subquery on ``OuterRef("pk")``)."""
    return _count(
        AccountMembership.objects.filter(account_id=OuterRef("pk")).exclude(role=TeamRole.VIEWER)
    )


def portfolio_accounts(
    user: AbstractBaseUser | AnonymousUser, filters: PortfolioFilters | None = None
) -> QuerySet[Account]:
    """Visible accounts with team size and overdue actions, by name: one query.

    Both counts are correlated subqueries rather than a join and GROUP BY over every
    column: at thousands of accounts the grouping costs more than the counting.
    """
    today = timezone.localdate()
    return (
        filtered_accounts(user, filters)
        .annotate(
            team_size=_team_size(),
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


def tier_rows(
    user: AbstractBaseUser | AnonymousUser, filters: PortfolioFilters | None = None
) -> list[TierRow]:
    """Tier and team size of every account ``user`` may see that matches ``filters``,
    by name, in one query: for tier counts and :func:`effort_for` over a whole
    portfolio, without the owner, plan and value the table shows."""
    rows = (
        filtered_accounts(user, filters)
        .annotate(team_size=_team_size())
        .order_by("name")
        .values_list("pk", "name", "tier_override", "quadrant", "team_size")
    )
    return [
        TierRow(id=pk, name=name, tier=override or quadrant, team_size=team)
        for pk, name, override, quadrant, team in rows
    ]


# Value in SQL ---------------------------------------------------------------------------


def _days_before(connection: Any, date_sql: str, days: int) -> str:
    """SQL for the date ``days`` days before ``date_sql`` (SQLite or PostgreSQL).

    Written by hand: Django's date-minus-duration on SQLite calls a Python function per
    row.
    """
    if connection.vendor == "sqlite":
        return f"date({date_sql}, '-{int(days)} days')"
    return f"({date_sql} - {int(days)})"


def _days_between(connection: Any, later_sql: str, earlier_sql: str) -> str:
    """SQL for the whole days from ``earlier_sql`` to ``later_sql``."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({later_sql}) - julianday({earlier_sql}) AS INTEGER)"
    return f"({later_sql} - {earlier_sql})"


def year_totals_by_account(
    accounts: QuerySet[Account],
) -> dict[int, tuple[YearTotals, YearTotals | None]]:
    """Each account's latest year and previous year of financials, summed in one query.

    The windows are those of :func:`relmap.analytics.value.account_value`: the latest
    year holds the periods ending in the 365 days up to and including the account's
    latest period end, the previous year the 365 days before that; ``days`` runs from
    the earliest start in the window to the window's end. Accounts without periods are
    left out; the previous year is ``None`` when it holds no period.

    Raw SQL because each account has its own windows: the ORM cannot join the derived
    table of latest period ends (``b``), and a correlated subquery in each sum would run
    once per period row (ten times slower at 60,000 periods). Grouping by account and
    window reads each period once and skips older ones. ``accounts`` is compiled by the
    ORM into the ``IN (...)`` subquery, so visibility stays in one place.
    """
    connection = connections[accounts.db]
    quote = connection.ops.quote_name
    columns = {f.name: f.column or f.name for f in FinancialPeriod._meta.concrete_fields}

    def column(name: str) -> str:
        return quote(columns[name])

    table = quote(FinancialPeriod._meta.db_table)
    account, start, end = column("account"), column("period_start"), column("period_end")
    ids_sql, ids_params = (
        accounts.order_by().values("pk").query.get_compiler(using=accounts.db).as_sql()
    )
    last = f"MAX({end})"
    previous = f"p.{end} <= b.year_floor"
    sql = f"""
        SELECT y.account_id,
               y.previous,
               CAST(SUM(y.revenue) AS DOUBLE PRECISION),
               CAST(SUM(y.contribution) AS DOUBLE PRECISION),
               {_days_between(connection, "MAX(y.window_end)", "MIN(y.start)")} + 1
        FROM (
            SELECT p.{account} AS account_id,
                   CASE WHEN {previous} THEN 1 ELSE 0 END AS previous,
                   CASE WHEN {previous} THEN b.year_floor ELSE b.latest_end END AS window_end,
                   p.{column("revenue")} AS revenue,
                   p.{column("gross_margin")} - p.{column("cost_to_serve")} AS contribution,
                   p.{start} AS start
            FROM {table} p
            INNER JOIN (
                SELECT {account} AS account_id,
                       {last} AS latest_end,
                       {_days_before(connection, last, YEAR_DAYS)} AS year_floor,
                       {_days_before(connection, last, 2 * YEAR_DAYS)} AS previous_floor
                FROM {table}
                WHERE {account} IN ({ids_sql})
                GROUP BY {account}
            ) b ON b.account_id = p.{account}
            WHERE p.{end} > b.previous_floor
        ) y
        GROUP BY y.account_id, y.previous
    """  # noqa: S608 - names come from the model's metadata, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, ids_params)
        rows = cursor.fetchall()
    latest: dict[int, YearTotals] = {}
    earlier: dict[int, YearTotals] = {}
    for account_id, is_previous, revenue, contribution, days in rows:
        totals = YearTotals(float(revenue), float(contribution), int(days))
        (earlier if is_previous else latest)[account_id] = totals
    return {pk: (totals, earlier.get(pk)) for pk, totals in latest.items()}


@dataclass(frozen=True, slots=True)
class _Value:
    annual_revenue: float
    growth_pct: float | None
    clv_finite: float
    clv_infinite: float


def _value(
    totals: tuple[YearTotals, YearTotals | None] | None,
    retention: float,
    discount: float,
    horizon_years: int,
) -> _Value | None:
    """Annual revenue, growth and both CLVs from summed years (as ``account_value``)."""
    if totals is None:
        return None
    figures = annual_figures(*totals)
    m = figures.contribution
    return _Value(
        annual_revenue=figures.revenue,
        growth_pct=figures.growth_pct,
        clv_finite=clv_finite(m, retention, discount, horizon_years),
        clv_infinite=clv_infinite(m, retention, discount),
    )


def _trends(accounts: QuerySet[Account]) -> dict[int, tuple[float, ...]]:
    """Revenue of every period of ``accounts``, oldest first (as ``account_value``).

    By start, which reads the (account, start) unique index instead of sorting: the
    services refuse overlapping periods, so starts and ends come in the same order.
    """
    out: dict[int, list[float]] = defaultdict(list)
    for account_id, revenue in (
        FinancialPeriod.objects.filter(account_id__in=accounts.order_by().values("pk"))
        .order_by("account_id", "period_start")
        .values_list("account_id", Cast("revenue", FloatField()))
    ):
        out[account_id].append(revenue)
    return {k: tuple(v) for k, v in out.items()}


# Rows ---------------------------------------------------------------------------------------

_FLOAT = FloatField()
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
    "lifecycle_stage",
    "currency",
    "clv_horizon_years",
    "plan__status",
    "plan__revision",
    "overdue_actions",
    "team_size",
)
# Floats from SQL: the analytics work in floats, and building Decimals costs per row.
ROW_FLOATS = {
    "attractiveness_f": Cast("attractiveness", _FLOAT),
    "strength_f": Cast("strength", _FLOAT),
    "retention_f": Cast("retention_rate", _FLOAT),
    "discount_f": Cast("discount_rate", _FLOAT),
}


def portfolio_rows(
    user: AbstractBaseUser | AnonymousUser,
    filters: PortfolioFilters | None = None,
    *,
    account_ids: Sequence[int] | None = None,
    page: slice | None = None,
    with_value: bool = True,
    with_trend: bool = True,
) -> list[PortfolioRow]:
    """One row per account ``user`` may see, by name, in at most three queries.

    ``account_ids`` narrows the rows to those accounts (a page of a table), ``page``
    to a slice of them in name order (``slice(100, 200)``: an API page);
    ``with_value=False`` leaves out the financials (one query; value fields ``None``,
    trend empty), for callers that only need tiers and teams; ``with_trend=False`` keeps
    the value but leaves the revenue trend empty (two queries), for the CSV export.
    """
    qs = portfolio_accounts(user, filters)
    if account_ids is not None:
        qs = qs.filter(pk__in=list(account_ids))
    values = qs.values(*ROW_FIELDS, **ROW_FLOATS)
    listed = list(values if page is None else values[page])
    if page is not None:  # the value of the page's accounts only
        qs = Account.objects.filter(pk__in=[a["pk"] for a in listed])
    totals = year_totals_by_account(qs) if with_value and listed else {}
    trends = _trends(qs) if with_value and with_trend and listed else {}
    rows = []
    for a in listed:
        value = (
            _value(totals.get(a["pk"]), a["retention_f"], a["discount_f"], a["clv_horizon_years"])
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
                attractiveness=a["attractiveness_f"],
                strength=a["strength_f"],
                stage=a["lifecycle_stage"],
                currency=a["currency"],
                annual_revenue=value.annual_revenue if value else None,
                growth_pct=value.growth_pct if value else None,
                revenue_trend=trends.get(a["pk"], ()),
                clv_finite=value.clv_finite if value else None,
                clv_infinite=value.clv_infinite if value else None,
                plan_status=a["plan__status"] or "",
                plan_revision=a["plan__revision"] or 0,
                overdue_actions=a["overdue_actions"],
                team_size=a["team_size"],
            )
        )
    return rows


class PortfolioRowsByPage:
    """The rows of :func:`portfolio_rows`, read a slice at a time.

    What paginated lists need (django-ninja's ``LimitOffsetPagination`` takes ``len()``
    and ``[offset:offset + limit]``): a page reads the same as :func:`portfolio_rows` of
    that many accounts, and the count is one more query, however big the portfolio.
    """

    def __init__(
        self, user: AbstractBaseUser | AnonymousUser, filters: PortfolioFilters | None = None
    ) -> None:
        self.user = user
        self.filters = filters
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = filtered_accounts(self.user, self.filters).count()
        return self._count

    def __getitem__(self, index: slice) -> list[PortfolioRow]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("read the portfolio by slices, e.g. rows[100:200]")
        return portfolio_rows(self.user, self.filters, page=index)


def matrix_points(
    user: AbstractBaseUser | AnonymousUser, filters: PortfolioFilters | None = None
) -> list[MatrixPoint]:
    """Every account ``user`` may see that matches ``filters``, as the portfolio matrix
    draws it, by name: two queries (the accounts, then their summed years)."""
    qs = filtered_accounts(user, filters).order_by("name")
    listed = list(
        qs.values_list(
            "pk",
            "name",
            Cast("strength", _FLOAT),
            Cast("attractiveness", _FLOAT),
            "quadrant",
            "tier_override",
            "currency",
            Cast("retention_rate", _FLOAT),
            Cast("discount_rate", _FLOAT),
            "clv_horizon_years",
        )
    )
    totals = year_totals_by_account(qs) if listed else {}
    points = []
    for pk, name, strength, attractiveness, quadrant, override, currency, r, d, years in listed:
        value = _value(totals.get(pk), r, d, years)
        points.append(
            MatrixPoint(
                id=pk,
                name=name,
                strength=strength,
                attractiveness=attractiveness,
                quadrant=quadrant,
                tier=override or quadrant,
                tier_overridden=bool(override),
                currency=currency,
                annual_revenue=value.annual_revenue if value else None,
                clv_finite=value.clv_finite if value else None,
            )
        )
    return points


# Effort -------------------------------------------------------------------------------------


def _coverage(accounts: QuerySet[Account]) -> dict[int, tuple[int, int]]:
    """``{account_id: (people of theirs we cover, deepest depth's rank or -1)}``."""
    rank = Case(
        *(When(current_depth=depth, then=Value(i)) for i, depth in enumerate(DEPTH_ORDER)),
        default=Value(-1),
        output_field=IntegerField(),
    )
    rows = (
        Coverage.objects.filter(account_id__in=accounts.values("pk"))
        .order_by()
        .values("account_id")
        .annotate(people=Count("their_person_id", distinct=True), deepest=Max(rank))
        .values_list("account_id", "people", "deepest")
    )
    return {account_id: (people, deepest) for account_id, people, deepest in rows}


def _last_reviews(accounts: QuerySet[Account]) -> dict[int, Any]:
    """The day the latest review milestone of each account's plan was held."""
    rows = (
        Milestone.objects.filter(account_id__in=accounts.values("pk"), done=True)
        .order_by()
        .values("account_id")
        .annotate(last=Max("completed_on"))
        .values_list("account_id", "last")
    )
    return dict(rows)


def effort_for(
    user: AbstractBaseUser | AnonymousUser,
    rows: Sequence[_Tiered] | None = None,
    *,
    filters: PortfolioFilters | None = None,
) -> list[AccountEffort]:
    """What effort each account gets today (team, coverage, plan reviews), in three
    queries or two when ``rows`` are given.

    ``rows`` (:class:`TierRow` or :class:`PortfolioRow`) are the accounts to judge,
    read here when not given; pass the ``filters`` they were read with so that coverage
    and reviews are counted for those accounts only. Touchpoints are not recorded yet
    (:data:`EFFORT_SIGNALS_NOTE`).
    """
    listed: Iterable[_Tiered] = rows if rows is not None else tier_rows(user, filters)
    accounts = filtered_accounts(user, filters)
    coverage = _coverage(accounts)
    reviewed = _last_reviews(accounts)
    today = timezone.localdate()
    efforts = []
    for row in listed:
        people, deepest = coverage.get(row.id, (0, -1))
        last = reviewed.get(row.id)
        efforts.append(
            AccountEffort(
                account_id=row.id,
                name=row.name,
                tier=row.tier or None,
                team_size=row.team_size,
                covered_people=people,
                deepest_coverage=DEPTH_ORDER[deepest] if deepest >= 0 else None,
                # Touchpoints arrive with interactions (a later feature): not tracked yet.
                touchpoints_90d=None,
                days_since_review=(today - last).days if last is not None else None,
            )
        )
    return efforts


def effort_findings_for(
    user: AbstractBaseUser | AnonymousUser,
    rows: Sequence[_Tiered] | None = None,
    *,
    filters: PortfolioFilters | None = None,
) -> list[EffortFinding]:
    """Where effort does not follow tier in ``user``'s portfolio (see :func:`effort_for`)."""
    return effort_findings(effort_for(user, rows, filters=filters), tier_policies())

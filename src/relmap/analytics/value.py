"""Account value: revenue, contribution after cost to serve, growth and CLV.

Customer lifetime value follows the customer-equity literature as FRAMEWORKS.md states
it (Gupta, S. & Lehmann, D. R. 2003, "Customers as assets", *Journal of Interactive
Marketing* 17(1), 9-24): constant margin ``m`` per period, retention ``r``, discount
rate ``d``. relmap works in years: ``m`` is the annual contribution, ``r`` and ``d`` are
annual rates. Amounts are in the account's currency (no conversion is done here).
Formulas and the annualisation rule: docs/algorithms/value.md.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_RETENTION = 0.8
DEFAULT_DISCOUNT = 0.10
DEFAULT_HORIZON_YEARS = 5

# Length of "a year" of periods, in days: the latest year is the periods ending in the
# 365 days up to and including the latest period end.
YEAR_DAYS = 365

# Typographic signs in explanations, written as escapes to keep the source ASCII.
TIMES = "\u00d7"
MINUS = "\u2212"


@dataclass(frozen=True, slots=True)
class Period:
    """Financials of one account for one period (both dates inclusive).

    ``revenue`` and ``gross_margin`` (revenue minus cost of goods) and
    ``cost_to_serve`` (sales, service, logistics spent on this account) are amounts in
    the account's currency.
    """

    start: datetime.date
    end: datetime.date
    revenue: float
    gross_margin: float
    cost_to_serve: float

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def contribution(self) -> float:
        """Profitability after cost to serve: ``gross_margin - cost_to_serve``."""
        return self.gross_margin - self.cost_to_serve

    @property
    def margin_pct(self) -> float | None:
        """Gross margin as a percentage of revenue; ``None`` when revenue is 0."""
        if self.revenue == 0:
            return None
        return self.gross_margin / self.revenue * 100.0

    @property
    def days(self) -> int:
        """Length of the period in days, both ends included."""
        return (self.end - self.start).days + 1


def _check_rates(retention: float, discount: float) -> None:
    if not (math.isfinite(retention) and 0.0 <= retention < 1.0):
        raise ValueError(
            f"retention must be at least 0 and below 1 (a share per year), got {retention}"
        )
    if not (math.isfinite(discount) and discount >= 0.0):
        raise ValueError(f"discount rate must be 0 or more (a share per year), got {discount}")


def clv_infinite(
    margin: float, retention: float, discount: float, acquisition_cost: float = 0.0
) -> float:
    """Customer lifetime value over an infinite horizon.

    Formula: ``CLV = m * r / (1 + d - r) - AC`` with ``m`` the margin per period
    (currency), ``r`` the retention rate per period in [0, 1), ``d`` the discount rate
    per period (>= 0) and ``AC`` the acquisition cost (0 for a customer already won).
    Example: r = 0.8, d = 0.10 gives CLV = 2.67 * m. Margins are received at the end of
    each period and the first is already subject to retention.
    Source: Gupta & Lehmann (2003), as given in FRAMEWORKS.md.
    Raises ``ValueError`` for retention outside [0, 1) or a negative discount.
    """
    _check_rates(retention, discount)
    return margin * retention / (1.0 + discount - retention) - acquisition_cost


def clv_finite(margin: float, retention: float, discount: float, periods: int) -> float:
    """Customer lifetime value over a finite horizon of ``periods`` periods.

    Formula: ``CLV = Σ_{t=1..T} m · r^t / (1 + d)^t`` with ``T = periods`` (e.g. the
    years of a contract), ``m`` margin per period, ``r`` retention and ``d`` discount
    rate per period. Tends to :func:`clv_infinite` (without acquisition cost) as T grows.
    Source: Gupta & Lehmann (2003), as given in FRAMEWORKS.md.
    Raises ``ValueError`` for retention outside [0, 1), a negative discount or
    ``periods < 1``.
    """
    _check_rates(retention, discount)
    if periods < 1:
        raise ValueError(f"the horizon must be at least 1 period, got {periods}")
    factor = retention / (1.0 + discount)
    return math.fsum(margin * factor**t for t in range(1, periods + 1))


@dataclass(frozen=True, slots=True)
class AccountValue:
    """Value of one account, with the numbers behind it.

    ``annual_revenue`` and ``annual_contribution`` cover the latest year (periods ending
    in the 365 days up to the latest period end), annualised when the data cover less
    than a year; ``annual_contribution`` is the margin ``m`` used for CLV.
    ``contribution_pct`` is contribution as % of revenue. ``revenue_trend`` is
    (period end, revenue) for every period, oldest first. ``growth_pct`` is latest year
    versus the year before, in %. All are ``None`` when they cannot be computed.
    """

    annual_revenue: float | None
    annual_contribution: float | None
    contribution_pct: float | None
    revenue_trend: tuple[tuple[datetime.date, float], ...]
    growth_pct: float | None
    clv_infinite: float | None
    clv_finite: float | None
    horizon_years: int
    retention: float
    discount: float
    explanation: str
    acquisition_cost: float = 0.0
    annualised: bool = False
    year_start: datetime.date | None = None
    year_end: datetime.date | None = None


def _money(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _pct(value: float) -> str:
    return f"{value:.1f} %"


@dataclass(frozen=True, slots=True)
class YearTotals:
    """The periods of one year window, summed: ``revenue`` and ``contribution`` (gross
    margin minus cost to serve) in the account's currency, and ``days`` covered, from the
    earliest start of those periods to the window's end, both included.

    The latest year ends on the latest period end; the previous year ends 365 days
    before it (see :func:`account_value`). Readers that sum in the database (the
    portfolio) hand these to :func:`annual_figures`, so that every caller annualises and
    compares years by the same rule.
    """

    revenue: float
    contribution: float
    days: int


@dataclass(frozen=True, slots=True)
class AnnualFigures:
    """Annual revenue and contribution (annualised when ``annualised``), contribution as
    % of revenue, growth on the previous year in % and the previous year's (annualised)
    revenue; ``None`` where they cannot be computed."""

    revenue: float
    contribution: float
    contribution_pct: float | None
    growth_pct: float | None
    annualised: bool
    previous_revenue: float | None


def _annualise(value: float, days: int) -> float:
    return value * YEAR_DAYS / days if days < YEAR_DAYS else value


def annual_figures(latest: YearTotals, previous: YearTotals | None) -> AnnualFigures:
    """Annual revenue, contribution and growth from the totals of two year windows.

    - When a window covers fewer than 365 days its sums are annualised:
      ``sum * 365 / days``; a year or more of data is used as is.
    - ``contribution_pct = contribution / revenue * 100`` (``None`` for zero revenue).
    - ``growth_pct = (revenue / previous revenue - 1) * 100``, both annualised; ``None``
      without a previous year or when its revenue is not positive.

    Units: the account's currency; days. Source: docs/algorithms/value.md.
    """
    revenue = _annualise(latest.revenue, latest.days)
    contribution = _annualise(latest.contribution, latest.days)
    contribution_pct = contribution / revenue * 100.0 if revenue != 0 else None
    previous_revenue = None if previous is None else _annualise(previous.revenue, previous.days)
    growth_pct = (
        (revenue / previous_revenue - 1.0) * 100.0
        if previous_revenue is not None and previous_revenue > 0
        else None
    )
    return AnnualFigures(
        revenue=revenue,
        contribution=contribution,
        contribution_pct=contribution_pct,
        growth_pct=growth_pct,
        annualised=latest.days < YEAR_DAYS,
        previous_revenue=previous_revenue,
    )


def year_totals(
    periods: Sequence[Period], end: datetime.date
) -> tuple[YearTotals, datetime.date] | None:
    """The totals of the year ending on ``end``, and the first start in it; ``None`` when
    no period ends in that year.

    The year holds the periods with ``end - 365 days < period.end <= end``: a period
    counts in the year of its end. ``revenue`` and ``contribution`` are their sums (the
    account's currency), ``days`` runs from the earliest start among them to ``end``,
    both included. Source: docs/algorithms/value.md.
    """
    floor = end - datetime.timedelta(days=YEAR_DAYS)
    inside = [p for p in periods if floor < p.end <= end]
    if not inside:
        return None
    first = min(p.start for p in inside)
    totals = YearTotals(
        revenue=math.fsum(p.revenue for p in inside),
        contribution=math.fsum(p.contribution for p in inside),
        days=(end - first).days + 1,
    )
    return totals, first


def account_value(
    periods: Sequence[Period],
    *,
    retention: float = DEFAULT_RETENTION,
    discount: float = DEFAULT_DISCOUNT,
    horizon_years: int = DEFAULT_HORIZON_YEARS,
    acquisition_cost: float = 0.0,
) -> AccountValue:
    """Revenue, contribution, growth and CLV of one account from its financial periods.

    - Latest year: the periods whose end falls in the 365 days up to and including the
      latest period end. ``annual_revenue`` and ``annual_contribution`` (gross margin
      minus cost to serve) are their sums. When those periods cover fewer than 365 days
      (from the earliest start to the latest end) the sums are annualised:
      ``sum * 365 / days covered``.
    - ``contribution_pct = annual_contribution / annual_revenue * 100``.
    - ``growth_pct = (revenue of latest year / revenue of previous year - 1) * 100``,
      where the previous year is the 365 days before the latest year, annualised the
      same way; ``None`` without previous data or when previous revenue is not positive.
    - CLV with ``m = annual_contribution``, annual ``retention`` and ``discount``:
      :func:`clv_infinite` (minus ``acquisition_cost``) and :func:`clv_finite` over
      ``horizon_years``.

    Units: currency of the periods; rates per year. Source: Gupta & Lehmann (2003).
    Raises ``ValueError`` for a bad retention, discount or horizon (see the CLV
    functions), even when there are no periods.
    """
    _check_rates(retention, discount)
    if horizon_years < 1:
        raise ValueError(f"the horizon must be at least 1 year, got {horizon_years}")
    ordered = sorted(periods, key=lambda p: (p.end, p.start))
    trend = tuple((p.end, p.revenue) for p in ordered)
    rates = f"retention {_pct(retention * 100)} and discount rate {_pct(discount * 100)} a year"
    if not ordered:
        return AccountValue(
            None,
            None,
            None,
            trend,
            None,
            None,
            None,
            horizon_years,
            retention,
            discount,
            "No financial periods are recorded yet, so revenue, contribution and CLV "
            "cannot be computed. Add revenue, gross margin and cost to serve by period.",
            acquisition_cost,
        )

    latest_end = ordered[-1].end
    latest = year_totals(ordered, latest_end)
    assert latest is not None  # noqa: S101 - the latest period is always inside
    totals, first = latest
    covered = totals.days
    previous = year_totals(ordered, latest_end - datetime.timedelta(days=YEAR_DAYS))
    figures = annual_figures(totals, None if previous is None else previous[0])
    revenue, contribution = figures.revenue, figures.contribution
    annualised = figures.annualised

    parts: list[str] = []
    window = f"the year to {latest_end.isoformat()}"
    parts.append(
        f"In {window} the account brought revenue {_money(revenue)} and contribution "
        f"after cost to serve {_money(contribution)}"
    )
    contribution_pct = figures.contribution_pct
    if contribution_pct is not None:
        parts[-1] += f" ({_pct(contribution_pct)} of revenue)"
    parts[-1] += "."
    if annualised:
        parts.append(
            f"The data cover only {covered} days ({first.isoformat()} to "
            f"{latest_end.isoformat()}), so both figures are annualised ({TIMES} 365 / {covered})."
        )

    growth_pct = figures.growth_pct
    if figures.previous_revenue is None:
        parts.append("Growth needs a previous year of data.")
    elif growth_pct is not None:
        direction = "grew" if growth_pct >= 0 else "fell"
        parts.append(
            f"Revenue {direction} {_pct(abs(growth_pct))} on the previous year "
            f"({_money(figures.previous_revenue)})."
        )
    else:
        parts.append("Growth cannot be computed: the previous year had no revenue.")

    value_inf = clv_infinite(contribution, retention, discount, acquisition_cost)
    value_fin = clv_finite(contribution, retention, discount, horizon_years)
    multiple = retention / (1.0 + discount - retention)
    ac_text = f" {MINUS} {_money(acquisition_cost)} acquisition cost" if acquisition_cost else ""
    parts.append(
        f"With {rates}, CLV = m · r / (1 + d {MINUS} r){ac_text} = {_money(contribution)} {TIMES} "
        f"{multiple:.2f}{ac_text} = {_money(value_inf)} over an unlimited horizon, and "
        f"{_money(value_fin)} over {horizon_years} "
        f"{'year' if horizon_years == 1 else 'years'} (Gupta & Lehmann 2003)."
    )
    if contribution < 0:
        parts.append(
            "The contribution is negative: the account costs more to serve than it earns, "
            "so keeping it longer destroys value unless cost to serve comes down."
        )
    return AccountValue(
        annual_revenue=revenue,
        annual_contribution=contribution,
        contribution_pct=contribution_pct,
        revenue_trend=trend,
        growth_pct=growth_pct,
        clv_infinite=value_inf,
        clv_finite=value_fin,
        horizon_years=horizon_years,
        retention=retention,
        discount=discount,
        explanation=" ".join(parts),
        acquisition_cost=acquisition_cost,
        annualised=annualised,
        year_start=first,
        year_end=latest_end,
    )


def retention_what_if(
    margin: float, discount: float, retentions: Sequence[float], horizon_years: int
) -> list[tuple[float, float, float]]:
    """CLV at several retention rates: ``(r, clv_infinite, clv_finite)`` per rate.

    Uses :func:`clv_infinite` (no acquisition cost) and :func:`clv_finite` over
    ``horizon_years`` with the same annual ``margin`` and ``discount``; rows keep the
    order of ``retentions``. Shows how much a few points of retention are worth.
    Raises ``ValueError`` as the CLV functions do.
    """
    return [
        (r, clv_infinite(margin, r, discount), clv_finite(margin, r, discount, horizon_years))
        for r in retentions
    ]

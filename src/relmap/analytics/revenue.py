"""Revenue growth, the KPI: at a financial period end, the revenue of the year to that day
against the revenue of the year before, in % a year.

The two years and the growth formula are :mod:`relmap.analytics.value`'s
(:func:`~relmap.analytics.value.year_totals` and
:func:`~relmap.analytics.value.annual_figures`), so that the KPI, the account's value
page and the portfolio agree on what "a year" and "growth" are. The KPI is stricter about
the data behind it: it has a value only when the periods cover both years day for day. A
part of a year is not annualised into a trend, and a missing quarter is not read as a fall
in revenue. Rules and a worked example: docs/algorithms/kpis.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from relmap.analytics.value import YEAR_DAYS, Period, annual_figures, year_totals

DAY = datetime.timedelta(days=1)
YEAR = datetime.timedelta(days=YEAR_DAYS)


def _money(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


@dataclass(frozen=True, slots=True)
class RevenueGrowth:
    """Revenue growth on ``on`` and what it was computed from.

    ``growth_pct`` is in % a year (12.5: revenue up an eighth on the year before), or
    ``None`` with ``reason`` saying why there is none. ``revenue`` is the revenue of the
    year to ``on`` and ``previous_revenue`` that of the year before (the account's
    currency; ``None`` when that year has no periods); ``since`` is the first day of the
    previous year's periods.
    """

    on: datetime.date
    growth_pct: float | None
    revenue: float | None
    previous_revenue: float | None
    since: datetime.date | None
    reason: str = ""

    def explanation(self) -> str:
        if self.growth_pct is None:
            return f"No revenue growth on {self.on.isoformat()}: {self.reason}"
        assert self.revenue is not None  # noqa: S101 - a growth has both years
        assert self.previous_revenue is not None  # noqa: S101
        assert self.since is not None  # noqa: S101
        previous_end = self.on - YEAR
        return (
            f"Revenue growth {self.growth_pct:+.1f} % a year: {_money(self.revenue)} in the "
            f"year to {self.on.isoformat()} against {_money(self.previous_revenue)} in the "
            f"year to {previous_end.isoformat()} (periods from {self.since.isoformat()})."
        )


def _first_gap(
    periods: Sequence[Period], start: datetime.date, end: datetime.date
) -> tuple[datetime.date, datetime.date] | None:
    """The first run of days from ``start`` to ``end`` that no period covers, or None."""
    cursor = start
    for p in sorted(periods, key=lambda p: (p.start, p.end)):
        if p.end < cursor:
            continue
        if p.start > cursor:
            return cursor, min(p.start - DAY, end)
        cursor = p.end + DAY
        if cursor > end:
            return None
    return (cursor, end) if cursor <= end else None


def revenue_growth(periods: Sequence[Period], *, on: datetime.date) -> RevenueGrowth:
    """Year-over-year growth of trailing-twelve-month revenue on ``on``.

    Formula (:func:`relmap.analytics.value.annual_figures`):
    ``growth_pct = (R / R_prev - 1) * 100`` where ``R`` is the revenue of the periods
    ending in the year to ``on`` (``on - 365 days < end <= on``) and ``R_prev`` that of
    the periods ending in the 365 days before (:func:`relmap.analytics.value.year_totals`).

    There is a value only when it can be computed honestly, otherwise ``growth_pct`` is
    ``None`` and ``reason`` says why:

    - the previous year has periods, and they start at least 365 days before that year's
      end (a full previous year, never an annualised part of one);
    - the periods of both years leave no day uncovered from the first of them to ``on``
      (a missing period would read as lost revenue);
    - ``R_prev`` is more than 0 (growth on nothing is not a percentage).

    With both years full nothing is annualised, so ``R`` and ``R_prev`` are plain sums.
    Units: % a year; revenue in the account's currency. Source: docs/algorithms/kpis.md
    (the years: docs/algorithms/value.md).
    """
    latest = year_totals(periods, on)
    if latest is None:
        return RevenueGrowth(on, None, None, None, None, "no period ends in the year to it.")
    this_year = latest[0]
    previous_end = on - YEAR
    previous = year_totals(periods, previous_end)
    if previous is None:
        return RevenueGrowth(
            on,
            None,
            this_year.revenue,
            None,
            None,
            f"growth needs the year before ({(previous_end - YEAR + DAY).isoformat()} to "
            f"{previous_end.isoformat()}) and no period ends in it.",
        )
    last_year, since = previous

    def none(reason: str) -> RevenueGrowth:
        return RevenueGrowth(on, None, this_year.revenue, last_year.revenue, since, reason)

    if last_year.days < YEAR_DAYS:
        return none(
            f"the year before is covered only from {since.isoformat()} ({last_year.days} "
            f"days, not {YEAR_DAYS}); growth needs a full previous year."
        )
    counted = [p for p in periods if previous_end - YEAR < p.end <= on]
    gap = _first_gap(counted, since, on)
    if gap is not None:
        return none(
            f"no period covers {gap[0].isoformat()} to {gap[1].isoformat()}, and a missing "
            "period would read as lost revenue."
        )
    figures = annual_figures(this_year, last_year)
    if figures.growth_pct is None:
        return none(
            f"the year before brought revenue {_money(last_year.revenue)}; growth on no "
            "revenue is not a percentage."
        )
    return RevenueGrowth(
        on, figures.growth_pct, figures.revenue, figures.previous_revenue, since, ""
    )


def revenue_growth_series(
    periods: Sequence[Period], *, until: datetime.date | None = None
) -> list[RevenueGrowth]:
    """:func:`revenue_growth` on every period end up to ``until`` (all when None), oldest
    first, one per distinct end, with or without a value. Units and rules as there."""
    ends = sorted({p.end for p in periods if until is None or p.end <= until})
    return [revenue_growth(periods, on=end) for end in ends]

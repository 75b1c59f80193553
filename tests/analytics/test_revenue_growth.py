"""Revenue growth, the KPI: trailing-year revenue against the year before at each period
end, only where a full previous year is covered (docs/algorithms/kpis.md)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from relmap.analytics.revenue import revenue_growth, revenue_growth_series
from relmap.analytics.value import Period, account_value

# Quarters of 2023 and 2024, and the first quarter of 2025.
QUARTERS = (
    (date(2023, 1, 1), date(2023, 3, 31), 200.0),
    (date(2023, 4, 1), date(2023, 6, 30), 250.0),
    (date(2023, 7, 1), date(2023, 9, 30), 250.0),
    (date(2023, 10, 1), date(2023, 12, 31), 300.0),  # 2023: 1,000
    (date(2024, 1, 1), date(2024, 3, 31), 250.0),
    (date(2024, 4, 1), date(2024, 6, 30), 250.0),
    (date(2024, 7, 1), date(2024, 9, 30), 300.0),
    (date(2024, 10, 1), date(2024, 12, 31), 300.0),  # 2024: 1,100
    (date(2025, 1, 1), date(2025, 3, 31), 410.0),
)


def periods(rows: tuple[tuple[date, date, float], ...] = QUARTERS) -> list[Period]:
    return [Period(start, end, revenue, revenue * 0.3, 0.0) for start, end, revenue in rows]


def test_each_period_end_with_a_full_previous_year_has_its_growth() -> None:
    series = revenue_growth_series(periods())
    valued = [g for g in series if g.growth_pct is not None]
    # 2024-12-31: 2024's 1,100 against 2023's 1,000 = +10 %.
    # 2025-03-31: Q2 2024 to Q1 2025, 250 + 300 + 300 + 410 = 1,260, against Q2 2023 to
    # Q1 2024, 250 + 250 + 300 + 250 = 1,050: 1,260 / 1,050 - 1 = +20 %.
    assert [g.on for g in valued] == [date(2024, 12, 31), date(2025, 3, 31)]
    assert [g.growth_pct for g in valued] == pytest.approx([10.0, 20.0])
    last = series[-1]
    assert (last.revenue, last.previous_revenue, last.since) == (1260.0, 1050.0, date(2023, 4, 1))
    assert last.explanation() == (
        "Revenue growth +20.0 % a year: 1,260 in the year to 2025-03-31 against 1,050 in "
        "the year to 2024-03-31 (periods from 2023-04-01)."
    )


def test_a_part_of_the_previous_year_gives_no_point_and_says_why() -> None:
    series = {g.on: g for g in revenue_growth_series(periods())}
    assert len(series) == 9
    first_year = series[date(2023, 12, 31)]
    assert first_year.growth_pct is None
    assert first_year.revenue == 1000.0
    assert "no period ends in it" in first_year.reason
    # Q4 2023 to Q3 2024 against the year to 2023-10-01: only Q1-Q3 2023, 274 days.
    partial = series[date(2024, 9, 30)]
    assert partial.growth_pct is None
    assert partial.previous_revenue == 700.0
    assert partial.reason == (
        "the year before is covered only from 2023-01-01 (274 days, not 365); growth "
        "needs a full previous year."
    )
    assert partial.explanation().startswith("No revenue growth on 2024-09-30: the year")
    # The account value page annualises that part-year (700 x 365 / 274); the KPI,
    # a series read as a trend, does not.
    assert account_value(periods()[:7]).growth_pct is not None


def test_a_missing_period_gives_no_point_rather_than_a_fall() -> None:
    without_q3 = tuple(q for q in QUARTERS if q[0] != date(2023, 7, 1))
    growth = revenue_growth(periods(without_q3), on=date(2024, 12, 31))
    assert growth.growth_pct is None
    assert "no period covers 2023-07-01 to 2023-09-30" in growth.reason


def test_no_revenue_the_year_before_gives_no_point_with_the_reason() -> None:
    rows = tuple(
        (start, end, 0.0 if start.year == 2023 else revenue) for start, end, revenue in QUARTERS
    )
    growth = revenue_growth(periods(rows), on=date(2024, 12, 31))
    assert growth.growth_pct is None
    assert (growth.revenue, growth.previous_revenue) == (1100.0, 0.0)
    assert growth.reason == (
        "the year before brought revenue 0.00; growth on no revenue is not a percentage."
    )


def test_it_agrees_with_the_growth_of_the_account_value() -> None:
    ps = periods()
    assert revenue_growth(ps, on=date(2025, 3, 31)).growth_pct == account_value(ps).growth_pct


def test_monthly_periods_across_a_leap_day_count_twelve_months_a_year() -> None:
    months = []
    for year in (2023, 2024):
        for month in range(1, 13):
            start = date(year, month, 1)
            nxt = date(year + month // 12, month % 12 + 1, 1)
            months.append((start, date.fromordinal(nxt.toordinal() - 1), 100.0 * (year - 2022)))
    series = revenue_growth_series(periods(tuple(months)))
    valued = [g for g in series if g.growth_pct is not None]
    # Only December 2024 has a full previous year: 2,400 against 1,200.
    assert [g.on for g in valued] == [date(2024, 12, 31)]
    assert valued[0].growth_pct == pytest.approx(100.0)


def test_until_leaves_out_later_period_ends() -> None:
    series = revenue_growth_series(periods(), until=date(2025, 3, 30))
    assert series[-1].on == date(2024, 12, 31)


def test_the_module_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "import relmap.analytics.revenue\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""

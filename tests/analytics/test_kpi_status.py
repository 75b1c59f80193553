"""A KPI against its baseline and target: progress as a share of the promised change,
compared with the share of time gone, either direction."""

from __future__ import annotations

import datetime as dt

import pytest

from relmap.analytics import kpis

B_ON, T_ON = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def status(
    latest: float, today: dt.date, baseline: float = 80, target: float = 90
) -> kpis.KpiStatus:
    return kpis.kpi_status(
        latest=latest,
        latest_on=today,
        baseline=baseline,
        baseline_on=B_ON,
        target=target,
        target_on=T_ON,
        today=today,
    )


@pytest.mark.parametrize(
    ("latest", "today", "expected"),
    [
        (90, dt.date(2026, 6, 1), kpis.MET),
        (91, dt.date(2026, 6, 1), kpis.MET),
        (86, dt.date(2026, 7, 2), kpis.ON_TRACK),  # 60 % of the change, half the time
        (83, dt.date(2026, 7, 2), kpis.BEHIND),  # 30 %, half the time
        (79, dt.date(2026, 3, 1), kpis.WORSE),
        (88, dt.date(2027, 1, 15), kpis.OVERDUE),
    ],
)
def test_higher_is_better(latest: float, today: dt.date, expected: str) -> None:
    assert status(latest, today).status == expected


def test_lower_is_better_reads_the_same_way() -> None:
    # Complaints from 6 a month to 2: 4 is half the change.
    s = status(4, dt.date(2026, 4, 1), baseline=6, target=2)
    assert s.progress == 0.5
    assert s.status == kpis.ON_TRACK
    assert status(7, dt.date(2026, 4, 1), baseline=6, target=2).status == kpis.WORSE
    assert status(2, dt.date(2026, 4, 1), baseline=6, target=2).status == kpis.MET


def test_the_explanation_gives_the_figures() -> None:
    s = status(86, dt.date(2026, 7, 2))
    assert s.explanation == (
        "86 on 2026-07-02 against a baseline of 80 (2026-01-01) and a target of 90 by "
        "2026-12-31: 60 % of the change, with 50 % of the time gone."
    )
    assert s.label == "On track"


def test_without_values_or_target_it_says_so() -> None:
    none = kpis.kpi_status(
        latest=None,
        latest_on=None,
        baseline=80,
        baseline_on=B_ON,
        target=90,
        target_on=T_ON,
        today=B_ON,
    )
    assert none.status == kpis.NO_DATA
    no_target = kpis.kpi_status(
        latest=3,
        latest_on=B_ON,
        baseline=None,
        baseline_on=None,
        target=None,
        target_on=None,
        today=B_ON,
    )
    assert no_target.status == kpis.NO_TARGET
    assert "set a baseline and a target" in no_target.explanation


# Freshness: is the KPI still being measured, by its own rhythm?


def monthly(last: dt.date, count: int) -> list[dt.date]:
    return [last - dt.timedelta(days=30 * i) for i in range(count)]


def test_a_monthly_kpi_is_late_after_six_weeks() -> None:
    last = dt.date(2026, 10, 1)
    fresh = kpis.freshness(monthly(last, 8), today=dt.date(2026, 11, 15))
    assert (fresh.rhythm_days, fresh.allowance_days) == (30, 45)
    assert fresh.expected_by == dt.date(2026, 11, 15)
    assert not fresh.stale
    assert kpis.freshness(monthly(last, 8), today=dt.date(2026, 11, 16)).stale


def test_a_quarterly_kpi_is_late_only_after_a_quarter_and_a_half() -> None:
    quarter_ends = [dt.date(2025, 12, 31), dt.date(2026, 3, 31), dt.date(2026, 6, 30)]
    quarter_ends.append(dt.date(2026, 9, 30))
    fresh = kpis.freshness(quarter_ends, today=dt.date(2026, 12, 4))
    assert fresh.rhythm_days == 91  # median of 90, 91, 92
    assert fresh.allowance_days == 137  # ceil(1.5 * 91)
    assert fresh.expected_by == dt.date(2027, 2, 14)
    assert not fresh.stale
    assert "about every 91 days" in fresh.explanation()
    assert kpis.freshness(quarter_ends, today=dt.date(2027, 2, 15)).stale


def test_the_rhythm_is_the_median_of_the_latest_gaps() -> None:
    # A year of quarterly values, then monthly ones: the latest six gaps are monthly.
    quarterly = [dt.date(2025, 1, 1) + dt.timedelta(days=91 * i) for i in range(4)]
    recent = [dt.date(2026, 1, 1) + dt.timedelta(days=30 * i) for i in range(7)]
    fresh = kpis.freshness(quarterly + recent, today=recent[-1])
    assert fresh.rhythm_days == 30
    # The same day twice is one measurement; a day after today is not one yet.
    twice = kpis.freshness([dt.date(2026, 1, 1)] * 3, today=dt.date(2026, 1, 2))
    assert (twice.rhythm_days, twice.allowance_days) == (None, 45)
    assert "one value so far" in twice.explanation()
    ahead = kpis.freshness([dt.date(2026, 1, 1), dt.date(2026, 3, 1)], today=dt.date(2026, 2, 1))
    assert (ahead.latest_on, ahead.rhythm_days) == (dt.date(2026, 1, 1), None)


def test_no_value_is_stale() -> None:
    fresh = kpis.freshness([], today=dt.date(2026, 1, 1))
    assert fresh.stale
    assert fresh.expected_by is None
    assert fresh.explanation() == "no value yet"

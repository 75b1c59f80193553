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

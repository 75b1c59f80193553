"""Where a KPI stands against its baseline and target.

A target is a change from the baseline by a date (SMART: metric, baseline, target,
deadline; the seeds' "measurable improvement targets"). With the latest value ``v``,
baseline ``b`` and target ``t``::

    progress = (v - b) / (t - b)

the share of the promised change achieved so far, whichever way the KPI improves (for a
"lower is better" KPI both differences are negative). It is compared with the share of
the time from the baseline day to the target day that has passed:

- **met**: the target is reached (``progress >= 1``);
- **overdue**: the target day has passed and it is not;
- **on track**: progress at least the time elapsed (a straight line from baseline to
  target, the simplest honest expectation);
- **behind**: less;
- **worse**: the KPI moved the wrong way since the baseline;
- **no data** / **no target**: nothing to compare.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import statistics
from dataclasses import dataclass

MET, OVERDUE, ON_TRACK, BEHIND, WORSE, NO_DATA, NO_TARGET = (
    "met",
    "overdue",
    "on_track",
    "behind",
    "worse",
    "no_data",
    "no_target",
)
LABELS = {
    MET: "Target met",
    OVERDUE: "Target overdue",
    ON_TRACK: "On track",
    BEHIND: "Behind",
    WORSE: "Worse than baseline",
    NO_DATA: "No values yet",
    NO_TARGET: "No baseline and target",
}


@dataclass(frozen=True, slots=True)
class KpiStatus:
    status: str
    progress: float | None  # share of the promised change achieved, may be < 0 or > 1
    elapsed: float | None  # share of the baseline-to-target time passed, 0-1
    explanation: str

    @property
    def label(self) -> str:
        return LABELS[self.status]


def kpi_status(
    *,
    latest: float | None,
    latest_on: dt.date | None,
    baseline: float | None,
    baseline_on: dt.date | None,
    target: float | None,
    target_on: dt.date | None,
    today: dt.date,
) -> KpiStatus:
    """The status of a KPI on ``today`` (see the module's docstring)."""
    if latest is None or latest_on is None:
        return KpiStatus(NO_DATA, None, None, "No values recorded yet.")
    if baseline is None or target is None or baseline_on is None or target_on is None:
        return KpiStatus(
            NO_TARGET,
            None,
            None,
            f"Latest {latest:g} on {latest_on}; set a baseline and a target to follow progress.",
        )
    span = (target_on - baseline_on).days
    elapsed = min(1.0, max(0.0, (today - baseline_on).days / span)) if span > 0 else 1.0
    progress = (latest - baseline) / (target - baseline)
    head = (
        f"{latest:g} on {latest_on} against a baseline of {baseline:g} ({baseline_on}) and a "
        f"target of {target:g} by {target_on}: {100 * progress:.0f} % of the change"
    )
    if progress >= 1:
        return KpiStatus(MET, progress, elapsed, f"{head}, the target is met.")
    if progress < 0:
        return KpiStatus(WORSE, progress, elapsed, f"{head}: it moved the wrong way.")
    if today > target_on:
        return KpiStatus(OVERDUE, progress, elapsed, f"{head}, and the target day has passed.")
    status = ON_TRACK if progress >= elapsed else BEHIND
    return KpiStatus(
        status, progress, elapsed, f"{head}, with {100 * elapsed:.0f} % of the time gone."
    )


# Is a KPI still being measured? A KPI with no new value when one was due is monitoring
# by anecdote again (the seeds' common mistake). What "due" means follows the KPI's own
# rhythm: a monthly figure is late after a month and a fortnight, a quarterly one only
# after a quarter and a half (quarterly revenue is reported weeks after the quarter ends).
FRESH_FLOOR_DAYS = 45  # the least time allowed between values: a month and a fortnight
RHYTHM_SLACK = 1.5  # a value is late once one and a half of its usual gaps have passed
RHYTHM_GAPS = 6  # the usual gap is the median of the latest six


@dataclass(frozen=True, slots=True)
class Freshness:
    latest_on: dt.date | None
    rhythm_days: int | None  # the usual gap between values; None with fewer than two
    allowance_days: int
    today: dt.date

    @property
    def expected_by(self) -> dt.date | None:
        if self.latest_on is None:
            return None
        return self.latest_on + dt.timedelta(days=self.allowance_days)

    @property
    def stale(self) -> bool:
        return self.expected_by is None or self.today > self.expected_by

    def explanation(self) -> str:
        if self.latest_on is None:
            return "no value yet"
        rhythm = (
            f"values come about every {self.rhythm_days} days"
            if self.rhythm_days is not None
            else "one value so far"
        )
        state = "was expected" if self.stale else "is expected"
        return f"last value {self.latest_on}; {rhythm}, so the next {state} by {self.expected_by}"


def freshness(dates: list[dt.date], today: dt.date) -> Freshness:
    """Whether a KPI with values on ``dates`` has a value as recent as its rhythm calls
    for on ``today``: the next value is expected within ``RHYTHM_SLACK`` times the median
    of the latest ``RHYTHM_GAPS`` gaps between distinct days, and never sooner than
    ``FRESH_FLOOR_DAYS`` after the last (the floor alone with fewer than two values)."""
    days = sorted({d for d in dates if d <= today})
    if not days:
        return Freshness(None, None, FRESH_FLOOR_DAYS, today)
    gaps = [(b - a).days for a, b in itertools.pairwise(days[-(RHYTHM_GAPS + 1) :])]
    rhythm = round(statistics.median(gaps)) if gaps else None
    allowance = FRESH_FLOOR_DAYS
    if rhythm is not None:
        allowance = max(FRESH_FLOOR_DAYS, math.ceil(RHYTHM_SLACK * rhythm))
    return Freshness(days[-1], rhythm, allowance, today)

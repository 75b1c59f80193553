"""Did an improvement action work? The linked KPI before and after it was done.

With the action completed on day ``c`` and a window of ``w`` days, the values of the KPI
recorded in the ``w`` days before ``c`` are compared with those recorded in the ``w`` days
after it (the day itself belongs to neither)::

    change = mean(after) - mean(before)

read in the KPI's direction (a fall is an improvement for complaints). No verdict is
given without at least :data:`MIN_POINTS` values on each side — the result says how many
there are and how many are needed — and a change smaller than :data:`NOISE` of the
before level is "no clear change". Whatever else moved the KPI in the same months moved
it too: this says what happened after the action, not that the action caused it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

MIN_POINTS = 2
NOISE = 0.02  # 2 % of the level before

IMPROVED, WORSENED, NO_CHANGE, NOT_ENOUGH, NOT_DUE = (
    "improved",
    "worsened",
    "no_change",
    "not_enough_data",
    "not_evaluable",
)
LABELS = {
    IMPROVED: "Improved",
    WORSENED: "Worsened",
    NO_CHANGE: "No clear change",
    NOT_ENOUGH: "Not enough data",
    NOT_DUE: "Not evaluated",
}


@dataclass(frozen=True, slots=True)
class Point:
    on: dt.date
    value: float


@dataclass(frozen=True, slots=True)
class Effectiveness:
    verdict: str
    before: tuple[Point, ...]
    after: tuple[Point, ...]
    before_mean: float | None
    after_mean: float | None
    change: float | None
    explanation: str

    @property
    def label(self) -> str:
        return LABELS[self.verdict]


def evaluate(
    points: Sequence[Point],
    *,
    completed_on: dt.date | None,
    window_days: int,
    higher_is_better: bool,
    expected_up: bool | None = None,
) -> Effectiveness:
    """The KPI's values before and after ``completed_on`` (see the module's docstring).
    ``expected_up`` is the direction the action meant to move it (default: the KPI's
    better direction)."""
    if completed_on is None:
        return Effectiveness(NOT_DUE, (), (), None, None, None, "The action is not done yet.")
    if window_days < 1:
        raise ValueError("The window is at least one day.")
    start = completed_on - dt.timedelta(days=window_days)
    end = completed_on + dt.timedelta(days=window_days)
    before = tuple(sorted((p for p in points if start <= p.on < completed_on), key=lambda p: p.on))
    after = tuple(sorted((p for p in points if completed_on < p.on <= end), key=lambda p: p.on))
    if len(before) < MIN_POINTS or len(after) < MIN_POINTS:
        return Effectiveness(
            NOT_ENOUGH,
            before,
            after,
            None,
            None,
            None,
            f"Not enough data for a verdict: {len(before)} value(s) in the {window_days} days "
            f"before {completed_on} and {len(after)} after; {MIN_POINTS} are needed on each side.",
        )
    b = sum(p.value for p in before) / len(before)
    a = sum(p.value for p in after) / len(after)
    change = a - b
    wanted_up = higher_is_better if expected_up is None else expected_up
    if abs(change) <= NOISE * max(abs(b), 1e-9):
        verdict = NO_CHANGE
    elif (change > 0) == wanted_up:
        verdict = IMPROVED
    else:
        verdict = WORSENED
    return Effectiveness(
        verdict,
        before,
        after,
        round(b, 2),
        round(a, 2),
        round(change, 2),
        f"Mean {b:.2f} over {len(before)} values in the {window_days} days before "
        f"{completed_on}, {a:.2f} over {len(after)} after: {change:+.2f} "
        f"({LABELS[verdict].lower()}; the action meant to move it "
        f"{'up' if wanted_up else 'down'}). Other things moved it too: this is what "
        "happened after the action, not proof that it caused it.",
    )

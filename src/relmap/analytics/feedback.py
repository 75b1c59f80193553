"""Net Promoter Score and customer satisfaction from survey responses.

**NPS** (Reichheld, "The One Number You Need to Grow", HBR 2003; FRAMEWORKS.md): the
answer to "how likely are you to recommend us", 0-10. Promoters answer 9-10, passives
7-8, detractors 0-6. ``NPS = 100 x (promoters - detractors) / responses counted``, from
-100 to +100; passives count in the denominator only.

**CSAT**: a separate, transactional score on 1-5. Reported as the share of satisfied
answers (4 or 5, the "top two boxes"), 0-100 %, with the mean beside it.

Both are computed over a **window** (the responses answered in the ``window_days`` up
to and including ``on``) and only when at least ``min_responses`` were counted: below
that the result has no score and says why, rather than a number a single answer swings.
NPS can count every **response** or each **respondent** once (their latest answer in the
window), so that one person answering every quarter does not outweigh four who answered
once; the result says which. Formulas and defaults: docs/algorithms/feedback.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NPS_MIN, NPS_MAX = 0, 10
PROMOTER_FROM = 9  # 9-10
PASSIVE_FROM = 7  # 7-8; 0-6 are detractors
CSAT_MIN, CSAT_MAX = 1, 5
SATISFIED_FROM = 4  # 4-5

PER_RESPONDENT = "respondent"
PER_RESPONSE = "response"
AGGREGATIONS = (PER_RESPONDENT, PER_RESPONSE)

DEFAULT_WINDOW_DAYS = 365
DEFAULT_MIN_RESPONSES = 5


@dataclass(frozen=True, slots=True)
class Response:
    """One answer: who gave it (an e-mail or a name, compared case-insensitively), when,
    and the score."""

    respondent: str
    answered_on: dt.date
    score: int


def category(score: int) -> str:
    """ "promoter" (9-10), "passive" (7-8) or "detractor" (0-6) for an NPS answer."""
    if not NPS_MIN <= score <= NPS_MAX:
        raise ValueError(f"An NPS answer is 0 to 10, not {score}.")
    if score >= PROMOTER_FROM:
        return "promoter"
    if score >= PASSIVE_FROM:
        return "passive"
    return "detractor"


@dataclass(frozen=True, slots=True)
class Window:
    start: dt.date  # inclusive
    end: dt.date  # inclusive

    @classmethod
    def ending(cls, on: dt.date, days: int) -> Window:
        if days < 1:
            raise ValueError("The window is at least one day.")
        return cls(on - dt.timedelta(days=days - 1), on)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class NpsResult:
    """An NPS and everything it was computed from."""

    score: float | None  # -100..100, one decimal; None when too few responses
    promoters: int
    passives: int
    detractors: int
    window: Window
    aggregation: str
    min_responses: int
    responses_in_window: int  # before per-respondent de-duplication

    @property
    def counted(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def enough(self) -> bool:
        return self.score is not None

    def explanation(self) -> str:
        what = (
            "respondents (each one's latest answer)"
            if self.aggregation == PER_RESPONDENT
            else "responses"
        )
        span = f"{self.window.start:%Y-%m-%d} to {self.window.end:%Y-%m-%d}"
        if self.score is None:
            return (
                f"No NPS: {self.counted} {what} from {span}, fewer than the minimum of "
                f"{self.min_responses}."
            )
        n = self.counted
        return (
            f"NPS {self.score:+.1f} = {100 * self.promoters / n:.1f} % promoters "
            f"({self.promoters}) - {100 * self.detractors / n:.1f} % detractors "
            f"({self.detractors}); {self.passives} passive; {n} {what} from {span} "
            f"(minimum {self.min_responses})."
        )


def nps(
    responses: Iterable[Response],
    *,
    on: dt.date,
    window_days: int = DEFAULT_WINDOW_DAYS,
    min_responses: int = DEFAULT_MIN_RESPONSES,
    aggregation: str = PER_RESPONDENT,
) -> NpsResult:
    """The NPS of the responses answered in the ``window_days`` up to ``on``.

    ``aggregation`` is :data:`PER_RESPONDENT` (each respondent's latest answer in the
    window; the later of two on the same day is the higher score, so the result does
    not depend on input order) or :data:`PER_RESPONSE`. The score is ``None`` when fewer
    than ``min_responses`` answers are counted.
    """
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"aggregation is one of {', '.join(AGGREGATIONS)}, not {aggregation!r}")
    if min_responses < 1:
        raise ValueError("The minimum number of responses is at least 1.")
    window = Window.ending(on, window_days)
    inside = [r for r in responses if r.answered_on in window]
    for r in inside:
        category(r.score)  # refuses an out-of-range answer
    counted: Sequence[Response]
    if aggregation == PER_RESPONDENT:
        latest: dict[str, Response] = {}
        for r in sorted(inside, key=lambda r: (r.answered_on, r.score)):
            latest[r.respondent.strip().lower()] = r
        counted = list(latest.values())
    else:
        counted = inside
    promoters = sum(1 for r in counted if r.score >= PROMOTER_FROM)
    detractors = sum(1 for r in counted if r.score < PASSIVE_FROM)
    passives = len(counted) - promoters - detractors
    score = None
    if counted and len(counted) >= min_responses:
        score = round(100.0 * (promoters - detractors) / len(counted), 1)
    return NpsResult(
        score=score,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        window=window,
        aggregation=aggregation,
        min_responses=min_responses,
        responses_in_window=len(inside),
    )


@dataclass(frozen=True, slots=True)
class CsatResult:
    """A CSAT and what it was computed from."""

    score: float | None  # % satisfied (4-5), one decimal; None when too few responses
    mean: float | None  # 1-5, two decimals
    satisfied: int
    counted: int
    window: Window
    min_responses: int

    def explanation(self) -> str:
        span = f"{self.window.start:%Y-%m-%d} to {self.window.end:%Y-%m-%d}"
        if self.score is None:
            return (
                f"No CSAT: {self.counted} responses from {span}, fewer than the minimum of "
                f"{self.min_responses}."
            )
        return (
            f"CSAT {self.score:.1f} % = {self.satisfied} of {self.counted} responses from "
            f"{span} answered 4 or 5 (mean {self.mean:.2f} of 5; minimum "
            f"{self.min_responses})."
        )


def csat(
    responses: Iterable[Response],
    *,
    on: dt.date,
    window_days: int = DEFAULT_WINDOW_DAYS,
    min_responses: int = DEFAULT_MIN_RESPONSES,
) -> CsatResult:
    """The share of satisfied answers (4 or 5 on 1-5) among the responses answered in the
    ``window_days`` up to ``on``; every response counts (CSAT is transactional)."""
    if min_responses < 1:
        raise ValueError("The minimum number of responses is at least 1.")
    window = Window.ending(on, window_days)
    scores = [r.score for r in responses if r.answered_on in window]
    for s in scores:
        if not CSAT_MIN <= s <= CSAT_MAX:
            raise ValueError(f"A CSAT answer is 1 to 5, not {s}.")
    satisfied = sum(1 for s in scores if s >= SATISFIED_FROM)
    enough = bool(scores) and len(scores) >= min_responses
    return CsatResult(
        score=round(100.0 * satisfied / len(scores), 1) if enough else None,
        mean=round(sum(scores) / len(scores), 2) if enough else None,
        satisfied=satisfied,
        counted=len(scores),
        window=window,
        min_responses=min_responses,
    )

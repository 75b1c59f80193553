"""The relationship health score of an account: an explainable composite, 0-100.

Ten components, each scored 0-100 from what the map, the engagement plans, the surveys
and the reviews say (docs/algorithms/health.md), weighted and summed::

    health = Σ w_i v_i / Σ w_i        (over the components that can be scored)

A component that cannot be scored — no survey answers, no plans yet, nobody with a
known attitude — is left out and the others' weights are scaled up to fill its place;
the result says which were left out and why, so the score is never a black box. The
weights are percentages that add up to 100 (:func:`check_weights`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

POWERFUL = 4  # power 4-5 on the 1-5 scale: the right-hand side of the Mendelow grid

COMPONENTS = (
    "coverage",
    "attitude",
    "engagement",
    "nps",
    "csat",
    "trend",
    "multithreading",
    "champion",
    "blockers",
    "freshness",
)
LABELS: Mapping[str, str] = MappingProxyType(
    {
        "coverage": "Coverage of powerful stakeholders",
        "attitude": "Attitude balance, weighted by power",
        "engagement": "Engagement against planned cadence",
        "nps": "NPS level",
        "csat": "CSAT level",
        "trend": "NPS and CSAT trend",
        "multithreading": "Multi-threading",
        "champion": "Champion present",
        "blockers": "Blocker risk",
        "freshness": "Map freshness",
    }
)
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "coverage": 20,
        "attitude": 15,
        "engagement": 15,
        "nps": 10,
        "csat": 5,
        "trend": 5,
        "multithreading": 10,
        "champion": 10,
        "blockers": 5,
        "freshness": 5,
    }
)


def check_weights(weights: Mapping[str, float]) -> list[str]:
    """What is wrong with ``weights`` (empty when they are usable): every component
    named once, none negative, adding up to 100."""
    problems = []
    unknown = sorted(set(weights) - set(COMPONENTS))
    missing = [c for c in COMPONENTS if c not in weights]
    if unknown:
        problems.append(f"unknown component(s): {', '.join(unknown)}")
    if missing:
        problems.append(f"missing component(s): {', '.join(missing)}")
    negative = [c for c, w in weights.items() if w < 0]
    if negative:
        problems.append(f"negative weight(s): {', '.join(sorted(negative))}")
    total = sum(weights.values())
    if not unknown and not missing and abs(total - 100) > 1e-6:
        problems.append(f"the weights add up to {total:g}, not 100")
    return problems


@dataclass(frozen=True, slots=True)
class Person:
    """One of their people on the map (active)."""

    power: int
    attitude: int | None  # -2..2
    covered: bool  # one of ours covers them
    champion: bool  # a champion by role
    blocker: bool  # a blocker by role


@dataclass(frozen=True, slots=True)
class HealthInputs:
    people: Sequence[Person]
    plans: int  # engagement plans
    plans_overdue: int
    nps: float | None  # -100..100
    nps_before: float | None  # about six months earlier
    csat: float | None  # % satisfied
    csat_before: float | None
    diamond_index: float  # 0 (one thread) .. 1
    days_since_review: int | None  # None: never reviewed
    review_cadence_days: int


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    value: float | None  # 0-100; None when it cannot be scored
    weight: float  # as configured, %
    share: float  # weight after leaving out what cannot be scored, %
    contribution: float  # value x share / 100: points of the total
    explanation: str

    @property
    def label(self) -> str:
        return LABELS[self.name]


@dataclass(frozen=True, slots=True)
class Health:
    score: float | None  # 0-100, one decimal
    components: tuple[Component, ...]

    @property
    def left_out(self) -> list[Component]:
        return [c for c in self.components if c.value is None]

    def explanation(self) -> str:
        if self.score is None:
            return "No health score: none of its components can be scored yet."
        text = f"Health {self.score:.1f} of 100: " + "; ".join(
            f"{c.label.lower()} {c.value:.0f} x {c.share:.1f} % = {c.contribution:.1f}"
            for c in self.components
            if c.value is not None
        )
        if self.left_out:
            text += ". Left out: " + "; ".join(
                f"{c.label.lower()} ({c.explanation})" for c in self.left_out
            )
        return text + "."


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def _values(i: HealthInputs) -> dict[str, tuple[float | None, str]]:
    powerful = [p for p in i.people if p.power >= POWERFUL]
    out: dict[str, tuple[float | None, str]] = {}
    if powerful:
        covered = sum(p.covered for p in powerful)
        out["coverage"] = (
            100.0 * covered / len(powerful),
            f"{covered} of {len(powerful)} people with power 4-5 are covered",
        )
    else:
        out["coverage"] = (None, "nobody with power 4-5 on the map")
    known = [p for p in i.people if p.attitude is not None]
    if known:
        weighted = sum(p.power * (p.attitude or 0) for p in known) / sum(p.power for p in known)
        out["attitude"] = (
            _clamp(50.0 + 25.0 * weighted),
            f"mean attitude {weighted:+.2f} (-2..+2) over {len(known)} people, weighted by power",
        )
    else:
        out["attitude"] = (None, "no known attitudes")
    if i.plans:
        on_time = i.plans - i.plans_overdue
        out["engagement"] = (
            100.0 * on_time / i.plans,
            f"{on_time} of {i.plans} engagement plans are not overdue",
        )
    else:
        out["engagement"] = (None, "no engagement plans")
    out["nps"] = (
        (None, "too few NPS responses")
        if i.nps is None
        else ((i.nps + 100.0) / 2.0, f"NPS {i.nps:+.1f} on -100..+100")
    )
    out["csat"] = (
        (None, "too few CSAT responses")
        if i.csat is None
        else (i.csat, f"CSAT {i.csat:.1f} % satisfied")
    )
    moves = []
    if i.nps is not None and i.nps_before is not None:
        moves.append(((i.nps - i.nps_before) / 2.0, f"NPS {i.nps_before:+.1f} → {i.nps:+.1f}"))
    if i.csat is not None and i.csat_before is not None:
        moves.append((i.csat - i.csat_before, f"CSAT {i.csat_before:.1f} → {i.csat:.1f} %"))
    if moves:
        change = sum(m for m, _ in moves) / len(moves)
        out["trend"] = (
            _clamp(50.0 + 2.5 * change),
            "; ".join(t for _, t in moves) + " over about six months (50 = no change)",
        )
    else:
        out["trend"] = (None, "no score six months ago to compare with")
    out["multithreading"] = (
        _clamp(100.0 * i.diamond_index),
        f"diamond index {i.diamond_index:.2f} (0 a single thread, 1 a full diamond)",
    )
    champions = sum(p.champion and (p.attitude or 0) >= 1 for p in i.people)
    out["champion"] = (
        100.0 if champions else 0.0,
        f"{champions} supportive champion(s)" if champions else "no supportive champion",
    )
    if powerful:
        blockers = [
            p for p in powerful if p.blocker or (p.attitude is not None and p.attitude <= -2)
        ]
        uncovered = sum(not p.covered for p in blockers)
        risk = (len(blockers) + uncovered) / (2 * len(powerful))
        out["blockers"] = (
            _clamp(100.0 * (1 - risk)),
            f"{len(blockers)} powerful blocker(s), {uncovered} of them uncovered",
        )
    else:
        out["blockers"] = (None, "nobody with power 4-5 on the map")
    if i.days_since_review is None:
        out["freshness"] = (0.0, "the map has never been reviewed")
    else:
        late = max(0, i.days_since_review - i.review_cadence_days)
        out["freshness"] = (
            _clamp(100.0 * (1 - late / i.review_cadence_days)),
            f"reviewed {i.days_since_review} days ago; the cadence is {i.review_cadence_days} days",
        )
    return out


def health(inputs: HealthInputs, weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> Health:
    """The account's health and each component's part in it (see the module's
    docstring; the components are defined in docs/algorithms/health.md)."""
    problems = check_weights(weights)
    if problems:
        raise ValueError("; ".join(problems))
    values = _values(inputs)
    usable = sum(weights[c] for c in COMPONENTS if values[c][0] is not None)
    components = []
    total = 0.0
    for name in COMPONENTS:
        value, text = values[name]
        share = 100.0 * weights[name] / usable if value is not None and usable else 0.0
        contribution = value * share / 100.0 if value is not None else 0.0
        total += contribution
        components.append(
            Component(
                name=name,
                value=None if value is None else round(value, 1),
                weight=float(weights[name]),
                share=round(share, 1),
                contribution=round(contribution, 1),
                explanation=text,
            )
        )
    return Health(score=round(total, 1) if usable else None, components=tuple(components))

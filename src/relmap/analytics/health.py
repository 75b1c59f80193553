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
# What each component measures, for the people who weigh them: the "value" and "left out
# when" columns of docs/algorithms/health.md in a sentence each.
MEASURES: Mapping[str, str] = MappingProxyType(
    {
        "coverage": "The share of their people with power 4-5 whom one of ours covers. "
        "Left out when nobody on the map has power 4-5.",
        "attitude": "Their people's attitude (-2 to +2) weighted by power, on 0-100 (50 is "
        "neutral). Left out when no attitude is known.",
        "engagement": "The share of the account's engagement plans that are not overdue. "
        "Left out when there are no plans.",
        "nps": "The account's NPS (-100 to +100) brought to 0-100. "
        "Left out with too few responses.",
        "csat": "CSAT: the share of satisfied answers. Left out with too few responses.",
        "trend": "How NPS and CSAT moved against about six months earlier (50 is no change). "
        "Left out without an earlier score.",
        "multithreading": "The diamond index: from a single thread between the companies (0) "
        "to a full diamond of ties (100).",
        "champion": "100 when a champion (by role) is at least supportive (+1), else 0.",
        "blockers": "100 less the risk of powerful blockers (by role, or attitude -2), "
        "uncovered ones counting double. Left out when nobody has power 4-5.",
        "freshness": "100 when the map was reviewed within its review cadence, falling to 0 "
        "at twice the cadence; 0 when it has never been reviewed.",
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
    plans: int | None  # engagement plans; None: not known (a past moment)
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
    elif i.plans is None:
        out["engagement"] = (None, "engagement plans are not kept for past moments")
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


@dataclass(frozen=True, slots=True)
class ComponentChange:
    """One component at two moments: its value (0-100; None when not scored) and its
    part of the total (points of 100: ``value x share / 100``)."""

    name: str
    value_before: float | None
    value_after: float | None
    before: float | None  # contribution; None when it was not scored
    after: float | None

    @property
    def label(self) -> str:
        return LABELS[self.name]

    @property
    def delta(self) -> float:
        """The change in points of the total (a component not scored counts 0)."""
        return round((self.after or 0.0) - (self.before or 0.0), 1)

    @property
    def entered(self) -> bool:
        """Scored now and not before: it takes a share of the weight from the others."""
        return self.value_before is None and self.value_after is not None

    @property
    def left(self) -> bool:
        return self.value_before is not None and self.value_after is None


@dataclass(frozen=True, slots=True)
class HealthChange:
    """How the health score moved between two moments, and which components moved it."""

    before: float | None
    after: float | None
    components: tuple[ComponentChange, ...]  # those that changed, the largest move first

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)

    def explanation(self) -> str:
        if self.before is None and self.after is None:
            return "No health score at either moment."
        if self.before is None:
            return f"Health {self.after:.1f}; no score was kept for the earlier moment."
        if self.after is None:
            return f"Health was {self.before:.1f}; no score can be computed for the later one."
        delta = self.delta or 0.0
        if delta == 0 and not self.components:
            return f"Health unchanged at {self.after:.1f}."
        parts = [
            f"{c.label} is scored now ({c.value_after:.0f} of 100) and takes its share of "
            "the weight from the others"
            for c in self.components
            if c.entered and c.value_after is not None
        ]
        parts += [
            f"{c.label} is no longer scored and its weight went to the others"
            for c in self.components
            if c.left
        ]
        moved = [c for c in self.components if not c.entered and not c.left and c.delta]
        if moved:
            parts.append("; ".join(f"{c.label} {c.delta:+.1f}" for c in moved[:3]))
        head = f"Health {self.before:.1f} → {self.after:.1f} ({delta:+.1f} points)"
        return f"{head}: {'; '.join(parts)}." if parts else f"{head}."


def health_change(before: Health | None, after: Health | None) -> HealthChange:
    """The change in score (``after - before``, points of 100) and in each component's
    value and contribution (``value x share / 100``, so the components' changes add up
    to the score's, up to rounding). A component scored at one moment only counts 0 at
    the other, and is named as such: it changes every other component's share. ``None``
    for a moment with no score kept."""
    if before is None or after is None:
        return HealthChange(
            before=before.score if before else None,
            after=after.score if after else None,
            components=(),
        )
    was = {c.name: c for c in before.components}
    now = {c.name: c for c in after.components}
    changes = []
    for name in COMPONENTS:
        b, a = was.get(name), now.get(name)
        vb = b.value if b is not None else None
        va = a.value if a is not None else None
        change = ComponentChange(
            name=name,
            value_before=vb,
            value_after=va,
            before=b.contribution if b is not None and vb is not None else None,
            after=a.contribution if a is not None and va is not None else None,
        )
        if change.delta != 0 or vb != va:
            changes.append(change)
    changes.sort(key=lambda c: (not (c.entered or c.left), -abs(c.delta), COMPONENTS.index(c.name)))
    return HealthChange(before=before.score, after=after.score, components=tuple(changes))

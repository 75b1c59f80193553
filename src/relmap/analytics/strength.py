"""Computed relationship strength between one of our people and one of theirs.

Everything here is plain Python; nothing knows about Django. The bulk recompute runs the
same formula in SQL over touches (``relmap.engagement.strength``), held to this one by
tests. The formula, its defaults and a worked example are in
``docs/algorithms/strength.md``; the tests reproduce that example exactly.

For a pair (p ours, q theirs) every interaction both took part in, within the window and
not in the future, contributes ``w_k * b_i * d_i``:

- ``w_k``: the weight of its kind (:data:`KIND_WEIGHTS`; meeting 1.0 > call 0.6 >
  e-mail 0.3);
- ``b_i``: breadth, from the number of participants ``n_i`` (:func:`breadth`): a
  message to many counts less than one to one (``1 / sqrt(n - 1)``); a meeting is
  discounted only past :data:`BIG_MEETING` people (``sqrt(BIG_MEETING / n)``);
- ``d_i = 2 ** (-age_days / half_life_days)``: exponential time decay (:func:`decay`).

Messages (e-mail-like kinds, :data:`MESSAGE_KINDS`) have a direction, read from the
initiator role (organiser / sender): ``out`` when p started it, ``in`` when q did,
``copied`` when someone else did. With ``S_out``/``S_in``/``S_co`` their decayed sums,
reciprocity ``r = 2 min(S_out, S_in) / (S_out + S_in)`` (1 balanced, 0 one-way), and the
messages count ``(ONE_WAY + (1 - ONE_WAY) r) (S_out + S_in) + COPIED * S_co``. Meetings,
calls and the other kinds are two-way and count in full. The sum ``R`` (in "recent
one-to-one meeting" units) maps to the score ``100 (1 - exp(-R / SCALE))``, 0-100.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The weight of one interaction of each kind, before breadth and decay. Face to face
# counts most (Granovetter 1973 reads tie strength from time and intimacy; media
# richness theory, Daft & Lengel 1986, ranks face-to-face above phone above written).
KIND_WEIGHTS: dict[str, float] = {
    "meeting": 1.0,
    "business_review": 1.0,
    "site_visit": 1.0,
    "event": 0.5,
    "call": 0.6,
    "email": 0.3,
    "message": 0.2,
    "other": 0.3,
}
DEFAULT_WEIGHT = 0.3
# Kinds with a direction (someone sends, others receive); the rest are two-way.
MESSAGE_KINDS = frozenset({"email", "message"})
# Kinds where people meet (tie suggestions count these, docs/algorithms/strength.md).
MEETING_KINDS = frozenset({"meeting", "business_review", "site_visit", "event"})
# A meeting of more people than this is discounted by sqrt(BIG_MEETING / n).
BIG_MEETING = 6
# Share of a one-way message stream that still counts, and of a message both were copied on.
ONE_WAY = 0.5
COPIED = 0.25
# R at which the score reaches 63 (1 - 1/e); a monthly one-to-one meeting kept up for
# years gives R = 1 / (1 - 2**(-30/90)) = 4.85 at the default half-life, about 80.
SCALE = 3.0
DEFAULT_HALF_LIFE_DAYS = 90
DEFAULT_WINDOW_DAYS = 730
SECONDS_PER_DAY = 86400.0
DIRECTIONS = ("two_way", "out", "in", "copied")


def kind_weight(kind: str) -> float:
    """The weight of one interaction of ``kind`` (:data:`KIND_WEIGHTS`, else 0.3)."""
    return KIND_WEIGHTS.get(kind, DEFAULT_WEIGHT)


def breadth(kind: str, participants: int) -> float:
    """Breadth factor of one interaction with ``participants`` people on the map, 0-1.

    Messages: ``1 / sqrt(participants - 1)`` (the recipients of one sender: to one
    person 1.0, to four 0.5). Other kinds: 1 up to :data:`BIG_MEETING` people, then
    ``sqrt(BIG_MEETING / participants)``.
    """
    if participants <= 2:
        return 1.0
    if kind in MESSAGE_KINDS:
        return 1.0 / math.sqrt(participants - 1)
    if participants <= BIG_MEETING:
        return 1.0
    return math.sqrt(BIG_MEETING / participants)


def decay(age_days: float, half_life_days: float) -> float:
    """Exponential time decay ``2 ** (-age / half_life)``; an interaction ``half_life``
    days old counts half (age below 0 counts as 0)."""
    return float(2.0 ** (-max(0.0, age_days) / half_life_days))


def direction(kind: str, ours_started: bool, theirs_started: bool) -> str:
    """``two_way`` for non-message kinds; for messages ``out`` (ours started it), ``in``
    (theirs did) or ``copied`` (someone else did)."""
    if kind not in MESSAGE_KINDS:
        return "two_way"
    if ours_started:
        return "out"
    if theirs_started:
        return "in"
    return "copied"


@dataclass(slots=True)
class Bucket:
    """Sums over a pair's interactions of one kind and direction.

    ``bd`` = Σ breadth x decay, ``b`` = Σ breadth (no decay), ``d`` = Σ decay (no
    breadth), ``count`` interactions. Weights are applied when scoring.
    """

    bd: float = 0.0
    b: float = 0.0
    d: float = 0.0
    count: int = 0


@dataclass(slots=True)
class PairSums:
    """Everything the score of one pair needs: buckets by (kind, direction), the last
    interaction (seconds since the epoch, UTC)."""

    our_person: int
    their_person: int
    buckets: dict[tuple[str, str], Bucket] = field(default_factory=dict)
    last_at: float = 0.0

    def add(
        self, kind: str, dirn: str, *, bd: float, b: float, d: float, count: int, last: float
    ) -> None:
        bucket = self.buckets.setdefault((kind, dirn), Bucket())
        bucket.bd += bd
        bucket.b += b
        bucket.d += d
        bucket.count += count
        self.last_at = max(self.last_at, last)


@dataclass(frozen=True, slots=True)
class PairStrength:
    """A pair's score 0-100 with what each factor contributed (``components``, JSON)."""

    our_person: int
    their_person: int
    score: float
    interactions: int
    last_at: float
    components: dict[str, Any]


def score_of(raw: float) -> float:
    """``100 * (1 - exp(-raw / SCALE))``: 0 for no interaction, towards 100."""
    return 100.0 * (1.0 - math.exp(-max(0.0, raw) / SCALE))


def _raw(sums: PairSums, attr: str, *, reciprocity: bool = True) -> tuple[float, dict[str, float]]:
    """R from one of the bucket sums (``bd``, ``b`` or ``d``), and R per kind."""
    per_kind: dict[str, float] = {}
    out = inn = copied = 0.0
    message_by_kind: dict[str, tuple[float, float]] = {}
    for (kind, dirn), bucket in sums.buckets.items():
        value = kind_weight(kind) * getattr(bucket, attr)
        if dirn == "two_way":
            per_kind[kind] = per_kind.get(kind, 0.0) + value
            continue
        flowing, copy = message_by_kind.get(kind, (0.0, 0.0))
        if dirn == "out":
            out += value
            flowing += value
        elif dirn == "in":
            inn += value
            flowing += value
        else:
            copied += value
            copy += value
        message_by_kind[kind] = (flowing, copy)
    factor = _message_factor(out, inn) if reciprocity else 1.0
    for kind, (flowing, copy) in message_by_kind.items():
        per_kind[kind] = per_kind.get(kind, 0.0) + factor * flowing + COPIED * copy
    return sum(per_kind.values()), per_kind


def reciprocity(out: float, inn: float) -> float:
    """``2 min(out, in) / (out + in)``: 1 when both sides write as much, 0 one-way."""
    total = out + inn
    return 2.0 * min(out, inn) / total if total > 0 else 0.0


def _message_factor(out: float, inn: float) -> float:
    return ONE_WAY + (1.0 - ONE_WAY) * reciprocity(out, inn)


def score_pair(
    sums: PairSums, *, now: float, half_life_days: float = DEFAULT_HALF_LIFE_DAYS
) -> PairStrength:
    """Score one pair from its sums (formula in the module docstring), 0-100.

    ``components`` holds, in points of the score: each kind's share, what decay took
    away (the score with no decay minus the score), what one-way messaging took away
    (the score with reciprocity 1 minus the score) and what breadth took away; plus the
    counts behind them. :func:`explain` turns it into sentences.
    """
    raw, per_kind = _raw(sums, "bd")
    score = score_of(raw)
    undecayed, _ = _raw(sums, "b")
    unbroad, _ = _raw(sums, "d")
    balanced, _ = _raw(sums, "bd", reciprocity=False)
    out = inn = copied = 0.0
    counts: dict[str, int] = {}
    for (kind, dirn), bucket in sums.buckets.items():
        counts[kind] = counts.get(kind, 0) + bucket.count
        value = kind_weight(kind) * bucket.bd
        if dirn == "out":
            out += value
        elif dirn == "in":
            inn += value
        elif dirn == "copied":
            copied += value
    interactions = sum(counts.values())
    kinds = {
        kind: {
            "count": counts[kind],
            "weight": kind_weight(kind),
            "raw": round(per_kind.get(kind, 0.0), 4),
            "points": round(score * per_kind.get(kind, 0.0) / raw, 2) if raw > 0 else 0.0,
        }
        for kind in sorted(counts, key=lambda k: (-per_kind.get(k, 0.0), k))
    }
    has_messages = out + inn + copied > 0
    components: dict[str, Any] = {
        "raw": round(raw, 4),
        "scale": SCALE,
        "half_life_days": half_life_days,
        "kinds": kinds,
        "frequency": {"interactions": interactions, "raw_without_decay": round(undecayed, 4)},
        "recency": {
            "last_days_ago": round(max(0.0, now - sums.last_at) / SECONDS_PER_DAY, 1),
            "kept": round(raw / undecayed, 4) if undecayed > 0 else 0.0,
            "points_lost": round(score_of(undecayed) - score, 2),
        },
        "reciprocity": {
            "from_us": round(out, 4),
            "from_them": round(inn, 4),
            "copied": round(copied, 4),
            "ratio": round(reciprocity(out, inn), 4) if has_messages else None,
            "points_lost": round(score_of(balanced) - score, 2),
        },
        "breadth": {"points_lost": round(score_of(unbroad) - score, 2)},
    }
    return PairStrength(
        our_person=sums.our_person,
        their_person=sums.their_person,
        score=round(score, 2),
        interactions=interactions,
        last_at=sums.last_at,
        components=components,
    )


def explain(components: Mapping[str, Any], score: float) -> list[str]:
    """The explanation of a pair's score as sentences, from its ``components``."""
    if not components:
        return ["No shared interaction in the window."]
    frequency = components["frequency"]
    recency = components["recency"]
    recip = components["reciprocity"]
    lines = [
        f"Score {score:.0f}/100 = 100 x (1 - exp(-R / {components['scale']:g})) with "
        f"R = {components['raw']:.2f} (one recent one-to-one meeting counts 1), from "
        f"{frequency['interactions']} shared "
        f"interaction{'' if frequency['interactions'] == 1 else 's'}."
    ]
    if "kinds" in components:  # the full components; bulk rows keep the compact ones
        parts = [
            f"{kind.replace('_', ' ')} x{entry['count']} (weight {entry['weight']:g}): "
            f"{entry['points']:.1f} points"
            for kind, entry in components["kinds"].items()
        ]
        lines.append("By kind: " + "; ".join(parts) + ".")
    lines.append(
        f"Recency: the last was {recency['last_days_ago']:g} days ago; with a half-life of "
        f"{components['half_life_days']:g} days decay kept {recency['kept'] * 100:.0f}% of "
        f"the weight ({recency['points_lost']:.1f} points less than with no decay)."
    )
    if recip["ratio"] is not None:
        lines.append(
            f"Reciprocity: messages from us weigh {recip['from_us']:.2f}, from them "
            f"{recip['from_them']:.2f}, copied on others' {recip['copied']:.2f}; ratio "
            f"{recip['ratio']:.2f} (1 = balanced), costing {recip['points_lost']:.1f} points."
        )
    else:
        lines.append("Reciprocity: no messages; meetings and calls count as two-way.")
    if components.get("breadth", {}).get("points_lost", 0.0) > 0.005:
        lines.append(
            "Breadth: messages to many and meetings of more than "
            f"{BIG_MEETING} people cost {components['breadth']['points_lost']:.1f} points."
        )
    return lines


@dataclass(frozen=True, slots=True)
class Touch:
    """One interaction as the strength computation reads it: kind, when (seconds since
    the epoch, UTC) and its participants as ``(stakeholder id, started it)``."""

    kind: str
    at: float
    participants: tuple[tuple[int, bool], ...]


def pair_sums(
    touches: Iterable[Touch],
    ours: frozenset[int] | set[int],
    *,
    now: float,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    window_days: float = DEFAULT_WINDOW_DAYS,
) -> dict[tuple[int, int], PairSums]:
    """Sum every (ours, theirs) pair's interactions into buckets, in plain Python.

    Interactions older than ``window_days`` or later than ``now`` are left out. The
    reference the SQL recompute is tested against.
    """
    start = now - window_days * SECONDS_PER_DAY
    result: dict[tuple[int, int], PairSums] = {}
    for touch in touches:
        if touch.at < start or touch.at > now:
            continue
        people = dict(touch.participants)
        b = breadth(touch.kind, len(people))
        d = decay((now - touch.at) / SECONDS_PER_DAY, half_life_days)
        for p, p_started in people.items():
            if p not in ours:
                continue
            for q, q_started in people.items():
                if q in ours:
                    continue
                sums = result.get((p, q))
                if sums is None:
                    sums = result[(p, q)] = PairSums(p, q)
                dirn = direction(touch.kind, p_started, q_started)
                sums.add(touch.kind, dirn, bd=b * d, b=b, d=d, count=1, last=touch.at)
    return result


def score_all(
    sums: Iterable[PairSums], *, now: float, half_life_days: float = DEFAULT_HALF_LIFE_DAYS
) -> list[PairStrength]:
    """:func:`score_pair` for every pair, strongest first."""
    scored = [score_pair(s, now=now, half_life_days=half_life_days) for s in sums]
    scored.sort(key=lambda s: (-s.score, s.our_person, s.their_person))
    return scored


# Mapping from the 0-100 score to the 1-5 scale of manual coverage and ties: 0-20 -> 1,
# 20-40 -> 2, 40-60 -> 3, 60-80 -> 4, 80-100 -> 5 (each band's lower edge included).
def to_rating(score: float) -> int:
    """A computed score 0-100 on the 1-5 scale of coverage strength (bands of 20)."""
    return min(5, max(1, int(score // 20) + 1))


# A computed relationship counts as an active thread (diamond, coverage matrix) from
# this score: two recent one-to-one meetings and a call, or a steady e-mail exchange.
ACTIVE_SCORE = 20.0


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Why the manual coverage rating and the computed strength disagree."""

    code: str
    explanation: str


# Manual strength at or above this is "strong"; at or below WEAK_MANUAL "weak".
STRONG_MANUAL = 4
WEAK_MANUAL = 2
# Computed below LOW_SCORE is "little recent interaction"; from HIGH_SCORE "strong".
LOW_SCORE = 20.0
HIGH_SCORE = 60.0


def disagreement(manual: int | None, score: float | None) -> Disagreement | None:
    """Flag a manual coverage rating (1-5, ``None`` for no coverage row) that the
    computed strength (0-100, ``None`` for no shared interaction) contradicts.

    - ``overrated``: manual >= 4 but computed below 20 (or none): rated strong, little
      recent interaction;
    - ``uncovered``: no coverage row but computed >= 60: strong interaction nobody
      recorded;
    - ``underrated``: manual <= 2 but computed >= 60.
    """
    if manual is not None and manual >= STRONG_MANUAL and (score is None or score < LOW_SCORE):
        seen = "no shared interaction" if score is None else f"computed {score:.0f}/100"
        return Disagreement(
            "overrated",
            f"Rated {manual}/5 by hand but {seen}: little recent interaction backs it.",
        )
    if score is not None and score >= HIGH_SCORE:
        if manual is None:
            return Disagreement(
                "uncovered",
                f"Computed {score:.0f}/100 from interactions, but no coverage is recorded.",
            )
        if manual <= WEAK_MANUAL:
            return Disagreement(
                "underrated",
                f"Rated only {manual}/5 by hand, but computed {score:.0f}/100 from interactions.",
            )
    return None


# Attitude from notes --------------------------------------------------------------------

# Hutto & Gilbert (2014), VADER: a compound score >= 0.05 is positive, <= -0.05 negative,
# in between neutral. The outer bands (+-0.5) split supporters from champions and
# sceptics from opponents; docs/algorithms/strength.md.
VADER_POSITIVE = 0.05
VADER_NEGATIVE = -0.05
STRONG_SENTIMENT = 0.5
MIN_NOTES = 3


def attitude_from_sentiment(mean_compound: float) -> int:
    """The attitude (-2..+2) a mean VADER compound score (-1..+1) suggests.

    >= 0.5: +2 champion; >= 0.05: +1 supporter; > -0.05: 0 neutral; > -0.5: -1
    sceptic; else -2 opponent.
    """
    if mean_compound >= STRONG_SENTIMENT:
        return 2
    if mean_compound >= VADER_POSITIVE:
        return 1
    if mean_compound > VADER_NEGATIVE:
        return 0
    if mean_compound > -STRONG_SENTIMENT:
        return -1
    return -2


# Informal ties from shared meetings -------------------------------------------------------

# Two of their people who attended at least this many of the same meetings get a suggestion.
MIN_SHARED_MEETINGS = 3

"""Key-account portfolio matrix and the effort each tier deserves.

McDonald's directional policy matrix for key accounts (McDonald & Woodburn, *Key Account
Management: The Definitive Guide*; FRAMEWORKS.md): account attractiveness
(vertical, weighted criteria chosen by management, about a 3-year horizon) against our
relative business strength with the account as the customer sees it (horizontal).

Both axes are weighted means of criteria scored 0-10. An axis score ``>= cutoff`` is
HIGH, so with the default cut-off of 5.0 an account scoring exactly 5.0 is high. The
quadrant names the account's tier, and the tier sets the effort it deserves
(:data:`DEFAULT_POLICIES`). Formulas and defaults: docs/algorithms/portfolio.md.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from relmap.analytics.types import COVERAGE_DEPTHS

ATTRACTIVENESS = "attractiveness"
STRENGTH = "strength"
AXES = (ATTRACTIVENESS, STRENGTH)
AXIS_LABELS: Mapping[str, str] = MappingProxyType(
    {ATTRACTIVENESS: "Attractiveness", STRENGTH: "Strength"}
)

STRATEGIC = "strategic"
STAR = "star"
STATUS = "status"
STREAMLINE = "streamline"

# high attr/high str, high attr/low str, low attr/high str, low attr/low str.
QUADRANTS = (STRATEGIC, STAR, STATUS, STREAMLINE)

QUADRANT_LABELS: Mapping[str, str] = MappingProxyType(
    {STRATEGIC: "Strategic", STAR: "Star", STATUS: "Status", STREAMLINE: "Streamline"}
)

QUADRANT_POLICIES: Mapping[str, str] = MappingProxyType(
    {
        STRATEGIC: (
            "Invest, grow: commit senior people and a full account team, build a joint "
            "plan with the customer and aim for a trusted-advisor relationship."
        ),
        STAR: (
            "Invest to build position: the account is attractive but our position is weak; "
            "invest selectively to become a stronger supplier, or decide to step back."
        ),
        STATUS: (
            "Maintain: protect the strong position we already have at a steady cost; "
            "keep service reliable without adding new investment."
        ),
        STREAMLINE: (
            "Manage for profit, cut cost to serve: serve efficiently through standard "
            "offers and lighter coverage, and keep only the effort that pays."
        ),
    }
)

NOT_PLACED_LABEL = "Not yet placed"
NOT_PLACED_POLICY = "Score the account on both axes to place it in the matrix."

SCORE_MIN, SCORE_MAX = 0, 10

# A tier is named after the quadrant it derives from; a manager may override it.
TIERS = QUADRANTS

_WEIGHT_TOLERANCE = 1e-6

# Typographic signs in explanations, written as escapes to keep the source ASCII.
TIMES = "\u00d7"
DIVIDE = "\u00f7"


def _num(value: float, places: int = 2) -> str:
    """A number for an explanation: at most ``places`` decimals, no trailing zeros."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True, slots=True)
class Criterion:
    """One weighted criterion of an axis. ``weight`` is in percent (an axis sums to 100)."""

    id: int
    axis: str
    name: str
    weight: float


def weight_problems(criteria: Sequence[Criterion], axes: Sequence[str] = AXES) -> list[str]:
    """Plain-language problems with a set of criteria; an empty list means valid.

    ``axes`` limits the check to some axes (to validate one axis being edited).
    Rules, checked per axis in the order of :data:`AXES`: the axis has at least one
    criterion; no weight is negative; the weights of the axis add up to 100 % (within
    1e-6); no two criteria of the axis share a name (case-insensitive, trimmed). A
    criterion on an axis that is not in :data:`AXES` is a problem too.
    Weights are in percent. Source: McDonald's matrix uses management-chosen weighted
    criteria per axis (FRAMEWORKS.md).
    """
    problems: list[str] = []
    for criterion in criteria:
        if criterion.axis not in AXES:
            problems.append(
                f"Criterion '{criterion.name}' is on an unknown axis '{criterion.axis}'; "
                f"use 'attractiveness' or 'strength'."
            )
    for axis in (a for a in AXES if a in axes):
        label = AXIS_LABELS[axis]
        on_axis = [c for c in criteria if c.axis == axis]
        if not on_axis:
            problems.append(f"{label} has no criteria; add at least one.")
            continue
        for criterion in on_axis:
            if criterion.weight < 0:
                problems.append(
                    f"Weight of '{criterion.name}' is {_num(criterion.weight)} %: "
                    "weights cannot be negative."
                )
        total = math.fsum(c.weight for c in on_axis)
        if abs(total - 100.0) > _WEIGHT_TOLERANCE:
            problems.append(
                f"{label} weights add up to {_num(total)} %; they must add up to 100 %."
            )
        seen: dict[str, str] = {}
        reported: set[str] = set()
        for criterion in on_axis:
            key = criterion.name.strip().casefold()
            if key in seen and key not in reported:
                problems.append(
                    f"{label} has more than one criterion named '{criterion.name.strip()}'; "
                    "names must be unique on an axis."
                )
                reported.add(key)
            seen.setdefault(key, criterion.name)
    return problems


@dataclass(frozen=True, slots=True)
class PortfolioSettings:
    """Cut-offs and drawing orientation of the portfolio matrix.

    - ``attractiveness_cutoff``, ``strength_cutoff``: an axis score ``>= cutoff`` is
      HIGH (0-10 scale). A score exactly on the cut-off is high.
    - ``high_strength_left``: draw high strength on the left, as McDonald's classic
      matrix does. It only changes drawing (:meth:`x_position`), never the quadrant.
    """

    attractiveness_cutoff: float = 5.0
    strength_cutoff: float = 5.0
    high_strength_left: bool = True

    def __post_init__(self) -> None:
        for name, value in (
            ("attractiveness_cutoff", self.attractiveness_cutoff),
            ("strength_cutoff", self.strength_cutoff),
        ):
            if not SCORE_MIN <= value <= SCORE_MAX:
                raise ValueError(f"{name} must be between {SCORE_MIN} and {SCORE_MAX}")

    def x_position(self, strength: float) -> float:
        """Horizontal position of a strength score as a 0-1 fraction from the left edge.

        ``strength / 10``, mirrored (``1 - strength / 10``) when ``high_strength_left``;
        clamped to 0-1. Use it for the cut-off line too: ``x_position(strength_cutoff)``.
        """
        fraction = min(1.0, max(0.0, strength / SCORE_MAX))
        return 1.0 - fraction if self.high_strength_left else fraction

    def y_position(self, attractiveness: float) -> float:
        """Vertical position of an attractiveness score as a 0-1 fraction from the BOTTOM.

        ``attractiveness / 10``, clamped to 0-1 (high attractiveness is always at the top).
        """
        return min(1.0, max(0.0, attractiveness / SCORE_MAX))


def x_position(strength: float, settings: PortfolioSettings | None = None) -> float:
    """Module-level shortcut for :meth:`PortfolioSettings.x_position` (0-1 from the left)."""
    return (settings or PortfolioSettings()).x_position(strength)


def y_position(attractiveness: float, settings: PortfolioSettings | None = None) -> float:
    """Module-level shortcut for :meth:`PortfolioSettings.y_position` (0-1 from the bottom)."""
    return (settings or PortfolioSettings()).y_position(attractiveness)


@dataclass(frozen=True, slots=True)
class AxisScore:
    """One axis of one account.

    ``value`` is 0-10, or ``None`` when no criterion of the axis (with a positive weight)
    is scored. ``scored`` and ``total`` count the axis' criteria; ``missing`` names the
    criteria without a score.
    """

    axis: str
    value: float | None
    scored: int
    total: int
    missing: tuple[str, ...]
    explanation: str

    @property
    def complete(self) -> bool:
        """Every criterion of the axis is scored (and there is at least one)."""
        return self.total > 0 and self.scored == self.total


def axis_score(axis: str, criteria: Sequence[Criterion], scores: Mapping[int, float]) -> AxisScore:
    """Weighted mean of an axis' criterion scores, on the 0-10 scale.

    Formula: ``value = sum(w_i * s_i) / sum(w_i)`` over the criteria of ``axis`` that
    have a score, with ``w_i`` the weight in percent and ``s_i`` the score 0-10 from
    ``scores`` (keyed by criterion id). Missing scores are left out and the mean is
    re-normalised over the weights that were scored, so a missing score neither counts
    as 0 nor blocks the placement; the explanation says the axis is incomplete.
    ``value`` is ``None`` when nothing on the axis is scored or the scored weights sum
    to 0. Raises ``ValueError`` for an unknown axis or a score outside 0-10.
    Source: McDonald's directional policy matrix (FRAMEWORKS.md).
    """
    if axis not in AXES:
        raise ValueError(f"unknown axis {axis!r}; expected one of {AXES}")
    label = AXIS_LABELS[axis]
    on_axis = [c for c in criteria if c.axis == axis]
    parts: list[str] = []
    missing: list[str] = []
    weighted_sum = 0.0
    scored_weight = 0.0
    for criterion in on_axis:
        score = scores.get(criterion.id)
        if score is None:
            missing.append(criterion.name)
            continue
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise ValueError(
                f"score of '{criterion.name}' is {score}; scores run from {SCORE_MIN} "
                f"to {SCORE_MAX}"
            )
        contribution = score * criterion.weight / 100.0
        weighted_sum += contribution
        scored_weight += criterion.weight
        parts.append(
            f"{criterion.name} {_num(score)}/10 {TIMES} {_num(criterion.weight)} % = "
            f"{_num(contribution)}"
        )
    scored = len(on_axis) - len(missing)
    total = len(on_axis)

    if not on_axis:
        explanation = f"{label}: no criteria are defined for this axis."
        return AxisScore(axis, None, 0, 0, (), explanation)
    if scored == 0:
        explanation = f"{label}: not scored yet (0 of {total} criteria scored)."
        return AxisScore(axis, None, 0, total, tuple(missing), explanation)
    if scored_weight <= 0:
        explanation = (
            f"{label}: the scored criteria ({'; '.join(parts)}) carry no weight, "
            "so no score can be computed."
        )
        return AxisScore(axis, None, scored, total, tuple(missing), explanation)

    value = weighted_sum / (scored_weight / 100.0)
    text = f"{label} {_num(value)}/10: {'; '.join(parts)}"
    if abs(scored_weight - 100.0) <= _WEIGHT_TOLERANCE:
        text += "."
    else:
        text += (
            f". The scored criteria carry {_num(scored_weight)} % of the weight, so the sum "
            f"{_num(weighted_sum)} is re-normalised: {_num(weighted_sum)} {DIVIDE} "
            f"{_num(scored_weight / 100.0)} = {_num(value)}."
        )
    if missing:
        text += (
            f" Incomplete: {scored} of {total} criteria scored; not scored: {', '.join(missing)}."
        )
    return AxisScore(axis, value, scored, total, tuple(missing), text)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one account sits in the portfolio matrix, and why.

    ``quadrant`` is one of :data:`QUADRANTS`, or ``None`` (label "Not yet placed") when
    either axis has no score. ``complete`` is true when every criterion of both axes is
    scored.
    """

    account_id: int
    attractiveness: AxisScore
    strength: AxisScore
    quadrant: str | None
    label: str
    policy: str
    explanation: str
    complete: bool


def quadrant_of(
    attractiveness: float, strength: float, settings: PortfolioSettings | None = None
) -> str:
    """The quadrant key of two axis scores (0-10).

    Rule: an axis is HIGH when ``score >= cutoff`` (a score on the cut-off is high).
    High/high ``"strategic"``, high attractiveness/low strength ``"star"``, low
    attractiveness/high strength ``"status"``, low/low ``"streamline"``.
    """
    s = settings or PortfolioSettings()
    high_attr = attractiveness >= s.attractiveness_cutoff
    high_str = strength >= s.strength_cutoff
    if high_attr:
        return STRATEGIC if high_str else STAR
    return STATUS if high_str else STREAMLINE


def place(
    account_id: int,
    criteria: Sequence[Criterion],
    scores: Mapping[int, float],
    settings: PortfolioSettings = PortfolioSettings(),
) -> Placement:
    """Place one account in McDonald's KAM portfolio matrix.

    Each axis is scored by :func:`axis_score` (0-10, weighted mean re-normalised over
    the scored criteria); the quadrant follows :func:`quadrant_of` with the cut-offs of
    ``settings`` (a score on the cut-off is high). When either axis has no score the
    quadrant is ``None`` and the label "Not yet placed".
    Source: McDonald's directional policy matrix for key accounts (FRAMEWORKS.md).
    """
    attr = axis_score(ATTRACTIVENESS, criteria, scores)
    strength = axis_score(STRENGTH, criteria, scores)
    complete = attr.complete and strength.complete
    if attr.value is None or strength.value is None:
        unscored = [AXIS_LABELS[a.axis].lower() for a in (attr, strength) if a.value is None]
        explanation = (
            f"{NOT_PLACED_LABEL}: {' and '.join(unscored)} "
            f"{'has' if len(unscored) == 1 else 'have'} no score yet. "
            f"{attr.explanation} {strength.explanation}"
        )
        return Placement(
            account_id,
            attr,
            strength,
            None,
            NOT_PLACED_LABEL,
            NOT_PLACED_POLICY,
            explanation,
            False,
        )

    key = quadrant_of(attr.value, strength.value, settings)

    def level(value: float, cutoff: float) -> str:
        if value >= cutoff:
            on = " (on the cut-off, which counts as high)" if value == cutoff else ""
            return f"high{on}"
        return "low"

    explanation = (
        f"{QUADRANT_LABELS[key]}: attractiveness {_num(attr.value)}/10 is "
        f"{level(attr.value, settings.attractiveness_cutoff)} and strength "
        f"{_num(strength.value)}/10 is {level(strength.value, settings.strength_cutoff)} "
        f"against cut-offs of {_num(settings.attractiveness_cutoff)} and "
        f"{_num(settings.strength_cutoff)}. Policy: {QUADRANT_POLICIES[key]} "
        f"{attr.explanation} {strength.explanation}"
    )
    if not complete:
        explanation += " The placement is provisional until every criterion is scored."
    return Placement(
        account_id,
        attr,
        strength,
        key,
        QUADRANT_LABELS[key],
        QUADRANT_POLICIES[key],
        explanation,
        complete,
    )


def effective_tier(quadrant: str | None, override: str | None) -> str | None:
    """The tier an account is managed as: the manager's override, else its quadrant.

    A blank override (``None`` or ``""``) means "follow the matrix". Raises
    ``ValueError`` for an override or quadrant that is not one of :data:`TIERS`.
    """
    if override:
        if override not in TIERS:
            raise ValueError(f"unknown tier override {override!r}; expected one of {TIERS}")
        return override
    if quadrant is not None and quadrant not in TIERS:
        raise ValueError(f"unknown quadrant {quadrant!r}; expected one of {QUADRANTS}")
    return quadrant


@dataclass(frozen=True, slots=True)
class EffortPolicy:
    """How much effort one tier deserves.

    ``touchpoint_cadence_days``: at least one touchpoint every this many days;
    ``review_cadence_days``: account plan reviewed at least this often;
    ``coverage_depth``: the deepest relationship we should hold, one of
    ``COVERAGE_DEPTHS`` (vendor → credible source → problem solver → trusted advisor);
    ``min_team_size``: people on our account team.
    """

    tier: str
    touchpoint_cadence_days: int
    review_cadence_days: int
    coverage_depth: str
    min_team_size: int

    def __post_init__(self) -> None:
        if self.touchpoint_cadence_days < 1 or self.review_cadence_days < 1:
            raise ValueError("cadences must be at least 1 day")
        if self.coverage_depth not in COVERAGE_DEPTHS:
            raise ValueError(
                f"unknown coverage depth {self.coverage_depth!r}; expected one of {COVERAGE_DEPTHS}"
            )
        if self.min_team_size < 0:
            raise ValueError("min_team_size must not be negative")

    @property
    def expected_touchpoints_90d(self) -> int:
        """Whole cadence intervals in 90 days: ``90 // touchpoint_cadence_days``."""
        return 90 // self.touchpoint_cadence_days


# Defaults to configure per business; see docs/algorithms/portfolio.md.
DEFAULT_POLICIES: Mapping[str, EffortPolicy] = MappingProxyType(
    {
        STRATEGIC: EffortPolicy(STRATEGIC, 14, 90, "trusted_advisor", 4),
        STAR: EffortPolicy(STAR, 21, 90, "problem_solver", 3),
        STATUS: EffortPolicy(STATUS, 45, 180, "credible_source", 2),
        STREAMLINE: EffortPolicy(STREAMLINE, 90, 365, "vendor", 1),
    }
)

_DEPTH_LABELS = {
    "vendor": "vendor",
    "credible_source": "credible source",
    "problem_solver": "problem solver",
    "trusted_advisor": "trusted advisor",
}


@dataclass(frozen=True, slots=True)
class AccountEffort:
    """The effort one account gets today.

    ``tier`` is the effective tier (``None`` = not placed); ``team_size`` counts our
    account team; ``covered_people`` counts their people we hold a relationship with;
    ``deepest_coverage`` is the deepest current coverage depth (``None`` = none);
    ``touchpoints_90d`` counts touchpoints in the last 90 days (``None`` = not tracked
    yet); ``days_since_review`` is ``None`` when the plan was never reviewed.
    """

    account_id: int
    name: str
    tier: str | None
    team_size: int
    covered_people: int
    deepest_coverage: str | None
    touchpoints_90d: int | None
    days_since_review: int | None


SEVERITIES = ("high", "medium", "low")
EFFORT_FINDING_KINDS = ("flat_effort", "under_served", "over_served", "review_overdue")

FIRST_COMMON_MISTAKE = (
    "Treating all accounts equally rather than allocating disproportionate resources "
    "to strategically important key accounts"
)


@dataclass(frozen=True, slots=True)
class EffortFinding:
    """A mismatch between an account's tier and the effort it gets, in plain language.

    ``kind`` is one of :data:`EFFORT_FINDING_KINDS`; ``severity`` "high", "medium" or
    "low"; ``account_ids`` are the accounts the finding names.
    """

    kind: str
    severity: str
    account_ids: tuple[int, ...]
    title: str
    explanation: str


def _depth_rank(depth: str | None) -> int:
    return COVERAGE_DEPTHS.index(depth) if depth in COVERAGE_DEPTHS else -1


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _under_served(account: AccountEffort, policy: EffortPolicy) -> EffortFinding | None:
    tier_label = QUADRANT_LABELS.get(policy.tier, policy.tier)
    reasons: list[str] = []
    if account.team_size < policy.min_team_size:
        reasons.append(
            f"its account team has {account.team_size} "
            f"{'person' if account.team_size == 1 else 'people'} where the policy "
            f"asks for at least {policy.min_team_size}"
        )
    expected = policy.expected_touchpoints_90d
    if account.touchpoints_90d is not None and account.touchpoints_90d < expected:
        reasons.append(
            f"it had {_plural(account.touchpoints_90d, 'touchpoint')} in the last 90 days "
            f"where a touchpoint every {policy.touchpoint_cadence_days} days means at "
            f"least {expected}"
        )
    if _depth_rank(account.deepest_coverage) < _depth_rank(policy.coverage_depth):
        have = (
            f"our deepest relationship is {_DEPTH_LABELS[account.deepest_coverage]}"
            if account.deepest_coverage in _DEPTH_LABELS
            else "we hold no graded relationship there"
        )
        reasons.append(f"{have} where the policy aims for {_DEPTH_LABELS[policy.coverage_depth]}")
    if not reasons:
        return None
    severity = {STRATEGIC: "high", STAR: "medium"}.get(policy.tier, "low")
    return EffortFinding(
        "under_served",
        severity,
        (account.account_id,),
        f"{account.name} gets less effort than a {tier_label} account deserves",
        f"{account.name} is a {tier_label} account, but {'; '.join(reasons)}. "
        f"Raise the effort to the {tier_label} policy or, if the account no longer "
        "deserves it, re-tier it.",
    )


def _over_served(
    account: AccountEffort,
    strategic_team: float | None,
    strategic_touch: float | None,
) -> EffortFinding | None:
    if account.tier not in (STATUS, STREAMLINE):
        return None
    tier_label = QUADRANT_LABELS[account.tier]
    reasons: list[str] = []
    if strategic_team is not None and account.team_size > strategic_team:
        reasons.append(
            f"its team of {account.team_size} is larger than the median strategic "
            f"account's team of {_num(strategic_team, 1)}"
        )
    if (
        strategic_touch is not None
        and account.touchpoints_90d is not None
        and account.touchpoints_90d > strategic_touch
    ):
        reasons.append(
            f"its {account.touchpoints_90d} touchpoints in 90 days exceed the median "
            f"strategic account's {_num(strategic_touch, 1)}"
        )
    if not reasons:
        return None
    return EffortFinding(
        "over_served",
        "medium",
        (account.account_id,),
        f"{account.name} gets more effort than its {tier_label} tier warrants",
        f"{account.name} is a {tier_label} account, yet {'; '.join(reasons)}. That is "
        "disproportionate effort in the wrong place: move people and time towards the "
        "strategic accounts, or re-tier this one if it has become strategic.",
    )


def _flat_effort(tiered: Sequence[AccountEffort]) -> EffortFinding | None:
    present = [t for t in TIERS if any(a.tier == t for a in tiered)]
    if len(present) < 2:
        return None
    top, bottom = present[0], present[-1]
    reasons: list[str] = []
    sizes = {a.team_size for a in tiered}
    if len(sizes) == 1:
        reasons.append(
            f"all {len(tiered)} tiered accounts have the same team size "
            f"({next(iter(sizes))}) whatever their tier"
        )
    else:
        top_mean = statistics.fmean(a.team_size for a in tiered if a.tier == top)
        bottom_mean = statistics.fmean(a.team_size for a in tiered if a.tier == bottom)
        if top_mean <= bottom_mean:
            reasons.append(
                f"the mean team size of {QUADRANT_LABELS[top]} accounts "
                f"({_num(top_mean, 1)}) is not above that of {QUADRANT_LABELS[bottom]} "
                f"accounts ({_num(bottom_mean, 1)})"
            )
    top_touch = [
        a.touchpoints_90d for a in tiered if a.tier == top and a.touchpoints_90d is not None
    ]
    bottom_touch = [
        a.touchpoints_90d for a in tiered if a.tier == bottom and a.touchpoints_90d is not None
    ]
    if top_touch and bottom_touch:
        top_mean_t = statistics.fmean(top_touch)
        bottom_mean_t = statistics.fmean(bottom_touch)
        if top_mean_t <= bottom_mean_t:
            reasons.append(
                f"{QUADRANT_LABELS[top]} accounts average {_num(top_mean_t, 1)} touchpoints "
                f"in 90 days, not more than {QUADRANT_LABELS[bottom]} accounts "
                f"({_num(bottom_mean_t, 1)})"
            )
    if not reasons:
        return None
    return EffortFinding(
        "flat_effort",
        "high",
        tuple(sorted(a.account_id for a in tiered)),
        "Effort does not follow tier",
        f"Across the portfolio {'; and '.join(reasons)}. This is the common mistake "
        f'"{FIRST_COMMON_MISTAKE}" (Account Relationship Management, Common Mistakes). '
        "Give strategic accounts bigger teams and a tighter cadence, and serve streamline "
        "accounts more lightly.",
    )


def _review_overdue(account: AccountEffort, policy: EffortPolicy) -> EffortFinding | None:
    tier_label = QUADRANT_LABELS.get(policy.tier, policy.tier)
    days = account.days_since_review
    if days is None:
        return EffortFinding(
            "review_overdue",
            "high" if policy.tier in (STRATEGIC, STAR) else "medium",
            (account.account_id,),
            f"{account.name} has never been reviewed",
            f"{account.name} is a {tier_label} account whose plan has never been reviewed; "
            f"the policy asks for a review at least every {policy.review_cadence_days} days. "
            "Schedule a review and take a map snapshot.",
        )
    if days <= policy.review_cadence_days:
        return None
    return EffortFinding(
        "review_overdue",
        "high" if days > 2 * policy.review_cadence_days else "medium",
        (account.account_id,),
        f"{account.name} is overdue for review",
        f"{account.name} was last reviewed {days} days ago; as a {tier_label} account it "
        f"should be reviewed at least every {policy.review_cadence_days} days "
        f"({days - policy.review_cadence_days} days overdue). Schedule a review.",
    )


def effort_findings(
    accounts: Sequence[AccountEffort],
    policies: Mapping[str, EffortPolicy] = DEFAULT_POLICIES,
) -> list[EffortFinding]:
    """Where effort does not follow tier, as plain-language findings.

    Rules (accounts without a tier, or whose tier has no policy, are skipped):

    - ``under_served`` (per account): ``team_size < min_team_size``, or
      ``touchpoints_90d < 90 // touchpoint_cadence_days`` (when tracked), or deepest
      coverage shallower than the policy's depth (none counts as shallowest). Severity
      high for strategic, medium for star, low otherwise.
    - ``over_served`` (per account): a status or streamline account whose team size, or
      touchpoints in 90 days, is strictly above the median of the strategic accounts
      (needs at least one strategic account). Severity medium.
    - ``flat_effort`` (portfolio): with at least two tiers present, every tiered account
      has the same team size, or the mean team size (or mean touchpoints, when tracked) of
      the highest tier present is not above that of the lowest tier present. Severity
      high. Source: the seed's first common mistake, "Treating all accounts equally
      rather than allocating disproportionate resources to strategically important key
      accounts".
    - ``review_overdue`` (per account): never reviewed, or ``days_since_review >
      review_cadence_days``. Severity high if never reviewed (strategic/star) or more
      than twice the cadence, else medium.

    Findings are sorted by severity (high first), kind, then account ids.
    """
    tiered = [a for a in accounts if a.tier is not None and a.tier in policies]
    strategic = [a for a in tiered if a.tier == STRATEGIC]
    strategic_team = statistics.median(a.team_size for a in strategic) if strategic else None
    tracked = [a.touchpoints_90d for a in strategic if a.touchpoints_90d is not None]
    strategic_touch = statistics.median(tracked) if tracked else None

    findings: list[EffortFinding] = []
    flat = _flat_effort(tiered)
    if flat is not None:
        findings.append(flat)
    for account in tiered:
        policy = policies[account.tier or ""]
        for finding in (
            _under_served(account, policy),
            _over_served(account, strategic_team, strategic_touch),
            _review_overdue(account, policy),
        ):
            if finding is not None:
                findings.append(finding)
    findings.sort(
        key=lambda f: (
            SEVERITIES.index(f.severity),
            EFFORT_FINDING_KINDS.index(f.kind),
            f.account_ids,
        )
    )
    return findings

"""Engagement planning: the strategy a stakeholder's position proposes, and when the
next touchpoint is due.

The proposal reads two things the map already holds. Mendelow's quadrant (FRAMEWORKS.md)
says how much attention a person needs; their attitude to us says what that attention
should do: convert an opponent, find out where an unknown stands, or equip a supporter.
Buying roles can sharpen it: a declared blocker is treated as opposed, a coach (champion)
as a supporter. The table is in :data:`STRATEGIES`, and docs/algorithms/engagement.md
explains each rule. It is a starting point the user edits; when they do, they give a
reason, and a plan whose person has since moved is flagged for review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from relmap.analytics.grid import (
    KEEP_INFORMED,
    KEEP_SATISFIED,
    KEY_PLAYERS,
    MINIMAL_EFFORT,
    QUADRANT_LABELS,
    quadrant,
)

# Attitude bands. Unknown is its own band: it is a finding, not neutral (DESIGN.md).
OPPOSED = "opposed"
UNKNOWN = "unknown"
NEUTRAL = "neutral"
SUPPORTIVE = "supportive"
BANDS = (OPPOSED, UNKNOWN, NEUTRAL, SUPPORTIVE)
BAND_LABELS = {
    OPPOSED: "opposed (sceptic, opponent or blocker)",
    UNKNOWN: "attitude unknown",
    NEUTRAL: "neutral",
    SUPPORTIVE: "supportive (supporter, champion or coach)",
}


@dataclass(frozen=True, slots=True)
class Strategy:
    headline: str
    text: str
    channels: tuple[str, ...]
    # Multiplies the tier's touchpoint cadence: under 1 means more often.
    cadence_factor: float


STRATEGIES: dict[tuple[str, str], Strategy] = {
    (KEY_PLAYERS, OPPOSED): Strategy(
        "Convert or neutralise",
        "Meet in person to hear the objection in full, answer it with evidence from their "
        "own business, and bring in a peer they trust. Never let them be surprised: brief "
        "them before every proposal reaches the decision makers.",
        ("in_person", "video"),
        0.5,
    ),
    (KEY_PLAYERS, UNKNOWN): Strategy(
        "Find out where they stand",
        "Their power and interest are high and we do not know their view. Before any "
        "proposal, hold a discovery meeting led by our most senior peer: ask about the "
        "problems they want solved and what a good outcome would mean for them.",
        ("in_person", "video"),
        0.5,
    ),
    (KEY_PLAYERS, NEUTRAL): Strategy(
        "Manage closely",
        "Involve them in decisions and communicate regularly. Build the case around their "
        "business and personal wins so that neutral becomes support.",
        ("in_person", "video", "email"),
        0.75,
    ),
    (KEY_PLAYERS, SUPPORTIVE): Strategy(
        "Partner and equip",
        "Co-create the plan with them, give them what they need to sell it internally, and "
        "protect their time. Ask them to open doors to the people we do not yet reach.",
        ("in_person", "video", "social"),
        0.75,
    ),
    (KEEP_SATISFIED, OPPOSED): Strategy(
        "Give no cause to oppose",
        "Meet their stated needs and avoid surprises: short briefings before changes that "
        "touch their remit, through the person they trust most. Do not over-communicate.",
        ("in_person", "email"),
        1.0,
    ),
    (KEEP_SATISFIED, UNKNOWN): Strategy(
        "Establish their view, keep satisfied",
        "A brief executive-level contact to learn what they expect from us; meanwhile keep "
        "them satisfied with concise updates on the outcomes they care about.",
        ("video", "email"),
        1.0,
    ),
    (KEEP_SATISFIED, NEUTRAL): Strategy(
        "Keep satisfied",
        "Concise updates on results in their terms; consult them on decisions in their remit. "
        "Watch for their interest rising: they would become a key player.",
        ("email", "video"),
        1.0,
    ),
    (KEEP_SATISFIED, SUPPORTIVE): Strategy(
        "Raise their interest",
        "A powerful supporter who cares little yet: link our work to their own agenda so "
        "they become a sponsor. Keep their time cost low.",
        ("in_person", "email"),
        1.0,
    ),
    (KEEP_INFORMED, OPPOSED): Strategy(
        "Inform and listen",
        "Regular updates, and listen to their concerns: critics with interest can gain "
        "power or sway those who have it. Answer concerns before they spread.",
        ("email", "video"),
        1.0,
    ),
    (KEEP_INFORMED, UNKNOWN): Strategy(
        "Keep informed, learn their view",
        "Regular updates; at the next touchpoint ask how they see our work, and record it.",
        ("email", "video"),
        1.0,
    ),
    (KEEP_INFORMED, NEUTRAL): Strategy(
        "Keep informed",
        "Regular updates through the channels they prefer; they can become advocates or "
        "critics, and gain power.",
        ("email", "messaging"),
        1.0,
    ),
    (KEEP_INFORMED, SUPPORTIVE): Strategy(
        "Nurture an advocate",
        "Keep them informed and give them material to share; an interested supporter is an "
        "advocate in the making and may gain power.",
        ("email", "event"),
        1.0,
    ),
    (MINIMAL_EFFORT, OPPOSED): Strategy(
        "Monitor for spreading opposition",
        "Light touch, but watch whether their opposition reaches people with power.",
        ("email",),
        1.5,
    ),
    (MINIMAL_EFFORT, UNKNOWN): Strategy(
        "Monitor",
        "Light touch; note their attitude when you next meet them.",
        ("email",),
        1.5,
    ),
    (MINIMAL_EFFORT, NEUTRAL): Strategy(
        "Monitor",
        "Light-touch updates; watch for changes in their power or interest.",
        ("email",),
        1.5,
    ),
    (MINIMAL_EFFORT, SUPPORTIVE): Strategy(
        "Monitor, keep goodwill",
        "Light touch that keeps their goodwill; they may vouch for us to others.",
        ("email", "event"),
        1.5,
    ),
}


def attitude_band(attitude: int | None, roles: frozenset[str] | set[str] = frozenset()) -> str:
    """The attitude band of a person: a declared blocker is opposed and a coach
    (``champion`` role) supportive whatever their rating; otherwise -2/-1 opposed, 0
    neutral, +1/+2 supportive, ``None`` unknown. A blocker who is also a coach is read by
    their rating, since the two roles cancel out."""
    blocker, coach = "blocker" in roles, "champion" in roles
    if blocker and not coach:
        return OPPOSED
    if coach and not blocker:
        return SUPPORTIVE
    if attitude is None:
        return UNKNOWN
    if attitude < 0:
        return OPPOSED
    return NEUTRAL if attitude == 0 else SUPPORTIVE


@dataclass(frozen=True, slots=True)
class Proposal:
    """The proposed strategy for one stakeholder, with why."""

    code: str  # "<quadrant>:<band>", stored on the plan it is taken into
    quadrant: str
    band: str
    headline: str
    text: str
    channels: tuple[str, ...]
    cadence_days: int
    explanation: str


def propose(
    *,
    power: int,
    interest: int,
    attitude: int | None,
    roles: frozenset[str] | set[str] = frozenset(),
    tier_cadence_days: int,
    cutoff: int = 3,
) -> Proposal:
    """The strategy that a stakeholder's quadrant and attitude propose.

    The cadence is the account tier's touchpoint cadence times the strategy's factor
    (more often for key players, less for minimal effort), rounded, at least one day.
    """
    quad = quadrant(power, interest, cutoff)
    band = attitude_band(attitude, roles)
    strategy = STRATEGIES[(quad, band)]
    cadence = max(1, round(tier_cadence_days * strategy.cadence_factor))
    return Proposal(
        code=f"{quad}:{band}",
        quadrant=quad,
        band=band,
        headline=strategy.headline,
        text=strategy.text,
        channels=strategy.channels,
        cadence_days=cadence,
        explanation=(
            f"{QUADRANT_LABELS[quad]} (power {power}/5, interest {interest}/5) and "
            f"{BAND_LABELS[band]}: {strategy.headline.lower()}. Cadence: every {cadence} "
            f"days ({tier_cadence_days} for the account's tier x {strategy.cadence_factor:g})."
        ),
    )


# Touchpoint status, most urgent first.
OVERDUE = "overdue"
DUE = "due"
UPCOMING = "upcoming"
DUE_SOON_DAYS = 7


@dataclass(frozen=True, slots=True)
class Due:
    due_on: dt.date
    status: str  # overdue, due (within DUE_SOON_DAYS), upcoming
    days: int  # days until due (negative when overdue)
    reason: str

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days)


def next_touchpoint(
    *,
    today: dt.date,
    cadence_days: int,
    last_touch: dt.date | None,
    next_step_on: dt.date | None,
    plan_started: dt.date,
) -> Due:
    """When the next touchpoint with a stakeholder is due.

    The cadence makes it due ``cadence_days`` after the last interaction they took part
    in; with none yet, on the day the plan started (a new plan calls for a first contact).
    A dated next step makes it due then if that comes sooner. Overdue when the date has
    passed; "due" within :data:`DUE_SOON_DAYS` days; otherwise upcoming.
    """
    if last_touch is None:
        by_cadence = plan_started
        cadence_reason = "no touchpoint yet since the plan started"
    else:
        by_cadence = last_touch + dt.timedelta(days=cadence_days)
        cadence_reason = f"every {cadence_days} days, last touchpoint {last_touch.isoformat()}"
    due_on, reason = by_cadence, cadence_reason
    if next_step_on is not None and next_step_on < by_cadence:
        due_on, reason = next_step_on, "the planned next step"
    days = (due_on - today).days
    if days < 0:
        status = OVERDUE
    elif days <= DUE_SOON_DAYS:
        status = DUE
    else:
        status = UPCOMING
    return Due(due_on=due_on, status=status, days=days, reason=reason)


# Findings about engagement: who has gone quiet, who nobody meets.
SILENT_DAYS = 90
UNMET_DAYS = 180
POWERFUL = 4


@dataclass(frozen=True, slots=True)
class EngagementFinding:
    kind: str  # silent_champion, powerful_unmet, key_player_without_plan
    severity: str  # high, medium
    title: str
    explanation: str
    people: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Contact:
    """A current stakeholder of theirs, as the engagement findings need them."""

    id: int
    name: str
    power: int
    interest: int
    attitude: int | None
    roles: frozenset[str]


def engagement_findings(
    people: list[Contact],
    last_touch: dict[int, dt.date],
    planned: set[int],
    today: dt.date,
    *,
    cutoff: int = 3,
) -> list[EngagementFinding]:
    """Three rules, each with its threshold (docs/algorithms/engagement.md):

    - **silent champion**: attitude +2 or the champion role, and no interaction with
      anyone of ours for :data:`SILENT_DAYS` days (or ever). A coach who is not heard from
      is not coaching us — or has cooled.
    - **powerful and unmet**: power at least :data:`POWERFUL` and no interaction for
      :data:`UNMET_DAYS` days: a coverage gap in practice, whatever coverage is recorded.
    - **key players without a plan**: in the key-players quadrant with no engagement plan
      (one finding naming them all).
    """
    found: list[EngagementFinding] = []
    unplanned: list[Contact] = []
    for person in people:
        last = last_touch.get(person.id)
        quiet = None if last is None else (today - last).days
        if last is None:
            silence = "has never met or written to any of us"
        else:
            silence = f"has not met or written to any of us since {last.isoformat()} ({quiet} days)"
        if (person.attitude == 2 or "champion" in person.roles) and (
            quiet is None or quiet >= SILENT_DAYS
        ):
            found.append(
                EngagementFinding(
                    "silent_champion",
                    "high",
                    f"{person.name}, a champion, has gone quiet",
                    f"{person.name} is a champion but {silence}. Champions guide us through "
                    "the sale; silence means we are not being coached, or their support has "
                    "cooled. Book a conversation and ask what has changed.",
                    (person.id,),
                )
            )
        elif person.power >= POWERFUL and (quiet is None or quiet >= UNMET_DAYS):
            found.append(
                EngagementFinding(
                    "powerful_unmet",
                    "high" if person.interest >= cutoff else "medium",
                    f"Nobody meets {person.name}",
                    f"{person.name} has power {person.power}/5 and {silence}. Recorded "
                    "coverage aside, nobody is in touch: give them an owner and a first "
                    "touchpoint.",
                    (person.id,),
                )
            )
        if quadrant(person.power, person.interest, cutoff) == KEY_PLAYERS and (
            person.id not in planned
        ):
            unplanned.append(person)
    if unplanned:
        unplanned.sort(key=lambda p: (-p.power, -p.interest, p.name))
        names = ", ".join(f"{p.name} ({p.power}/{p.interest})" for p in unplanned)
        count = len(unplanned)
        found.append(
            EngagementFinding(
                "key_player_without_plan",
                "medium",
                f"{count} key player{'s have' if count > 1 else ' has'} no engagement plan",
                f"Key players need managing closely, and nobody has planned how for: {names} "
                "(power/interest).",
                tuple(p.id for p in unplanned),
            )
        )
    order = {"high": 0, "medium": 1}
    return sorted(found, key=lambda f: (order[f.severity], f.kind, f.title))

"""Rules that turn a map into findings: each says why, names the people, and suggests a fix.

Every rule is a small function from the :class:`FindingContext` to a list of findings;
the rule, its thresholds and its source are written down in docs/algorithms/findings.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from relmap.analytics.config import AnalysisConfig
from relmap.analytics.coverage import DiamondMeasure
from relmap.analytics.results import SEVERITIES, Finding, StakeholderAnalysis
from relmap.analytics.types import CoverageLink, Person

# Buying seats every deal needs filled (Miller & Heiman; DESIGN.md), most critical first.
SEATS: tuple[tuple[str, str], ...] = (
    ("economic_buyer", "economic buyer"),
    ("champion", "champion (coach)"),
    ("decision_maker", "decision maker"),
    ("technical_evaluator", "technical evaluator"),
    ("user", "user"),
)
CRITICAL_SEATS = ("economic_buyer", "champion")
# Roles whose holder leaving puts a deal at risk.
PIVOTAL_ROLES = ("economic_buyer", "decision_maker", "champion")
JUNIOR_SENIORITIES = ("mid", "junior")
SENIOR_ROLES = ("economic_buyer", "decision_maker")

ROLE_WORDS = {
    "economic_buyer": "economic buyer",
    "decision_maker": "decision maker",
    "technical_evaluator": "technical evaluator",
    "user": "user",
    "influencer": "influencer",
    "gatekeeper": "gatekeeper",
    "champion": "champion",
    "blocker": "blocker",
    "sponsor": "sponsor",
}


@dataclass(frozen=True, slots=True)
class FindingContext:
    """What the rules read. ``coverage`` holds active links only (see coverage.py)."""

    people: Mapping[int, Person]
    analyses: Mapping[int, StakeholderAnalysis]
    coverage: Sequence[CoverageLink]
    covered_by: Mapping[int, Sequence[CoverageLink]]
    followers: Mapping[int, int]
    diamond: DiamondMeasure
    config: AnalysisConfig

    def name(self, person_id: int) -> str:
        person = self.people.get(person_id)
        return person.name if person is not None else f"person #{person_id}"

    def names(self, person_ids: Sequence[int]) -> str:
        return join_words([self.name(pid) for pid in person_ids])

    def external_current(self) -> list[Person]:
        return [p for p in self.people.values() if not p.is_internal and p.status != "left"]


def join_words(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def informal_influencers(ctx: FindingContext) -> list[Finding]:
    """Outsiders whose network score is ``>= informal_gap`` points above formal power."""
    found = []
    gap = ctx.config.informal_gap
    for person in ctx.external_current():
        analysis = ctx.analyses[person.id]
        lead = analysis.network_score - analysis.formal_score
        if lead < gap:
            continue
        followers = ctx.followers.get(person.id, 0)
        title = person.title or "no title recorded"
        stance = (
            "Their attitude to us is unknown: find out where they stand."
            if person.attitude is None
            else f"Their attitude is {person.attitude:+d}."
        )
        severity = "high" if person.attitude is None or person.attitude < 0 else "medium"
        found.append(
            Finding(
                kind="informal_influencer",
                severity=severity,
                title=f"{person.name} has more influence than their position suggests",
                explanation=(
                    f"{person.name} ({title}) scores {analysis.network_score:.0f}/100 on "
                    f"network position but only {analysis.formal_score:.0f}/100 on formal "
                    f"power (power {person.power}/5), a gap of {lead:.0f} points "
                    f"(threshold {gap:.0f}). {_people(followers)} on the map "
                    f"{'looks' if followers == 1 else 'look'} to them through advice, "
                    "influence or alliance ties. People like this sway decisions "
                    "without signing them. "
                    f"{stance} Consider raising their power rating and giving them an "
                    "engagement plan of their own."
                ),
                people=(person.id,),
            )
        )
    return found


def champions(ctx: FindingContext) -> list[Finding]:
    """Active customer, supplier or partner people with attitude +2 or the champion role.

    Our own people are on our side by definition; a champion is someone on theirs.
    """
    found = []
    for person in ctx.external_current():
        if person.status != "active":
            continue
        if person.attitude != 2 and "champion" not in person.roles:
            continue
        why = []
        if person.attitude == 2:
            why.append("attitude +2")
        if "champion" in person.roles:
            why.append("the champion role")
        advice = (
            "They have real power: involve them in shaping the proposal."
            if person.power >= ctx.config.powerful
            else f"Their power is only {person.power}/5: ask them to introduce you to "
            "the people who decide."
        )
        if not person.is_internal and person.id not in ctx.covered_by:
            advice += " Nobody on our side covers them yet: assign an owner."
        found.append(
            Finding(
                kind="champion",
                severity="low",
                title=f"{person.name} is a champion",
                explanation=(
                    f"{person.name} is a champion ({join_words(why)}). Champions guide "
                    f"us through the sale; keep them briefed and coached. {advice}"
                ),
                people=(person.id,),
            )
        )
    return found


def blockers(ctx: FindingContext) -> list[Finding]:
    """Current people with attitude -2 or the blocker role."""
    found = []
    for person in ctx.people.values():
        if person.status == "left":
            continue
        if person.attitude != -2 and "blocker" not in person.roles:
            continue
        why = []
        if person.attitude == -2:
            why.append("attitude -2, an opponent")
        if "blocker" in person.roles:
            why.append("the blocker role")
        powerful = person.power >= ctx.config.powerful
        found.append(
            Finding(
                kind="blocker",
                severity="high" if powerful else "medium",
                title=f"{person.name} may block the deal",
                explanation=(
                    f"{person.name} is marked as a blocker ({join_words(why)}) with power "
                    f"{person.power}/5. Understand their objection, address it directly "
                    "or through someone they trust, and keep allies informed so the "
                    "objection does not spread."
                ),
                people=(person.id,),
            )
        )
    return found


def unknowns(ctx: FindingContext) -> list[Finding]:
    """Powerful outsiders whose attitude or trust is unknown (unknown is not neutral)."""
    found = []
    powerful = ctx.config.powerful
    for person in ctx.external_current():
        if person.power < powerful:
            continue
        missing = []
        if person.attitude is None:
            missing.append("attitude")
        if person.trust is None:
            missing.append("trust in us")
        if not missing:
            continue
        what = join_words(missing)
        found.append(
            Finding(
                kind="unknown",
                severity="high" if person.attitude is None else "medium",
                title=f"{what[0].upper()}{what[1:]} of {person.name} unknown",
                explanation=(
                    f"{person.name} has power {person.power}/5 (at or above "
                    f"{powerful}) but their {what} {'are' if len(missing) > 1 else 'is'} "
                    "not recorded. Unknown is not neutral: a powerful person we cannot "
                    "read is a risk. Find out in "
                    "the next conversation with them or someone close to them, and "
                    "record it."
                ),
                people=(person.id,),
            )
        )
    return found


def empty_seats(ctx: FindingContext) -> list[Finding]:
    """One finding per buying seat no active outsider fills."""
    found = []
    outsiders = [p for p in ctx.people.values() if not p.is_internal]
    for role, word in SEATS:

        def holds(person: Person, role: str = role) -> bool:
            if role == "champion":
                return "champion" in person.roles or person.attitude == 2
            return role in person.roles

        if any(holds(p) for p in outsiders if p.status == "active"):
            continue
        former = sorted(p.id for p in outsiders if p.status != "active" and holds(p))
        history = (
            f" {ctx.names(former)} held it but {'has' if len(former) == 1 else 'have'} "
            "left or changed role."
            if former
            else ""
        )
        critical = role in CRITICAL_SEATS
        why = {
            "economic_buyer": "the economic buyer gives final approval and can veto",
            "champion": "a coach guides us through the sale from the inside",
            "decision_maker": "someone makes the decision and we should know who",
            "technical_evaluator": (
                "technical evaluators cannot say a final yes but can stop the deal"
            ),
            "user": "users feel the offering every day and their view carries weight",
        }[role]
        found.append(
            Finding(
                kind="empty_seat",
                severity="high" if critical else "medium",
                title=f"No {word} identified",
                explanation=(
                    f"No current stakeholder on their side holds the {word} role: "
                    f"{why}.{history} Identify who fills this seat and add them to the "
                    "map."
                ),
                people=tuple(former),
            )
        )
    return found


def uncovered(ctx: FindingContext) -> list[Finding]:
    """Powerful outsiders nobody on our side covers."""
    found = []
    powerful = ctx.config.powerful
    for person in ctx.external_current():
        if person.power < powerful or person.id in ctx.covered_by:
            continue
        found.append(
            Finding(
                kind="uncovered_stakeholder",
                severity="high",
                title=f"Nobody covers {person.name}",
                explanation=(
                    f"{person.name} has power {person.power}/5 but none of our people "
                    "holds a relationship with them. Assign an owner of similar "
                    "seniority; a warm path through people we already know is the "
                    "easiest introduction."
                ),
                people=(person.id,),
            )
        )
    return found


def weak_coverage(ctx: FindingContext) -> list[Finding]:
    """Powerful outsiders covered only by weak (strength <= limit) or vendor-depth links."""
    found = []
    powerful = ctx.config.powerful
    limit = ctx.config.weak_coverage_strength
    for person in ctx.external_current():
        links = ctx.covered_by.get(person.id)
        if person.power < powerful or not links:
            continue
        if not all(link.strength <= limit or link.current_depth == "vendor" for link in links):
            continue
        ours = sorted({link.internal for link in links})
        detail = "; ".join(
            f"{ctx.name(link.internal)}: strength {link.strength}/5, "
            f"{link.current_depth.replace('_', ' ')}"
            for link in sorted(links, key=lambda item: item.internal)
        )
        found.append(
            Finding(
                kind="weak_coverage",
                severity="medium",
                title=f"Coverage of {person.name} is weak",
                explanation=(
                    f"{person.name} has power {person.power}/5 and is covered only "
                    f"through weak links ({detail}); weak means strength {limit} or less, "
                    "or vendor depth. Deepen one of these relationships towards "
                    "problem solver or trusted advisor, or add a stronger one."
                ),
                people=(person.id, *ours),
            )
        )
    return found


def single_threaded(ctx: FindingContext) -> list[Finding]:
    """Account-level: fewer than 2 of our people cover anyone, or one holds > half.

    The second test counts active coverage links to powerful outsiders only.
    """
    if not ctx.external_current():
        return []
    measure = ctx.diamond
    diamond_note = (
        f"Diamond index {measure.index:.2f} (0 bow-tie .. 1 diamond): coverage joins "
        f"{_plural(measure.pairs, 'distinct department pair')}, engaging "
        f"{measure.our_engaged} of our {measure.our_departments} departments and "
        f"reaching {measure.their_reached} of their {measure.their_departments}; "
        f"balance across our people {measure.balance:.2f}."
    )
    coverers = [person_id for person_id, _ in measure.links_by_person]
    if len(coverers) < 2:
        if coverers:
            title = f"Single-threaded: only {ctx.name(coverers[0])} covers this account"
            lead = (
                f"All coverage of this account runs through {ctx.name(coverers[0])}: a "
                "bow-tie. If they leave or the relationship sours, we lose the account's "
                "ear."
            )
        else:
            title = "No coverage: none of our people covers this account"
            lead = "None of our people holds a relationship with anyone at this account."
        return [
            Finding(
                kind="single_threaded",
                severity="high",
                title=title,
                explanation=(
                    f"{lead} {diamond_note} Connect functional peers on both sides "
                    "(zippering) so the account has several threads."
                ),
                people=tuple(coverers),
            )
        ]
    powerful = ctx.config.powerful
    held: dict[int, int] = {}
    for link in ctx.coverage:
        if ctx.people[link.external].power >= powerful:
            held[link.internal] = held.get(link.internal, 0) + 1
    total = sum(held.values())
    if not total:
        return []
    top_id, top_count = min(held.items(), key=lambda item: (-item[1], item[0]))
    if top_count * 2 <= total:
        return []
    return [
        Finding(
            kind="single_threaded",
            severity="medium",
            title=f"Account depends on {ctx.name(top_id)}",
            explanation=(
                f"{ctx.name(top_id)} holds {top_count} of the {total} relationships with "
                f"powerful stakeholders (power {powerful}+), more than half. {diamond_note} "
                "Bring other people of ours into those relationships so the account "
                "does not hang on one person."
            ),
            people=(top_id,),
        )
    ]


def junior_coverage(ctx: FindingContext) -> list[Finding]:
    """Decision makers or economic buyers covered only by our mid or junior people."""
    found = []
    for person in ctx.external_current():
        senior_roles = [role for role in SENIOR_ROLES if role in person.roles]
        links = ctx.covered_by.get(person.id)
        if not senior_roles or not links:
            continue
        ours = sorted({link.internal for link in links})
        if not all(ctx.people[pid].seniority in JUNIOR_SENIORITIES for pid in ours):
            continue
        roles = join_words([ROLE_WORDS[role] for role in senior_roles])
        levels = join_words([f"{ctx.name(pid)} ({ctx.people[pid].seniority})" for pid in ours])
        found.append(
            Finding(
                kind="junior_coverage",
                severity="medium",
                title=f"{person.name} is covered only by junior people",
                explanation=(
                    f"{person.name} is the {roles} but is covered only by {levels}. "
                    "Senior buyers expect peers: add a relationship from one of our "
                    "senior or executive people."
                ),
                people=(person.id, *ours),
            )
        )
    return found


def left_roles(ctx: FindingContext, raw_coverage: Sequence[CoverageLink]) -> list[Finding]:
    """People who left or changed role but still hold a buying role or coverage."""
    touching: dict[int, set[int]] = {}
    for link in raw_coverage:
        touching.setdefault(link.internal, set()).add(link.external)
        touching.setdefault(link.external, set()).add(link.internal)
    found = []
    for person in ctx.people.values():
        if person.status not in ("left", "changed_role"):
            continue
        roles = sorted(role for role in person.roles if role in ROLE_WORDS)
        partners = sorted(touching.get(person.id, ()))
        if not roles and not partners:
            continue
        pivotal = any(role in PIVOTAL_ROLES for role in roles)
        if person.status == "left":
            severity = "high" if pivotal else "medium"
            state = "has left"
        else:
            severity = "medium" if pivotal else "low"
            state = "has changed role"
        held = []
        short = []
        if roles:
            role_words = join_words([ROLE_WORDS[r] for r in roles])
            held.append(f"the {role_words} {'role' if len(roles) == 1 else 'roles'}")
            short.append(held[-1])
        if partners:
            held.append(f"coverage with {ctx.names(partners)}")
            short.append("coverage" if len(partners) == 1 else f"{len(partners)} coverage links")
        found.append(
            Finding(
                kind="left_role",
                severity=severity,
                title=f"{person.name} {state} but still holds {' and '.join(short)}",
                explanation=(
                    f"{person.name} {state}, yet the map still gives them "
                    f"{' and '.join(held)}. Find out who holds these now and move the "
                    "roles and relationships to them, so the map matches reality."
                ),
                people=(person.id, *partners),
            )
        )
    return found


RULES: tuple[Callable[[FindingContext], list[Finding]], ...] = (
    informal_influencers,
    champions,
    blockers,
    unknowns,
    empty_seats,
    uncovered,
    weak_coverage,
    single_threaded,
    junior_coverage,
)


def collect_findings(
    ctx: FindingContext, raw_coverage: Sequence[CoverageLink]
) -> tuple[Finding, ...]:
    """Run every rule and sort: severity (high first), then kind, people, title."""
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(ctx))
    found.extend(left_roles(ctx, raw_coverage))
    order = {severity: position for position, severity in enumerate(SEVERITIES)}
    found.sort(key=lambda f: (order[f.severity], f.kind, f.people, f.title))
    return tuple(found)

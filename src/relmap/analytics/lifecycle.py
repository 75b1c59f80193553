"""Relationship lifecycle stages and what to do in each.

Stages as the seeds name them, after Dwyer, F. R., Schurr, P. H. & Oh, S. (1987),
"Developing buyer-seller relationships", *Journal of Marketing* 51(2), 11-27:
identification → exploration → expansion → commitment → dissolution. (Dwyer et al. call
the first phase "awareness"; the seeds call it identification.) The strategies are
relmap's practical reading of each stage for a key account manager.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

IDENTIFICATION = "identification"
EXPLORATION = "exploration"
EXPANSION = "expansion"
COMMITMENT = "commitment"
DISSOLUTION = "dissolution"

STAGES = (IDENTIFICATION, EXPLORATION, EXPANSION, COMMITMENT, DISSOLUTION)

STAGE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        IDENTIFICATION: "Identification",
        EXPLORATION: "Exploration",
        EXPANSION: "Expansion",
        COMMITMENT: "Commitment",
        DISSOLUTION: "Dissolution",
    }
)


@dataclass(frozen=True, slots=True)
class StageGuidance:
    """What a lifecycle stage means and 3-5 recommended strategies for it."""

    stage: str
    label: str
    summary: str
    strategies: tuple[str, ...]


GUIDANCE: Mapping[str, StageGuidance] = MappingProxyType(
    {
        IDENTIFICATION: StageGuidance(
            IDENTIFICATION,
            STAGE_LABELS[IDENTIFICATION],
            "We have spotted the organisation as a potential key account but have no "
            "real relationship yet; the task is to decide whether it is worth pursuing "
            "and to find a way in.",
            (
                "Score the account on attractiveness and our strength before investing, "
                "and record why it qualifies.",
                "Research its strategy, results and market pressures so the first "
                "conversation is about their business, not our products.",
                "Map the likely buying centre from public sources and our network, and "
                "find a warm introduction to at least one senior person.",
                "Set a time-boxed pursuit plan with a clear go/no-go point.",
            ),
        ),
        EXPLORATION: StageGuidance(
            EXPLORATION,
            STAGE_LABELS[EXPLORATION],
            "First contacts and trial business: both sides are testing each other's "
            "competence and trustworthiness, and the relationship is easy to end.",
            (
                "Run discovery (SPIN) with several stakeholders to find explicit and "
                "latent needs before proposing anything.",
                "Deliver a first, small piece of work flawlessly and make the result "
                "visible to the economic buyer.",
                "Identify and cultivate a coach who can explain how decisions are really made.",
                "Keep promises small and keep every one of them: early reliability builds "
                "the trust later stages depend on.",
                "Start mapping power, interest and attitude, including unknowns.",
            ),
        ),
        EXPANSION: StageGuidance(
            EXPANSION,
            STAGE_LABELS[EXPANSION],
            "Business is growing and both sides gain more from the relationship; "
            "interdependence rises and contacts multiply beyond the first pair.",
            (
                "Move from bow-tie to diamond: connect our functional experts with their "
                "peers so the relationship no longer runs through two people.",
                "Agree an account plan with SMART objectives and review it with the customer.",
                "Widen the offer where it solves a diagnosed problem, linking each "
                "proposal to the need it answers.",
                "Start measuring relationship health (NPS, CSAT, share of wallet) so "
                "growth is tracked, not assumed.",
            ),
        ),
        COMMITMENT: StageGuidance(
            COMMITMENT,
            STAGE_LABELS[COMMITMENT],
            "A mature partnership: both sides have invested, switching would be costly, "
            "and the work is to keep creating value together rather than coast.",
            (
                "Set mutual objectives and run joint business reviews at a fixed cadence.",
                "Co-create innovation or process improvements that neither side could "
                "achieve alone, and quantify the value delivered.",
                "Secure executive sponsorship on both sides and plan for the departure "
                "of key people on either side.",
                "Watch for complacency: track health KPIs and act on early warning signs.",
            ),
        ),
        DISSOLUTION: StageGuidance(
            DISSOLUTION,
            STAGE_LABELS[DISSOLUTION],
            "The relationship is weakening or ending, by their choice or ours; the task "
            "is to understand why, protect what can be protected and leave the door open.",
            (
                "Diagnose the causes with the customer: service failures, lost sponsor, "
                "changed strategy, a competitor, or our own decision to step back.",
                "Protect the remaining revenue with a short recovery plan on the issues "
                "that can still be fixed.",
                "If the decision is made, exit gracefully: honour commitments, hand over "
                "cleanly and keep contacts warm.",
                "Record lessons learned and set a win-back plan with a date to revisit "
                "the account.",
            ),
        ),
    }
)


def guidance(stage: str) -> StageGuidance:
    """The summary and recommended strategies for one lifecycle stage.

    ``stage`` is one of :data:`STAGES` (Dwyer, Schurr & Oh 1987, the seeds' list).
    Raises ``ValueError`` for any other value.
    """
    try:
        return GUIDANCE[stage]
    except KeyError:
        raise ValueError(
            f"unknown lifecycle stage {stage!r}; expected one of {', '.join(STAGES)}"
        ) from None

"""Vocabularies of consultative discovery (DESIGN.md, FRAMEWORKS.md)."""

from __future__ import annotations

from django.db import models


class SpinCategory(models.TextChoices):
    """The four kinds of question of SPIN selling (Rackham, 1988)."""

    SITUATION = "situation", "Situation"
    PROBLEM = "problem", "Problem"
    IMPLICATION = "implication", "Implication"
    NEED_PAYOFF = "need_payoff", "Need-payoff"


SPIN_GUIDANCE: dict[str, str] = {
    SpinCategory.SITUATION: "Facts about how they work today. Ask few: research answers most "
    "of them, and too many bore the buyer.",
    SpinCategory.PROBLEM: "Difficulties and dissatisfactions: they uncover implied needs.",
    SpinCategory.IMPLICATION: "Consequences of a problem: what it costs, who else it hurts. "
    "They build urgency.",
    SpinCategory.NEED_PAYOFF: "The value of solving it, in the buyer's words: here implied "
    "needs become explicit.",
}


class Stage(models.TextChoices):
    """The consultative selling process, in order: research, diagnose, propose, confirm."""

    RESEARCH = "research", "Research"
    DIAGNOSE = "diagnose", "Diagnose"
    PROPOSE = "propose", "Propose"
    CONFIRM = "confirm", "Confirm"


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)

STAGE_GUIDANCE: dict[str, str] = {
    Stage.RESEARCH: "Learn the account before asking: its market, results, strategy, people.",
    Stage.DIAGNOSE: "Hold discovery sessions: problem, implication and need-payoff questions "
    "uncover explicit and latent needs.",
    Stage.PROPOSE: "Propose a solution tailored to the needs found, each part linked to the "
    "need it answers.",
    Stage.CONFIRM: "Confirm with the customer that the proposal answers their needs, and "
    "agree the next step.",
}

"""Vocabularies of the map (DESIGN.md). The codes are shared with ``relmap.analytics``."""

from __future__ import annotations

from django.db import models


class Side(models.TextChoices):
    CUSTOMER = "customer", "Customer"
    SUPPLIER = "supplier", "Supplier"
    PARTNER = "partner", "Partner"
    INTERNAL = "internal", "Internal (our side)"


class BuyingRole(models.TextChoices):
    ECONOMIC_BUYER = "economic_buyer", "Economic buyer"
    DECISION_MAKER = "decision_maker", "Decision maker"
    TECHNICAL_EVALUATOR = "technical_evaluator", "Technical evaluator"
    USER = "user", "User"
    INFLUENCER = "influencer", "Influencer"
    GATEKEEPER = "gatekeeper", "Gatekeeper"
    CHAMPION = "champion", "Champion (coach)"
    BLOCKER = "blocker", "Blocker"
    SPONSOR = "sponsor", "Sponsor"


class Attitude(models.IntegerChoices):
    """Attitude towards us. Unknown is stored as NULL and is not neutral."""

    OPPONENT = -2, "Opponent (-2)"
    SCEPTIC = -1, "Sceptic (-1)"
    NEUTRAL = 0, "Neutral (0)"
    SUPPORTER = 1, "Supporter (+1)"
    CHAMPION = 2, "Champion (+2)"


class Status(models.TextChoices):
    ACTIVE = "active", "Active"
    CHANGED_ROLE = "changed_role", "Changed role"
    LEFT = "left", "Left"


class Seniority(models.TextChoices):
    EXECUTIVE = "executive", "Executive"
    SENIOR = "senior", "Senior"
    MID = "mid", "Mid-level"
    JUNIOR = "junior", "Junior"


class TieKind(models.TextChoices):
    REPORTS_TO = "reports_to", "reports to"
    DOTTED_LINE = "dotted_line", "dotted line to"
    INFLUENCES = "influences", "influences"
    ADVISES = "advises", "advises"
    ALLIED_WITH = "allied_with", "is allied with"
    IN_CONFLICT_WITH = "in_conflict_with", "is in conflict with"


FORMAL_TIE_KINDS = frozenset({TieKind.REPORTS_TO, TieKind.DOTTED_LINE})
SYMMETRIC_TIE_KINDS = frozenset({TieKind.ALLIED_WITH, TieKind.IN_CONFLICT_WITH})


class CoverageDepth(models.TextChoices):
    """How deep one of our relationships goes, weakest first (FRAMEWORKS.md)."""

    VENDOR = "vendor", "Vendor"
    CREDIBLE_SOURCE = "credible_source", "Credible source"
    PROBLEM_SOLVER = "problem_solver", "Problem solver"
    TRUSTED_ADVISOR = "trusted_advisor", "Trusted advisor"

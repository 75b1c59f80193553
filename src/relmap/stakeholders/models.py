"""The map of one account: stakeholders, the ties between them, and our coverage.

Every table carries ``account_id`` so that a distributed PostgreSQL can shard by account.
Validation that needs more than one row (cycles, one manager each, same account) lives in
``services.py``; single-value rules live here as validators with messages a user reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from relmap.accounts.models import Account
from relmap.core.models import TimeStampedModel
from relmap.stakeholders.choices import (
    Attitude,
    BuyingRole,
    CoverageDepth,
    Seniority,
    Side,
    Status,
    TieKind,
)


def scale_validators(
    label: str, low: str = "low", high: str = "high"
) -> list[Callable[[Any], None]]:
    message = f"{label} must be a whole number from 1 ({low}) to 5 ({high})."
    return [MinValueValidator(1, message=message), MaxValueValidator(5, message=message)]


def validate_roles(value: object) -> None:
    if not isinstance(value, list):
        raise ValidationError("Buying roles must be a list.")
    unknown = [r for r in value if r not in BuyingRole.values]
    if unknown:
        raise ValidationError(
            "Unknown buying role %(roles)s; use one of: %(known)s.",
            params={"roles": ", ".join(map(str, unknown)), "known": ", ".join(BuyingRole.values)},
        )
    if len(set(value)) != len(value):
        raise ValidationError("A buying role is listed twice.")


class Stakeholder(TimeStampedModel):
    """A person who can affect the outcome, on the customer's, a supplier's, a partner's
    or our own (internal) side."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="stakeholders")
    ref = models.CharField(
        "external id",
        max_length=100,
        blank=True,
        help_text="Identifier used by imports; unique within the account.",
    )
    name = models.CharField(max_length=200)
    side = models.CharField(max_length=20, choices=Side.choices, default=Side.CUSTOMER)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField("department / business unit", max_length=200, blank=True)
    seniority = models.CharField(max_length=20, choices=Seniority.choices, blank=True)
    email = models.EmailField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=64, blank=True)
    roles = models.JSONField("buying roles", default=list, blank=True, validators=[validate_roles])
    power = models.PositiveSmallIntegerField(
        default=3,
        validators=scale_validators("Power"),
        help_text="Influence over the outcome, 1 (low) to 5 (high).",
    )
    interest = models.PositiveSmallIntegerField(
        default=3,
        validators=scale_validators("Interest"),
        help_text="How much they care about the outcome, 1 (low) to 5 (high).",
    )
    attitude = models.SmallIntegerField(
        choices=Attitude.choices,
        null=True,
        blank=True,
        error_messages={
            "invalid_choice": "Attitude must be -2 (opponent) to +2 (champion), or unknown."
        },
        help_text="Empty means unknown, which is not the same as neutral.",
    )
    trust = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=scale_validators("Trust"),
        help_text="Trust in us, 1 (low) to 5 (high); empty means unknown.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_changed_on = models.DateField(null=True, blank=True)
    cultural_notes = models.TextField(blank=True)
    communication_preferences = models.TextField(blank=True)
    motivations = models.TextField("motivations (personal and business wins)", blank=True)
    political_agenda = models.TextField(blank=True)
    rationale = models.TextField(
        blank=True, help_text="Why this person is categorised as they are."
    )

    class Meta:
        ordering = ("account", "name", "id")
        constraints = (
            models.UniqueConstraint(
                fields=("account", "ref"),
                condition=~models.Q(ref=""),
                name="stakeholder_unique_ref",
                violation_error_message="Another stakeholder of this account has this id.",
            ),
            models.CheckConstraint(
                condition=models.Q(power__gte=1, power__lte=5), name="stakeholder_power_1_5"
            ),
            models.CheckConstraint(
                condition=models.Q(interest__gte=1, interest__lte=5),
                name="stakeholder_interest_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(attitude__isnull=True)
                | models.Q(attitude__gte=-2, attitude__lte=2),
                name="stakeholder_attitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(trust__isnull=True) | models.Q(trust__gte=1, trust__lte=5),
                name="stakeholder_trust_1_5",
            ),
        )
        indexes = (models.Index(fields=("account", "side"), name="stakeholder_account_side"),)

    def __str__(self) -> str:
        return self.name

    @property
    def is_internal(self) -> bool:
        return self.side == Side.INTERNAL


class Tie(TimeStampedModel):
    """A relationship between two people of the same account, read "source kind target"."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="ties")
    source = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="ties_out")
    target = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="ties_in")
    kind = models.CharField(max_length=20, choices=TieKind.choices)
    strength = models.PositiveSmallIntegerField(
        default=3, validators=scale_validators("Tie strength", "weak", "strong")
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ("account", "kind", "id")
        constraints = (
            models.UniqueConstraint(
                fields=("source", "target", "kind"),
                name="tie_unique",
                violation_error_message="This tie already exists.",
            ),
            # The services explain this rule (rules.reports_to_problem); the database
            # holds it too, so a race or a write that bypasses them cannot break it.
            models.UniqueConstraint(
                fields=("source",),
                condition=models.Q(kind="reports_to"),
                name="tie_one_manager_per_person",
                violation_error_message=(
                    "This person already has a line manager; a person has one. Record a "
                    "second reporting line as a dotted line."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="tie_not_self",
                violation_error_message="A person cannot be tied to themself.",
            ),
            models.CheckConstraint(
                condition=models.Q(strength__gte=1, strength__lte=5), name="tie_strength_1_5"
            ),
        )
        indexes = (models.Index(fields=("account", "kind"), name="tie_account_kind"),)

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class Coverage(TimeStampedModel):
    """One of our people (internal side) holds a relationship with one of theirs."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="coverage")
    our_person = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="coverage_given"
    )
    their_person = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="coverage_received"
    )
    current_depth = models.CharField(
        max_length=20, choices=CoverageDepth.choices, default=CoverageDepth.VENDOR
    )
    desired_depth = models.CharField(
        max_length=20, choices=CoverageDepth.choices, default=CoverageDepth.TRUSTED_ADVISOR
    )
    strength = models.PositiveSmallIntegerField(
        default=3, validators=scale_validators("Coverage strength", "weak", "strong")
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ("account", "id")
        verbose_name_plural = "coverage"
        constraints = (
            models.UniqueConstraint(
                fields=("our_person", "their_person"),
                name="coverage_unique_pair",
                violation_error_message="This relationship is already recorded.",
            ),
            models.CheckConstraint(
                condition=models.Q(strength__gte=1, strength__lte=5),
                name="coverage_strength_1_5",
            ),
        )

    def __str__(self) -> str:
        return f"{self.our_person_id} covers {self.their_person_id}"


class PositionHistory(models.Model):
    """Where a stakeholder stood on the power/interest grid, from ``at`` on."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="position_history"
    )
    power = models.PositiveSmallIntegerField()
    interest = models.PositiveSmallIntegerField()
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("stakeholder", "at", "id")
        verbose_name_plural = "position history"

    def __str__(self) -> str:
        return f"{self.stakeholder_id}: power {self.power}, interest {self.interest}"

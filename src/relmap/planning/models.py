"""An account's plan: SMART objectives (some agreed with the customer), strategies,
actions, resources, review milestones, the customer's goals and pain points, a value
proposition whose points answer them, a SWOT and the whitespace map.

Every item carries ``account_id`` like every map table. Every saved change makes a new
:class:`PlanRevision` holding a snapshot of the whole plan, so any two can be compared.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from relmap.accounts.models import Account
from relmap.core.models import TimeStampedModel
from relmap.planning.choices import (
    ActionStatus,
    NeedKind,
    ObjectiveStatus,
    PlanStatus,
    SwotQuadrant,
    WhitespaceStatus,
)


class AccountPlan(TimeStampedModel):
    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    summary = models.TextField(blank=True, help_text="The plan in a paragraph.")
    value_proposition = models.TextField(
        blank=True, help_text="The tailored value proposition in one or two sentences."
    )
    next_review_on = models.DateField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0, editable=False)

    def __str__(self) -> str:
        return f"Plan for {self.account}"


class PlanRevision(models.Model):
    """A saved state of a plan: the whole plan as JSON, after one change."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    change = models.CharField(max_length=200, help_text="What this save changed.")
    snapshot = models.JSONField()

    class Meta:
        ordering = ("plan", "-number")
        constraints = (
            models.UniqueConstraint(fields=("plan", "number"), name="plan_revision_unique"),
        )

    def __str__(self) -> str:
        return f"Revision {self.number} of {self.plan}"


class PlanItem(TimeStampedModel):
    """Fields every item of a plan has."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ("position", "id")


class Objective(PlanItem):
    """A SMART objective: metric, baseline, target, deadline and an owner."""

    title = models.CharField(max_length=200)
    metric = models.CharField(max_length=200, help_text="What is measured.")
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. £k, %, sites.")
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    target = models.DecimalField(max_digits=14, decimal_places=2)
    deadline = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mutual = models.BooleanField(
        default=False, help_text="Agreed with the customer as a shared objective."
    )
    customer_owner = models.ForeignKey(
        "stakeholders.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a mutual objective: who owns it on the customer's side.",
    )
    status = models.CharField(
        max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.ON_TRACK
    )

    class Meta(PlanItem.Meta):
        pass

    def __str__(self) -> str:
        return self.title


class Strategy(PlanItem):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="strategies"
    )

    class Meta(PlanItem.Meta):
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.title


class PlanAction(PlanItem):
    title = models.CharField(max_length=200)
    objective = models.ForeignKey(
        Objective, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)

    class Meta(PlanItem.Meta):
        verbose_name = "action"

    def __str__(self) -> str:
        return self.title


class Resource(PlanItem):
    """People, budget, tools or partners the plan needs."""

    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)

    class Meta(PlanItem.Meta):
        pass

    def __str__(self) -> str:
        return self.title


class Milestone(PlanItem):
    """A review milestone of the plan: due on a date, held (``done``) on ``completed_on``."""

    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done = models.BooleanField(default=False)
    completed_on = models.DateField(
        null=True, blank=True, help_text="When the review was held; set while it is done."
    )

    class Meta(PlanItem.Meta):
        pass

    def __str__(self) -> str:
        return self.title


class Need(PlanItem):
    """One of the account's goals or pain points.

    Consultative discovery (:mod:`relmap.discovery`) captures these too: whether the
    customer stated the need (explicit) or it was uncovered behind what they said
    (latent), the evidence (what was said or seen) and what it means for their business.
    """

    class Explicitness(models.TextChoices):
        EXPLICIT = "explicit", "Explicit (stated by the customer)"
        LATENT = "latent", "Latent (uncovered, not yet stated)"

    kind = models.CharField(max_length=20, choices=NeedKind.choices)
    explicitness = models.CharField(
        "explicit or latent",
        max_length=20,
        choices=Explicitness.choices,
        blank=True,
        help_text="Explicit: the customer said it. Latent: we uncovered it; they have not "
        "stated it yet. Blank: not recorded.",
    )
    text = models.CharField(max_length=300)
    stakeholder = models.ForeignKey(
        "stakeholders.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Whose goal or pain point it is.",
    )
    evidence = models.TextField(
        blank=True, help_text="What was said or seen that shows the need, and where."
    )
    business_impact = models.TextField(
        "business impact",
        blank=True,
        help_text="What the need costs or is worth to the customer's business.",
    )

    class Meta(PlanItem.Meta):
        pass

    def __str__(self) -> str:
        return self.text


class ValuePoint(PlanItem):
    """A point of the tailored value proposition, linked to the needs it answers."""

    text = models.CharField(max_length=300)
    needs = models.ManyToManyField(Need, related_name="value_points", blank=True)

    class Meta(PlanItem.Meta):
        pass

    def __str__(self) -> str:
        return self.text


class SwotItem(PlanItem):
    quadrant = models.CharField(max_length=20, choices=SwotQuadrant.choices)
    text = models.CharField(max_length=300)

    class Meta(PlanItem.Meta):
        verbose_name = "SWOT item"

    def __str__(self) -> str:
        return self.text


class Offering(TimeStampedModel):
    """One of our offerings (a column of every whitespace map)."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "name")

    def __str__(self) -> str:
        return self.name


class BusinessUnit(PlanItem):
    """A business unit of the customer (a row of its whitespace map)."""

    name = models.CharField(max_length=120)

    class Meta(PlanItem.Meta):
        constraints = (
            models.UniqueConstraint(
                fields=("account", "name"),
                name="business_unit_unique_name",
                violation_error_message="This account already has a business unit of this name.",
            ),
        )

    def __str__(self) -> str:
        return self.name


class WhitespaceCell(TimeStampedModel):
    """Where one offering stands with one business unit of the account."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    business_unit = models.ForeignKey(BusinessUnit, on_delete=models.CASCADE, related_name="cells")
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="cells")
    status = models.CharField(max_length=20, choices=WhitespaceStatus.choices)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("business_unit", "offering")
        constraints = (
            models.UniqueConstraint(fields=("business_unit", "offering"), name="whitespace_unique"),
        )

    def __str__(self) -> str:
        return f"{self.business_unit_id} x {self.offering_id}: {self.status}"

"""Consultative discovery: research notes, the SPIN question bank, initiatives moving
through research → diagnose → propose → confirm, discovery sessions with the questions
asked and their answers, and proposals linked to the needs they answer.

The needs themselves are the account plan's (:class:`relmap.planning.models.Need`): one
list, written through :mod:`relmap.planning.services` so that every capture is a plan
revision. Links from discovery to needs live here, so that planning does not depend on
discovery. Every table carries ``account_id`` except the site-wide question bank.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.core.models import TimeStampedModel
from relmap.discovery.choices import SpinCategory, Stage


class ResearchNote(TimeStampedModel):
    """What we learnt about the account before (and between) conversations."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where it comes from, e.g. “Annual report 2025”."
    )
    link = models.URLField(max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    noted_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ("-noted_on", "-id")

    def __str__(self) -> str:
        return self.title


class Question(TimeStampedModel):
    """A question of the site-wide SPIN question bank.

    ``parent`` makes it a follow-up: asked after its parent, going one layer deeper
    (typically problem → implication → need-payoff). Seeded questions are deactivated,
    never deleted.
    """

    category = models.CharField(max_length=20, choices=SpinCategory.choices)
    text = models.CharField(max_length=300)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        help_text="Ask this one after that question, to go deeper.",
    )
    purpose = models.CharField(
        max_length=300, blank=True, help_text="What the question is for, or a hint for asking."
    )
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Inactive questions are not offered.")
    seeded = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ("position", "id")
        constraints = (
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="question_not_its_own_follow_up",
                violation_error_message="A question cannot be a follow-up of itself.",
            ),
        )

    def __str__(self) -> str:
        return self.text


class Initiative(TimeStampedModel):
    """An opportunity to solve something for the account, moving through the stages."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.RESEARCH)
    stage_entered_on = models.DateField(default=timezone.localdate)
    needs = models.ManyToManyField(
        "planning.Need",
        related_name="initiatives",
        blank=True,
        help_text="The account's needs this initiative is about.",
    )

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.title


class StageChange(models.Model):
    """One move of an initiative from a stage to another, with when, who and why."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("initiative", "changed_on", "id")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_stage or '—'} → {self.to_stage}"


class DiscoverySession(TimeStampedModel):
    """A conversation held to diagnose: who was there, what was asked, what was said."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    stakeholders = models.ManyToManyField(
        "stakeholders.Stakeholder", related_name="discovery_sessions", blank=True
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ("-held_on", "-id")

    def __str__(self) -> str:
        return self.title


class SessionQuestion(models.Model):
    """A question asked in a session (from the bank, or asked ad hoc) and its answer."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(DiscoverySession, on_delete=models.CASCADE, related_name="asked")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Copied from the bank when asked, so the record stays true if the bank changes.
    category = models.CharField(max_length=20, choices=SpinCategory.choices, blank=True)
    text = models.CharField(max_length=300)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        "stakeholders.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveIntegerField(default=0)
    needs = models.ManyToManyField(
        "planning.Need",
        related_name="voiced_in",
        blank=True,
        help_text="Needs captured from this answer.",
    )

    class Meta:
        ordering = ("session", "position", "id")

    def __str__(self) -> str:
        return self.text


class Proposal(TimeStampedModel):
    """A solution we propose, linked to the needs it answers."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    needs = models.ManyToManyField("planning.Need", related_name="proposals", blank=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.title

"""Engagement: interactions (touchpoints), engagement plans, the review queue of unknown
addresses, computed relationship strength and the suggestions drawn from interactions.

Every table carries ``account_id`` (DESIGN.md: the database can be sharded by account).
Writes go through ``services.py`` (checks across rows, audit); ingestion writes in bulk
through ``ingest/`` with raw SQL on the hot path, inside one transaction per file.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from relmap.accounts.models import Account
from relmap.core.models import CompactAutoField, TimeStampedModel
from relmap.engagement.choices import (
    AddressStatus,
    Channel,
    InteractionKind,
    OutcomeQuality,
    ParticipantRole,
    Source,
    SuggestionStatus,
)
from relmap.stakeholders.models import Stakeholder, Tie


class EngagementSettings(models.Model):
    """Site-wide engagement settings (one row, pk 1)."""

    strength_half_life_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1, message="The half-life must be at least one day.")],
        help_text="An interaction this many days old counts half as much as one today.",
    )
    default_cadence_days = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(1, message="The cadence must be at least one day.")],
        help_text="Touchpoint cadence for a plan whose account has no tier policy.",
    )
    strength_window_days = models.PositiveSmallIntegerField(
        default=730,
        validators=[MinValueValidator(1, message="The window must be at least one day.")],
        help_text="Interactions older than this are left out of relationship strength.",
    )

    class Meta:
        verbose_name_plural = "engagement settings"

    def __str__(self) -> str:
        return "Engagement settings"

    @classmethod
    def load(cls) -> EngagementSettings:
        """The one row (pk 1), created with its defaults the first time it is read."""
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings


class Interaction(TimeStampedModel):
    """A touchpoint with people of an account: a meeting, call, e-mail, event, review…"""

    # Indexed by (account, occurred_at) below; a second index would cost every bulk insert.
    # No database-level foreign keys on the tables ingestion fills (relmap.core.bulk).
    account = models.ForeignKey(
        Account,
        on_delete=models.CASCADE,
        related_name="interactions",
        db_index=False,
        db_constraint=False,
    )
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    occurred_at = models.DateTimeField(help_text="When it started (stored in UTC).")
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    outcome_quality = models.PositiveSmallIntegerField(
        choices=OutcomeQuality.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="How well it went, 1 (poor) to 5 (excellent); empty when not rated.",
    )
    notes = models.TextField(blank=True)
    follow_ups = models.TextField(blank=True, help_text="What was agreed to happen next.")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    source_key = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            "What makes an ingested item the same item again: the calendar UID with its "
            "occurrence, the Message-ID, or the CSV row key."
        ),
    )
    # Looked up only when a user is deleted (set to null then): no index.
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        ordering = ("account", "-occurred_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("account", "source", "source_key"),
                condition=~models.Q(source_key=""),
                name="interaction_unique_source_key",
                violation_error_message="This item was already ingested for this account.",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome_quality__isnull=True)
                | models.Q(outcome_quality__gte=1, outcome_quality__lte=5),
                name="interaction_quality_1_5",
            ),
        )
        indexes = (
            models.Index(fields=("account", "occurred_at"), name="interaction_account_time"),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}: {self.subject}"


class Participant(models.Model):
    """A person of the account's map who took part in an interaction.

    Three B-trees only (the rowid key, the unique pair whose first column serves lookups
    by interaction, and the person) and no database-level foreign keys: ingestion writes
    millions of these rows (relmap.core.bulk says how integrity is kept).
    """

    id = CompactAutoField(primary_key=True)
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    interaction = models.ForeignKey(
        Interaction,
        on_delete=models.CASCADE,
        related_name="participants",
        db_index=False,
        db_constraint=False,
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="participations", db_constraint=False
    )
    role = models.CharField(
        max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.ATTENDEE
    )

    class Meta:
        ordering = ("interaction", "id")
        constraints = (
            models.UniqueConstraint(
                fields=("interaction", "stakeholder"),
                name="participant_unique",
                violation_error_message="This person is already a participant.",
            ),
        )

    def __str__(self) -> str:
        return f"{self.stakeholder_id} ({self.role}) in {self.interaction_id}"


class UnknownAddress(TimeStampedModel):
    """An e-mail address met in an ingested item that no one on the map has: the review
    queue. Resolving it (map to a person, or create a stakeholder) turns its pending
    participations into participants; ignoring it drops them and future items' too."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="unknown_addresses")
    email = models.CharField(max_length=254, help_text="Lower-cased.")
    display_name = models.CharField(max_length=200, blank=True)
    seen_count = models.PositiveIntegerField(default=0)
    first_seen_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=AddressStatus.choices, default=AddressStatus.PENDING
    )
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("account", "status", "-seen_count", "email")
        verbose_name_plural = "unknown addresses"
        constraints = (
            models.UniqueConstraint(fields=("account", "email"), name="unknown_address_unique"),
        )

    def __str__(self) -> str:
        return self.email


class PendingParticipant(models.Model):
    """An unknown address's part in an interaction, kept until the address is resolved.
    Written in bulk like participants, with the same keys."""

    id = CompactAutoField(primary_key=True)
    # Indexed by the unique pair below (interaction first) and by address.
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    interaction = models.ForeignKey(
        Interaction,
        on_delete=models.CASCADE,
        related_name="pending_participants",
        db_index=False,
        db_constraint=False,
    )
    address = models.ForeignKey(
        UnknownAddress,
        on_delete=models.CASCADE,
        related_name="pending_participations",
        db_constraint=False,
    )
    role = models.CharField(
        max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.ATTENDEE
    )

    class Meta:
        ordering = ("interaction", "id")
        constraints = (
            models.UniqueConstraint(
                fields=("interaction", "address"), name="pending_participant_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.address_id} ({self.role}) in {self.interaction_id}"


class IngestRun(models.Model):
    """One file ingested (or refused): what it added and what it skipped, and why."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="ingest_runs")
    source = models.CharField(max_length=10, choices=Source.choices)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ok = models.BooleanField(default=False, help_text="False when the file was refused whole.")
    added = models.PositiveIntegerField(default=0)
    already_present = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    new_unknown_addresses = models.PositiveIntegerField(default=0)
    report = models.JSONField(
        default=dict, help_text="Skipped items with their reasons, counted by reason."
    )

    class Meta:
        ordering = ("account", "-started_at", "-id")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_source_display()})"


class EngagementPlan(TimeStampedModel):
    """How we engage one stakeholder: objective, strategy, channels, cadence, owner,
    tailored message, next step."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="engagement_plans")
    stakeholder = models.OneToOneField(
        Stakeholder, on_delete=models.CASCADE, related_name="engagement_plan"
    )
    objective = models.TextField(help_text="What this relationship should achieve.")
    strategy = models.TextField(
        help_text="How we engage them; proposed from their grid quadrant and attitude."
    )
    strategy_code = models.CharField(
        max_length=60,
        blank=True,
        help_text="The proposal the strategy was taken from (blank when written from scratch).",
    )
    strategy_reason = models.TextField(
        blank=True, help_text="Why the strategy differs from the proposal; required when it does."
    )
    channels = models.JSONField(default=list, blank=True)
    cadence_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message="The cadence must be at least one day.")],
        help_text="Days between touchpoints; empty means the account tier's cadence.",
    )
    owner = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="engagement_plans_owned",
        help_text="One of our people (an internal stakeholder).",
    )
    message = models.TextField(
        "tailored message / value points",
        blank=True,
        help_text="What matters to this person, in their terms.",
    )
    next_step = models.CharField(max_length=300, blank=True)
    next_step_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("account", "stakeholder__name", "id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(cadence_days__isnull=True) | models.Q(cadence_days__gte=1),
                name="engagement_plan_cadence_positive",
            ),
        )

    def __str__(self) -> str:
        return f"Engagement plan for {self.stakeholder_id}"


class RelationshipStrength(models.Model):
    """Computed strength of one of our people's relationship with one of theirs, 0-100,
    with the contribution of each factor (docs/algorithms/strength.md)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    our_person = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="+")
    their_person = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    interactions = models.PositiveIntegerField(default=0)
    last_interaction_at = models.DateTimeField(null=True, blank=True)
    components = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ("account", "-score", "id")
        constraints = (
            models.UniqueConstraint(
                fields=("our_person", "their_person"), name="relationship_strength_unique_pair"
            ),
        )
        indexes = (models.Index(fields=("account", "score"), name="strength_account_score"),)

    def __str__(self) -> str:
        return f"{self.our_person_id}↔{self.their_person_id}: {self.score:.0f}"


class TieSuggestion(TimeStampedModel):
    """Two of their people who often attend the same meetings: perhaps an informal tie."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    person_a = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="+")
    shared_meetings = models.PositiveIntegerField()
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    tie = models.ForeignKey(Tie, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("account", "-shared_meetings", "id")
        constraints = (
            models.UniqueConstraint(fields=("person_a", "person_b"), name="tie_suggestion_pair"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")),
                name="tie_suggestion_ordered_pair",
            ),
        )

    def __str__(self) -> str:
        return f"{self.person_a_id}-{self.person_b_id} ({self.shared_meetings} meetings)"


class AttitudeSuggestion(TimeStampedModel):
    """An attitude read from interaction notes by a sentiment lexicon: shown to the user,
    applied only when they confirm it."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="attitude_suggestions"
    )
    suggested_attitude = models.SmallIntegerField()
    sentiment = models.FloatField(help_text="Mean compound sentiment of the notes, -1 to +1.")
    notes_read = models.PositiveIntegerField()
    evidence = models.JSONField(default=list, help_text="The notes that weighed most.")
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("account", "-created_at", "-id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(suggested_attitude__gte=-2, suggested_attitude__lte=2),
                name="attitude_suggestion_range",
            ),
        )

    def __str__(self) -> str:
        return f"{self.stakeholder_id}: {self.suggested_attitude:+d}?"


class Touch(models.Model):
    """One of our people and one of theirs took part in the same interaction: the input
    row of relationship strength, written with the participants it derives from.

    Strength is a decayed sum over these rows; keeping them (rather than joining
    participants to themselves at every recompute) makes the recompute one indexed
    ``GROUP BY`` over a flat table (docs/algorithms/strength.md, "Why this engine").
    ``weighted`` is the interaction kind's weight times its breadth; ``at`` is the time
    in seconds since the epoch (UTC). Rebuilt by ``relmap.engagement.touches``.
    """

    # Indexed by the composite index below (account first); a person's touches are only
    # looked up when they are deleted, rare enough for a scan, while every index costs
    # the million-row ingestion a write per row.
    id = CompactAutoField(primary_key=True)
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    our_person = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    their_person = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    direction = models.PositiveSmallIntegerField(
        help_text="0 two-way, 1 from us, 2 from them, 3 both copied on someone else's."
    )
    weighted = models.FloatField()
    at = models.FloatField()

    class Meta:
        ordering = ("account", "our_person", "their_person", "at")
        indexes = (
            # Covers the strength aggregation: it streams in group order, no table lookups.
            models.Index(
                fields=("account", "our_person", "their_person", "direction", "at", "weighted"),
                name="touch_strength_cover",
            ),
        )

    def __str__(self) -> str:
        return f"{self.our_person_id}-{self.their_person_id} in {self.interaction_id}"

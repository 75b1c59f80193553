from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from relmap.accounts.choices import AccountKind, Axis, LifecycleStage, Quadrant, TeamRole
from relmap.core.models import TimeStampedModel
from relmap.stakeholders.choices import CoverageDepth

RATE_MESSAGE = "{label} must be a fraction from 0 to {top} (e.g. 0.8 for 80 %)."


def rate_validators(label: str, top: str) -> list[MinValueValidator | MaxValueValidator]:
    message = RATE_MESSAGE.format(label=label, top=top)
    return [
        MinValueValidator(Decimal(0), message=message),
        MaxValueValidator(Decimal(top), message=message),
    ]


class Account(TimeStampedModel):
    """An organisation we sell to, buy from or work with."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(
        max_length=20, choices=AccountKind.choices, default=AccountKind.CUSTOMER
    )
    industry = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_accounts",
        help_text="The key account manager accountable for this account.",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="AccountMembership",
        related_name="team_accounts",
    )
    currency = models.CharField(max_length=3, default="GBP", help_text="ISO 4217 code.")
    # Key-account selection. The scores live in CriterionScore; these are the placement
    # they give, kept on the account so that a portfolio of thousands reads in one query.
    attractiveness = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True, editable=False
    )
    strength = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True, editable=False
    )
    quadrant = models.CharField(max_length=20, choices=Quadrant.choices, blank=True, editable=False)
    tier_override = models.CharField(
        max_length=20,
        choices=Quadrant.choices,
        blank=True,
        help_text="Set to override the tier the portfolio matrix gives.",
    )
    tier_override_reason = models.TextField(blank=True)
    lifecycle_stage = models.CharField(
        max_length=20, choices=LifecycleStage.choices, default=LifecycleStage.IDENTIFICATION
    )
    # Account value: CLV inputs (FRAMEWORKS.md; Gupta & Lehmann 2003).
    retention_rate = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        validators=rate_validators("Retention rate", "0.999"),
        help_text="Chance the account stays another year, 0 to 0.999.",
    )
    discount_rate = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.100"),
        validators=rate_validators("Discount rate", "1"),
        help_text="Yearly discount rate, 0 to 1.",
    )
    clv_horizon_years = models.PositiveSmallIntegerField(
        default=5,
        validators=[
            MinValueValidator(1, message="The CLV horizon must be 1 to 30 years."),
            MaxValueValidator(30, message="The CLV horizon must be 1 to 30 years."),
        ],
    )

    class Meta:
        ordering = ("name",)

    @property
    def tier(self) -> str:
        """The tier: the override when set, else the portfolio quadrant ("" if unplaced)."""
        return self.tier_override or self.quadrant

    def __str__(self) -> str:
        return self.name


class AccountMembership(TimeStampedModel):
    """A user on an account's team. Being on the team is what grants access."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_memberships"
    )
    role = models.CharField(max_length=30, choices=TeamRole.choices, default=TeamRole.SALES)
    stakeholder = models.OneToOneField(
        "stakeholders.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership",
        help_text="The internal stakeholder who stands for this team member on the map.",
    )

    class Meta:
        ordering = ("account", "user")
        constraints = (
            models.UniqueConstraint(fields=("account", "user"), name="membership_unique_user"),
        )

    def __str__(self) -> str:
        return f"{self.user} on {self.account} ({self.get_role_display()})"

    @property
    def can_edit(self) -> bool:
        return self.role != TeamRole.VIEWER


class SalesTeam(TimeStampedModel):
    """A leader and the account managers they lead: leaders see their team's portfolio."""

    name = models.CharField(max_length=120, unique=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_teams"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="sales_teams", blank=True
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class SelectionCriterion(TimeStampedModel):
    """A weighted criterion management chose for one axis of the portfolio matrix."""

    axis = models.CharField(max_length=20, choices=Axis.choices)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    weight = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        help_text="Percent; the weights of one axis add up to 100.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("axis", "position", "id")
        constraints = (
            models.UniqueConstraint(
                fields=("axis", "name"),
                name="criterion_unique_name",
                violation_error_message="Another criterion on this axis has this name.",
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="criterion_weight_gte_0"
            ),
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


SCORE_MESSAGE = "A score must be a number from 0 (worst) to 10 (best)."


class CriterionScore(TimeStampedModel):
    """How one account scores on one criterion, and why."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        SelectionCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal(0), message=SCORE_MESSAGE),
            MaxValueValidator(Decimal(10), message=SCORE_MESSAGE),
        ],
    )
    rationale = models.TextField(blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("account", "criterion")
        constraints = (
            models.UniqueConstraint(fields=("account", "criterion"), name="score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=10), name="score_0_10"
            ),
        )

    def __str__(self) -> str:
        return f"{self.account_id} {self.criterion_id}: {self.score}"


class MatrixPosition(models.Model):
    """Where an account stood in the portfolio matrix, from ``at`` on."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="matrix_history")
    attractiveness = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    strength = models.DecimalField(max_digits=4, decimal_places=2, null=True)
    quadrant = models.CharField(max_length=20, choices=Quadrant.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("account", "at", "id")

    def __str__(self) -> str:
        return f"{self.account_id}: {self.quadrant or 'unplaced'}"


class PortfolioSettings(models.Model):
    """Portfolio-wide settings (one row): cut-offs and the matrix's orientation."""

    attractiveness_cutoff = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
        help_text="Attractiveness at or above this is high (0-10).",
    )
    strength_cutoff = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("5.00"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(10))],
        help_text="Strength at or above this is high (0-10).",
    )
    high_strength_left = models.BooleanField(
        default=True,
        help_text="Draw high strength on the left, as McDonald's classic matrix does.",
    )

    class Meta:
        verbose_name_plural = "portfolio settings"

    def __str__(self) -> str:
        return "Portfolio settings"


class TierPolicy(TimeStampedModel):
    """The effort an account of a tier deserves; engagement and monitoring read it."""

    tier = models.CharField(max_length=20, choices=Quadrant.choices, unique=True)
    touchpoint_cadence_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1, message="The cadence must be at least one day.")]
    )
    review_cadence_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1, message="The cadence must be at least one day.")]
    )
    coverage_depth = models.CharField(
        max_length=20,
        choices=CoverageDepth.choices,
        help_text="The deepest relationship to aim for with an account of this tier.",
    )
    min_team_size = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ("id",)
        verbose_name_plural = "tier policies"
        constraints = (
            # Everything that reads a policy ranks this depth; an unknown one cannot be
            # ranked, so the database refuses it whatever writes it.
            models.CheckConstraint(
                condition=models.Q(coverage_depth__in=CoverageDepth.values),
                name="tier_policy_known_coverage_depth",
                violation_error_message="Unknown coverage depth.",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_tier_display()} policy"


class StageChange(models.Model):
    """An account entering a lifecycle stage on a date."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="stage_history")
    stage = models.CharField(max_length=20, choices=LifecycleStage.choices)
    changed_on = models.DateField()
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("account", "changed_on", "id")

    def __str__(self) -> str:
        return f"{self.account_id} {self.stage} from {self.changed_on}"


class FinancialPeriod(TimeStampedModel):
    """Revenue, gross margin and cost to serve of one account in one period."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="financials")
    period_start = models.DateField()
    period_end = models.DateField()
    revenue = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), message="Revenue cannot be negative.")],
    )
    gross_margin = models.DecimalField(max_digits=14, decimal_places=2)
    cost_to_serve = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0), message="Cost to serve cannot be negative.")],
    )

    class Meta:
        ordering = ("account", "period_start")
        constraints = (
            models.UniqueConstraint(
                fields=("account", "period_start"),
                name="financial_period_unique",
                violation_error_message="This account already has figures for this period.",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="financial_period_order",
                violation_error_message="A period cannot end before it starts.",
            ),
        )

    def __str__(self) -> str:
        return f"{self.account_id} {self.period_start}..{self.period_end}"

    @property
    def contribution(self) -> Decimal:
        """Profit after cost to serve."""
        return self.gross_margin - self.cost_to_serve

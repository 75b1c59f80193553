"""Writes for key-account selection, tiering, lifecycle and account value.

Criteria are portfolio-wide and their weights are validated as a set (each axis adds up
to 100 %, no negative weight). Scoring an account recomputes its place in the KAM
portfolio matrix (kept on the account for fast portfolio reads) and adds to its matrix
history when the place changed. Every write is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relmap.accounts import selectors
from relmap.accounts.choices import Axis, LifecycleStage, Quadrant
from relmap.accounts.models import (
    Account,
    CriterionScore,
    FinancialPeriod,
    MatrixPosition,
    PortfolioSettings,
    SelectionCriterion,
    StageChange,
    TierPolicy,
)
from relmap.analytics.portfolio import DEFAULT_POLICIES, place, weight_problems
from relmap.core.audit import (
    Actor,
    audited_create,
    audited_delete,
    audited_update,
    log_action,
)
from relmap.stakeholders.choices import CoverageDepth

CRITERION_FIELDS = ("axis", "name", "description", "weight", "position")
SCORE_FIELDS = ("account", "criterion", "score", "rationale")
FINANCIAL_FIELDS = ("period_start", "period_end", "revenue", "gross_margin", "cost_to_serve")
TWO_PLACES = Decimal("0.01")

# Management chooses the criteria; these are a sensible start (the examples).
DEFAULT_CRITERIA: dict[str, tuple[tuple[str, int, str], ...]] = {
    Axis.ATTRACTIVENESS: (
        ("Size", 25, "Revenue potential over about three years."),
        ("Growth", 20, "How fast the account's business, and its spend with us, grows."),
        ("Profit potential", 25, "Margin we can earn after cost to serve."),
        ("Strategic fit", 20, "Fit with our strategy, references and markets."),
        ("Ease of doing business", 10, "Payment, procurement and working practices."),
    ),
    Axis.STRENGTH: (
        ("Share of wallet", 25, "Our share of what they spend in our categories."),
        ("Relationship quality", 30, "Depth and breadth of our relationships (see the map)."),
        ("Solution fit", 25, "How well our offering meets their needs, as they see it."),
        ("Competitor position", 20, "Our standing against their other suppliers."),
    ),
}


@dataclass(frozen=True)
class CriterionInput:
    """One criterion of an axis as the user set it; ``id`` None for a new one."""

    name: str
    weight: Decimal
    description: str = ""
    id: int | None = None


# Criteria ---------------------------------------------------------------------------------


@transaction.atomic
def criteria_set(
    *, actor: Actor, axis: str, items: Sequence[CriterionInput]
) -> list[SelectionCriterion]:
    """Replace the criteria of one axis. Weights must add up to 100 % with none negative.

    Existing criteria (matched on ``id``) are updated, new ones created and the ones left
    out deleted together with their scores; every account is then placed again.
    """
    if axis not in Axis.values:
        raise ValidationError(f"Unknown axis {axis!r}; use attractiveness or strength.")
    problems = weight_problems(
        [
            selectors.to_criterion(axis, item.id or -i, item.name, item.weight)
            for i, item in enumerate(items, start=1)
        ],
        axes=(axis,),
    )
    if problems:
        raise ValidationError(problems)
    existing = {c.pk: c for c in SelectionCriterion.objects.filter(axis=axis)}
    unknown = [item.id for item in items if item.id is not None and item.id not in existing]
    if unknown:
        raise ValidationError(f"Unknown criterion id {unknown[0]} on this axis.")
    kept: list[SelectionCriterion] = []
    keep_ids = {item.id for item in items if item.id is not None}
    for criterion in existing.values():
        if criterion.pk not in keep_ids:
            audited_delete(
                actor=actor,
                obj=criterion,
                fields=CRITERION_FIELDS,
                action="relmap.criterion.deleted",
                account_id=None,
            )
    for position, item in enumerate(items):
        data = {
            "name": item.name.strip(),
            "weight": item.weight,
            "description": item.description,
            "position": position,
        }
        if item.id is not None:
            criterion = existing[item.id]
            audited_update(
                actor=actor,
                obj=criterion,
                data=data,
                fields=CRITERION_FIELDS,
                action="relmap.criterion.updated",
                account_id=None,
                clean=partial(criterion.full_clean, validate_constraints=False),
            )
        else:
            criterion = SelectionCriterion(axis=axis, **data)
            criterion.full_clean(validate_constraints=False)
            audited_create(
                actor=actor,
                obj=criterion,
                fields=CRITERION_FIELDS,
                action="relmap.criterion.created",
                account_id=None,
            )
        kept.append(criterion)
    names = [c.name.casefold() for c in kept]
    if len(set(names)) != len(names):
        raise ValidationError("Two criteria on this axis have the same name.")
    placements_refresh(actor=actor)
    return kept


@transaction.atomic
def criteria_install_defaults(*, actor: Actor) -> bool:
    """Install the default criteria on any axis that has none; True if anything changed."""
    changed = False
    for axis, defaults in DEFAULT_CRITERIA.items():
        if SelectionCriterion.objects.filter(axis=axis).exists():
            continue
        criteria_set(
            actor=actor,
            axis=axis,
            items=[
                CriterionInput(name=n, weight=Decimal(w), description=d) for n, w, d in defaults
            ],
        )
        changed = True
    return changed


# Scores and placement -------------------------------------------------------------------


@transaction.atomic
def scores_set(
    *,
    actor: Actor,
    account: Account,
    scores: Mapping[int, tuple[Decimal | None, str]],
) -> Account:
    """Score ``account`` on several criteria at once: ``{criterion_id: (score, rationale)}``.

    Every score needs a rationale (the evidence for it: assessors and managers ask why an
    account scores as it does); a score of ``None`` removes that criterion's score, and
    needs none. Nothing is written unless every score is valid. The account is then
    placed again.
    """
    criteria = {c.pk: c for c in SelectionCriterion.objects.filter(pk__in=list(scores))}
    missing = sorted(set(scores) - set(criteria))
    if missing:
        raise ValidationError(f"Unknown criterion id {missing[0]}.")
    current = {s.criterion_id: s for s in CriterionScore.objects.filter(account=account)}
    errors: dict[str, list[str]] = {}
    for criterion_id, (value, rationale) in scores.items():
        criterion = criteria[criterion_id]
        existing = current.get(criterion_id)
        if value is None:
            if existing is not None:
                audited_delete(
                    actor=actor,
                    obj=existing,
                    fields=SCORE_FIELDS,
                    action="relmap.score.deleted",
                    account_id=account.pk,
                )
            continue
        # A score off the scale is told first; then a missing rationale.
        try:
            CriterionScore._meta.get_field("score").clean(value, None)
        except ValidationError as exc:
            errors[criterion.name] = exc.messages
            continue
        rationale = rationale.strip()
        if not rationale:
            errors[criterion.name] = [missing_rationale(value)]
            continue
        try:
            if existing is None:
                score = CriterionScore(
                    account=account,
                    criterion=criterion,
                    score=value,
                    rationale=rationale,
                    scored_by_id=_user_id(actor),
                )
                score.full_clean(validate_constraints=False)
                audited_create(
                    actor=actor,
                    obj=score,
                    fields=SCORE_FIELDS,
                    action="relmap.score.created",
                    account_id=account.pk,
                )
            else:
                audited_update(
                    actor=actor,
                    obj=existing,
                    data={"score": value, "rationale": rationale, "scored_by_id": _user_id(actor)},
                    fields=SCORE_FIELDS,
                    action="relmap.score.updated",
                    account_id=account.pk,
                    clean=partial(existing.full_clean, validate_constraints=False),
                )
        except ValidationError as exc:
            errors[criterion.name] = exc.messages
    if errors:
        raise ValidationError(
            [f"{name}: {' '.join(messages)}" for name, messages in errors.items()]
        )
    placements_refresh(actor=actor, accounts=[account])
    return account


def missing_rationale(score: Decimal | float | str) -> str:
    """What a score without a rationale is told, in the web form, the API and the CLI.

    A score without its evidence cannot be reviewed (the issue: "each account scored per
    criterion with a rationale").
    """
    try:
        text = f"{Decimal(str(score)).normalize():f}"
    except ArithmeticError:
        text = str(score)
    return f"The score of {text} needs a rationale: say why, with the evidence."


def _user_id(actor: Actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _two(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TWO_PLACES)


@transaction.atomic
def placements_refresh(*, actor: Actor, accounts: Iterable[Account] | None = None) -> int:
    """Place accounts (all of them by default) in the matrix again from their scores.

    Reads in three queries whatever the number of accounts; writes only the accounts
    whose place changed, and adds their new place to the matrix history. Returns how
    many moved.
    """
    settings = selectors.portfolio_settings_values()
    criteria = selectors.criteria_for_analytics()
    if accounts is None:
        targets = list(Account.objects.all())
        scores = selectors.scores_by_account(None)
    else:
        targets = list(accounts)
        scores = selectors.scores_by_account([a.pk for a in targets])
    moved: list[Account] = []
    history: list[MatrixPosition] = []
    for account in targets:
        placement = place(account.pk, criteria, scores.get(account.pk, {}), settings)
        attractiveness = _two(placement.attractiveness.value)
        strength = _two(placement.strength.value)
        quadrant = placement.quadrant or ""
        if (account.attractiveness, account.strength, account.quadrant) == (
            attractiveness,
            strength,
            quadrant,
        ):
            continue
        before = {
            "attractiveness": account.attractiveness,
            "strength": account.strength,
            "quadrant": account.quadrant,
        }
        account.attractiveness, account.strength, account.quadrant = (
            attractiveness,
            strength,
            quadrant,
        )
        moved.append(account)
        history.append(
            MatrixPosition(
                account=account,
                attractiveness=attractiveness,
                strength=strength,
                quadrant=quadrant,
                actor_id=_user_id(actor),
            )
        )
        log_action(
            actor=actor,
            action="relmap.account.placed",
            obj=account,
            account_id=account.pk,
            before=before,
            after={"attractiveness": attractiveness, "strength": strength, "quadrant": quadrant},
        )
    Account.objects.bulk_update(moved, ["attractiveness", "strength", "quadrant"], batch_size=500)
    MatrixPosition.objects.bulk_create(history, batch_size=500)
    return len(moved)


# Tier ---------------------------------------------------------------------------------------


@transaction.atomic
def tier_override_set(*, actor: Actor, account: Account, tier: str, reason: str) -> Account:
    """Override the tier the matrix gives (``tier=""`` removes the override).

    An override needs a reason: assessors and managers ask why an account gets more, or
    less, effort than its place in the matrix says.
    """
    if tier and tier not in Quadrant.values:
        raise ValidationError(
            {"tier_override": f"Unknown tier {tier!r}; use one of {', '.join(Quadrant.values)}."}
        )
    if tier and not reason.strip():
        raise ValidationError({"tier_override_reason": "Say why the tier is overridden."})
    audited_update(
        actor=actor,
        obj=account,
        data={"tier_override": tier, "tier_override_reason": reason.strip() if tier else ""},
        fields=("tier_override", "tier_override_reason"),
        action="relmap.account.tier_overridden",
        account_id=account.pk,
        clean=account.full_clean,
    )
    return account


@transaction.atomic
def tier_policy_set(*, actor: Actor, tier: str, **data: Any) -> TierPolicy:
    """Set the effort policy of one tier (cadences, coverage depth, minimum team)."""
    if tier not in Quadrant.values:
        raise ValidationError(f"Unknown tier {tier!r}.")
    fields = ("touchpoint_cadence_days", "review_cadence_days", "coverage_depth", "min_team_size")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValidationError(f"Unknown policy fields: {', '.join(unknown)}.")
    if "coverage_depth" in data and data["coverage_depth"] not in CoverageDepth.values:
        raise ValidationError(
            {
                "coverage_depth": f"Unknown coverage depth {data['coverage_depth']!r}; use "
                f"one of {', '.join(CoverageDepth.values)} (weakest to deepest)."
            }
        )
    policy = TierPolicy.objects.filter(tier=tier).first()
    if policy is None:
        default = DEFAULT_POLICIES[tier]
        policy = TierPolicy(
            tier=tier,
            touchpoint_cadence_days=default.touchpoint_cadence_days,
            review_cadence_days=default.review_cadence_days,
            coverage_depth=default.coverage_depth,
            min_team_size=default.min_team_size,
        )
        policy.save()
    audited_update(
        actor=actor,
        obj=policy,
        data=data,
        fields=("tier", *fields),
        action="relmap.tier_policy.updated",
        account_id=None,
        clean=policy.full_clean,
    )
    return policy


@transaction.atomic
def portfolio_settings_set(*, actor: Actor, **data: Any) -> PortfolioSettings:
    """Change the matrix cut-offs or orientation; every account is placed again."""
    fields = ("attractiveness_cutoff", "strength_cutoff", "high_strength_left")
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValidationError(f"Unknown portfolio settings: {', '.join(unknown)}.")
    settings, _ = PortfolioSettings.objects.get_or_create(pk=1)
    new = audited_update(
        actor=actor,
        obj=settings,
        data=data,
        fields=fields,
        action="relmap.portfolio_settings.updated",
        account_id=None,
        clean=settings.full_clean,
    )
    if set(new) & {"attractiveness_cutoff", "strength_cutoff"}:
        placements_refresh(actor=actor)
    return settings


# Lifecycle ----------------------------------------------------------------------------------


@transaction.atomic
def lifecycle_stage_set(
    *,
    actor: Actor,
    account: Account,
    stage: str,
    changed_on: dt.date | None = None,
    note: str = "",
) -> StageChange:
    """Move an account to a lifecycle stage from a date (today by default); the stage
    history keeps every move."""
    if stage not in LifecycleStage.values:
        raise ValidationError(
            {"stage": f"Unknown stage {stage!r}; use one of {', '.join(LifecycleStage.values)}."}
        )
    when = changed_on or timezone.localdate()
    if when > timezone.localdate():
        raise ValidationError({"changed_on": "A stage change cannot be dated in the future."})
    change = StageChange(
        account=account, stage=stage, changed_on=when, note=note, actor_id=_user_id(actor)
    )
    change.full_clean()
    audited_create(
        actor=actor,
        obj=change,
        fields=("stage", "changed_on", "note"),
        action="relmap.account.stage_changed",
        account_id=account.pk,
    )
    latest = StageChange.objects.filter(account=account).order_by("-changed_on", "-id").first()
    if latest is not None and account.lifecycle_stage != latest.stage:
        account.lifecycle_stage = latest.stage
        account.save(update_fields=["lifecycle_stage", "updated_at"])
    return change


# Financials ---------------------------------------------------------------------------------


def _check_period(period: FinancialPeriod) -> None:
    period.full_clean(validate_constraints=False)
    if period.period_end < period.period_start:
        raise ValidationError({"period_end": "A period cannot end before it starts."})
    if period.gross_margin > period.revenue:
        raise ValidationError({"gross_margin": "Gross margin cannot be more than revenue."})
    overlap = (
        FinancialPeriod.objects.filter(
            account_id=period.account_id,
            period_start__lte=period.period_end,
            period_end__gte=period.period_start,
        )
        .exclude(period_start=period.period_start)
        .first()
    )
    if overlap is not None:
        raise ValidationError(
            {
                "period_start": f"This period overlaps {overlap.period_start} to "
                f"{overlap.period_end}, already recorded."
            }
        )


def financial_kpis_refresh(*, account: Account) -> None:
    """After an account's financial periods change: recompute the KPIs computed from
    them (revenue growth, relmap.monitoring.services.refresh_computed)."""
    # monitoring builds on accounts (its models and services import accounts), so an
    # import at the top would be circular: it is imported here, as stakeholders does for
    # engagement. A call rather than a signal, because writes and what follows from them
    # stay in services (CONVENTIONS.md, habit 1).
    from relmap.monitoring.choices import KpiKind
    from relmap.monitoring.services import refresh_account_feedback

    refresh_account_feedback(account, kinds=(KpiKind.REVENUE_GROWTH,))


@transaction.atomic
def financial_period_set(
    *,
    actor: Actor,
    account: Account,
    period_start: dt.date,
    period_end: dt.date,
    revenue: Decimal,
    gross_margin: Decimal,
    cost_to_serve: Decimal = Decimal(0),
    refresh_kpis: bool = True,
) -> tuple[FinancialPeriod, bool]:
    """Record an account's figures for a period, matched on its start date.

    Returns the period and whether anything was written (setting the same figures
    again writes nothing). A write recomputes the account's revenue-growth KPI; an
    importer writing many periods passes ``refresh_kpis=False`` and calls
    :func:`financial_kpis_refresh` once per account at the end.
    """
    values = {
        "period_end": period_end,
        "revenue": revenue,
        "gross_margin": gross_margin,
        "cost_to_serve": cost_to_serve,
    }
    existing = FinancialPeriod.objects.filter(account=account, period_start=period_start).first()
    if existing is None:
        period = FinancialPeriod(account=account, period_start=period_start, **values)
        _check_period(period)
        audited_create(
            actor=actor,
            obj=period,
            fields=FINANCIAL_FIELDS,
            action="relmap.financials.created",
            account_id=account.pk,
        )
        if refresh_kpis:
            financial_kpis_refresh(account=account)
        return period, True
    new = audited_update(
        actor=actor,
        obj=existing,
        data=values,
        fields=FINANCIAL_FIELDS,
        action="relmap.financials.updated",
        account_id=account.pk,
        clean=lambda: _check_period(existing),
    )
    if new and refresh_kpis:
        financial_kpis_refresh(account=account)
    return existing, bool(new)


@transaction.atomic
def financial_period_delete(*, actor: Actor, period: FinancialPeriod) -> None:
    """Delete a period's figures; the account's revenue-growth KPI is recomputed."""
    account = period.account
    audited_delete(
        actor=actor,
        obj=period,
        fields=FINANCIAL_FIELDS,
        action="relmap.financials.deleted",
        account_id=period.account_id,
    )
    financial_kpis_refresh(account=account)

"""Reads for accounts: the portfolio, key-account selection, tier policy, value.

Adapters here turn rows into the plain dataclasses of ``relmap.analytics.portfolio`` and
``relmap.analytics.value``; nothing in the analytics knows about the ORM.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from relmap.accounts.choices import Axis
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
from relmap.analytics.portfolio import (
    DEFAULT_POLICIES,
    Criterion,
    EffortPolicy,
    Placement,
    place,
)
from relmap.analytics.portfolio import PortfolioSettings as MatrixSettings
from relmap.analytics.value import AccountValue, Period, account_value


def to_criterion(axis: str, pk: int, name: str, weight: Decimal | float) -> Criterion:
    return Criterion(id=pk, axis=axis, name=name, weight=float(weight))


def criteria(axis: str | None = None) -> list[SelectionCriterion]:
    qs = SelectionCriterion.objects.all()
    if axis is not None:
        qs = qs.filter(axis=axis)
    return list(qs.order_by("axis", "position", "id"))


def criteria_for_analytics() -> list[Criterion]:
    return [to_criterion(c.axis, c.pk, c.name, c.weight) for c in criteria()]


def portfolio_settings() -> PortfolioSettings:
    """The settings row, or the defaults (unsaved) when nobody has changed them."""
    return PortfolioSettings.objects.filter(pk=1).first() or PortfolioSettings(pk=1)


def portfolio_settings_values() -> MatrixSettings:
    row = portfolio_settings()
    return MatrixSettings(
        attractiveness_cutoff=float(row.attractiveness_cutoff),
        strength_cutoff=float(row.strength_cutoff),
        high_strength_left=row.high_strength_left,
    )


def scores_by_account(account_ids: Sequence[int] | None) -> dict[int, dict[int, float]]:
    """``{account_id: {criterion_id: score}}`` in one query (all accounts when None)."""
    qs = CriterionScore.objects.all()
    if account_ids is not None:
        qs = qs.filter(account_id__in=list(account_ids))
    out: dict[int, dict[int, float]] = defaultdict(dict)
    for account_id, criterion_id, score in qs.values_list("account_id", "criterion_id", "score"):
        out[account_id][criterion_id] = float(score)
    return dict(out)


def scores_of(account: Account) -> dict[int, CriterionScore]:
    return {
        s.criterion_id: s
        for s in CriterionScore.objects.filter(account=account).select_related("scored_by")
    }


def placement_of(account: Account) -> Placement:
    """The account's place in the matrix with the explanation of each axis."""
    return place(
        account.pk,
        criteria_for_analytics(),
        scores_by_account([account.pk]).get(account.pk, {}),
        portfolio_settings_values(),
    )


def matrix_history_of(account: Account) -> list[MatrixPosition]:
    return list(MatrixPosition.objects.filter(account=account).order_by("at", "id"))


def stage_since(account: Account) -> dt.date | None:
    """The day the account entered its current lifecycle stage (``None``: never recorded).

    One query. Recording the same stage again (say, with a new note) does not restart it:
    the date is that of the first record of the current run.
    """
    since = None
    history = (
        StageChange.objects.filter(account=account)
        .order_by("-changed_on", "-id")
        .values_list("stage", "changed_on")
    )
    for stage, changed_on in history:
        if stage != account.lifecycle_stage:
            break
        since = changed_on
    return since


def stage_history_of(account: Account) -> list[StageChange]:
    return list(
        StageChange.objects.filter(account=account)
        .select_related("actor")
        .order_by("changed_on", "id")
    )


def tier_policies() -> dict[str, EffortPolicy]:
    """The effort policy of every tier: the saved one, else the documented default."""
    policies = dict(DEFAULT_POLICIES)
    for row in TierPolicy.objects.all():
        policies[row.tier] = EffortPolicy(
            tier=row.tier,
            touchpoint_cadence_days=row.touchpoint_cadence_days,
            review_cadence_days=row.review_cadence_days,
            coverage_depth=row.coverage_depth,
            min_team_size=row.min_team_size,
        )
    return policies


def financials_of(account: Account) -> list[FinancialPeriod]:
    return list(FinancialPeriod.objects.filter(account=account).order_by("period_start"))


def to_period(row: FinancialPeriod) -> Period:
    return Period(
        start=row.period_start,
        end=row.period_end,
        revenue=float(row.revenue),
        gross_margin=float(row.gross_margin),
        cost_to_serve=float(row.cost_to_serve),
    )


def value_of(account: Account, periods: Sequence[FinancialPeriod] | None = None) -> AccountValue:
    """The account's value (CLV, contribution, trend) from its financial periods."""
    rows = financials_of(account) if periods is None else periods
    return account_value(
        [to_period(p) for p in rows],
        retention=float(account.retention_rate),
        discount=float(account.discount_rate),
        horizon_years=account.clv_horizon_years,
    )


AXIS_LABELS = dict(Axis.choices)

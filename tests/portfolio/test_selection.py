"""Key-account selection: validated weights, scores that place accounts in the matrix,
tiers, lifecycle stages and financials — all through audited services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from relmap.accounts.models import (
    Account,
    FinancialPeriod,
    MatrixPosition,
    SelectionCriterion,
    StageChange,
)
from relmap.accounts.portfolio_services import (
    CriterionInput,
    criteria_install_defaults,
    criteria_set,
    financial_period_set,
    lifecycle_stage_set,
    portfolio_settings_set,
    scores_set,
    tier_override_set,
)
from relmap.accounts.selectors import placement_of
from relmap.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


@pytest.fixture
def criteria(owner: Any) -> dict[str, SelectionCriterion]:
    criteria_set(
        actor=owner,
        axis="attractiveness",
        items=[CriterionInput("Size", Decimal(60)), CriterionInput("Growth", Decimal(40))],
    )
    criteria_set(
        actor=owner,
        axis="strength",
        items=[CriterionInput("Share of wallet", Decimal(100))],
    )
    return {c.name: c for c in SelectionCriterion.objects.all()}


def score(owner: Any, account: Any, criteria: dict[str, Any], **values: float) -> None:
    names = {"size": "Size", "growth": "Growth", "wallet": "Share of wallet"}
    scores_set(
        actor=owner,
        account=account,
        scores={
            criteria[names[k]].pk: (Decimal(str(v)), f"because {k}") for k, v in values.items()
        },
    )


def test_weights_must_add_up_to_one_hundred(owner: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        criteria_set(
            actor=owner,
            axis="attractiveness",
            items=[CriterionInput("Size", Decimal(50)), CriterionInput("Growth", Decimal(40))],
        )
    assert "add up to 90" in messages(exc)
    assert not SelectionCriterion.objects.exists()


def test_a_negative_weight_is_refused(owner: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        criteria_set(
            actor=owner,
            axis="strength",
            items=[CriterionInput("Fit", Decimal(110)), CriterionInput("Price", Decimal(-10))],
        )
    assert "negative" in messages(exc)
    assert not SelectionCriterion.objects.exists()


def test_default_criteria_install_once(owner: Any) -> None:
    assert criteria_install_defaults(actor=owner) is True
    count = SelectionCriterion.objects.count()
    assert criteria_install_defaults(actor=owner) is False
    assert SelectionCriterion.objects.count() == count == 9


def test_scoring_places_the_account_and_keeps_its_matrix_history(
    owner: Any, account: Any, criteria: dict[str, Any]
) -> None:
    score(owner, account, criteria, size=8, growth=6, wallet=7)
    account.refresh_from_db()
    # 8 x 60 % + 6 x 40 % = 7.2 attractiveness; strength 7.
    assert account.attractiveness == Decimal("7.20")
    assert account.strength == Decimal("7.00")
    assert account.quadrant == "strategic"
    score(owner, account, criteria, wallet=2)
    account.refresh_from_db()
    assert account.quadrant == "star"
    history = list(
        MatrixPosition.objects.filter(account=account).values_list("quadrant", flat=True)
    )
    assert history == ["strategic", "star"]
    assert AuditEntry.objects.filter(action="relmap.account.placed").count() == 2


def test_the_placement_explains_each_criterion(
    owner: Any, account: Any, criteria: dict[str, Any]
) -> None:
    score(owner, account, criteria, size=8, growth=6, wallet=7)
    placement = placement_of(account)
    assert placement.quadrant == "strategic"
    assert "Size" in placement.attractiveness.explanation


def test_a_score_outside_zero_to_ten_is_refused(
    owner: Any, account: Any, criteria: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as exc:
        score(owner, account, criteria, size=11)
    assert "from 0 (worst) to 10 (best)" in messages(exc)
    account.refresh_from_db()
    assert account.quadrant == ""


@pytest.mark.parametrize("rationale", ["", "  \n "])
def test_a_score_needs_a_rationale_and_a_refusal_writes_nothing(
    owner: Any, account: Any, criteria: dict[str, Any], rationale: str
) -> None:
    size, growth = criteria["Size"].pk, criteria["Growth"].pk
    scores_set(actor=owner, account=account, scores={size: (Decimal(8), "Spends £1.4m a year")})
    audited = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        scores_set(
            actor=owner,
            account=account,
            scores={growth: (Decimal(6), "Two new sites"), size: (Decimal("9.0"), rationale)},
        )
    assert messages(exc) == "Size: The score of 9 needs a rationale: say why, with the evidence."
    assert list(account.scores.values_list("criterion_id", "score", "rationale")) == [
        (size, Decimal(8), "Spends £1.4m a year")
    ]
    assert AuditEntry.objects.count() == audited


def test_removing_a_score_needs_no_rationale(
    owner: Any, account: Any, criteria: dict[str, Any]
) -> None:
    score(owner, account, criteria, size=8)
    scores_set(actor=owner, account=account, scores={criteria["Size"].pk: (None, "")})
    assert not account.scores.exists()


def test_changing_a_cut_off_places_accounts_again(
    owner: Any, account: Any, criteria: dict[str, Any]
) -> None:
    score(owner, account, criteria, size=6, growth=6, wallet=6)
    account.refresh_from_db()
    assert account.quadrant == "strategic"
    portfolio_settings_set(actor=owner, attractiveness_cutoff=Decimal("6.5"))
    account.refresh_from_db()
    assert account.quadrant == "status"


def test_a_tier_override_needs_a_reason(owner: Any, account: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        tier_override_set(actor=owner, account=account, tier="strategic", reason="  ")
    assert "Say why" in messages(exc)
    tier_override_set(actor=owner, account=account, tier="strategic", reason="Board priority")
    account.refresh_from_db()
    assert account.tier == "strategic"
    tier_override_set(actor=owner, account=account, tier="", reason="")
    account.refresh_from_db()
    assert (account.tier, account.tier_override_reason) == ("", "")


def test_lifecycle_stages_are_dated_and_kept(owner: Any, account: Any) -> None:
    lifecycle_stage_set(
        actor=owner, account=account, stage="exploration", changed_on=dt.date(2025, 1, 6)
    )
    lifecycle_stage_set(
        actor=owner, account=account, stage="expansion", changed_on=dt.date(2026, 3, 2)
    )
    account.refresh_from_db()
    assert account.lifecycle_stage == "expansion"
    assert list(StageChange.objects.filter(account=account).values_list("stage", flat=True)) == [
        "exploration",
        "expansion",
    ]
    with pytest.raises(ValidationError):
        lifecycle_stage_set(
            actor=owner, account=account, stage="commitment", changed_on=dt.date(2999, 1, 1)
        )
    with pytest.raises(ValidationError):
        lifecycle_stage_set(actor=owner, account=account, stage="courtship")


def test_financials_are_validated_and_setting_them_twice_writes_once(
    owner: Any, account: Any
) -> None:
    figures: dict[str, Any] = {
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 3, 31),
        "revenue": Decimal("120000"),
        "gross_margin": Decimal("42000"),
        "cost_to_serve": Decimal("9000"),
    }
    _, wrote = financial_period_set(actor=owner, account=account, **figures)
    assert wrote
    entries = AuditEntry.objects.count()
    _, wrote = financial_period_set(actor=owner, account=account, **figures)
    assert not wrote
    assert AuditEntry.objects.count() == entries
    with pytest.raises(ValidationError) as exc:
        financial_period_set(
            actor=owner, account=account, **{**figures, "gross_margin": Decimal("130000")}
        )
    assert "more than revenue" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        financial_period_set(
            actor=owner,
            account=account,
            **{**figures, "period_start": dt.date(2026, 3, 1), "period_end": dt.date(2026, 5, 31)},
        )
    assert "overlaps" in messages(exc)
    assert FinancialPeriod.objects.count() == 1
    assert Account.objects.get(pk=account.pk).financials.get().contribution == Decimal("33000")

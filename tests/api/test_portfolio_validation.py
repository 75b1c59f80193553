"""Bad input to the portfolio, selection, financials, lifecycle and CLV endpoints: a 4xx
JSON answer that names the field and says what is wrong in the words the web UI uses,
and nothing written (no row, no audit entry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from relmap.accounts.models import (
    Account,
    AccountMembership,
    CriterionScore,
    FinancialPeriod,
    MatrixPosition,
    PortfolioSettings,
    SelectionCriterion,
    StageChange,
    TierPolicy,
)
from relmap.core.models import AuditEntry

pytestmark = pytest.mark.django_db

Call = Callable[..., Any]
Body = Callable[[Any], Any]

WATCHED: tuple[type[Model], ...] = (
    SelectionCriterion,
    CriterionScore,
    MatrixPosition,
    PortfolioSettings,
    TierPolicy,
    FinancialPeriod,
    StageChange,
    AccountMembership,
    AuditEntry,
)


def state(account_id: int) -> dict[str, Any]:
    """Every watched table's rows, and the account's own values."""
    rows: dict[str, Any] = {
        m.__name__: list(m._default_manager.order_by("pk").values()) for m in WATCHED
    }
    rows["Account"] = Account.objects.filter(pk=account_id).values().get()
    return rows


@pytest.fixture
def unchanged(world: Any) -> Iterator[None]:
    """Asserts at the end of the test that nothing at all was written."""
    before = state(world.account)
    yield
    assert state(world.account) == before


@dataclass(frozen=True)
class Bad:
    """A request that must be refused: who sends it, and the error it must get."""

    name: str
    method: str
    path: str
    body: Body
    field: str | None
    message: str
    manager: bool = False
    status: int = 422

    def __str__(self) -> str:
        return self.name


ACCOUNT = "/api/accounts/{account}"
CRITERIA = "/api/portfolio/criteria/strength"
SETTINGS = "/api/portfolio/settings"
POLICY = "/api/portfolio/tier-policies/strategic"
FINANCIALS = ACCOUNT + "/financials"
CUTOFF = "A cut-off must be a number from 0 to 10."


def criteria(*items: tuple[str, Any]) -> Body:
    return lambda w: {"criteria": [{"name": n, "weight": weight} for n, weight in items]}


def period(**changes: Any) -> Body:
    body = {
        "period_start": "2026-04-01",
        "period_end": "2026-06-30",
        "revenue": "120000",
        "gross_margin": "36000",
        "cost_to_serve": "5000",
    }
    return lambda w: {**body, **changes}


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def always(body: Any) -> Body:
    return lambda w: body


CASES = [
    # Criteria weights: they add up to 100 %, none is negative.
    Bad(
        "weights-sum-to-90",
        "PUT",
        CRITERIA,
        criteria(("Share of wallet", 60), ("Solution fit", 30)),
        None,
        "Strength weights add up to 90 %; they must add up to 100 %.",
        manager=True,
    ),
    Bad(
        "weights-sum-to-110",
        "PUT",
        CRITERIA,
        criteria(("Share of wallet", 60), ("Solution fit", "50")),
        None,
        "Strength weights add up to 110 %; they must add up to 100 %.",
        manager=True,
    ),
    Bad(
        "negative-weight",
        "PUT",
        CRITERIA,
        criteria(("Share of wallet", 100), ("Solution fit", -10)),
        "criteria.1.weight",
        "A weight cannot be negative.",
        manager=True,
    ),
    Bad(
        "weight-over-100",
        "PUT",
        CRITERIA,
        criteria(("Share of wallet", 150)),
        "criteria.0.weight",
        "A weight cannot be more than 100 (percent).",
        manager=True,
    ),
    Bad(
        "weight-not-a-number",
        "PUT",
        CRITERIA,
        criteria(("Share of wallet", "all of it")),
        "criteria.0.weight",
        "A weight is a number of percent, such as 25.",
        manager=True,
    ),
    Bad(
        "duplicate-criterion",
        "PUT",
        CRITERIA,
        criteria(("Share of wallet", 50), ("share of wallet", 50)),
        None,
        "more than one criterion named",
        manager=True,
    ),
    Bad(
        "no-criteria",
        "PUT",
        CRITERIA,
        criteria(),
        None,
        "Strength has no criteria; add at least one.",
        manager=True,
    ),
    Bad(
        "body-not-json",
        "PUT",
        CRITERIA,
        always('{"criteria": ['),
        None,
        "The request body is not valid JSON",
        manager=True,
        status=400,
    ),
    # Matrix cut-offs: 0-10.
    Bad(
        "cutoff-above-10",
        "PATCH",
        SETTINGS,
        always({"strength_cutoff": 11}),
        "strength_cutoff",
        CUTOFF,
        manager=True,
    ),
    Bad(
        "cutoff-below-0",
        "PATCH",
        SETTINGS,
        always({"attractiveness_cutoff": "-0.5"}),
        "attractiveness_cutoff",
        CUTOFF,
        manager=True,
    ),
    Bad(
        "cutoff-null",
        "PATCH",
        SETTINGS,
        always({"strength_cutoff": None}),
        "strength_cutoff",
        CUTOFF,
        manager=True,
    ),
    Bad(
        "orientation-not-a-flag",
        "PATCH",
        SETTINGS,
        always({"high_strength_left": "sideways"}),
        "high_strength_left",
        "valid boolean",
        manager=True,
    ),
    # Tier policies.
    Bad(
        "unknown-coverage-depth",
        "PATCH",
        POLICY,
        always({"coverage_depth": "best_friend"}),
        "coverage_depth",
        "Unknown coverage depth 'best_friend'; use one of vendor, credible_source, "
        "problem_solver, trusted_advisor.",
        manager=True,
    ),
    Bad(
        "touchpoint-cadence-0",
        "PATCH",
        POLICY,
        always({"touchpoint_cadence_days": 0}),
        "touchpoint_cadence_days",
        "The cadence must be at least one day.",
        manager=True,
    ),
    Bad(
        "review-cadence-too-long",
        "PATCH",
        POLICY,
        always({"review_cadence_days": 4000}),
        "review_cadence_days",
        "The cadence can be at most 3650 days (ten years).",
        manager=True,
    ),
    Bad(
        "cadence-not-whole-days",
        "PATCH",
        POLICY,
        always({"touchpoint_cadence_days": 1.5}),
        "touchpoint_cadence_days",
        "A cadence is a whole number of days, such as 30.",
        manager=True,
    ),
    Bad(
        "negative-team",
        "PATCH",
        POLICY,
        always({"min_team_size": -1}),
        "min_team_size",
        "The minimum team must be a whole number from 0 to 100.",
        manager=True,
    ),
    # Financial periods (the world has 2026-01-01 to 2026-03-31).
    Bad(
        "negative-revenue",
        "POST",
        FINANCIALS,
        period(revenue="-5", gross_margin="-10"),
        "revenue",
        "Revenue cannot be negative.",
    ),
    Bad(
        "margin-above-revenue",
        "POST",
        FINANCIALS,
        period(revenue="100", gross_margin="150"),
        "gross_margin",
        "Gross margin cannot be more than revenue.",
    ),
    Bad(
        "overlapping-period",
        "POST",
        FINANCIALS,
        period(period_start="2026-02-01", period_end="2026-04-30"),
        "period_start",
        "This period overlaps 2026-01-01 to 2026-03-31, already recorded.",
    ),
    Bad(
        "period-ends-before-it-starts",
        "POST",
        FINANCIALS,
        period(period_end="2026-03-31"),
        "period_end",
        "A period cannot end before it starts.",
    ),
    Bad(
        "negative-cost-to-serve",
        "POST",
        FINANCIALS,
        period(cost_to_serve="-1"),
        "cost_to_serve",
        "Cost to serve cannot be negative.",
    ),
    Bad(
        "revenue-in-fractions-of-a-penny",
        "POST",
        FINANCIALS,
        period(revenue="100.005"),
        "revenue",
        "At most 2 decimal places.",
    ),
    # Lifecycle stage.
    Bad(
        "stage-in-the-future",
        "POST",
        ACCOUNT + "/stages",
        lambda w: {"stage": "expansion", "changed_on": tomorrow()},
        "changed_on",
        "A stage change cannot be dated in the future.",
    ),
    # Scores.
    Bad(
        "score-without-rationale",
        "PATCH",
        ACCOUNT + "/selection/scores",
        lambda w: {"scores": [{"criterion_id": w.criterion, "score": 8}]},
        None,
        "Size: The score of 8 needs a rationale: say why, with the evidence.",
    ),
    Bad(
        "score-with-a-blank-rationale",
        "PATCH",
        ACCOUNT + "/selection/scores",
        lambda w: {"scores": [{"criterion_id": w.criterion, "score": "6.5", "rationale": " "}]},
        None,
        "Size: The score of 6.5 needs a rationale: say why, with the evidence.",
    ),
    Bad(
        "score-above-10",
        "PATCH",
        ACCOUNT + "/selection/scores",
        lambda w: {"scores": [{"criterion_id": w.criterion, "score": 11, "rationale": "Big"}]},
        "scores.0.score",
        "A score must be a number from 0 (worst) to 10 (best), in steps of 0.1.",
    ),
    # CLV inputs of the account.
    Bad(
        "retention-of-1",
        "PATCH",
        ACCOUNT,
        always({"retention_rate": 1}),
        "retention_rate",
        "Retention rate must be a fraction from 0 to 0.999 (e.g. 0.8 for 80 %).",
    ),
    Bad(
        "retention-as-percent",
        "PATCH",
        ACCOUNT,
        always({"retention_rate": "80"}),
        "retention_rate",
        "Retention rate must be a fraction from 0 to 0.999 (e.g. 0.8 for 80 %).",
    ),
    Bad(
        "retention-with-four-decimals",
        "PATCH",
        ACCOUNT,
        always({"retention_rate": "0.8555"}),
        "retention_rate",
        "At most 3 decimal places.",
    ),
    Bad(
        "negative-discount",
        "PATCH",
        ACCOUNT,
        always({"discount_rate": -0.1}),
        "discount_rate",
        "Discount rate must be a fraction from 0 to 1 (e.g. 0.8 for 80 %).",
    ),
    Bad(
        "horizon-0",
        "PATCH",
        ACCOUNT,
        always({"clv_horizon_years": 0}),
        "clv_horizon_years",
        "The CLV horizon must be 1 to 30 years.",
    ),
    Bad(
        "horizon-not-whole-years",
        "PATCH",
        ACCOUNT,
        always({"clv_horizon_years": 2.5}),
        "clv_horizon_years",
        "The CLV horizon must be 1 to 30 years.",
    ),
    Bad(
        "horizon-null",
        "PATCH",
        ACCOUNT,
        always({"clv_horizon_years": None}),
        "clv_horizon_years",
        "it cannot be left empty. The CLV with no horizon is always given too",
    ),
    Bad(
        "one-bad-input-among-good-ones",
        "PATCH",
        ACCOUNT,
        always({"industry": "Rail", "retention_rate": "0.9", "clv_horizon_years": 31}),
        "clv_horizon_years",
        "The CLV horizon must be 1 to 30 years.",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input_is_refused_in_words_and_writes_nothing(
    call: Call,
    messages: Callable[[Any], str],
    world: Any,
    owner: Any,
    leader: Any,
    bearer: Callable[[Any], Client],
    case: Bad,
    request: pytest.FixtureRequest,
) -> None:
    # Portfolio-wide settings are a sales leader's; the rest the account owner's.
    client = bearer(leader if case.manager else owner)
    request.getfixturevalue("unchanged")
    url = case.path.format(account=world.account)
    body = case.body(world)
    if isinstance(body, str):
        response = client.generic(case.method, url, body, content_type="application/json")
    else:
        response = call(client, case.method, url, body)
    assert response.status_code == case.status, response.content
    assert case.message in messages(response)
    if case.status == 422:
        errors = response.json()["errors"]
        assert [e["field"] for e in errors] == [case.field], errors
        assert errors[0]["source"] == "body"


def test_the_clv_inputs_are_set_and_audited(
    call: Call, world: Any, owner: Any, bearer: Callable[[Any], Client]
) -> None:
    url = f"/api/accounts/{world.account}"
    body = {"retention_rate": 0.85, "discount_rate": "0.08", "clv_horizon_years": 3}
    response = call(bearer(owner), "PATCH", url, body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (
        Decimal(data["retention_rate"]),
        Decimal(data["discount_rate"]),
        data["clv_horizon_years"],
    ) == (Decimal("0.85"), Decimal("0.08"), 3)
    entry = AuditEntry.objects.filter(action="relmap.account.updated").latest("id")
    assert entry.after == {
        "retention_rate": "0.85",
        "discount_rate": "0.08",
        "clv_horizon_years": 3,
    }
    assert entry.before == {"retention_rate": "0.8", "discount_rate": "0.1", "clv_horizon_years": 5}
    value = bearer(owner).get(url + "/value").json()
    assert (value["retention"], value["discount"], value["horizon_years"]) == (0.85, 0.08, 3)


@pytest.mark.parametrize(
    ("retention", "stored"), [(0, "0.000"), ("0.999", "0.999"), (0.5, "0.500")]
)
def test_retention_takes_every_rate_the_clv_formula_allows(
    call: Call,
    world: Any,
    owner: Any,
    bearer: Callable[[Any], Client],
    retention: Any,
    stored: str,
) -> None:
    url = f"/api/accounts/{world.account}"
    response = call(bearer(owner), "PATCH", url, {"retention_rate": retention})
    assert response.status_code == 200, response.content
    assert Decimal(response.json()["retention_rate"]) == Decimal(stored)
    assert Account.objects.get(pk=world.account).retention_rate == Decimal(stored)

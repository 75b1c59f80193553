"""``/api/accounts/{account_id}/financials`` and ``…/value``: revenue, margin and cost to
serve by period, and the account value (contribution, growth, CLV) they give."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from relmap.accounts import portfolio_services, selectors
from relmap.accounts.financials_import import FinancialsImportError, import_financials_csv
from relmap.accounts.models import FinancialPeriod
from relmap.analytics.value import retention_what_if
from relmap.api.access import account_for, caller
from relmap.api.schemas.financials import (
    FinancialsImportIn,
    FinancialsImportOut,
    PeriodIn,
    PeriodOut,
    ValueOut,
    WhatIfQuery,
)
from relmap.core.csvfiles import SourceFile

router = Router(tags=["financials"])
# Retention points either side of the account's own rate shown by default.
WHAT_IF_STEPS = (-0.10, -0.05, 0.05, 0.10)


@router.get(
    "/{account_id}/financials",
    response=list[PeriodOut],
    summary="The account's financial periods, oldest first",
)
def list_financials(request: HttpRequest, account_id: int) -> list[FinancialPeriod]:
    return selectors.financials_of(account_for(request, account_id))


@router.post(
    "/{account_id}/financials",
    response={201: PeriodOut, 200: PeriodOut},
    summary="Record a period's figures",
    description="201 when the period is new, 200 when it replaced the figures of the "
    "period with the same start.",
)
def set_financials(request: HttpRequest, account_id: int, payload: PeriodIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    existed = FinancialPeriod.objects.filter(
        account=account, period_start=payload.period_start
    ).exists()
    period, _written = portfolio_services.financial_period_set(
        actor=caller(request), account=account, **payload.model_dump()
    )
    return Status(200 if existed else 201, period)


# Before the period URL, which would otherwise take "import" for a period id.
@router.post(
    "/{account_id}/financials/import",
    response={201: FinancialsImportOut},
    summary="Import periods from CSV text",
    description="All or nothing: on any problem every bad line is listed (422) and "
    "nothing is written. Importing the same text again changes nothing.",
)
def import_financials(
    request: HttpRequest, account_id: int, payload: FinancialsImportIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    source = SourceFile(name="csv", data=payload.csv.encode("utf-8"))
    try:
        report = import_financials_csv(actor=caller(request), source=source, account=account)
    except FinancialsImportError as exc:
        raise ValidationError([str(error) for error in exc.errors]) from None
    return Status(
        201,
        {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "summary": report.summary(),
        },
    )


@router.delete(
    "/{account_id}/financials/{period_id}", response={204: None}, summary="Remove a period"
)
def delete_financials(request: HttpRequest, account_id: int, period_id: int) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    period = FinancialPeriod.objects.filter(account=account, pk=period_id).first()
    if period is None:
        raise Http404(f"No financial period {period_id} on this account.")
    portfolio_services.financial_period_delete(actor=caller(request), period=period)
    return Status(204, None)


@router.get(
    "/{account_id}/value",
    response=ValueOut,
    summary="Account value: contribution, growth and CLV, with a retention what-if",
)
def get_value(request: HttpRequest, account_id: int, query: Query[WhatIfQuery]) -> dict[str, Any]:
    account = account_for(request, account_id)
    value = selectors.value_of(account)
    base = float(account.retention_rate)
    rates = query.retention or [
        round(base + step, 3) for step in WHAT_IF_STEPS if 0 <= base + step < 1
    ]
    bad = [r for r in rates if not 0 <= r < 1]
    if bad:
        raise ValidationError(
            {"retention": f"Retention must be at least 0 and below 1; got {bad[0]}."}
        )
    what_if = []
    if value.annual_contribution is not None:
        what_if = [
            {"retention": r, "clv_infinite": inf, "clv_finite": fin}
            for r, inf, fin in retention_what_if(
                value.annual_contribution,
                float(account.discount_rate),
                sorted(rates),
                account.clv_horizon_years,
            )
        ]
    return {
        "currency": account.currency,
        "annual_revenue": value.annual_revenue,
        "annual_contribution": value.annual_contribution,
        "contribution_pct": value.contribution_pct,
        "growth_pct": value.growth_pct,
        "clv_infinite": value.clv_infinite,
        "clv_finite": value.clv_finite,
        "horizon_years": value.horizon_years,
        "retention": value.retention,
        "discount": value.discount,
        "annualised": value.annualised,
        "explanation": value.explanation,
        "revenue_trend": list(value.revenue_trend),
        "what_if": what_if,
    }

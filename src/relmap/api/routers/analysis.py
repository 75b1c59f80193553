"""``/api/accounts/{account_id}/analysis`` and ``…/warm-path/{stakeholder_id}``: what
:mod:`relmap.analytics` finds in a map, each result with its explanation."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from relmap.analytics import warm_path
from relmap.api.access import account_for, stakeholder_at
from relmap.api.schemas.analysis import (
    AnalysisOut,
    FindingOut,
    PathPersonOut,
    StakeholderAnalysisOut,
    WarmPathOut,
)
from relmap.stakeholders.selectors import analyse_account, load_map, to_account_map

router = Router(tags=["analysis"])


@router.get(
    "/{account_id}/analysis",
    response=AnalysisOut,
    summary="Grid, influence and findings of a map",
)
def get_analysis(request: HttpRequest, account_id: int) -> AnalysisOut:
    account = account_for(request, account_id)
    analysis = analyse_account(account).analysis
    return AnalysisOut(
        account_id=account.pk,
        stakeholders=[StakeholderAnalysisOut.from_orm(s) for s in analysis.stakeholders],
        findings=[
            FindingOut(
                kind=f.kind,
                severity=f.severity,
                title=f.title,
                explanation=f.explanation,
                people=list(f.people),
            )
            for f in analysis.findings
        ],
        diamond_index=analysis.diamond_index,
        betweenness_sampled=analysis.betweenness_sampled,
    )


@router.get(
    "/{account_id}/warm-path/{stakeholder_id}",
    response=WarmPathOut,
    summary="The strongest chain of relationships from our team to a person",
)
def get_warm_path(request: HttpRequest, account_id: int, stakeholder_id: int) -> WarmPathOut:
    account = account_for(request, account_id)
    target = stakeholder_at(account, stakeholder_id)
    data = load_map(account)
    path = warm_path(to_account_map(data), target.pk)
    if path is None:
        return WarmPathOut(
            target_id=target.pk,
            found=False,
            people=[],
            strength=0.0,
            explanation=(
                f"No chain of known relationships reaches {target.name}: add coverage or "
                "ties that connect them to our people."
            ),
        )
    by_id = data.by_id()
    return WarmPathOut(
        target_id=target.pk,
        found=True,
        people=[
            PathPersonOut(id=pk, name=by_id[pk].name, side=by_id[pk].side) for pk in path.people
        ],
        strength=path.strength,
        explanation=path.explanation,
    )

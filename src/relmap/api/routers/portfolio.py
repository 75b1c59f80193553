"""``/api/portfolio``: every account the caller may see, where effort does not follow
tier, and the settings that apply to every account.

Reading is open to every signed-in user (each sees their own portfolio); changing the
criteria, cut-offs, tier policies or offerings is for sales leaders and administrators
(:func:`relmap.core.visibility.can_manage_portfolio`).
"""

# No ``from __future__ import annotations``: ninja resolves a paginated view's annotations
# in its pagination wrapper's globals, where PortfolioFilters is not defined.

import dataclasses
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from relmap.accounts import portfolio_selectors, portfolio_services, selectors
from relmap.accounts.choices import Axis, Quadrant
from relmap.accounts.portfolio_services import CriterionInput
from relmap.api.access import caller, manager
from relmap.api.schemas.portfolio import (
    CriteriaIn,
    CriteriaOut,
    CriterionOut,
    EffortFindingOut,
    OfferingIn,
    OfferingOut,
    PortfolioFilters,
    PortfolioRowOut,
    SettingsOut,
    SettingsPatch,
    TierPolicyOut,
    TierPolicyPatch,
)
from relmap.monitoring.staleness import staleness_for
from relmap.planning import services as planning_services
from relmap.planning.models import Offering

router = Router(tags=["portfolio"])
# A page is 100 rows unless ?limit= says otherwise (at most 500), as for /api/accounts.
MAX_PAGE = 500


class RowsWithReviews:
    """The portfolio's rows a page at a time, each with its map's review state
    (:mod:`relmap.monitoring.staleness`: one more query a page)."""

    def __init__(self, rows: portfolio_selectors.PortfolioRowsByPage) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        page = self.rows[index]
        reviews = staleness_for((r.id, r.tier) for r in page)
        return [
            {
                **dataclasses.asdict(r),
                "map_last_reviewed": reviews[r.id].last_review,
                "map_review_due": reviews[r.id].due_on,
                "map_stale": reviews[r.id].stale,
            }
            for r in page
        ]


@router.get("", response=list[PortfolioRowOut], summary="Your portfolio: one row per account")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def get_portfolio(request: HttpRequest, filters: Query[PortfolioFilters]) -> RowsWithReviews:
    # Reads only the page asked for: the count, the accounts, their value and trends.
    rows = portfolio_selectors.PortfolioRowsByPage(
        caller(request),
        portfolio_selectors.PortfolioFilters(
            tier=filters.tier or "",
            quadrant=filters.quadrant or "",
            stage=filters.stage or "",
            owner=filters.owner_id,
            q=(filters.q or "").strip(),
        ),
    )
    return RowsWithReviews(rows)


@router.get(
    "/effort-findings",
    response=list[EffortFindingOut],
    summary="Where effort does not follow tier",
    description="Team size, coverage depth and plan reviews of each tiered account, "
    "against its tier's policy (see /api/portfolio/tier-policies).",
)
def get_effort_findings(request: HttpRequest) -> list[Any]:
    return portfolio_selectors.effort_findings_for(caller(request))


@router.get("/criteria", response=list[CriterionOut], summary="Selection criteria, both axes")
def list_criteria(request: HttpRequest) -> list[Any]:
    return selectors.criteria()


@router.put(
    "/criteria/{axis}",
    response=CriteriaOut,
    summary="Replace the criteria of one axis",
    description="Weights must add up to 100 %. Criteria left out are deleted with their "
    "scores; every account is placed again.",
)
def set_criteria(request: HttpRequest, axis: Axis, payload: CriteriaIn) -> dict[str, Any]:
    kept = portfolio_services.criteria_set(
        actor=manager(request),
        axis=axis,
        items=[
            CriterionInput(name=c.name, weight=c.weight, description=c.description, id=c.id)
            for c in payload.criteria
        ],
    )
    return {"axis": axis, "criteria": kept}


@router.get("/settings", response=SettingsOut, summary="Matrix cut-offs and orientation")
def get_settings(request: HttpRequest) -> Any:
    return selectors.portfolio_settings()


@router.patch("/settings", response=SettingsOut, summary="Change the cut-offs or orientation")
def update_settings(request: HttpRequest, payload: SettingsPatch) -> Any:
    return portfolio_services.portfolio_settings_set(
        actor=manager(request), **payload.model_dump(exclude_unset=True)
    )


@router.get("/tier-policies", response=list[TierPolicyOut], summary="The effort each tier deserves")
def list_tier_policies(request: HttpRequest) -> list[Any]:
    policies = selectors.tier_policies()
    return [policies[tier] for tier in Quadrant.values]


@router.patch(
    "/tier-policies/{tier}", response=TierPolicyOut, summary="Change one tier's effort policy"
)
def update_tier_policy(request: HttpRequest, tier: Quadrant, payload: TierPolicyPatch) -> Any:
    return portfolio_services.tier_policy_set(
        actor=manager(request), tier=tier, **payload.model_dump(exclude_unset=True)
    )


@router.get("/offerings", response=list[OfferingOut], summary="Our offerings")
def list_offerings(request: HttpRequest) -> list[Offering]:
    return list(Offering.objects.order_by("position", "name"))


@router.post(
    "/offerings",
    response={201: OfferingOut},
    summary="Add an offering (a column of every whitespace map)",
)
def create_offering(request: HttpRequest, payload: OfferingIn) -> Status[Any]:
    offering = planning_services.offering_create(actor=manager(request), **payload.model_dump())
    return Status(201, offering)

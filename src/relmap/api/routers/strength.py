"""``/api/accounts/{account_id}/strength``, ``/coverage-matrix`` and the suggestions drawn
from interactions. Same rules as the pages: viewers read, members write, outsiders 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from relmap.api.access import account_for, caller
from relmap.api.schemas.strength import (
    AttitudeSuggestionOut,
    MatrixOut,
    RecomputeOut,
    StrengthOut,
    TieAcceptIn,
    TieSuggestionOut,
)
from relmap.engagement import strength, suggestions
from relmap.engagement.models import AttitudeSuggestion, RelationshipStrength, TieSuggestion

router = Router(tags=["strength"])
MAX_PAGE = 1000


@router.get(
    "/{account_id}/strength", response=list[StrengthOut], summary="Computed relationship strength"
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_strength(request: HttpRequest, account_id: int) -> QuerySet[RelationshipStrength]:
    # A queryset: the page is cut in SQL, and only its rows are explained.
    return strength.strengths_of(account_for(request, account_id))


def _diamond(measure: Any) -> dict[str, Any]:
    return {
        "index": measure.index,
        "pairs": measure.pairs,
        "breadth": measure.breadth,
        "balance": measure.balance,
    }


@router.get("/{account_id}/coverage-matrix", response=MatrixOut, summary="Coverage matrix")
def coverage_matrix(request: HttpRequest, account_id: int) -> dict[str, Any]:
    account = account_for(request, account_id)
    m = strength.coverage_matrix(account)

    def ref(p: Any) -> dict[str, Any]:
        return {"id": p.pk, "name": p.name, "department": p.department}

    return {
        "ours": [ref(p) for p in m.ours],
        "theirs": [ref(p) for p in m.theirs],
        "cells": [
            {
                "our_person_id": c.our_id,
                "their_person_id": c.their_id,
                "computed": c.score,
                "computed_rating": c.rating,
                "interactions": c.interactions,
                "manual_strength": c.manual,
                "manual_depth": c.depth,
                "disagreement": c.flag.code if c.flag else None,
                "disagreement_explanation": c.flag.explanation if c.flag else "",
            }
            for c in sorted(m.cells.values(), key=lambda c: (c.our_id, c.their_id))
        ],
        "diamond_computed": _diamond(m.diamond_computed),
        "diamond_manual": _diamond(m.diamond_manual),
        "warm_paths": [
            {
                "target": path.target,
                "people": list(path.people),
                "strength": path.strength,
                "explanation": path.explanation,
            }
            for path in m.warm.values()
            if path is not None
        ],
        "computed_at": m.computed_at,
    }


@router.post(
    "/{account_id}/strength/recompute", response=RecomputeOut, summary="Recompute strength"
)
def recompute(request: HttpRequest, account_id: int) -> dict[str, Any]:
    account = account_for(request, account_id, for_edit=True)
    stats = strength.recompute(account)
    return {
        "interactions": stats.interactions,
        "pairs": stats.pairs,
        "tie_suggestions": stats.tie_suggestions,
        "attitude_suggestions": stats.attitude_suggestions,
        "summary": stats.summary(),
    }


def _tie(account_id: int, pk: int) -> TieSuggestion:
    try:
        return TieSuggestion.objects.select_related("account", "person_a", "person_b").get(
            account_id=account_id, pk=pk
        )
    except TieSuggestion.DoesNotExist:
        raise Http404(f"No tie suggestion {pk} on this account.") from None


def _attitude(account_id: int, pk: int) -> AttitudeSuggestion:
    try:
        return AttitudeSuggestion.objects.select_related("stakeholder").get(
            account_id=account_id, pk=pk
        )
    except AttitudeSuggestion.DoesNotExist:
        raise Http404(f"No attitude suggestion {pk} on this account.") from None


@router.get(
    "/{account_id}/tie-suggestions", response=list[TieSuggestionOut], summary="Tie suggestions"
)
def list_tie_suggestions(request: HttpRequest, account_id: int) -> Any:
    account = account_for(request, account_id)
    return TieSuggestion.objects.filter(account_id=account.pk).order_by("status", "id")


@router.post(
    "/{account_id}/tie-suggestions/{suggestion_id}/accept",
    response=TieSuggestionOut,
    summary="Accept a tie suggestion (creates the tie)",
)
def accept_tie(
    request: HttpRequest, account_id: int, suggestion_id: int, payload: TieAcceptIn
) -> TieSuggestion:
    account = account_for(request, account_id, for_edit=True)
    suggestion = _tie(account.pk, suggestion_id)
    suggestions.tie_suggestion_accept(
        actor=caller(request), suggestion=suggestion, kind=payload.kind, strength=payload.strength
    )
    return _tie(account.pk, suggestion_id)


@router.post(
    "/{account_id}/tie-suggestions/{suggestion_id}/dismiss",
    response=TieSuggestionOut,
    summary="Dismiss a tie suggestion",
)
def dismiss_tie(request: HttpRequest, account_id: int, suggestion_id: int) -> TieSuggestion:
    account = account_for(request, account_id, for_edit=True)
    return suggestions.tie_suggestion_dismiss(
        actor=caller(request), suggestion=_tie(account.pk, suggestion_id)
    )


@router.get(
    "/{account_id}/attitude-suggestions",
    response=list[AttitudeSuggestionOut],
    summary="Attitude suggestions",
)
def list_attitude_suggestions(request: HttpRequest, account_id: int) -> Any:
    account = account_for(request, account_id)
    return AttitudeSuggestion.objects.filter(account_id=account.pk).order_by("status", "id")


@router.post(
    "/{account_id}/attitude-suggestions/{suggestion_id}/confirm",
    response=AttitudeSuggestionOut,
    summary="Confirm an attitude suggestion (changes the attitude, audited)",
)
def confirm_attitude(
    request: HttpRequest, account_id: int, suggestion_id: int
) -> AttitudeSuggestion:
    account = account_for(request, account_id, for_edit=True)
    suggestions.attitude_suggestion_confirm(
        actor=caller(request), suggestion=_attitude(account.pk, suggestion_id)
    )
    return _attitude(account.pk, suggestion_id)


@router.post(
    "/{account_id}/attitude-suggestions/{suggestion_id}/dismiss",
    response=AttitudeSuggestionOut,
    summary="Dismiss an attitude suggestion",
)
def dismiss_attitude(
    request: HttpRequest, account_id: int, suggestion_id: int
) -> AttitudeSuggestion:
    account = account_for(request, account_id, for_edit=True)
    suggestions.attitude_suggestion_dismiss(
        actor=caller(request), suggestion=_attitude(account.pk, suggestion_id)
    )
    return _attitude(account.pk, suggestion_id)

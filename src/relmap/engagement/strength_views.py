"""Computed strength pages: the coverage matrix, one pair's explanation, recompute, and
the tie and attitude suggestions with their accept / confirm / dismiss actions.

Accounts come from :mod:`relmap.core.visibility` (outsiders 404, viewers 403 on writes);
writes go through :mod:`relmap.engagement.suggestions` and
:func:`relmap.engagement.strength.recompute`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from relmap.analytics import strength as formula
from relmap.core.htmx import render_page
from relmap.core.visibility import can_edit_account, get_account_for_user
from relmap.engagement import strength, suggestions
from relmap.engagement.choices import SuggestionStatus
from relmap.engagement.models import AttitudeSuggestion, TieSuggestion
from relmap.stakeholders.choices import TieKind
from relmap.stakeholders.models import Stakeholder

TEMPLATES = "engagement/strength/"
TIE_KINDS = [
    (TieKind.ALLIED_WITH.value, "is allied with"),
    (TieKind.INFLUENCES.value, "influences"),
    (TieKind.ADVISES.value, "advises"),
]


def _shade(score: float | None) -> int:
    """Colour band 0-5 of a cell (0 = no computed strength)."""
    return 0 if score is None else formula.to_rating(score)


@require_GET
def matrix(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Our team x their stakeholders, coloured by computed strength."""
    account = get_account_for_user(request.user, account_pk)
    m = strength.coverage_matrix(account)
    names = {p.pk: p.name for p in [*m.ours, *m.theirs]}
    rows = [
        {
            "person": our,
            "cells": [
                {"their": their, "cell": cell, "shade": _shade(cell.score if cell else None)}
                for their, cell in zip(m.theirs, m.row(our.pk), strict=True)
            ],
        }
        for our in m.ours
    ]
    context: dict[str, Any] = {
        "account": account,
        "can_edit": can_edit_account(request.user, account),
        "matrix": m,
        "rows": rows,
        "warm": [(p, m.warm.get(p.pk)) for p in m.theirs],
        "disagreements": [
            {"cell": c, "our": names[c.our_id], "their": names[c.their_id]}
            for c in sorted(
                m.disagreements, key=lambda c: (c.flag.code if c.flag else "", c.our_id)
            )
            if c.our_id in names and c.their_id in names
        ],
        "settings": strength.engagement_settings(),
    }
    return render_page(request, TEMPLATES + "matrix.html", context)


@require_GET
def pair(request: HttpRequest, account_pk: int, our_pk: int, their_pk: int) -> HttpResponse:
    """Why a pair scores what it does (a partial for htmx, else a page)."""
    account = get_account_for_user(request.user, account_pk)
    found = strength.get_pair(account, our_pk, their_pk)
    if found is None:
        people = Stakeholder.objects.filter(account_id=account.pk, pk__in=[our_pk, their_pk])
        if people.count() != len({our_pk, their_pk}):
            raise Http404("No such pair on this account's map.")
        names = dict(people.values_list("pk", "name"))
        context: dict[str, Any] = {
            "account": account,
            "pair": None,
            "our": names[our_pk],
            "their": names[their_pk],
        }
        return render_page(request, TEMPLATES + "pair.html", context, partial="explanation")
    # The stored row has the compact components; the split by kind and breadth comes
    # from the pair's touches, at the moment the row was computed (so the numbers agree).
    full = strength.pair_components(account, our_pk, their_pk, now=found.computed_at)
    context = {
        "account": account,
        "pair": found,
        "our": found.our_person.name,
        "their": found.their_person.name,
        "lines": formula.explain(
            full.components if full else found.components, full.score if full else found.score
        ),
        "rating": formula.to_rating(found.score),
    }
    return render_page(request, TEMPLATES + "pair.html", context, partial="explanation")


@require_POST
def recompute(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    stats = strength.recompute(account)
    messages.success(request, stats.summary())
    return _back(request, reverse("strength:matrix", args=[account.pk]))


@require_GET
def suggestion_list(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk)
    ties = (
        TieSuggestion.objects.filter(account_id=account.pk)
        .select_related("person_a", "person_b", "decided_by")
        .order_by("status", "-shared_meetings", "id")
    )
    attitudes = (
        AttitudeSuggestion.objects.filter(account_id=account.pk)
        .select_related("stakeholder", "decided_by")
        .order_by("status", "-created_at", "-id")
    )
    context = {
        "account": account,
        "can_edit": can_edit_account(request.user, account),
        "ties": ties,
        "attitudes": attitudes,
        "tie_kinds": TIE_KINDS,
        "pending": SuggestionStatus.PENDING,
        "min_shared": formula.MIN_SHARED_MEETINGS,
    }
    return render_page(request, TEMPLATES + "suggestions.html", context)


def _tie(account_pk: int, pk: int) -> TieSuggestion:
    try:
        return TieSuggestion.objects.select_related("account", "person_a", "person_b").get(
            account_id=account_pk, pk=pk
        )
    except TieSuggestion.DoesNotExist:
        raise Http404("No such suggestion on this account.") from None


def _attitude(account_pk: int, pk: int) -> AttitudeSuggestion:
    try:
        return AttitudeSuggestion.objects.select_related("stakeholder").get(
            account_id=account_pk, pk=pk
        )
    except AttitudeSuggestion.DoesNotExist:
        raise Http404("No such suggestion on this account.") from None


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@require_POST
def tie_accept(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    suggestion = _tie(account.pk, pk)
    kind = request.POST.get("kind") or TieKind.ALLIED_WITH
    try:
        tie = suggestions.tie_suggestion_accept(
            actor=request.user, suggestion=suggestion, kind=kind
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            f"Tie added: {tie.source.name} {TieKind(tie.kind).label} {tie.target.name}.",
        )
    return _back(request, reverse("strength:suggestions", args=[account.pk]))


@require_POST
def tie_dismiss(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    try:
        suggestions.tie_suggestion_dismiss(actor=request.user, suggestion=_tie(account.pk, pk))
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "Suggestion dismissed; it will not come back.")
    return _back(request, reverse("strength:suggestions", args=[account.pk]))


@require_POST
def attitude_confirm(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    suggestion = _attitude(account.pk, pk)
    try:
        suggestions.attitude_suggestion_confirm(actor=request.user, suggestion=suggestion)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            f"{suggestion.stakeholder.name}'s attitude set to {suggestion.suggested_attitude:+d}.",
        )
    return _back(request, reverse("strength:suggestions", args=[account.pk]))


@require_POST
def attitude_dismiss(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    try:
        suggestions.attitude_suggestion_dismiss(
            actor=request.user, suggestion=_attitude(account.pk, pk)
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "Suggestion dismissed; the attitude is unchanged.")
    return _back(request, reverse("strength:suggestions", args=[account.pk]))

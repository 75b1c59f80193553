"""Pages for the accounts a user may see: the list, a new account, the portfolio
dashboard (KAM portfolio matrix, table, effort findings, CSV and JSON) and the
portfolio-wide settings. Each account's "Value & tier" page is in :mod:`.value_views`.

Every view starts from :mod:`relmap.core.visibility`: outsiders get 404, read-only team
members and leaders 403 on writes; portfolio-wide settings are for sales leaders and
administrators (:func:`relmap.core.visibility.require_portfolio_manager`, as in the API).
Reads go through the selectors, writes through the services.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relmap.accounts import selectors
from relmap.accounts.choices import Axis, LifecycleStage
from relmap.accounts.forms import (
    AccountForm,
    CutoffsForm,
    PortfolioFilterForm,
    TierPolicyForm,
    criteria_formset,
)
from relmap.accounts.portfolio_selectors import (
    EFFORT_SIGNALS_NOTE,
    MatrixPoint,
    PortfolioRow,
    effort_findings_for,
    matrix_points,
    portfolio_rows,
    tier_rows,
)
from relmap.accounts.portfolio_services import (
    criteria_install_defaults,
    criteria_set,
    portfolio_settings_set,
    tier_policy_set,
)
from relmap.accounts.services import (
    account_create,
)
from relmap.analytics.portfolio import (
    FIRST_COMMON_MISTAKE,
    QUADRANT_LABELS,
    QUADRANT_POLICIES,
    QUADRANTS,
    SCORE_MAX,
    SCORE_MIN,
    STAR,
    STATUS,
    STRATEGIC,
    STREAMLINE,
    EffortFinding,
    EffortPolicy,
)
from relmap.analytics.portfolio import PortfolioSettings as MatrixSettings
from relmap.core.csvfiles import spreadsheet_safe
from relmap.core.htmx import htmx_target, render_page
from relmap.core.visibility import (
    accounts_visible_to,
    can_manage_portfolio,
    require_portfolio_manager,
)
from relmap.monitoring.staleness import staleness_for, with_last_review
from relmap.planning.choices import PlanStatus
from relmap.stakeholders.choices import CoverageDepth


def account_list(request: HttpRequest) -> HttpResponse:
    """The accounts on the user's teams (all of them for admins), in one query, each with
    its map's review state (the cadence from the settings and the tier policies)."""
    accounts = list(
        with_last_review(
            accounts_visible_to(request.user)
            .select_related("owner")
            .annotate(stakeholder_count=Count("stakeholders", distinct=True))
        ).order_by("name")
    )
    states = staleness_for(
        ((a.pk, a.tier) for a in accounts),
        last_reviews={a.pk: getattr(a, "last_map_review") for a in accounts},  # noqa: B009 - annotated
    )
    rows = [{"account": a, "review": states[a.pk]} for a in accounts]
    stale_count = sum(1 for a in accounts if states[a.pk].stale)
    return render(request, "accounts/account_list.html", {"rows": rows, "stale_count": stale_count})


@require_http_methods(["GET", "POST"])
def account_create_view(request: HttpRequest) -> HttpResponse:
    """Start a new account; the user who creates it owns it."""
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = account_create(actor=request.user, owner=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect("stakeholders:map", account_pk=account.pk)
    status = 422 if form.is_bound else 200
    return render(request, "accounts/account_form.html", {"form": form}, status=status)


def _user(request: HttpRequest) -> User:
    # LoginRequiredMiddleware guarantees an authenticated user here.
    assert isinstance(request.user, User)  # noqa: S101
    return request.user


# The portfolio ------------------------------------------------------------------------------
#
# Every read is a fixed number of queries whatever the number of accounts (budgets in
# tests/query_budgets.json; timings: bench/portfolio.py). The dashboard reads tiers and
# teams of every account shown (effort findings, counts) and value only for the page of
# the table; the CSV export reads value without trends. The page carries the matrix frame
# (quadrants, cut-offs, orientation: :func:`matrix_frame`, via json_script); portfolio.js
# draws it with ECharts and adds one bubble per account from ``data.json``
# (:func:`relmap.accounts.portfolio_selectors.matrix_points`, short keys: see
# :func:`portfolio_data`), so that the page stays light at thousands of accounts.

PORTFOLIO_TEMPLATE = "accounts/portfolio.html"
SETTINGS_TEMPLATE = "accounts/portfolio_settings.html"
PAGE_SIZE = 50
SHOWN_FINDINGS = 30
QUADRANT_SHORT = {key: text.split(":")[0] for key, text in QUADRANT_POLICIES.items()}
STAGE_LABELS = dict(LifecycleStage.choices)
PLAN_LABELS = dict(PlanStatus.choices)
DEPTH_LABELS = dict(CoverageDepth.choices)
CSV_COLUMNS = (
    "account",
    "owner",
    "tier",
    "tier_overridden",
    "quadrant",
    "attractiveness",
    "strength",
    "lifecycle_stage",
    "currency",
    "annual_revenue",
    "growth_pct",
    "clv_finite",
    "clv_infinite",
    "plan_status",
    "overdue_actions",
    "team_size",
    "map_last_reviewed",
    "map_review_due",
    "map_stale",
)


def _owner_choices(request: HttpRequest) -> list[tuple[int, str]]:
    """The owners of the accounts the user may see (one query), for the owner filter."""
    owners = User.objects.filter(
        pk__in=accounts_visible_to(request.user).values("owner_id")
    ).order_by("first_name", "last_name", "username")
    return [(u.pk, u.get_full_name() or u.get_username()) for u in owners]


def _filter_form(request: HttpRequest) -> PortfolioFilterForm:
    return PortfolioFilterForm(request.GET, owners=_owner_choices(request))


def _round(value: float | None, places: int | None = 2) -> float | None:
    return None if value is None else round(value, places)


def _point_data(point: MatrixPoint) -> dict[str, Any]:
    """One account as the matrix script reads it (keys in :func:`portfolio_data`)."""
    return {
        "id": point.id,
        "n": point.name,
        "x": _round(point.strength),
        "y": _round(point.attractiveness),
        "q": point.quadrant,
        "t": point.tier,
        "o": point.tier_overridden,
        "r": _round(point.annual_revenue, None),
        "v": _round(point.clv_finite, None),
        "c": point.currency,
    }


def _settings_data(settings: MatrixSettings) -> dict[str, Any]:
    return {
        "attractiveness_cutoff": settings.attractiveness_cutoff,
        "strength_cutoff": settings.strength_cutoff,
        "high_strength_left": settings.high_strength_left,
    }


def matrix_frame(settings: MatrixSettings) -> dict[str, Any]:
    """The KAM portfolio matrix as the chart scripts draw it, in score units (0-10).

    Each quadrant spans its strength and attractiveness ranges (a score on a cut-off
    counts as high, as :func:`relmap.analytics.portfolio.quadrant_of` decides).
    ``high_strength_left`` only reverses the strength axis when drawing.
    """
    a_cut, s_cut = settings.attractiveness_cutoff, settings.strength_cutoff
    # key: (high attractiveness, high strength), as the FRAMEWORKS table has them.
    sides = {
        STRATEGIC: (True, True),
        STAR: (True, False),
        STATUS: (False, True),
        STREAMLINE: (False, False),
    }
    quadrants = [
        {
            "key": key,
            "label": QUADRANT_LABELS[key],
            "short": QUADRANT_SHORT[key],
            "policy": QUADRANT_POLICIES[key],
            "high_attractiveness": high_a,
            "high_strength": high_s,
            "attractiveness": [a_cut, SCORE_MAX] if high_a else [SCORE_MIN, a_cut],
            "strength": [s_cut, SCORE_MAX] if high_s else [SCORE_MIN, s_cut],
        }
        for key in QUADRANTS
        for high_a, high_s in [sides[key]]
    ]
    left = settings.high_strength_left
    scale = f"({SCORE_MIN}\N{EN DASH}{SCORE_MAX})"
    return {
        "quadrants": quadrants,
        "min": SCORE_MIN,
        "max": SCORE_MAX,
        "attractiveness_cutoff": a_cut,
        "strength_cutoff": s_cut,
        "high_strength_left": left,
        "x_name": (
            f"← higher · Our relative strength {scale} · lower"
            if left
            else f"lower · Our relative strength {scale} · higher →"
        ),
        "y_name": f"Account attractiveness {scale} →",
    }


def trend_values(values: Sequence[float]) -> str:
    """A revenue trend as the JSON list a sparkline draws (empty for fewer than two)."""
    if len(values) < 2:
        return ""
    return json.dumps([round(v, 2) for v in values])


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _finding_items(
    findings: Sequence[EffortFinding], names: dict[int, str]
) -> list[dict[str, Any]]:
    items = []
    for finding in findings[:SHOWN_FINDINGS]:
        ids = finding.account_ids
        items.append(
            {
                "finding": finding,
                "accounts": [(pk, names[pk]) for pk in ids[:8] if pk in names],
                "more": max(0, len(ids) - 8),
            }
        )
    return items


@require_GET
def portfolio(request: HttpRequest) -> HttpResponse:
    """The KAM portfolio matrix, the table of accounts and where effort misses tier.

    ``?format=csv`` exports the filtered table; the same filters drive everything.
    """
    form = _filter_form(request)
    filters = form.filters()
    if request.GET.get("format") == "csv":
        return _portfolio_csv(portfolio_rows(request.user, filters, with_trend=False))
    # Tiers, teams and effort for every account shown; the table's columns and value
    # (financials) only for its page: at thousands of accounts those are most of the work.
    rows = tier_rows(request.user, filters)
    settings = selectors.portfolio_settings_values()
    findings = effort_findings_for(request.user, rows, filters=filters)
    names = {r.id: r.name for r in rows}
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page_rows = portfolio_rows(request.user, filters, account_ids=[r.id for r in page])
    reviews = staleness_for((r.id, r.tier) for r in page_rows)
    tiers = Counter(r.tier for r in rows)
    query = _query_without(request, "page", "format")
    context = {
        "form": form,
        "rows": [
            {
                "row": r,
                "tier_label": QUADRANT_LABELS.get(r.tier, ""),
                "quadrant_label": QUADRANT_LABELS.get(r.quadrant, ""),
                "stage_label": STAGE_LABELS.get(r.stage, r.stage),
                "plan_label": PLAN_LABELS.get(r.plan_status, ""),
                "trend": trend_values(r.revenue_trend),
                "review": reviews[r.id],
            }
            for r in page_rows
        ],
        "page": page,
        "total": len(rows),
        "tier_counts": [
            {"key": key, "label": QUADRANT_LABELS[key], "count": tiers.get(key, 0)}
            for key in QUADRANTS
        ],
        "unplaced": tiers.get("", 0),
        "strategic": tiers.get(STRATEGIC, 0),
        "frame": matrix_frame(settings),
        "findings": _finding_items(findings, names),
        "finding_count": len(findings),
        "finding_kinds": Counter(f.kind for f in findings),
        "effort_note": EFFORT_SIGNALS_NOTE,
        "query": query,
        "data_url": reverse("portfolio:data") + (f"?{query}" if query else ""),
        "mistake": FIRST_COMMON_MISTAKE,
    }
    partial = "results" if htmx_target(request) == "portfolio-results" else None
    return render_page(request, PORTFOLIO_TEMPLATE, context, partial=partial)


def _portfolio_csv(rows: Sequence[PortfolioRow]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="relmap-portfolio-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    reviews = staleness_for((r.id, r.tier) for r in rows)
    writer.writerows(
        [
            spreadsheet_safe(r.name),
            spreadsheet_safe(r.owner),
            r.tier,
            "yes" if r.tier_overridden else "no",
            r.quadrant,
            _num(r.attractiveness),
            _num(r.strength),
            r.stage,
            r.currency,
            _num(r.annual_revenue),
            _num(r.growth_pct, 1),
            _num(r.clv_finite),
            _num(r.clv_infinite),
            r.plan_status,
            r.overdue_actions,
            r.team_size,
            _day(reviews[r.id].last_review),
            _day(reviews[r.id].due_on),
            "yes" if reviews[r.id].stale else "no",
        ]
        for r in rows
    )
    return response


def _day(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _num(value: float | None, places: int = 2) -> str:
    return "" if value is None else f"{value:.{places}f}"


@require_GET
def portfolio_data(request: HttpRequest) -> JsonResponse:
    """The filtered accounts as JSON: what the matrix script draws, and no more.

    ``{"settings": {cut-offs, orientation}, "url": "/accounts/{id}/value/",
    "accounts": [...]}``, ``url`` being each account's "Value & tier" page with ``{id}``
    to fill in. Each account, with short keys (5,000 accounts make 0.6 MB):
    ``id``; ``n`` name; ``x`` our relative strength and ``y`` attractiveness, the scores
    0-10 (``null`` until placed; the frame on the page decides where they are drawn);
    ``q`` quadrant and ``t`` tier (override, else quadrant; ``""`` until placed);
    ``o`` whether the tier is overridden; ``r`` annual revenue (bubble size) and ``v``
    CLV over the account's horizon, in whole units of ``c``, the account's currency
    (``null`` without financials).
    """
    filters = _filter_form(request).filters()
    points = matrix_points(request.user, filters)
    settings = selectors.portfolio_settings_values()
    url = reverse("portfolio:value", kwargs={"account_pk": 0}).replace("/0/", "/{id}/")
    return JsonResponse(
        {
            "settings": _settings_data(settings),
            "url": url,
            "accounts": [_point_data(p) for p in points],
        },
        json_dumps_params={"separators": (",", ":")},  # no spaces: a tenth of the bytes
    )


# Portfolio settings (sales leaders and administrators) --------------------------------------
#
# Who may change them is decided in one place, relmap.core.visibility.can_manage_portfolio,
# which the API and the whitespace map's "add offering" use too.


@require_GET
def portfolio_settings(request: HttpRequest) -> HttpResponse:
    """Criteria per axis, cut-offs and orientation, and the effort policy of each tier."""
    return _settings_page(request)


def _settings_page(
    request: HttpRequest,
    *,
    bound: Mapping[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    row = selectors.portfolio_settings()
    policies = selectors.tier_policies()
    by_axis = {axis: selectors.criteria(axis) for axis in Axis.values}
    formsets = []
    for axis, label in Axis.choices:
        formset = bound.get(axis) or criteria_formset(axis, by_axis[axis])
        formsets.append({"axis": axis, "label": label, "formset": formset})
    cutoffs = bound.get("cutoffs") or CutoffsForm(
        initial={
            "attractiveness_cutoff": row.attractiveness_cutoff,
            "strength_cutoff": row.strength_cutoff,
            "orientation": "left" if row.high_strength_left else "right",
        }
    )
    policy_forms = bound.get("policies") or [
        TierPolicyForm(prefix=tier, initial=_policy_initial(policies[tier])) for tier in QUADRANTS
    ]
    context = {
        "formsets": formsets,
        "cutoffs": cutoffs,
        "policies": [
            {"tier": t, "label": QUADRANT_LABELS[t], "policy": QUADRANT_POLICIES[t], "form": f}
            for t, f in zip(QUADRANTS, policy_forms, strict=True)
        ],
        "can_manage": can_manage_portfolio(request.user),
        "missing_axes": [label for axis, label in Axis.choices if not by_axis[axis]],
    }
    return render_page(request, SETTINGS_TEMPLATE, context, status=status)


def _policy_initial(policy: EffortPolicy) -> dict[str, Any]:
    return {
        "touchpoint_cadence_days": policy.touchpoint_cadence_days,
        "review_cadence_days": policy.review_cadence_days,
        "coverage_depth": policy.coverage_depth,
        "min_team_size": policy.min_team_size,
    }


def _settings_url(anchor: str) -> str:
    return reverse("portfolio:settings") + f"#{anchor}"


@require_POST
def criteria_save(request: HttpRequest, axis: str) -> HttpResponse:
    """Replace one axis' criteria; the weights must add up to 100 % or nothing is saved."""
    require_portfolio_manager(request.user)
    if axis not in Axis.values:
        raise Http404("No such axis.")
    formset = criteria_formset(axis, selectors.criteria(axis), request.POST)
    if formset.is_valid():
        try:
            criteria_set(actor=request.user, axis=axis, items=formset.items())
        except ValidationError as exc:
            formset.add_service_error(exc)
        else:
            messages.success(request, f"{Axis(axis).label} criteria saved; accounts re-placed.")
            return redirect(_settings_url(f"criteria-{axis}"))
    return _settings_page(request, bound={axis: formset}, status=422)


@require_POST
def criteria_defaults(request: HttpRequest) -> HttpResponse:
    """Install the recommended criteria on every axis that has none."""
    require_portfolio_manager(request.user)
    if criteria_install_defaults(actor=request.user):
        messages.success(request, "The recommended criteria are installed; adjust them freely.")
    else:
        messages.info(request, "Both axes already have criteria: nothing was installed.")
    return redirect(_settings_url("criteria"))


@require_POST
def cutoffs_save(request: HttpRequest) -> HttpResponse:
    require_portfolio_manager(request.user)
    form = CutoffsForm(request.POST)
    if form.is_valid():
        try:
            portfolio_settings_set(actor=request.user, **form.values())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Cut-offs and orientation saved.")
            return redirect(_settings_url("cutoffs"))
    return _settings_page(request, bound={"cutoffs": form}, status=422)


@require_POST
def policies_save(request: HttpRequest) -> HttpResponse:
    """The four tier policies, saved together or not at all."""
    require_portfolio_manager(request.user)
    forms_ = [TierPolicyForm(request.POST, prefix=tier) for tier in QUADRANTS]
    if all(f.is_valid() for f in forms_):
        try:
            with transaction.atomic():
                for tier, form in zip(QUADRANTS, forms_, strict=True):
                    try:
                        tier_policy_set(actor=request.user, tier=tier, **form.cleaned_data)
                    except ValidationError as exc:
                        form.add_service_error(exc)
                        raise
        except ValidationError:
            pass
        else:
            messages.success(request, "Tier policies saved.")
            return redirect(_settings_url("policies"))
    return _settings_page(request, bound={"policies": forms_}, status=422)

"""An account's "Value & tier" page: its scores and place in the KAM portfolio matrix,
its tier (derived or overridden), lifecycle stage with guidance, financials (form and CSV
import), account value and CLV with a retention what-if, and the account team.

Every view starts from :mod:`relmap.core.visibility` (outsiders 404, read-only members
and leaders 403 on writes); writes go through the services, and a refusal brings the page
back (422) with the errors next to the fields and nothing written.

One URL, one view (:func:`relmap.core.htmx.render_page`): the forms for scores, tier,
stage, CLV inputs and financials post with htmx and get back their own section (with
what was saved, or the errors in place) and, out of band, the sections the change shows
in (:data:`DEPENDENTS`); without JavaScript the same post redirects back to the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from relmap.accounts import selectors
from relmap.accounts.choices import TeamRole
from relmap.accounts.financials_import import import_financials_csv
from relmap.accounts.forms import (
    FinancialPeriodForm,
    FinancialsUploadForm,
    ScoresForm,
    ServiceForm,
    StageForm,
    TeamMemberForm,
    TierOverrideForm,
    ValueInputsForm,
    WhatIfForm,
)
from relmap.accounts.models import Account, AccountMembership, FinancialPeriod, MatrixPosition
from relmap.accounts.portfolio_services import (
    FINANCIAL_FIELDS,
    financial_period_delete,
    financial_period_set,
    lifecycle_stage_set,
    scores_set,
    tier_override_set,
)
from relmap.accounts.services import account_update, membership_remove, team_member_add
from relmap.accounts.views import DEPTH_LABELS, STAGE_LABELS, matrix_frame
from relmap.analytics.lifecycle import guidance
from relmap.analytics.portfolio import QUADRANT_LABELS, QUADRANT_POLICIES
from relmap.analytics.portfolio import PortfolioSettings as MatrixSettings
from relmap.analytics.value import AccountValue, retention_what_if
from relmap.core.csvfiles import FileImportError, SourceFile
from relmap.core.htmx import htmx_target, render_page, wants_partial
from relmap.core.visibility import can_edit_account, get_account_for_user

VALUE_TEMPLATE = "accounts/account_value.html"


WHAT_IF_RATES = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))  # 0.50 ... 0.95

# The sections a write swaps (``{% partialdef %}`` names, also their element ids), each
# with the other sections its change shows in, refreshed out of band: new scores move the
# account in the matrix and may change its tier; the tier and the stage are in the header;
# financials change the account's value.
DEPENDENTS: dict[str, frozenset[str]] = {
    "scores": frozenset({"meta", "placement", "tier"}),
    "tier": frozenset({"meta"}),
    "lifecycle": frozenset({"meta"}),
    "value": frozenset(),
    "financials": frozenset({"value"}),
}


def _value_url(account: Account, anchor: str) -> str:
    return reverse("portfolio:value", kwargs={"account_pk": account.pk}) + f"#{anchor}"


@require_GET
def account_value(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Scores and placement, tier, lifecycle stage, financials, CLV and the account team.

    htmx asks for ``#whatif`` alone when the retention slider moves, and for
    ``#financials`` when a period is opened for editing (``?period=``) or closed again.
    """
    account = get_account_for_user(request.user, account_pk)
    target = htmx_target(request)
    if target == "whatif":
        value = selectors.value_of(account)
        context = {"account": account, "value": value, "whatif": _what_if(request, account, value)}
        return render_page(request, VALUE_TEMPLATE, context, partial="whatif")
    if target == "financials" and wants_partial(request):
        return _sections(request, account, "financials")
    return _value_page(request, account)


def _what_if(request: HttpRequest, account: Account, value: AccountValue) -> dict[str, Any]:
    """CLV at the chosen retention, and over r = 0.50 ... 0.95, with a small chart."""
    form = WhatIfForm(
        request.GET if "retention" in request.GET else None,
        initial={
            "retention": min(account.retention_rate, Decimal("0.99")).quantize(Decimal("0.01"))
        },
    )
    chosen = float(form.cleaned_data["retention"]) if form.is_valid() else None
    if chosen is None and not form.is_bound:
        chosen = float(form.initial["retention"])
    margin = value.annual_contribution
    data: dict[str, Any] = {"form": form, "margin": margin, "chosen": chosen}
    if margin is None:
        return data
    discount, horizon = float(account.discount_rate), account.clv_horizon_years
    table = retention_what_if(margin, discount, WHAT_IF_RATES, horizon)
    if chosen is not None:
        data["at_chosen"] = retention_what_if(margin, discount, [chosen], horizon)[0]
    data["table"] = table
    data["chart"] = _what_if_chart(table, chosen, account)
    return data


def _what_if_chart(
    table: Sequence[tuple[float, float, float]],
    chosen: float | None,
    account: Account,
) -> dict[str, Any]:
    """What the what-if chart draws: both CLVs against retention, the chosen r marked."""
    return {
        "rates": [r for r, _, _ in table],
        "infinite": [round(v, 2) for _, v, _ in table],
        "finite": [round(v, 2) for _, _, v in table],
        "chosen": chosen if chosen is not None and table[0][0] <= chosen <= table[-1][0] else None,
        "horizon_years": account.clv_horizon_years,
        "currency": account.currency,
    }


def _history_trail(history: Sequence[MatrixPosition], settings: MatrixSettings) -> dict[str, Any]:
    """The account's past places (oldest first) in the matrix frame, for the trail chart."""
    points = [
        {
            "at": entry.at.isoformat(),
            "date": date_format(timezone.localtime(entry.at), "j M Y"),
            "quadrant": entry.quadrant,
            "quadrant_label": entry.get_quadrant_display() or "Not placed",
            "attractiveness": float(entry.attractiveness),
            "strength": float(entry.strength),
        }
        for entry in history
        if entry.attractiveness is not None and entry.strength is not None
    ]
    return {"frame": matrix_frame(settings), "points": points}


def _revenue_chart(value: AccountValue, currency: str) -> dict[str, Any]:
    """Revenue by period (oldest first), for the revenue chart."""
    return {
        "currency": currency,
        "periods": [
            {
                "end": end.isoformat(),
                "label": "Period to " + date_format(end, "j M Y"),
                "short": date_format(end, "M Y"),
                "revenue": round(revenue, 2),
            }
            for end, revenue in value.revenue_trend
        ],
    }


def _value_page(
    request: HttpRequest,
    account: Account,
    *,
    bound: Mapping[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _value_context(request, account, bound=bound)
    return render_page(request, VALUE_TEMPLATE, context, status=status)


def _sections(
    request: HttpRequest,
    account: Account,
    section: str,
    *,
    bound: Mapping[str, Any] | None = None,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    """For htmx: ``section`` (with ``message`` in it), and after a write (a ``message``)
    the sections that show the change, out of band."""
    also = DEPENDENTS[section] if message else frozenset()
    context = _value_context(request, account, bound=bound)
    context.update(
        show=frozenset({section, *also}),
        oob=also,
        flash={section: message} if message else {},
    )
    return render_page(request, VALUE_TEMPLATE, context, partial="refresh", status=status)


def _value_context(
    request: HttpRequest, account: Account, *, bound: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Everything the page shows; ``bound`` forms (with their errors) replace blank ones."""
    bound = bound or {}
    can_edit = can_edit_account(request.user, account)
    criteria = selectors.criteria()
    scores = selectors.scores_of(account)
    placement = selectors.placement_of(account)
    settings = selectors.portfolio_settings_values()
    history = selectors.matrix_history_of(account)
    periods = selectors.financials_of(account)
    value = selectors.value_of(account, periods)
    policies = selectors.tier_policies()
    team = list(
        account.memberships.select_related("user", "stakeholder").order_by("user__username")
    )
    edit_period = _period_to_edit(request, periods)
    forms_: dict[str, Any] = {
        "scores": ScoresForm(criteria=criteria, scores=scores),
        "tier": TierOverrideForm(
            initial={
                "tier_override": account.tier_override,
                "tier_override_reason": account.tier_override_reason,
            }
        ),
        "stage": StageForm(initial={"stage": account.lifecycle_stage}),
        "financials": FinancialPeriodForm(initial=_period_initial(edit_period)),
        "upload": FinancialsUploadForm(),
        "inputs": ValueInputsForm(
            initial={
                "retention_rate": account.retention_rate,
                "discount_rate": account.discount_rate,
                "clv_horizon_years": account.clv_horizon_years,
            }
        ),
        "team": TeamMemberForm(),
    }
    forms_.update(bound)
    tier = account.tier
    return {
        "account": account,
        "can_edit": can_edit,
        "forms": forms_,
        "criteria_count": len(criteria),
        "placement": placement,
        "quadrant_label": QUADRANT_LABELS.get(account.quadrant, "Not yet placed"),
        "tier_label": QUADRANT_LABELS.get(tier, "No tier yet"),
        "tier_policy": policies.get(tier) if tier else None,
        "tier_policy_text": QUADRANT_POLICIES.get(tier, ""),
        "tier_depth_label": DEPTH_LABELS.get(policies[tier].coverage_depth, "") if tier else "",
        "history": list(reversed(history)),
        "trail": _history_trail(history, settings),
        "stage_label": STAGE_LABELS.get(account.lifecycle_stage, account.lifecycle_stage),
        "stages": list(reversed(selectors.stage_history_of(account))),
        "guidance": guidance(account.lifecycle_stage),
        "periods": list(reversed(periods)),
        "edit_period": edit_period,
        "value": value,
        "revenue_chart": _revenue_chart(value, account.currency),
        "whatif": _what_if(request, account, value),
        "team": team,
        "show": frozenset(),
        "oob": frozenset(),
        "flash": {},
    }


def _period_to_edit(
    request: HttpRequest, periods: Sequence[FinancialPeriod]
) -> FinancialPeriod | None:
    wanted = request.GET.get("period", "")
    return next((p for p in periods if str(p.pk) == wanted), None)


def _period_initial(period: FinancialPeriod | None) -> dict[str, Any]:
    if period is None:
        return {"cost_to_serve": Decimal(0)}
    return {name: getattr(period, name) for name in FINANCIAL_FIELDS}


def _value_write(
    request: HttpRequest,
    account_pk: int,
    name: str,
    form: ServiceForm,
    write: Callable[[Account, dict[str, Any]], str],
    anchor: str,
) -> HttpResponse:
    """Validate ``form``, call the service through ``write`` and show what it did.

    htmx gets the section ``anchor`` names back, saying what was saved, with the sections
    the change shows in; a plain post goes back to the page at ``anchor``. On a refusal
    the section (htmx) or the page comes back (422) with the errors next to the fields
    and the account as stored: the service's transaction wrote nothing.
    """
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    section = anchor if anchor in DEPENDENTS and wants_partial(request) else None
    if form.is_valid():
        try:
            message = write(account, form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            if section is None:
                messages.success(request, message)
                return redirect(_value_url(account, anchor))
            account = get_account_for_user(request.user, account_pk)
            return _sections(request, account, section, message=message)
    account = get_account_for_user(request.user, account_pk)
    if section is not None:
        return _sections(request, account, section, bound={name: form}, status=422)
    return _value_page(request, account, bound={name: form}, status=422)


@require_POST
def scores_save(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    form = ScoresForm(
        request.POST, criteria=selectors.criteria(), scores=selectors.scores_of(account)
    )

    def write(account: Account, data: dict[str, Any]) -> str:
        scores_set(actor=request.user, account=account, scores=form.scores())
        label = QUADRANT_LABELS.get(account.quadrant, "not yet placed")
        return f"Scores saved. {account.name} is now {label} in the portfolio matrix."

    return _value_write(request, account_pk, "scores", form, write, "scores")


@require_POST
def tier_save(request: HttpRequest, account_pk: int) -> HttpResponse:
    def write(account: Account, data: dict[str, Any]) -> str:
        tier_override_set(
            actor=request.user,
            account=account,
            tier=data["tier_override"],
            reason=data["tier_override_reason"],
        )
        if data["tier_override"]:
            return f"Tier overridden to {QUADRANT_LABELS[data['tier_override']]}."
        return "The tier follows the portfolio matrix again."

    form = TierOverrideForm(request.POST)
    return _value_write(request, account_pk, "tier", form, write, "tier")


@require_POST
def stage_save(request: HttpRequest, account_pk: int) -> HttpResponse:
    def write(account: Account, data: dict[str, Any]) -> str:
        lifecycle_stage_set(actor=request.user, account=account, **data)
        return f"Stage recorded: {STAGE_LABELS[data['stage']]} from {data['changed_on']}."

    return _value_write(request, account_pk, "stage", StageForm(request.POST), write, "lifecycle")


@require_POST
def inputs_save(request: HttpRequest, account_pk: int) -> HttpResponse:
    def write(account: Account, data: dict[str, Any]) -> str:
        account_update(actor=request.user, account=account, **data)
        return "CLV inputs saved."

    form = ValueInputsForm(request.POST)
    return _value_write(request, account_pk, "inputs", form, write, "value")


@require_POST
def financials_save(request: HttpRequest, account_pk: int) -> HttpResponse:
    def write(account: Account, data: dict[str, Any]) -> str:
        period, written = financial_period_set(actor=request.user, account=account, **data)
        if not written:
            return "Nothing changed: these figures were already recorded."
        return f"Figures for {period.period_start} to {period.period_end} saved."

    form = FinancialPeriodForm(request.POST)
    return _value_write(request, account_pk, "financials", form, write, "financials")


@require_POST
def financials_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    period = FinancialPeriod.objects.filter(account_id=account.pk, pk=pk).first()
    if period is None:
        raise Http404("No such period on this account.")
    financial_period_delete(actor=request.user, period=period)
    message = f"Figures for {period.period_start} to {period.period_end} deleted."
    if wants_partial(request):
        return _sections(request, account, "financials", message=message)
    messages.success(request, message)
    return redirect(_value_url(account, "financials"))


@require_POST
def financials_upload(request: HttpRequest, account_pk: int) -> HttpResponse:
    """A CSV of periods, imported all or nothing (every bad line reported)."""

    def write(account: Account, data: dict[str, Any]) -> str:
        upload = data["file"]
        source = SourceFile(name=upload.name or "upload.csv", data=upload.read())
        try:
            report = import_financials_csv(actor=request.user, source=source, account=account)
        except FileImportError as exc:
            raise ValidationError(
                {"file": [str(error) for error in exc.errors] + ["Nothing was imported."]}
            ) from exc
        return report.summary()

    form = FinancialsUploadForm(request.POST, request.FILES)
    return _value_write(request, account_pk, "upload", form, write, "financials")


@require_POST
def team_add(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Put a colleague on the team with their function; they appear on the map too."""

    def write(account: Account, data: dict[str, Any]) -> str:
        user = data["user"]
        team_member_add(actor=request.user, account=account, user=user, role=data["role"])
        name = user.get_full_name() or user.get_username()
        return f"{name} joined the team as {TeamRole(data['role']).label} and is on the map."

    form = TeamMemberForm(request.POST)
    return _value_write(request, account_pk, "team", form, write, "team")


@require_POST
def team_remove(request: HttpRequest, account_pk: int, user_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    membership = (
        AccountMembership.objects.filter(account_id=account.pk, user_id=user_pk)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404("No such member on this account's team.")
    user = membership.user
    try:
        membership_remove(actor=request.user, account=account, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        name = user.get_full_name() or user.get_username()
        messages.success(request, f"{name} left the team; they stay on the map as history.")
    return redirect(_value_url(account, "team"))

"""Pages for engagement: an account's plans and touchpoints, plan editing, interactions
logged by hand, and each user's "My touchpoints".

Every view starts from :mod:`relmap.core.visibility` (outsiders 404, viewers 403 on
writes); reads go through :mod:`.selectors`, writes through :mod:`.services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relmap.accounts.models import Account
from relmap.core.visibility import can_edit_account, get_account_for_user
from relmap.engagement import selectors, services
from relmap.engagement.choices import InteractionKind
from relmap.engagement.forms import InteractionForm, PlanForm
from relmap.engagement.models import EngagementPlan, Interaction
from relmap.stakeholders.models import Stakeholder

INTERACTIONS_PER_PAGE = 50


def _person(account: Account, pk: object) -> Stakeholder:
    try:
        return Stakeholder.objects.get(account=account, pk=int(str(pk)))
    except (Stakeholder.DoesNotExist, ValueError):
        raise Http404("No such stakeholder on this account.") from None


def _plan(account: Account, pk: int) -> EngagementPlan:
    try:
        return EngagementPlan.objects.select_related("stakeholder", "owner").get(
            account=account, pk=pk
        )
    except EngagementPlan.DoesNotExist:
        raise Http404("No such engagement plan on this account.") from None


def _interaction(account: Account, pk: int) -> Interaction:
    try:
        return Interaction.objects.get(account=account, pk=pk)
    except Interaction.DoesNotExist:
        raise Http404("No such interaction on this account.") from None


@require_GET
def engagement_home(request: HttpRequest, account_pk: int) -> HttpResponse:
    """The account's engagement: plans by due date, people with no plan, and the latest
    interactions."""
    account = get_account_for_user(request.user, account_pk)
    touchpoints = selectors.account_touchpoints(account)
    recent = list(selectors.with_participants(selectors.interactions_of(account))[:10])
    return render(
        request,
        "engagement/home.html",
        {
            "account": account,
            "touchpoints": touchpoints,
            "recent": recent,
            "can_edit": can_edit_account(request.user, account),
        },
    )


def _plan_page(
    request: HttpRequest,
    account: Account,
    person: Stakeholder,
    form: PlanForm,
    plan: EngagementPlan | None,
    status: int = 200,
) -> HttpResponse:
    proposal = selectors.proposal_for(account, person)
    return render(
        request,
        "engagement/plan_form.html",
        {"account": account, "person": person, "form": form, "plan": plan, "proposal": proposal},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    person = _person(account, request.GET.get("stakeholder") or request.POST.get("stakeholder"))
    if hasattr(person, "engagement_plan"):
        return redirect("engagement:plan_edit", account_pk=account.pk, pk=person.engagement_plan.pk)
    proposal = selectors.proposal_for(account, person)
    people = Stakeholder.objects.filter(account=account)
    initial = {
        "strategy": proposal.text,
        "channels": list(proposal.channels),
        "owner": getattr(_my_stakeholder(request, account), "pk", None),
    }
    form = PlanForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_create(
                actor=request.user, account=account, stakeholder=person, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"Engagement plan for {person.name} saved.")
            return redirect("engagement:home", account_pk=account.pk)
    return _plan_page(request, account, person, form, None, 422 if form.is_bound else 200)


def _my_stakeholder(request: HttpRequest, account: Account) -> Stakeholder | None:
    if request.user.pk is None:
        return None
    membership = account.memberships.filter(user_id=int(request.user.pk)).select_related(
        "stakeholder"
    )
    first = membership.first()
    return first.stakeholder if first is not None else None


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    plan = _plan(account, pk)
    people = Stakeholder.objects.filter(account=account)
    initial = {
        "objective": plan.objective,
        "owner": plan.owner_id,
        "strategy": plan.strategy,
        "strategy_reason": plan.strategy_reason,
        "channels": plan.channels,
        "cadence_days": plan.cadence_days,
        "message": plan.message,
        "next_step": plan.next_step,
        "next_step_on": plan.next_step_on,
    }
    form = PlanForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"Engagement plan for {plan.stakeholder.name} saved.")
            return redirect("engagement:home", account_pk=account.pk)
    return _plan_page(request, account, plan.stakeholder, form, plan, 422 if form.is_bound else 200)


@require_POST
def plan_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    plan = _plan(account, pk)
    name = plan.stakeholder.name
    services.plan_delete(actor=request.user, plan=plan)
    messages.success(request, f"Engagement plan for {name} deleted.")
    return redirect("engagement:home", account_pk=account.pk)


@require_GET
def interaction_list(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk)
    interactions = selectors.interactions_of(account)
    person = None
    if request.GET.get("person"):
        person = _person(account, request.GET["person"])
        interactions = interactions.filter(participants__stakeholder=person)
    kind = request.GET.get("kind", "")
    if kind in InteractionKind.values:
        interactions = interactions.filter(kind=kind)
    page = Paginator(selectors.with_participants(interactions), INTERACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "engagement/interactions.html",
        {
            "account": account,
            "page": page,
            "person": person,
            "kind": kind,
            "kinds": InteractionKind.choices,
            "can_edit": can_edit_account(request.user, account),
        },
    )


def _interaction_page(
    request: HttpRequest,
    account: Account,
    form: InteractionForm,
    interaction: Interaction | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "engagement/interaction_form.html",
        {"account": account, "form": form, "interaction": interaction},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def interaction_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    people = Stakeholder.objects.filter(account=account)
    now = timezone.localtime()
    initial: dict[str, Any] = {
        "date": now.date(),
        "time": now.time().replace(second=0, microsecond=0),
    }
    if request.GET.get("person"):
        person = _person(account, request.GET["person"])
        initial["their_people" if not person.is_internal else "our_people"] = [person.pk]
    mine = _my_stakeholder(request, account)
    if mine is not None:
        initial.setdefault("our_people", [mine.pk])
    form = InteractionForm(request.POST or None, initial=initial, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.interaction_create(
                actor=request.user,
                account=account,
                participants=form.participants(),
                **form.service_data(),
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Interaction logged.")
            return redirect("engagement:interactions", account_pk=account.pk)
    return _interaction_page(request, account, form, None, 422 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def interaction_edit(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    interaction = _interaction(account, pk)
    people = Stakeholder.objects.filter(account=account)
    local = timezone.localtime(interaction.occurred_at)
    parts = list(interaction.participants.select_related("stakeholder"))
    initiator = next((p.stakeholder_id for p in parts if p.role in {"organizer", "sender"}), None)
    initial = {
        "kind": interaction.kind,
        "channel": interaction.channel,
        "subject": interaction.subject,
        "date": local.date(),
        "time": local.time(),
        "time_zone": timezone.get_current_timezone_name(),
        "duration_minutes": interaction.duration_minutes,
        "their_people": [p.stakeholder_id for p in parts if not p.stakeholder.is_internal],
        "our_people": [p.stakeholder_id for p in parts if p.stakeholder.is_internal],
        "initiator": initiator,
        "outcome_quality": interaction.outcome_quality,
        "notes": interaction.notes,
        "follow_ups": interaction.follow_ups,
    }
    form = InteractionForm(request.POST or None, initial=initial, people=people)
    manual = interaction.source == "manual"
    if not manual:
        for name in (
            "date",
            "time",
            "time_zone",
            "duration_minutes",
            "their_people",
            "our_people",
            "initiator",
        ):
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            if manual:
                services.interaction_update(
                    actor=request.user,
                    interaction=interaction,
                    participants=form.participants(),
                    **data,
                )
            else:
                services.interaction_update(
                    actor=request.user,
                    interaction=interaction,
                    **{k: v for k, v in data.items() if k in services.INGESTED_EDITABLE},
                )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Interaction saved.")
            return redirect("engagement:interactions", account_pk=account.pk)
    return _interaction_page(request, account, form, interaction, 422 if form.is_bound else 200)


@require_POST
def interaction_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    services.interaction_delete(actor=request.user, interaction=_interaction(account, pk))
    messages.success(request, "Interaction deleted.")
    return redirect("engagement:interactions", account_pk=account.pk)


@require_GET
def my_touchpoints(request: HttpRequest) -> HttpResponse:
    """The signed-in user's touchpoints: overdue, due soon, upcoming, and the people on
    their accounts with no plan."""
    return render(
        request,
        "engagement/my_touchpoints.html",
        {"touchpoints": selectors.my_touchpoints(request.user)},
    )

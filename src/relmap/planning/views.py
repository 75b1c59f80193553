"""The account plan page, edited inline, and its revisions compared side by side.

Every view starts from :mod:`relmap.core.visibility`: outsiders get 404, read-only team
members 403 on writes. Reads go through :mod:`relmap.planning.selectors`, writes through
:mod:`relmap.planning.services` (each save is one new revision). One URL serves the full
page and its htmx fragments (:func:`relmap.core.htmx.render_page`): every section of the
plan is a template partial; after a write the response holds the section written to and,
swapped out of band, the plan's header and the sections that show what changed (a new
objective appears in the strategies' and actions' pickers, a new need in the value
points' checkboxes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relmap.accounts.models import Account
from relmap.analytics import PlanDiff, diff_plans
from relmap.core.htmx import htmx_target, render_page, wants_partial
from relmap.core.visibility import (
    can_edit_account,
    can_manage_portfolio,
    get_account_for_user,
    require_portfolio_manager,
)
from relmap.planning import selectors
from relmap.planning.choices import (
    OPEN_ACTION_STATUSES,
    ObjectiveStatus,
    SwotQuadrant,
    WhitespaceStatus,
)
from relmap.planning.forms import (
    SECTION_FORMS,
    NeedLinksForm,
    OfferingForm,
    Pickers,
    PlanForm,
    SectionForm,
    WhitespaceForm,
)
from relmap.planning.models import AccountPlan, PlanItem, PlanRevision, WhitespaceCell
from relmap.planning.registry import SECTIONS
from relmap.planning.services import (
    offering_create,
    plan_get_or_create,
    plan_item_create,
    plan_item_delete,
    plan_item_update,
    plan_update,
    value_point_link_needs,
    whitespace_set,
)
from relmap.stakeholders.choices import Side
from relmap.stakeholders.selectors import stakeholders_of

PLAN_TEMPLATE = "planning/plan.html"
NO_PLAN_TEMPLATE = "planning/no_plan.html"
REVISIONS_TEMPLATE = "planning/revisions.html"
COMPARE_TEMPLATE = "planning/compare.html"

# The page, top to bottom: the customer's needs first, what we offer against them, then
# what we will achieve and how, and last the analysis (SWOT, whitespace).
PARTIALS = (
    "head",
    "needs",
    "value_points",
    "objectives",
    "strategies",
    "actions",
    "resources",
    "milestones",
    "swot",
    "whitespace",
)
# The partial that shows each section: business units are the rows of the whitespace map.
SECTION_PARTIAL = {name: name for name in SECTIONS} | {"business_units": "whitespace"}
# What else shows a section's items: pickers, chips, "not answered yet" markers.
DEPENDENTS: dict[str, frozenset[str]] = {
    "needs": frozenset({"value_points"}),
    "value_points": frozenset({"needs"}),
    "objectives": frozenset({"strategies", "actions"}),
}
SWOT_TITLES: dict[str, str] = {
    SwotQuadrant.STRENGTH: "Strengths",
    SwotQuadrant.WEAKNESS: "Weaknesses",
    SwotQuadrant.OPPORTUNITY: "Opportunities",
    SwotQuadrant.THREAT: "Threats",
}
CLOSED_OBJECTIVES = frozenset({ObjectiveStatus.ACHIEVED, ObjectiveStatus.DROPPED})
REVISIONS_PER_PAGE = 50


def _plan_url(account: Account, partial: str | None = None) -> str:
    url = reverse("planning:plan", kwargs={"account_pk": account.pk})
    return f"{url}#plan-{partial}" if partial else url


def _editable_plan(request: HttpRequest, account_pk: int) -> tuple[Account, AccountPlan]:
    """The account (403 unless the user may edit it) and its plan, started if need be."""
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    return account, plan_get_or_create(actor=request.user, account=account)


def _get_item(plan: AccountPlan, section: str, pk: int) -> PlanItem:
    model = SECTIONS[section].model
    item = model._default_manager.filter(account_id=plan.account_id, plan=plan, pk=pk).first()
    if item is None:
        raise Http404(f"No such item in this plan's {SECTIONS[section].label.lower()}.")
    return item


def _label(item: PlanItem) -> str:
    for attr in ("title", "name", "text"):
        value = getattr(item, attr, "")
        if value:
            return str(value)
    return "the item"


# The page ---------------------------------------------------------------------------


@dataclass
class PageState:
    """What the page shows besides the plan: open forms, messages, what to refresh."""

    new_forms: dict[str, Any]
    editing: dict[str, Any] | None = None
    plan_form: PlanForm | None = None
    offering_form: OfferingForm | None = None
    errors: dict[str, str] | None = None  # a section's error message, by partial
    flash: dict[str, str] | None = None
    open_form: str = ""  # keep a section's "add" form open after an item was added
    open_links: int | None = None  # keep a value point's need checkboxes open
    show: frozenset[str] = frozenset(PARTIALS)
    oob: frozenset[str] = frozenset()


def _pickers(account: Account, loaded: selectors.LoadedPlan) -> Pickers:
    team = [m.user for m in account.memberships.select_related("user").order_by("user__username")]
    return Pickers(
        team=team,
        their_people=list(stakeholders_of(account).exclude(side=Side.INTERNAL)),
        objectives=loaded.sections["objectives"],
        needs=loaded.sections["needs"],
        business_units=loaded.sections["business_units"],
        offerings=loaded.offerings,
    )


def _new_form(section: str, pickers: Pickers, data: Any = None) -> SectionForm:
    return SECTION_FORMS[section](data, pickers=pickers, auto_id=f"new-{section}-%s")


def _context(
    request: HttpRequest,
    account: Account,
    plan: AccountPlan,
    *,
    can_edit: bool,
    state: PageState | None = None,
    pickers: Pickers | None = None,
    loaded: selectors.LoadedPlan | None = None,
) -> dict[str, Any]:
    """Everything the plan page and its partials show, in a fixed number of queries."""
    loaded = loaded or selectors.load_plan(plan)
    state = state or PageState(new_forms={})
    today = timezone.localdate()
    s = loaded.sections
    objectives: list[Any] = s["objectives"]
    actions: list[Any] = s["actions"]
    milestones: list[Any] = s["milestones"]
    value_points: list[Any] = s["value_points"]

    if can_edit:
        pickers = pickers or _pickers(account, loaded)
        for name in SECTIONS:
            state.new_forms.setdefault(name, _new_form(name, pickers))
        state.offering_form = state.offering_form or OfferingForm(auto_id="new-offering-%s")
    else:
        pickers = None
    value_point_rows = [
        {
            "point": p,
            "links": NeedLinksForm(
                initial={"needs": [str(n.pk) for n in p.needs.all()]},
                pickers=pickers,
                auto_id=f"links-{p.pk}-%s",
            )
            if pickers is not None
            else None,
        }
        for p in value_points
    ]

    answered = {n.pk for p in value_points for n in p.needs.all()}
    open_actions = [a for a in actions if a.status in OPEN_ACTION_STATUSES]
    overdue_actions = {a.pk for a in open_actions if a.due_on < today}
    overdue_objectives = {
        o.pk for o in objectives if o.deadline < today and o.status not in CLOSED_OBJECTIVES
    }
    overdue_milestones = {m.pk for m in milestones if not m.done and m.due_on < today}
    upcoming = [m for m in milestones if not m.done]
    latest = selectors.revisions_of(plan).first()

    return {
        "account": account,
        "plan": plan,
        "can_edit": can_edit,
        "can_manage_offerings": can_edit and can_manage_portfolio(request.user),
        "today": today,
        "latest": latest,
        "needs": s["needs"],
        "value_points": value_points,
        "objectives": objectives,
        "strategies": s["strategies"],
        "actions": actions,
        "resources": s["resources"],
        "milestones": milestones,
        "swot": _swot(s["swot"]),
        "whitespace": _whitespace(loaded),
        "answered_need_ids": answered,
        "unanswered_count": sum(1 for n in s["needs"] if n.pk not in answered),
        "overdue_action_ids": overdue_actions,
        "overdue_objective_ids": overdue_objectives,
        "overdue_milestone_ids": overdue_milestones,
        "kpis": {
            "objectives": len(objectives),
            "mutual": sum(1 for o in objectives if o.mutual),
            "open_actions": len(open_actions),
            "overdue_actions": len(overdue_actions),
            "next_milestone": min(upcoming, key=lambda m: m.due_on) if upcoming else None,
        },
        "review_overdue": plan.next_review_on is not None and plan.next_review_on < today,
        "value_point_rows": value_point_rows,
        "open_form": state.open_form,
        "open_links": state.open_links,
        "new_forms": state.new_forms,
        "editing": state.editing,
        "plan_form": state.plan_form,
        "offering_form": state.offering_form,
        "errors": state.errors or {},
        "flash": state.flash or {},
        "show": state.show,
        "oob": state.oob,
    }


def _swot(items: Iterable[Any]) -> list[dict[str, Any]]:
    by_quadrant: dict[str, list[Any]] = {q: [] for q in SwotQuadrant.values}
    for item in items:
        by_quadrant.setdefault(item.quadrant, []).append(item)
    return [
        {"key": q, "title": SWOT_TITLES.get(q, q), "items": by_quadrant[q]}
        for q in SwotQuadrant.values
    ]


def _whitespace(loaded: selectors.LoadedPlan) -> dict[str, Any]:
    """Rows are the customer's business units, columns our offerings."""
    rows = []
    counts: Counter[str] = Counter()
    for unit in loaded.sections["business_units"]:
        cells = []
        for offering in loaded.offerings:
            cell = loaded.cells.get((unit.pk, offering.pk))
            status = cell.status if cell else ""
            counts[status] += 1
            cells.append(
                {
                    "unit": unit,
                    "offering": offering,
                    "status": status,
                    "label": WhitespaceStatus(status).label if status else "Not assessed",
                    "notes": cell.notes if cell else "",
                }
            )
        rows.append({"unit": unit, "cells": cells})
    return {
        "offerings": loaded.offerings,
        "rows": rows,
        "counts": [
            {"key": key, "label": label, "count": counts.get(key, 0)}
            for key, label in WhitespaceStatus.choices
        ],
        "unassessed": counts.get("", 0),
        "choices": [("", "—"), *WhitespaceStatus.choices],
    }


def _partial_for(target: str | None) -> str | None:
    """The partial htmx asks for by the id it swaps into (``plan-objectives``)."""
    if target and target.startswith("plan-") and target[5:] in PARTIALS:
        return target[5:]
    return None


@require_GET
def plan_page(request: HttpRequest, account_pk: int) -> HttpResponse:
    """The account plan. An editor's first visit starts it; readers may find none yet."""
    account = get_account_for_user(request.user, account_pk)
    can_edit = can_edit_account(request.user, account)
    plan = selectors.plan_for(account)
    if plan is None and can_edit:
        plan = plan_get_or_create(actor=request.user, account=account)
    if plan is None:
        return render(request, NO_PLAN_TEMPLATE, {"account": account})
    context = _context(request, account, plan, can_edit=can_edit)
    return render_page(request, PLAN_TEMPLATE, context, partial=_partial_for(htmx_target(request)))


def _respond(
    request: HttpRequest,
    account: Account,
    plan: AccountPlan,
    partial: str,
    state: PageState,
    *,
    pickers: Pickers | None = None,
    status: int = 200,
) -> HttpResponse:
    """The section ``partial`` (and any out-of-band ones ``state`` names), or the page."""
    context = _context(request, account, plan, can_edit=True, state=state, pickers=pickers)
    name = "refresh" if state.oob else partial
    return render_page(request, PLAN_TEMPLATE, context, partial=name, status=status)


def _after_write(
    request: HttpRequest,
    account: Account,
    section: str,
    *,
    message: str,
    open_form: str = "",
    open_links: int | None = None,
) -> HttpResponse:
    """htmx: the section written to, with the header and dependent sections refreshed out
    of band. A plain form post goes back to the section on the page."""
    partial = SECTION_PARTIAL.get(section, section)
    if not wants_partial(request):
        return redirect(_plan_url(account, partial))
    plan = AccountPlan.objects.get(account=account)  # the revision number moved on
    extra = {"head"} | DEPENDENTS.get(section, frozenset())
    extra.discard(partial)
    state = PageState(
        new_forms={},
        flash={partial: message},
        open_form=open_form,
        open_links=open_links,
        show=frozenset({partial, *extra}),
        oob=frozenset(extra),
    )
    return _respond(request, account, plan, partial, state)


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, account_pk: int) -> HttpResponse:
    """The header's form: status, summary, value proposition, next review."""
    account, plan = _editable_plan(request, account_pk)
    if request.method == "GET":
        form = PlanForm(initial=PlanForm.initial_for(plan), auto_id="plan-%s")
        return _respond(request, account, plan, "head", PageState({}, plan_form=form))
    form = PlanForm(request.POST, initial=PlanForm.initial_for(plan), auto_id="plan-%s")
    if form.is_valid():
        try:
            changes = form.changes(plan)
            if changes:
                plan_update(actor=request.user, plan=plan, **changes)
        except ValidationError as exc:
            plan = AccountPlan.objects.get(pk=plan.pk)
            form.add_service_error(exc)
        else:
            return _after_write(
                request, account, "head", message="Saved." if changes else "Nothing changed."
            )
    state = PageState({}, plan_form=form)
    return _respond(request, account, plan, "head", state, status=422)


# Items of every section -------------------------------------------------------------------


@require_POST
def item_create(request: HttpRequest, account_pk: int, section: str) -> HttpResponse:
    account, plan = _editable_plan(request, account_pk)
    loaded = selectors.load_plan(plan)
    pickers = _pickers(account, loaded)
    form = _new_form(section, pickers, request.POST)
    if form.is_valid():
        try:
            item = plan_item_create(
                actor=request.user, plan=plan, section_name=section, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return _after_write(
                request, account, section, message=f"Added “{_label(item)}”.", open_form=section
            )
    state = PageState(new_forms={section: form})
    partial = SECTION_PARTIAL[section]
    return _respond(request, account, plan, partial, state, pickers=pickers, status=422)


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, account_pk: int, section: str, pk: int) -> HttpResponse:
    """An item's row turned into its form (GET), or the edit saved (POST)."""
    account, plan = _editable_plan(request, account_pk)
    item = _get_item(plan, section, pk)
    form_class = SECTION_FORMS[section]
    loaded = selectors.load_plan(plan)
    pickers = _pickers(account, loaded)
    initial = form_class.initial_for(item)
    auto_id = f"edit-{section}-{pk}-%s"
    partial = SECTION_PARTIAL[section]
    if request.method == "GET":
        form = form_class(initial=initial, pickers=pickers, auto_id=auto_id)
        state = PageState({}, editing={"section": section, "pk": pk, "form": form})
        return _respond(request, account, plan, partial, state, pickers=pickers)

    form = form_class(request.POST, initial=initial, pickers=pickers, auto_id=auto_id)
    if form.is_valid():
        try:
            changes = form.changes(item)
            if changes:
                plan_item_update(actor=request.user, item=item, section_name=section, **changes)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            message = f"Saved “{_label(item)}”." if changes else "Nothing changed."
            return _after_write(request, account, section, message=message)
    state = PageState({}, editing={"section": section, "pk": pk, "form": form})
    return _respond(request, account, plan, partial, state, pickers=pickers, status=422)


@require_POST
def item_delete(request: HttpRequest, account_pk: int, section: str, pk: int) -> HttpResponse:
    account, plan = _editable_plan(request, account_pk)
    item = _get_item(plan, section, pk)
    label = _label(item)
    plan_item_delete(actor=request.user, item=item, section_name=section)
    return _after_write(request, account, section, message=f"Removed “{label}”.")


@require_POST
def value_point_needs(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    """Save which goals and pain points a value point answers (its checkboxes)."""
    account, plan = _editable_plan(request, account_pk)
    point = _get_item(plan, "value_points", pk)
    loaded = selectors.load_plan(plan)
    pickers = _pickers(account, loaded)
    form = NeedLinksForm(request.POST, pickers=pickers, auto_id=f"links-{pk}-%s")
    if form.is_valid():
        try:
            value_point_link_needs(
                actor=request.user,
                point=point,  # type: ignore[arg-type]
                needs=form.cleaned_data["needs"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return _after_write(
                request, account, "value_points", message="Links saved.", open_links=point.pk
            )
    errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
    state = PageState({}, errors={"value_points": errors}, open_links=point.pk)
    return _respond(request, account, plan, "value_points", state, pickers=pickers, status=422)


# The whitespace map -----------------------------------------------------------------------


@require_POST
def whitespace_cell(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Set one cell of the whitespace map (its select saves on change)."""
    account, plan = _editable_plan(request, account_pk)
    loaded = selectors.load_plan(plan)
    pickers = _pickers(account, loaded)
    form = WhitespaceForm(request.POST, pickers=pickers)
    if form.is_valid():
        unit, offering = form.cleaned_data["business_unit"], form.cleaned_data["offering"]
        cell = loaded.cells.get((unit.pk, offering.pk))
        # The grid posts only the status: keep the notes the cell already has.
        notes = form.cleaned_data["notes"] if "notes" in request.POST else _notes(cell)
        try:
            whitespace_set(
                actor=request.user,
                plan=plan,
                business_unit=unit,
                offering=offering,
                status=form.cleaned_data["status"],
                notes=notes,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            status = form.cleaned_data["status"]
            what = WhitespaceStatus(status).label.lower() if status else "cleared"
            return _after_write(
                request, account, "business_units", message=f"{unit} / {offering}: {what}."
            )
    errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
    state = PageState({}, errors={"whitespace": errors})
    return _respond(request, account, plan, "whitespace", state, pickers=pickers, status=422)


def _notes(cell: WhitespaceCell | None) -> str:
    return cell.notes if cell is not None else ""


@require_POST
def offering_add(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Add one of our offerings: a column of every account's whitespace map. Offerings
    are portfolio-wide, so only sales leaders and administrators add them."""
    account, plan = _editable_plan(request, account_pk)
    require_portfolio_manager(request.user)
    form = OfferingForm(request.POST, auto_id="new-offering-%s")
    if form.is_valid():
        try:
            offering = offering_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return _after_write(
                request, account, "business_units", message=f"Added the offering “{offering}”."
            )
    state = PageState({}, offering_form=form)
    return _respond(request, account, plan, "whitespace", state, status=422)


# Revisions ------------------------------------------------------------------------------


@require_GET
def revision_list(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Every saved state of the plan, newest first; pick two to compare."""
    account = get_account_for_user(request.user, account_pk)
    plan = selectors.plan_for(account)
    if plan is None:
        return render(request, NO_PLAN_TEMPLATE, {"account": account})
    page = Paginator(selectors.revisions_of(plan), REVISIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    context = {
        "account": account,
        "plan": plan,
        "page": page,
        "revisions": rows,
        "default_b": plan.revision,
        "default_a": max(plan.revision - 1, 1),
    }
    return render(request, REVISIONS_TEMPLATE, context)


class CompareError(Exception):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def _revision_numbers(query: Mapping[str, str], plan: AccountPlan) -> tuple[int, int]:
    """``a`` and ``b`` from the query string, the older first; defaults to the last two."""
    numbers = []
    for key, default in (("a", max(plan.revision - 1, 1)), ("b", plan.revision)):
        raw = query.get(key, "").strip()
        if not raw:
            numbers.append(default)
            continue
        if not REVISION_NUMBER.fullmatch(raw) or int(raw) < 1:
            raise CompareError(
                f"“{raw[:20]}” is not a revision number: revisions are numbered 1 to "
                f"{plan.revision}.",
                400,
            )
        number = int(raw)
        if number > plan.revision:  # checked here: a huge number would overflow the query
            raise CompareError(
                f"Revision {raw[:20]} does not exist: this plan has revisions 1 to "
                f"{plan.revision}.",
                404,
            )
        numbers.append(number)
    a, b = sorted(numbers)
    return a, b


@require_GET
def revision_compare(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Two revisions side by side: what changed in the plan between them."""
    account = get_account_for_user(request.user, account_pk)
    plan = selectors.plan_for(account)
    if plan is None:
        raise Http404("This account has no plan yet.")
    context: dict[str, Any] = {"account": account, "plan": plan}
    try:
        a, b = _revision_numbers(request.GET, plan)
        found = {
            r.number: r
            for r in PlanRevision.objects.filter(
                account_id=plan.account_id, plan=plan, number__in=(a, b)
            ).select_related("saved_by")
        }
        missing = [n for n in (a, b) if n not in found]
        if missing:
            raise CompareError(
                f"Revision {missing[0]} does not exist: this plan has revisions 1 to "
                f"{plan.revision}.",
                404,
            )
    except CompareError as exc:
        context["error"] = exc.message
        return render(request, COMPARE_TEMPLATE, context, status=exc.status)
    before, after = found[a], found[b]
    diff = diff_plans(
        selectors.in_plan_order(before.snapshot), selectors.in_plan_order(after.snapshot)
    )
    context.update(
        {
            "before": before,
            "after": after,
            "before_after": (before, after),
            "diff": diff,
            "same": a == b,
            "field_changes": [
                {
                    "label": _field_label(AccountPlan, change.field),
                    "before": _show(change.before, AccountPlan, change.field),
                    "after": _show(change.after, AccountPlan, change.field),
                }
                for change in diff.fields
            ],
            "sections": _section_changes(diff),
        }
    )
    return render(request, COMPARE_TEMPLATE, context)


WHITESPACE_SECTION = "whitespace"
EXTRA_FIELD_LABELS = {"answers": "Answers", "notes": "Notes", "name": "Name"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REVISION_NUMBER = re.compile(r"[0-9]+")


def _section_changes(diff: PlanDiff) -> list[dict[str, Any]]:
    """Per section in page order: the added, removed and changed items, ready to show."""
    order = [name for name in PARTIALS if name in SECTIONS]
    order.insert(order.index("swot") + 1, "business_units")
    order.append(WHITESPACE_SECTION)
    order += [s for s in dict.fromkeys(i.section for i in diff.items) if s not in order]
    out = []
    for name in order:
        changes = diff.section(name)
        if not changes:
            continue
        spec = SECTIONS.get(name)
        model = spec.model if spec else WhitespaceCell
        label = spec.label if spec else "Whitespace map"
        groups: dict[str, list[dict[str, Any]]] = {"added": [], "removed": [], "changed": []}
        for item in changes:
            fields = [
                {
                    "label": _field_label(model, f.field),
                    "before": _show(f.before, model, f.field),
                    "after": _show(f.after, model, f.field),
                }
                for f in item.fields
                if item.change == "changed"
                or (f.before if item.change == "removed" else f.after) not in (None, "", [])
            ]
            groups.setdefault(item.change, []).append({"label": item.label, "fields": fields})
        out.append({"name": name, "label": label, **groups})
    return out


def _field_label(model: type[Model], name: str) -> str:
    if name in EXTRA_FIELD_LABELS:
        return EXTRA_FIELD_LABELS[name]
    try:
        label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:  # a field only an older snapshot has: show its name
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def _show(value: object, model: type[Model], name: str) -> str:
    """A snapshot value as people read it: labels for choices, dates, yes/no, dashes."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, str):
        try:
            choices = dict(model._meta.get_field(name).choices or ())  # type: ignore[union-attr]
        except FieldDoesNotExist:  # a field only an older snapshot has
            choices = {}
        if value in choices:
            return str(choices[value])
        if ISO_DATE.match(value):
            day = dt.date.fromisoformat(value)
            return f"{day.day} {day:%b %Y}"
    return str(value)

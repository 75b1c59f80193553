"""The account page (org chart, influence network, power/interest grid, findings) and the
person panel with everything that edits the map.

Every view starts from :mod:`relmap.core.visibility`: outsiders get 404, read-only team
members 403 on writes. Reads go through the selectors, writes through the services. One
URL serves the full page and the htmx fragment (:func:`relmap.core.htmx.render_page`).
After a write the response fires ``relmap:map-changed``; the account page then fetches
its ``state`` partial, which refreshes the map data, the grid and the findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from relmap.accounts import selectors as account_selectors
from relmap.accounts.models import Account
from relmap.analytics import (
    QUADRANT_LABELS,
    QUADRANT_STRATEGIES,
    QUADRANTS,
    AnalysisConfig,
    Finding,
    quadrant,
    warm_path,
)
from relmap.analytics.lifecycle import guidance
from relmap.core.htmx import MAP_CHANGED, htmx_target, render_page, wants_partial
from relmap.core.visibility import can_edit_account, get_account_for_user
from relmap.monitoring.staleness import staleness_of
from relmap.stakeholders import selectors
from relmap.stakeholders.choices import BuyingRole, Side, TieKind
from relmap.stakeholders.forms import CoverageForm, MoveForm, StakeholderForm, TieForm
from relmap.stakeholders.models import Coverage, Stakeholder, Tie
from relmap.stakeholders.services import (
    coverage_create,
    coverage_delete,
    stakeholder_create,
    stakeholder_delete,
    stakeholder_move,
    stakeholder_update,
    tie_create,
    tie_delete,
)

MAP_TEMPLATE = "stakeholders/account_map.html"
PERSON_TEMPLATE = "stakeholders/person.html"
NEW_PERSON_TEMPLATE = "stakeholders/person_new.html"
VIEWS = ("org", "network", "grid")
SEVERITY_LABELS = {"high": "High", "medium": "Medium", "low": "Low"}


def _get_person(account: Account, pk: int) -> Stakeholder:
    try:
        return selectors.get_stakeholder(account, pk)
    except Stakeholder.DoesNotExist:
        raise Http404("No such person on this account's map.") from None


# The account page ---------------------------------------------------------------------


@require_GET
def account_map(request: HttpRequest, account_pk: int) -> HttpResponse:
    """The account's map in three linked views. ``#state`` is what refreshes after a write."""
    account = get_account_for_user(request.user, account_pk)
    analysed = selectors.analyse_account(account)
    people = analysed.data.stakeholders
    by_id = analysed.data.by_id()
    analysis = analysed.analysis
    cutoff = AnalysisConfig().grid_cutoff
    departments = sorted({p.department for p in people if p.department}, key=str.casefold)
    quadrant_counts = Counter(a.quadrant for a in analysis.stakeholders)
    context: dict[str, Any] = {
        "account": account,
        "can_edit": can_edit_account(request.user, account),
        "team": account.memberships.select_related("user").order_by("user__username"),
        "stage": _stage_summary(account),
        "review": staleness_of([account])[account.pk],
        "map_data": _map_payload(analysed),
        "grid_rows": _grid_rows(analysed, cutoff),
        "cutoff": cutoff,
        "quadrants": [
            {
                "key": key,
                "label": QUADRANT_LABELS[key],
                "strategy": QUADRANT_STRATEGIES[key],
                "count": quadrant_counts.get(key, 0),
            }
            for key in QUADRANTS
        ],
        "finding_groups": _finding_groups(analysis.findings, by_id),
        "finding_count": len(analysis.findings),
        "diamond_index": analysis.diamond_index,
        "betweenness_sampled": analysis.betweenness_sampled,
        "people_count": len(people),
        "tie_count": len(analysed.data.ties),
        "filter_fields": [
            {
                "name": name,
                "label": label,
                "options": options,
                "value": request.GET.get(name, ""),
            }
            for name, label, options in (
                ("side", "Side", Side.choices),
                ("department", "Department", [(d, d) for d in departments]),
                ("role", "Buying role", BuyingRole.choices),
                ("quadrant", "Quadrant", [(k, QUADRANT_LABELS[k]) for k in QUADRANTS]),
            )
        ],
        "view": request.GET.get("view") if request.GET.get("view") in VIEWS else "org",
        "selected": request.GET.get("person", ""),
    }
    partial = "state" if htmx_target(request) == "map-state" else None
    return render_page(request, MAP_TEMPLATE, context, partial=partial)


def _stage_summary(account: Account) -> dict[str, Any]:
    """The lifecycle stage in the header: since when, and the first thing to do in it (the
    "Value & tier" page has the full list). One query."""
    advice = guidance(account.lifecycle_stage)
    return {
        "label": advice.label,
        "since": account_selectors.stage_since(account),
        "strategy": advice.strategies[0],
        "more": len(advice.strategies) - 1,
    }


def _map_payload(analysed: selectors.AnalysedMap) -> dict[str, Any]:
    """What the browser needs to draw the org chart and the network (via json_script)."""
    analysis = analysed.analysis
    people = []
    for s in analysed.data.stakeholders:
        a = analysis.for_person(s.pk)
        people.append(
            {
                "id": s.pk,
                "name": s.name,
                "title": s.title,
                "department": s.department,
                "side": s.side,
                "roles": list(s.roles or ()),
                "power": s.power,
                "interest": s.interest,
                "attitude": s.attitude,
                "trust": s.trust,
                "status": s.status,
                "quadrant": a.quadrant if a else "",
                "influence": round(a.influence_score, 1) if a else 0,
                "rank": a.influence_rank if a else None,
            }
        )
    ties = [
        {
            "id": t.pk,
            "source": t.source_id,
            "target": t.target_id,
            "kind": t.kind,
            "strength": t.strength,
        }
        for t in analysed.data.ties
    ]
    return {"people": people, "ties": ties}


@dataclass(frozen=True)
class GridCell:
    power: int
    interest: int
    quadrant: str
    quadrant_label: str
    people: list[Stakeholder]
    corner: bool  # the cell that names its quadrant


def _grid_rows(analysed: selectors.AnalysedMap, cutoff: int) -> list[list[GridCell]]:
    """The 5x5 Mendelow grid, power 5 at the top and interest 1 on the left."""
    cells: dict[tuple[int, int], list[Stakeholder]] = {}
    for s in analysed.data.stakeholders:
        cells.setdefault((s.power, s.interest), []).append(s)
    corners = {(5, 5), (5, 1), (cutoff - 1, 5), (cutoff - 1, 1)}
    rows = []
    for power in range(5, 0, -1):
        row = []
        for interest in range(1, 6):
            key = quadrant(power, interest, cutoff)
            row.append(
                GridCell(
                    power=power,
                    interest=interest,
                    quadrant=key,
                    quadrant_label=QUADRANT_LABELS[key],
                    people=cells.get((power, interest), []),
                    corner=(power, interest) in corners,
                )
            )
        rows.append(row)
    return rows


def _finding_groups(
    findings: Iterable[Finding], by_id: dict[int, Stakeholder]
) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {key: [] for key in SEVERITY_LABELS}
    for finding in findings:
        groups.setdefault(finding.severity, []).append(
            {
                "finding": finding,
                "people": [by_id[pk] for pk in finding.people if pk in by_id],
            }
        )
    return [
        {"severity": key, "label": SEVERITY_LABELS.get(key, key.title()), "items": items}
        for key, items in groups.items()
        if items
    ]


# The person panel ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def person_detail(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    """Everything about one person; ``?mode=edit`` shows the form, POST saves it."""
    if request.method == "GET":
        account = get_account_for_user(request.user, account_pk)
        person = _get_person(account, pk)
        can_edit = can_edit_account(request.user, account)
        editing = can_edit and request.GET.get("mode") == "edit"
        form = StakeholderForm(initial=StakeholderForm.initial_for(person)) if editing else None
        return _panel(request, account, person, can_edit=can_edit, form=form)

    account = get_account_for_user(request.user, account_pk, for_edit=True)
    person = _get_person(account, pk)
    form = StakeholderForm(request.POST, initial=StakeholderForm.initial_for(person))
    if form.is_valid():
        try:
            changes = form.changes(person)
            if changes:
                stakeholder_update(actor=request.user, stakeholder=person, **changes)
        except ValidationError as exc:
            # The service refused: reload so the form shows what is really stored.
            person = _get_person(account, pk)
            form.add_service_error(exc)
        else:
            message = "Saved." if changes else "Nothing changed."
            return _after_write(request, account, person, message=message)
    return _panel(request, account, person, can_edit=True, form=form, status=422)


def _panel(
    request: HttpRequest,
    account: Account,
    person: Stakeholder,
    *,
    can_edit: bool,
    form: StakeholderForm | None = None,
    tie_form: TieForm | None = None,
    coverage_form: CoverageForm | None = None,
    message: str = "",
    status: int = 200,
    trigger: Iterable[str] = (),
) -> HttpResponse:
    analysed = selectors.analyse_account(account)
    data = analysed.data
    by_id = data.by_id()
    # The freshly loaded copy is what the analysis saw.
    person = by_id.get(person.pk, person)
    analysis = analysed.analysis.for_person(person.pk)
    cutoff = AnalysisConfig().grid_cutoff

    ties: list[dict[str, Any]] = []
    for tie in data.ties:
        if person.pk not in (tie.source_id, tie.target_id):
            continue
        outgoing = tie.source_id == person.pk
        other = by_id[tie.target_id if outgoing else tie.source_id]
        ties.append(
            {"tie": tie, "outgoing": outgoing, "other": other, "label": TieKind(tie.kind).label}
        )
    ties.sort(key=lambda t: (t["tie"].kind, t["other"].name))
    coverage: list[dict[str, Any]] = []
    for link in data.coverage:
        if person.pk == link.our_person_id:
            coverage.append({"link": link, "other": by_id[link.their_person_id]})
        elif person.pk == link.their_person_id:
            coverage.append({"link": link, "other": by_id[link.our_person_id]})

    path = None
    if not person.is_internal:
        found = warm_path(selectors.to_account_map(data), person.pk)
        if found is not None:
            path = {"path": found, "people": [by_id[pk] for pk in found.people]}

    if can_edit:
        tie_form = tie_form or TieForm(people=_others(account, person))
        coverage_form = coverage_form or _coverage_form(account, person)

    context = {
        "account": account,
        "person": person,
        "analysis": analysis,
        "ties": ties,
        "coverage": coverage,
        "role_labels": [BuyingRole(r).label for r in person.roles or () if r in BuyingRole.values],
        "history": [
            {
                "entry": entry,
                "quadrant": QUADRANT_LABELS[quadrant(entry.power, entry.interest, cutoff)],
            }
            for entry in selectors.position_history_of(person).select_related("actor")
        ],
        "warm": path,
        "can_edit": can_edit,
        "form": form,
        "tie_form": tie_form,
        "coverage_form": coverage_form,
        "message": message,
    }
    return render_page(
        request, PERSON_TEMPLATE, context, partial="panel", status=status, trigger=trigger
    )


def _others(account: Account, person: Stakeholder) -> Any:
    return selectors.stakeholders_of(account).exclude(pk=person.pk)


def _coverage_form(account: Account, person: Stakeholder, data: Any = None) -> CoverageForm:
    """Coverage runs from one of ours to one of theirs; the picker offers the other end."""
    people = selectors.stakeholders_of(account)
    if person.is_internal:
        people, label = people.exclude(side=Side.INTERNAL), "Their person"
    else:
        people, label = people.filter(side=Side.INTERNAL), "Our person"
    return CoverageForm(data, people=people, other_label=label)


def _after_write(
    request: HttpRequest, account: Account, person: Stakeholder, *, message: str
) -> HttpResponse:
    """htmx: the refreshed panel, and tell the page the map changed. Else: back to the page."""
    if wants_partial(request):
        return _panel(
            request,
            account,
            person,
            can_edit=True,
            message=message,
            trigger=[MAP_CHANGED],
        )
    return redirect("stakeholders:person", account_pk=account.pk, pk=person.pk)


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Add a person to the map (the account page opens this in the side panel)."""
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = stakeholder_create(actor=request.user, account=account, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return _after_write(request, account, person, message=f"{person.name} added.")
    status = 422 if form.is_bound else 200
    return render_page(
        request,
        NEW_PERSON_TEMPLATE,
        {"account": account, "form": form},
        partial="form",
        status=status,
    )


@require_POST
def person_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    person = _get_person(account, pk)
    name = person.name
    stakeholder_delete(actor=request.user, stakeholder=person)
    if wants_partial(request):
        return render_page(
            request,
            PERSON_TEMPLATE,
            {"account": account, "removed": name},
            partial="removed",
            trigger=[MAP_CHANGED],
        )
    return redirect("stakeholders:map", account_pk=account.pk)


@require_POST
def person_move(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    """A drop on the power/interest grid: save the new cell (audited, history kept)."""
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    person = _get_person(account, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            stakeholder_move(actor=request.user, stakeholder=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
    if form.errors:
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return HttpResponse(
            " ".join(problems), status=422, content_type="text/plain; charset=utf-8"
        )
    if wants_partial(request):
        return trigger_client_event(HttpResponse(status=204), MAP_CHANGED)
    url = reverse("stakeholders:map", kwargs={"account_pk": account.pk})
    return redirect(f"{url}?view=grid&person={person.pk}")


# Ties and coverage from the panel ------------------------------------------------------


@require_POST
def tie_add(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    person = _get_person(account, pk)
    form = TieForm(request.POST, people=_others(account, person))
    if form.is_valid():
        other = form.cleaned_data["other"]
        outgoing = form.cleaned_data["direction"] == "out"
        try:
            tie_create(
                actor=request.user,
                account=account,
                source=person if outgoing else other,
                target=other if outgoing else person,
                kind=form.cleaned_data["kind"],
                strength=form.cleaned_data["strength"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return _after_write(request, account, person, message="Tie added.")
    return _panel(request, account, person, can_edit=True, tie_form=form, status=422)


@require_POST
def tie_remove(request: HttpRequest, account_pk: int, pk: int, tie_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    person = _get_person(account, pk)
    tie = (
        Tie.objects.filter(account_id=account.pk, pk=tie_pk)
        .filter(Q(source_id=person.pk) | Q(target_id=person.pk))
        .first()
    )
    if tie is None:
        raise Http404("No such tie on this person.")
    tie_delete(actor=request.user, tie=tie)
    return _after_write(request, account, person, message="Tie removed.")


@require_POST
def coverage_add(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    person = _get_person(account, pk)
    form = _coverage_form(account, person, request.POST)
    if form.is_valid():
        other = form.cleaned_data["other"]
        ours, theirs = (person, other) if person.is_internal else (other, person)
        try:
            coverage_create(
                actor=request.user,
                account=account,
                our_person=ours,
                their_person=theirs,
                current_depth=form.cleaned_data["current_depth"],
                desired_depth=form.cleaned_data["desired_depth"],
                strength=form.cleaned_data["strength"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return _after_write(request, account, person, message="Coverage added.")
    return _panel(request, account, person, can_edit=True, coverage_form=form, status=422)


@require_POST
def coverage_remove(
    request: HttpRequest, account_pk: int, pk: int, coverage_pk: int
) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    person = _get_person(account, pk)
    link = (
        Coverage.objects.filter(account_id=account.pk, pk=coverage_pk)
        .filter(Q(our_person_id=person.pk) | Q(their_person_id=person.pk))
        .first()
    )
    if link is None:
        raise Http404("No such coverage on this person.")
    coverage_delete(actor=request.user, coverage=link)
    return _after_write(request, account, person, message="Coverage removed.")

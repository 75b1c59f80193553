"""The monitoring page of an account: its KPIs against baseline and target with charts,
NPS and CSAT with what they were computed from, the complaint log and the customer's
own words; and the forms that add to them.

Every view starts from :mod:`relmap.core.visibility`: outsiders get 404, read-only team
members 403 on writes, anonymous users the login page. Writes go through
:mod:`relmap.monitoring.services` and the importers. Plain forms: a valid post redirects
back to its section; an invalid one re-renders the page with the errors (422).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relmap.accounts.models import Account
from relmap.analytics import mapdiff
from relmap.core.charts import ChartRenderError, render_png, render_svg
from relmap.core.csvfiles import FileImportError, SourceFile
from relmap.core.visibility import can_edit_account, can_manage_portfolio, get_account_for_user
from relmap.engagement.selectors import account_touchpoints
from relmap.monitoring import actions, selectors, services
from relmap.monitoring.choices import (
    COMPUTED_KINDS,
    ActionOrigin,
    ActionStatus,
    PointSource,
    Survey,
)
from relmap.monitoring.forms import (
    ActionForm,
    ActionStatusForm,
    ComplaintForm,
    FeedbackForm,
    ImportForm,
    KpiEditForm,
    KpiForm,
    PointForm,
)
from relmap.monitoring.health import account_health, health_trend, review_cadence
from relmap.monitoring.history import (
    health_between,
    parse_point,
    point_label,
    review_create,
    state_of,
)
from relmap.monitoring.models import (
    Complaint,
    Feedback,
    ImprovementAction,
    Kpi,
    KpiPoint,
    MapReview,
)
from relmap.monitoring.points_import import import_points_csv, is_points_file
from relmap.monitoring.responses_import import import_responses_csv
from relmap.monitoring.staleness import staleness_of
from relmap.stakeholders.selectors import stakeholders_of

HOME = "monitoring/home.html"
MAX_UPLOAD = 20 * 1024 * 1024


def _url(account: Account, anchor: str = "") -> str:
    url = reverse("monitoring:home", kwargs={"account_pk": account.pk})
    return f"{url}#{anchor}" if anchor else url


def _get[T](model: type[T], account: Account, pk: int, what: str) -> T:
    obj = model._default_manager.filter(account_id=account.pk, pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404(f"No such {what} on this account.")
    return obj  # type: ignore[no-any-return]


def _editable(request: HttpRequest, account_pk: int) -> Account:
    return get_account_for_user(request.user, account_pk, for_edit=True)


def _people(account: Account) -> list[Any]:
    return list(stakeholders_of(account))


def _home(
    request: HttpRequest,
    account: Account,
    forms: dict[str, Any] | None = None,
    status: int = 200,
    messages: list[str] | None = None,
) -> HttpResponse:
    can_edit = can_edit_account(request.user, account)
    theme = request.GET.get("theme", "")
    forms = dict(forms or {})
    if can_edit:
        people = _people(account)
        forms.setdefault("kpi", KpiForm(auto_id="kpi-%s"))
        forms.setdefault("import", ImportForm(auto_id="import-%s"))
        forms.setdefault("complaint", ComplaintForm(people=people, auto_id="complaint-%s"))
        forms.setdefault("feedback", FeedbackForm(people=people, auto_id="feedback-%s"))
        forms.setdefault(
            "action", _action_form(account, initial=raise_initial(account, request.GET))
        )
    views = selectors.kpis_of(account)
    account_actions = actions.actions_of(account)
    stale = staleness_of([account])[account.pk]
    last_review = MapReview.objects.filter(account=account).first()
    since_review = (
        mapdiff.diff(mapdiff.state_from_json(last_review.snapshot), state_of(account, None))
        if last_review
        else None
    )
    touchpoints = account_touchpoints(account)
    health_now = account_health(account, touchpoints=touchpoints)
    since_health = health_between(account, last_review, now=health_now) if last_review else None
    trend = health_trend(account)
    nps_responses = selectors.responses_of(account, Survey.NPS)
    nps = selectors.account_nps(account, responses=nps_responses)
    feedback = selectors.feedback_of(account, theme)
    themes = sorted({t for f in selectors.feedback_of(account) for t in f.themes})
    context = {
        "account": account,
        "can_edit": can_edit,
        "can_manage_portfolio": can_manage_portfolio(request.user),
        "forms": forms,
        "kpis": [
            {
                "view": v,
                "option": selectors.kpi_chart_option(v),
                "option_id": f"kpi-option-{v.kpi.pk}",
                "freshness": v.freshness(timezone.localdate()),
                "point_form": PointForm(auto_id=f"point-{v.kpi.pk}-%s")
                if can_edit and not v.computed
                else None,
            }
            for v in views
        ],
        "actions": account_actions,
        "cycle": selectors.cycle_of(
            account,
            staleness=stale,
            touchpoints=touchpoints,
            kpi_views=views,
            actions=account_actions,
        ),
        "stale": stale,
        "last_review": last_review,
        "since_review": since_review,
        "since_health": since_health,
        "raising": can_edit and raise_initial(account, request.GET) is not None,
        "health": health_now,
        "health_trend": selectors.health_trend_option(trend) if len(trend) > 1 else None,
        "review_cadence": review_cadence(account.tier),
        "nps": nps,
        "nps_by_response": selectors.account_nps(
            account, aggregation="response", responses=nps_responses
        ),
        "nps_people": selectors.nps_by_stakeholder(account),
        "csat": selectors.account_csat(account),
        "complaints": selectors.complaints_of(account),
        "feedback": feedback,
        "themes": themes,
        "theme": theme,
        "messages_": messages or [],
        "today": timezone.localdate(),
    }
    return render(request, HOME, context, status=status)


def _create(
    request: HttpRequest,
    account: Account,
    form: Any,
    key: str,
    anchor: str,
    write: Callable[[dict[str, Any]], Any],
) -> HttpResponse:
    """A create form's post: a valid one is written and redirects to its section; one the
    form or the service refuses re-renders the page with the errors in place (422)."""
    if form.is_valid():
        try:
            write(dict(form.cleaned_data))
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url(account, anchor))
    return _home(request, account, {key: form}, status=422)


@require_GET
def home(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk)
    return _home(request, account)


# KPIs -------------------------------------------------------------------------------------


def _kpi_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "direction" or v}


@require_POST
def kpi_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    form = KpiForm(request.POST, auto_id="kpi-%s")
    return _create(
        request,
        account,
        form,
        "kpi",
        "kpis",
        lambda data: services.kpi_create(actor=request.user, account=account, **_kpi_values(data)),
    )


@require_http_methods(["GET", "POST"])
def kpi_edit(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    kpi = _get(Kpi, account, pk, "KPI")
    if request.method == "POST":
        form = KpiEditForm(request.POST, auto_id="kpi-edit-%s")
        if form.is_valid():
            data = form.cleaned_data
            data["unit"] = data["unit"] or ""
            try:
                services.kpi_update(actor=request.user, kpi=kpi, **data)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                return redirect(_url(account, f"kpi-{kpi.pk}"))
        status = 422
    else:
        initial = {f: getattr(kpi, f) for f in services.KPI_FIELDS if f != "kind"}
        form = KpiEditForm(initial=initial, auto_id="kpi-edit-%s")
        status = 200
    return render(
        request,
        "monitoring/kpi_form.html",
        {"account": account, "kpi": kpi, "form": form},
        status=status,
    )


@require_POST
def kpi_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    services.kpi_delete(actor=request.user, kpi=_get(Kpi, account, pk, "KPI"))
    return redirect(_url(account, "kpis"))


@require_POST
def point_create(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    kpi = _get(Kpi, account, pk, "KPI")
    form = PointForm(request.POST, auto_id=f"point-{kpi.pk}-%s")
    if form.is_valid():
        try:
            services.kpi_point_set(
                actor=request.user, kpi=kpi, source=PointSource.MANUAL, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url(account, f"kpi-{kpi.pk}"))
    return _home(
        request,
        account,
        {f"point-{kpi.pk}": form},
        status=422,
        messages=[f"{kpi.name}: {error}" for errors in form.errors.values() for error in errors],
    )


@require_POST
def point_delete(request: HttpRequest, account_pk: int, pk: int, point_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    kpi = _get(Kpi, account, pk, "KPI")
    point = KpiPoint.objects.filter(kpi=kpi, pk=point_pk).first()
    if point is None:
        raise Http404("No such value of this KPI.")
    if kpi.kind in COMPUTED_KINDS:
        return _home(
            request,
            account,
            status=422,
            messages=[f"{kpi.name} is computed; its values cannot be deleted one by one."],
        )
    services.kpi_point_delete(actor=request.user, point=point)
    return redirect(_url(account, f"kpi-{kpi.pk}"))


@require_GET
def kpi_chart(request: HttpRequest, account_pk: int, pk: int, fmt: str) -> HttpResponse:
    """The KPI's chart as an SVG or PNG file, drawn by ECharts on the server."""
    account = get_account_for_user(request.user, account_pk)
    kpi = _get(Kpi, account, pk, "KPI")
    view = next(v for v in selectors.kpis_of(account) if v.kpi.pk == kpi.pk)
    option = selectors.kpi_chart_option(view)
    try:
        if fmt == "svg":
            response = HttpResponse(render_svg(option), content_type="image/svg+xml")
        else:
            response = HttpResponse(render_png(option), content_type="image/png")
    except ChartRenderError as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain")
    name = f"{account.name}-{kpi.name}".replace('"', "").replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# Imports ----------------------------------------------------------------------------------


@require_POST
def import_file(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    form = ImportForm(request.POST, request.FILES, auto_id="import-%s")
    if not form.is_valid():
        return _home(request, account, {"import": form}, status=422)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD:
        form.add_error("file", f"The file is larger than {MAX_UPLOAD // (1024 * 1024)} MB.")
        return _home(request, account, {"import": form}, status=422)
    source = SourceFile(upload.name, upload.read())
    survey = form.cleaned_data["survey"] or None
    try:
        if is_points_file(source.data):
            report: Any = import_points_csv(actor=request.user, source=source, account=account)
        else:
            report = import_responses_csv(
                actor=request.user, source=source, account=account, survey=survey
            )
    except FileImportError as exc:
        for error in exc.errors:
            form.add_error("file", str(error))
        return _home(request, account, {"import": form}, status=422)
    return _home(request, account, messages=[report.summary()])


# Complaints and feedback --------------------------------------------------------------------


@require_POST
def complaint_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    form = ComplaintForm(request.POST, people=_people(account), auto_id="complaint-%s")
    return _create(
        request,
        account,
        form,
        "complaint",
        "complaints",
        lambda data: services.complaint_create(actor=request.user, account=account, **data),
    )


@require_http_methods(["GET", "POST"])
def complaint_edit(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    complaint = _get(Complaint, account, pk, "complaint")
    people = _people(account)
    if request.method == "POST":
        form = ComplaintForm(request.POST, people=people, auto_id="complaint-edit-%s")
        if form.is_valid():
            try:
                services.complaint_update(
                    actor=request.user, complaint=complaint, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                return redirect(_url(account, "complaints"))
        status = 422
    else:
        initial = {
            f: getattr(complaint, f)
            for f in ("summary", "category", "severity", "opened_on", "resolved_on", "resolution")
        }
        initial["stakeholder"] = str(complaint.stakeholder_id or "")
        form = ComplaintForm(initial=initial, people=people, auto_id="complaint-edit-%s")
        status = 200
    return render(
        request,
        "monitoring/complaint_form.html",
        {"account": account, "complaint": complaint, "form": form},
        status=status,
    )


@require_POST
def complaint_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    services.complaint_delete(
        actor=request.user, complaint=_get(Complaint, account, pk, "complaint")
    )
    return redirect(_url(account, "complaints"))


@require_POST
def feedback_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    form = FeedbackForm(request.POST, people=_people(account), auto_id="feedback-%s")
    return _create(
        request,
        account,
        form,
        "feedback",
        "feedback",
        lambda data: services.feedback_create(actor=request.user, account=account, **data),
    )


@require_POST
def feedback_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    services.feedback_delete(
        actor=request.user, feedback_entry=_get(Feedback, account, pk, "feedback")
    )
    return redirect(_url(account, "feedback"))


# Map history ------------------------------------------------------------------------------


def _point(account: Account, text: str) -> Any:
    try:
        return parse_point(account, text)
    except (MapReview.DoesNotExist, ValueError) as exc:
        raise Http404(str(exc)) from None


def grid_option(result: mapdiff.MapDiff, before: Any, after: Any) -> dict[str, Any]:
    """ECharts option of the power/interest grid with an arrow for each person who
    moved: from where they were to where they are."""
    moves = []
    for pk in sorted({s.person_id for s in result.shifts if s.rating in ("power", "interest")}):
        old, new = before.people.get(pk), after.people.get(pk)
        if old is None or new is None or None in (old.power, old.interest, new.power, new.interest):
            continue
        moves.append(
            {"name": new.name, "coords": [[old.interest, old.power], [new.interest, new.power]]}
        )
    return {
        "animation": False,
        "grid": {"left": 48, "right": 16, "top": 16, "bottom": 40},
        "xAxis": {
            "type": "value",
            "min": 0.5,
            "max": 5.5,
            "interval": 1,
            "name": "Interest",
            "nameLocation": "middle",
            "nameGap": 26,
        },
        "yAxis": {
            "type": "value",
            "min": 0.5,
            "max": 5.5,
            "interval": 1,
            "name": "Power",
            "nameLocation": "middle",
            "nameGap": 30,
        },
        "series": [
            {
                "type": "lines",
                "coordinateSystem": "cartesian2d",
                "symbol": ["circle", "arrow"],
                "symbolSize": [6, 12],
                "lineStyle": {"width": 2, "color": "#2457c5"},
                "label": {"show": True, "position": "end", "formatter": "{b}"},
                "data": moves,
                "markLine": {
                    "silent": True,
                    "symbol": "none",
                    "lineStyle": {"color": "#8a94a3", "type": "dashed"},
                    "label": {"show": False},
                    "data": [{"xAxis": 3}, {"yAxis": 3}],
                },
            }
        ],
    }


@require_GET
def map_history(request: HttpRequest, account_pk: int) -> HttpResponse:
    """The map's reviews, and what changed between any two of them or any two days."""
    account = get_account_for_user(request.user, account_pk)
    reviews = list(MapReview.objects.filter(account=account).select_related("reviewed_by"))
    default_since = f"review-{reviews[0].pk}" if reviews else ""
    since_text = request.GET.get("since", default_since)
    until_text = request.GET.get("until", "")
    since, until = _point(account, since_text), _point(account, until_text)
    result = None
    moved = None
    health = None
    if since_text:
        before, after = state_of(account, since), state_of(account, until)
        result = mapdiff.diff(before, after)
        health = health_between(account, since, until)
        if any(s.rating in ("power", "interest") for s in result.shifts):
            moved = grid_option(result, before, after)
    return render(
        request,
        "monitoring/history.html",
        {
            "account": account,
            "can_edit": can_edit_account(request.user, account),
            "reviews": reviews,
            "review_options": [(f"review-{r.pk}", r) for r in reviews],
            "since": since_text,
            "until": until_text,
            "since_label": point_label(since) if since_text else "",
            "until_label": point_label(until),
            "result": result,
            "moved": moved,
            "health": health,
        },
    )


@require_POST
def review_new(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    notes = request.POST.get("notes", "")[:5000]
    review_create(actor=request.user, account=account, notes=notes)
    return redirect(reverse("monitoring:history", kwargs={"account_pk": account.pk}))


# Improvement actions ----------------------------------------------------------------------


def _team(account: Account) -> list[Any]:
    return [m.user for m in account.memberships.select_related("user").order_by("user__username")]


def _action_form(
    account: Account, data: Any = None, initial: dict[str, Any] | None = None
) -> ActionForm:
    return ActionForm(
        data,
        initial=initial,
        team=_team(account),
        kpis=list(Kpi.objects.filter(account=account)),
        auto_id="action-%s",
    )


def raise_initial(account: Account, query: Any) -> dict[str, Any] | None:
    """The add-action form prefilled from a KPI card's or a finding's "Raise an action"
    link (``?raise_kpi=<id>`` or ``?raise_finding=<text>``): one click from the cause."""
    today = timezone.localdate()
    if query.get("raise_kpi", "").isdigit():
        kpi = Kpi.objects.filter(account=account, pk=int(query["raise_kpi"])).first()
        if kpi is not None:
            return {
                "kpi": str(kpi.pk),
                "description": f"Improve {kpi.name}",
                "origin": ActionOrigin.KPI,
                "origin_detail": f"{kpi.name} KPI",
                "due_on": today + dt.timedelta(days=30),
            }
    finding = query.get("raise_finding", "").strip()[:300]
    if finding:
        return {
            "description": finding,
            "origin": ActionOrigin.FINDING,
            "origin_detail": finding,
            "due_on": today + dt.timedelta(days=30),
        }
    return None


@require_POST
def action_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    form = _action_form(account, request.POST)
    return _create(
        request,
        account,
        form,
        "action",
        "actions",
        lambda data: actions.action_create(actor=request.user, account=account, **data),
    )


def _action_at(account: Account, pk: int) -> ImprovementAction:
    return _get(ImprovementAction, account, pk, "improvement action")


@require_POST
def action_status(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    action = _action_at(account, pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if data["status"] != ActionStatus.DONE:
            data["completed_on"] = None
        try:
            actions.action_update(actor=request.user, action=action, **data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url(account, "actions"))
    messages = [f"{action.description}: {e}" for errors in form.errors.values() for e in errors]
    return _home(request, account, status=422, messages=messages)


@require_POST
def action_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    actions.action_delete(actor=request.user, action=_action_at(account, pk))
    return redirect(_url(account, "actions"))

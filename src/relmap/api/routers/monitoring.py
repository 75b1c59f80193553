"""``/api/accounts/{account_id}/…`` for monitoring: KPIs with their values and status,
NPS and CSAT with what they were computed from, the complaint log, feedback, and the CSV
import of KPI values and survey responses. The same services, rules and permissions as
the pages and ``relmap kpi``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from relmap.analytics import feedback
from relmap.api.access import account_for, caller, stakeholder_at
from relmap.api.schemas.monitoring import (
    ActionIn,
    ActionOut,
    ActionPatch,
    ComplaintIn,
    ComplaintOut,
    ComplaintPatch,
    CsatOut,
    DiffOut,
    FeedbackIn,
    FeedbackOut,
    HealthOut,
    KpiIn,
    KpiOut,
    KpiPatch,
    MonitoringImportIn,
    MonitoringImportOut,
    NpsOut,
    PersonNpsOut,
    PointIn,
    PointOut,
    ReviewIn,
    ReviewOut,
    WeightsIn,
    status_out,
)
from relmap.core.csvfiles import FileImportError, SourceFile
from relmap.monitoring import actions, selectors, services
from relmap.monitoring.choices import PointSource
from relmap.monitoring.health import account_health, health_weights_set
from relmap.monitoring.history import (
    diff_between,
    health_between,
    parse_point,
    review_create,
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

router = Router(tags=["monitoring"])
health_router = Router(tags=["monitoring"])


def _kpi_out(view: selectors.KpiView) -> dict[str, Any]:
    k = view.kpi
    fresh = view.freshness(timezone.localdate())
    return {
        "id": k.pk,
        "kind": k.kind,
        "name": k.name,
        "unit": k.unit,
        "direction": k.direction,
        "description": k.description,
        "baseline": k.baseline,
        "baseline_on": k.baseline_on,
        "target": k.target,
        "target_on": k.target_on,
        "computed": view.computed,
        "status": status_out(view.status),
        "freshness": {
            "late": fresh.stale,
            "latest_on": fresh.latest_on,
            "rhythm_days": fresh.rhythm_days,
            "expected_by": fresh.expected_by,
            "explanation": fresh.explanation(),
        },
        "points": view.points,
    }


def _kpi_at(account: Any, kpi_id: int) -> Kpi:
    kpi = Kpi.objects.filter(account=account, pk=kpi_id).first()
    if kpi is None:
        raise Http404("No such KPI on this account.")
    return kpi


def _view_of(kpi: Kpi) -> dict[str, Any]:
    return _kpi_out(next(v for v in selectors.kpis_of(kpi.account) if v.kpi.pk == kpi.pk))


@router.get("/{account_id}/kpis", response=list[KpiOut], summary="The account's KPIs")
def list_kpis(request: HttpRequest, account_id: int) -> list[dict[str, Any]]:
    return [_kpi_out(v) for v in selectors.kpis_of(account_for(request, account_id))]


@router.post("/{account_id}/kpis", response={201: KpiOut}, summary="Start following a KPI")
def create_kpi(request: HttpRequest, account_id: int, payload: KpiIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    kpi = services.kpi_create(actor=caller(request), account=account, **payload.model_dump())
    return Status(201, _view_of(kpi))


@router.patch("/{account_id}/kpis/{kpi_id}", response=KpiOut, summary="Change a KPI")
def update_kpi(
    request: HttpRequest, account_id: int, kpi_id: int, payload: KpiPatch
) -> dict[str, Any]:
    kpi = _kpi_at(account_for(request, account_id, for_edit=True), kpi_id)
    kpi = services.kpi_update(
        actor=caller(request), kpi=kpi, **payload.model_dump(exclude_unset=True)
    )
    return _view_of(kpi)


@router.delete("/{account_id}/kpis/{kpi_id}", response={204: None}, summary="Stop following")
def delete_kpi(request: HttpRequest, account_id: int, kpi_id: int) -> Status[None]:
    kpi = _kpi_at(account_for(request, account_id, for_edit=True), kpi_id)
    services.kpi_delete(actor=caller(request), kpi=kpi)
    return Status(204, None)


@router.post(
    "/{account_id}/kpis/{kpi_id}/points",
    response={201: PointOut, 200: PointOut},
    summary="Record a KPI's value on a day",
    description="201 for a new day, 200 when it replaced (or repeated) that day's value.",
)
def set_point(request: HttpRequest, account_id: int, kpi_id: int, payload: PointIn) -> Status[Any]:
    kpi = _kpi_at(account_for(request, account_id, for_edit=True), kpi_id)
    existed = KpiPoint.objects.filter(kpi=kpi, on=payload.on).exists()
    point, _ = services.kpi_point_set(
        actor=caller(request), kpi=kpi, source=PointSource.MANUAL, **payload.model_dump()
    )
    return Status(200 if existed else 201, point)


class WindowQuery(Schema):
    window_days: int = Field(feedback.DEFAULT_WINDOW_DAYS, ge=1, le=3660)
    min_responses: int = Field(feedback.DEFAULT_MIN_RESPONSES, ge=1, le=10_000)


class NpsQuery(WindowQuery):
    aggregation: str = Field(feedback.PER_RESPONDENT, pattern="^(respondent|response)$")


def _nps_out(r: feedback.NpsResult) -> dict[str, Any]:
    return {
        "score": r.score,
        "promoters": r.promoters,
        "passives": r.passives,
        "detractors": r.detractors,
        "counted": r.counted,
        "responses_in_window": r.responses_in_window,
        "window_start": r.window.start,
        "window_end": r.window.end,
        "aggregation": r.aggregation,
        "min_responses": r.min_responses,
        "explanation": r.explanation(),
    }


@router.get("/{account_id}/nps", response=NpsOut, summary="The account's NPS")
def nps(request: HttpRequest, account_id: int, query: Query[NpsQuery]) -> dict[str, Any]:
    return _nps_out(selectors.account_nps(account_for(request, account_id), **query.model_dump()))


class PersonWindowQuery(Schema):
    window_days: int = Field(feedback.DEFAULT_WINDOW_DAYS, ge=1, le=3660)
    min_responses: int = Field(1, ge=1, le=10_000)


@router.get(
    "/{account_id}/nps/stakeholders",
    response=list[PersonNpsOut],
    summary="The NPS of each stakeholder who answered in the window",
)
def nps_people(
    request: HttpRequest, account_id: int, query: Query[PersonWindowQuery]
) -> list[dict[str, Any]]:
    rows = selectors.nps_by_stakeholder(account_for(request, account_id), **query.model_dump())
    return [
        {"stakeholder_id": p.stakeholder_id, "name": p.name, **_nps_out(p.result)} for p in rows
    ]


@router.get("/{account_id}/csat", response=CsatOut, summary="The account's CSAT")
def csat(request: HttpRequest, account_id: int, query: Query[WindowQuery]) -> dict[str, Any]:
    r = selectors.account_csat(account_for(request, account_id), **query.model_dump())
    return {
        "score": r.score,
        "mean": r.mean,
        "satisfied": r.satisfied,
        "counted": r.counted,
        "window_start": r.window.start,
        "window_end": r.window.end,
        "min_responses": r.min_responses,
        "explanation": r.explanation(),
    }


def _complaint_at(account: Any, complaint_id: int) -> Complaint:
    complaint = Complaint.objects.filter(account=account, pk=complaint_id).first()
    if complaint is None:
        raise Http404("No such complaint on this account.")
    return complaint


def _person(account: Any, data: dict[str, Any]) -> dict[str, Any]:
    if "stakeholder_id" in data:
        pk = data.pop("stakeholder_id")
        data["stakeholder"] = stakeholder_at(account, pk) if pk is not None else None
    return data


@router.get("/{account_id}/complaints", response=list[ComplaintOut], summary="The complaint log")
def list_complaints(request: HttpRequest, account_id: int) -> list[Complaint]:
    return selectors.complaints_of(account_for(request, account_id)).complaints


@router.post("/{account_id}/complaints", response={201: ComplaintOut}, summary="Log a complaint")
def create_complaint(request: HttpRequest, account_id: int, payload: ComplaintIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    data = _person(account, payload.model_dump())
    return Status(201, services.complaint_create(actor=caller(request), account=account, **data))


@router.patch(
    "/{account_id}/complaints/{complaint_id}",
    response=ComplaintOut,
    summary="Change or resolve a complaint",
)
def update_complaint(
    request: HttpRequest, account_id: int, complaint_id: int, payload: ComplaintPatch
) -> Complaint:
    account = account_for(request, account_id, for_edit=True)
    complaint = _complaint_at(account, complaint_id)
    data = _person(account, payload.model_dump(exclude_unset=True))
    return services.complaint_update(actor=caller(request), complaint=complaint, **data)


@router.delete(
    "/{account_id}/complaints/{complaint_id}", response={204: None}, summary="Delete a complaint"
)
def delete_complaint(request: HttpRequest, account_id: int, complaint_id: int) -> Status[None]:
    account = account_for(request, account_id, for_edit=True)
    services.complaint_delete(actor=caller(request), complaint=_complaint_at(account, complaint_id))
    return Status(204, None)


class ThemeQuery(Schema):
    theme: str = Field("", max_length=40)


@router.get("/{account_id}/feedback", response=list[FeedbackOut], summary="Customer feedback")
def list_feedback(
    request: HttpRequest, account_id: int, query: Query[ThemeQuery]
) -> list[Feedback]:
    return selectors.feedback_of(account_for(request, account_id), query.theme)


@router.post("/{account_id}/feedback", response={201: FeedbackOut}, summary="Add feedback")
def create_feedback(request: HttpRequest, account_id: int, payload: FeedbackIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    data = _person(account, payload.model_dump())
    return Status(201, services.feedback_create(actor=caller(request), account=account, **data))


@router.delete(
    "/{account_id}/feedback/{feedback_id}", response={204: None}, summary="Delete feedback"
)
def delete_feedback(request: HttpRequest, account_id: int, feedback_id: int) -> Status[None]:
    account = account_for(request, account_id, for_edit=True)
    entry = Feedback.objects.filter(account=account, pk=feedback_id).first()
    if entry is None:
        raise Http404("No such feedback on this account.")
    services.feedback_delete(actor=caller(request), feedback_entry=entry)
    return Status(204, None)


@router.post(
    "/{account_id}/monitoring/import",
    response={201: MonitoringImportOut},
    summary="Import KPI values or survey responses from CSV text",
    description="All or nothing: on any problem every bad line is listed (422) and nothing "
    "is written. Importing the same text again changes nothing.",
)
def import_monitoring(
    request: HttpRequest, account_id: int, payload: MonitoringImportIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    source = SourceFile(name="csv", data=payload.csv.encode("utf-8"))
    try:
        if is_points_file(source.data):
            if payload.survey:
                raise ValidationError("survey is for survey responses, not KPI values.")
            points = import_points_csv(actor=caller(request), source=source, account=account)
            return Status(
                201,
                {
                    "kind": "kpi_values",
                    "created": points.created,
                    "updated": points.changed,
                    "unchanged": points.unchanged,
                    "summary": points.summary(),
                },
            )
        responses = import_responses_csv(
            actor=caller(request), source=source, account=account, survey=payload.survey
        )
    except FileImportError as exc:
        raise ValidationError([str(error) for error in exc.errors]) from None
    return Status(
        201,
        {
            "kind": "survey_responses",
            "created": responses.created,
            "updated": responses.updated,
            "unchanged": responses.unchanged,
            "summary": responses.summary(),
        },
    )


# Health -----------------------------------------------------------------------------------


@router.get("/{account_id}/health", response=HealthOut, summary="The relationship health score")
def get_health(request: HttpRequest, account_id: int) -> dict[str, Any]:
    result = account_health(account_for(request, account_id))
    return {
        "score": result.score,
        "components": [
            {
                "name": c.name,
                "label": c.label,
                "value": c.value,
                "weight": c.weight,
                "share": c.share,
                "contribution": c.contribution,
                "explanation": c.explanation,
            }
            for c in result.components
        ],
        "explanation": result.explanation(),
    }


@health_router.put(
    "/weights",
    response=dict[str, float],
    summary="Change the health score's weights (sales leaders and administrators)",
)
def set_weights(request: HttpRequest, payload: WeightsIn) -> dict[str, float]:
    settings = health_weights_set(actor=caller(request), weights=payload.weights)
    return dict(settings.health_weights)


# Reviews and the diff -----------------------------------------------------------------------


@router.get("/{account_id}/map-reviews", response=list[ReviewOut], summary="The map's reviews")
def list_reviews(request: HttpRequest, account_id: int) -> list[MapReview]:
    return list(MapReview.objects.filter(account=account_for(request, account_id)))


@router.post(
    "/{account_id}/map-reviews",
    response={201: ReviewOut},
    summary="Review the map now (keeps a snapshot)",
)
def create_review(request: HttpRequest, account_id: int, payload: ReviewIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    return Status(201, review_create(actor=caller(request), account=account, notes=payload.notes))


class DiffQuery(Schema):
    since: str = Field(description="review-<id> or YYYY-MM-DD (the end of that day)", max_length=40)
    until: str = Field("", description="review-<id>, YYYY-MM-DD or blank for now", max_length=40)


def _point(account: Any, text: str) -> Any:
    try:
        return parse_point(account, text)
    except MapReview.DoesNotExist as exc:
        raise Http404(str(exc)) from None
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


@router.get("/{account_id}/map-diff", response=DiffOut, summary="What changed on the map")
def map_diff(request: HttpRequest, account_id: int, query: Query[DiffQuery]) -> dict[str, Any]:
    account = account_for(request, account_id)
    since, until = _point(account, query.since), _point(account, query.until)
    result = diff_between(account, since=since, until=until)
    health = health_between(account, since, until)
    return {
        "since": query.since,
        "until": query.until or "now",
        "lines": result.lines(),
        "joined": [p.id for p in result.joined],
        "left": [p.id for p in result.left],
        "ties_gained": [list(k) for k in result.ties_gained],
        "ties_lost": [list(k) for k in result.ties_lost],
        "empty": result.empty,
        "health": {
            "before": health.change.before,
            "after": health.change.after,
            "delta": health.change.delta,
            "before_on": health.since_on,
            "after_on": health.until_on,
            "explanation": health.explanation(),
            "components": [
                {
                    "name": c.name,
                    "value_before": c.value_before,
                    "value_after": c.value_after,
                    "before": c.before,
                    "after": c.after,
                    "delta": c.delta,
                }
                for c in health.change.components
            ],
        },
    }


# Improvement actions ----------------------------------------------------------------------


def _action_out(action: ImprovementAction) -> dict[str, Any]:
    effect = actions.evaluation(action)
    return {
        "id": action.pk,
        "description": action.description,
        "due_on": action.due_on,
        "owner_id": action.owner_id,
        "kpi_id": action.kpi_id,
        "expected": action.expected,
        "origin": action.origin,
        "status": action.status,
        "completed_on": action.completed_on,
        "window_days": action.window_days,
        "effect": {
            "verdict": effect.verdict,
            "label": effect.label,
            "before_mean": effect.before_mean,
            "after_mean": effect.after_mean,
            "change": effect.change,
            "explanation": effect.explanation,
        },
    }


def _action_refs(account: Any, data: dict[str, Any]) -> dict[str, Any]:
    if "owner_id" in data:
        pk = data.pop("owner_id")
        member = (
            account.memberships.filter(user_id=pk).select_related("user").first() if pk else None
        )
        if pk and member is None:
            raise ValidationError({"owner_id": "The owner must be on the account team."})
        data["owner"] = member.user if member else None
    if "kpi_id" in data:
        pk = data.pop("kpi_id")
        data["kpi"] = _kpi_at(account, pk) if pk else None
    if data.get("expected") is None:
        data.pop("expected", None)
    return data


def _action_at(account: Any, action_id: int) -> ImprovementAction:
    action = ImprovementAction.objects.filter(account=account, pk=action_id).first()
    if action is None:
        raise Http404("No such improvement action on this account.")
    return action


@router.get(
    "/{account_id}/improvement-actions",
    response=list[ActionOut],
    summary="Improvement actions, each with its effect on its KPI",
)
def list_actions(request: HttpRequest, account_id: int) -> list[dict[str, Any]]:
    return [_action_out(a) for a, _ in actions.actions_of(account_for(request, account_id))]


@router.post(
    "/{account_id}/improvement-actions", response={201: ActionOut}, summary="Raise an action"
)
def create_action(request: HttpRequest, account_id: int, payload: ActionIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    data = _action_refs(account, payload.model_dump())
    action = actions.action_create(actor=caller(request), account=account, **data)
    return Status(201, _action_out(action))


@router.patch(
    "/{account_id}/improvement-actions/{action_id}",
    response=ActionOut,
    summary="Change an action, or mark it done, dropped or open",
)
def update_action(
    request: HttpRequest, account_id: int, action_id: int, payload: ActionPatch
) -> dict[str, Any]:
    account = account_for(request, account_id, for_edit=True)
    action = _action_at(account, action_id)
    data = _action_refs(account, payload.model_dump(exclude_unset=True))
    return _action_out(actions.action_update(actor=caller(request), action=action, **data))


@router.delete(
    "/{account_id}/improvement-actions/{action_id}",
    response={204: None},
    summary="Delete an action",
)
def delete_action(request: HttpRequest, account_id: int, action_id: int) -> Status[None]:
    account = account_for(request, account_id, for_edit=True)
    actions.action_delete(actor=caller(request), action=_action_at(account, action_id))
    return Status(204, None)

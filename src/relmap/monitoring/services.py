"""Writes for monitoring: KPIs (baseline, target, date), their points, and the points of
the computed KPIs (NPS and CSAT from the survey responses, complaints from the complaint
log, revenue growth from the financial periods). Every write is validated here and
audited; the web, API and CLI all call these."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.accounts.selectors import financials_of, to_period
from relmap.analytics import feedback, revenue
from relmap.core.audit import (
    Actor,
    audited_create,
    audited_delete,
    audited_update,
    changed,
    log_action,
)
from relmap.monitoring.choices import (
    COMPUTED_KINDS,
    KIND_DEFAULTS,
    ComplaintCategory,
    Direction,
    FeedbackSource,
    KpiKind,
    PointSource,
    Severity,
    Survey,
)
from relmap.monitoring.models import Complaint, Feedback, Kpi, KpiPoint, SurveyResponse
from relmap.stakeholders.models import Stakeholder

EARLIEST = dt.date(1990, 1, 1)
KPI_FIELDS = (
    "kind",
    "name",
    "unit",
    "direction",
    "description",
    "baseline",
    "baseline_on",
    "target",
    "target_on",
)


def _record(kpi: Kpi) -> dict[str, Any]:
    return {
        f: (
            getattr(kpi, f).isoformat() if isinstance(getattr(kpi, f), dt.date) else getattr(kpi, f)
        )
        for f in KPI_FIELDS
    }


def bounds(kind: str) -> tuple[float | None, float | None]:
    """The lowest and highest value a KPI of ``kind`` can take (None: unbounded)."""
    defaults = KIND_DEFAULTS.get(kind)
    return (defaults[3], defaults[4]) if defaults else (None, None)


def check_value(kind: str, value: float, field: str = "value") -> None:
    """Refuse a value that is not a finite number or is off the kind's range."""
    if not math.isfinite(value):
        raise ValidationError({field: "The value must be a finite number."})
    low, high = bounds(kind)
    if low is not None and value < low:
        raise ValidationError(
            {field: f"{value:g} is below {low:g}, the lowest a {kind} KPI can be."}
        )
    if high is not None and value > high:
        raise ValidationError(
            {field: f"{value:g} is above {high:g}, the highest a {kind} KPI can be."}
        )


def _check_day(day: dt.date, field: str, today: dt.date) -> None:
    if day > today:
        raise ValidationError({field: f"{day} is in the future."})
    if day < EARLIEST:
        raise ValidationError({field: f"{day} is before {EARLIEST}."})


def _validate(kpi: Kpi, today: dt.date) -> None:
    if kpi.kind not in KpiKind.values:
        raise ValidationError({"kind": f"Unknown KPI kind {kpi.kind!r}."})
    if not kpi.name.strip():
        raise ValidationError({"name": "A KPI needs a name."})
    if kpi.direction not in Direction.values:
        raise ValidationError({"direction": "Say whether higher or lower is better."})
    if kpi.baseline is not None:
        check_value(kpi.kind, kpi.baseline, "baseline")
        if kpi.baseline_on is None:
            raise ValidationError({"baseline_on": "A baseline needs the day it was measured."})
        _check_day(kpi.baseline_on, "baseline_on", today)
    elif kpi.baseline_on is not None:
        raise ValidationError({"baseline": "A baseline day needs the baseline value."})
    if kpi.target is not None:
        check_value(kpi.kind, kpi.target, "target")
        if kpi.target_on is None:
            raise ValidationError({"target_on": "A target needs the day it is due."})
    elif kpi.target_on is not None:
        raise ValidationError({"target": "A target day needs the target value."})
    if kpi.baseline_on and kpi.target_on and kpi.target_on <= kpi.baseline_on:
        raise ValidationError({"target_on": "The target is due after the baseline was measured."})
    if kpi.baseline is not None and kpi.target is not None and kpi.baseline == kpi.target:
        raise ValidationError({"target": "The target is the baseline: nothing to improve."})
    if kpi.baseline is not None and kpi.target is not None:
        worse = (
            kpi.target < kpi.baseline
            if kpi.direction == Direction.HIGHER
            else kpi.target > kpi.baseline
        )
        if worse:
            raise ValidationError(
                {
                    "target": "The target is worse than the baseline, for a KPI where "
                    f"{kpi.get_direction_display().lower()}."
                }
            )
    kpi.full_clean(exclude=["account"], validate_unique=False, validate_constraints=False)


def _save(kpi: Kpi) -> None:
    try:
        with transaction.atomic():
            kpi.save()
    except IntegrityError:
        if Kpi.objects.filter(account_id=kpi.account_id, name=kpi.name).exclude(pk=kpi.pk).exists():
            raise ValidationError(
                {"name": f"The account already has a KPI named {kpi.name!r}."}
            ) from None
        raise ValidationError({"kind": "The account already follows this KPI."}) from None


@transaction.atomic
def kpi_create(
    *,
    actor: Actor,
    account: Account,
    kind: str,
    name: str = "",
    unit: str | None = None,
    direction: str | None = None,
    description: str = "",
    baseline: float | None = None,
    baseline_on: dt.date | None = None,
    target: float | None = None,
    target_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Kpi:
    """Start following a KPI. A built-in kind brings its name, unit and direction
    (each can be given instead); a custom KPI needs a name, a unit and a direction."""
    defaults = KIND_DEFAULTS.get(kind)
    if kind == KpiKind.CUSTOM and (not name.strip() or not direction):
        raise ValidationError({"name": "A custom KPI needs a name, a unit and a direction."})
    kpi = Kpi(
        account=account,
        kind=kind,
        name=(name.strip() or (defaults[0] if defaults else "")),
        unit=unit if unit is not None else (defaults[1] if defaults else ""),
        direction=direction or (defaults[2] if defaults else ""),
        description=description,
        baseline=baseline,
        baseline_on=baseline_on,
        target=target,
        target_on=target_on,
    )
    _validate(kpi, today or timezone.localdate())
    _save(kpi)
    log_action(
        actor=actor, action="relmap.kpi.created", obj=kpi, account_id=account.pk, after=_record(kpi)
    )
    if kind in COMPUTED_KINDS:
        refresh_computed(kpi, today=today)
    return kpi


@transaction.atomic
def kpi_update(*, actor: Actor, kpi: Kpi, today: dt.date | None = None, **changes: Any) -> Kpi:
    """Change a KPI's name, unit, direction, description, baseline or target (its kind
    stays)."""
    unknown = set(changes) - (set(KPI_FIELDS) - {"kind"})
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} of a KPI.")
    kpi = Kpi.objects.select_for_update().get(pk=kpi.pk)
    before = _record(kpi)
    for field, value in changes.items():
        setattr(kpi, field, value.strip() if isinstance(value, str) else value)
    _validate(kpi, today or timezone.localdate())
    old, new = changed(before, _record(kpi))
    if not new:
        return kpi
    _save(kpi)
    log_action(
        actor=actor,
        action="relmap.kpi.updated",
        obj=kpi,
        account_id=kpi.account_id,
        before=old,
        after=new,
    )
    return kpi


@transaction.atomic
def kpi_delete(*, actor: Actor, kpi: Kpi) -> None:
    """Stop following a KPI; its points go with it (counted in the audit entry)."""
    record = _record(kpi) | {"points": kpi.points.count()}
    log_action(
        actor=actor, action="relmap.kpi.deleted", obj=kpi, account_id=kpi.account_id, before=record
    )
    kpi.delete()


COMPUTED_FROM: dict[str, str] = {
    KpiKind.NPS: "the survey responses",
    KpiKind.CSAT: "the survey responses",
    KpiKind.COMPLAINTS: "the complaint log",
    KpiKind.REVENUE_GROWTH: "the account's financial periods",
}


def check_point(kpi: Kpi, on: dt.date, value: float, today: dt.date) -> None:
    """Refuse a point for a computed KPI, on a day in the future or before 1990, or off
    the KPI's range."""
    if kpi.kind in COMPUTED_KINDS:
        raise ValidationError(
            {
                "value": f"{kpi.name} is computed from {COMPUTED_FROM[kpi.kind]}; "
                "record those instead."
            }
        )
    _check_day(on, "on", today)
    check_value(kpi.kind, value)


@transaction.atomic
def kpi_point_set(
    *,
    actor: Actor,
    kpi: Kpi,
    on: dt.date,
    value: float,
    note: str = "",
    source: str = PointSource.MANUAL,
    today: dt.date | None = None,
) -> tuple[KpiPoint, bool]:
    """Record the KPI's value on ``on`` (replacing that day's); returns the point and
    whether anything changed (the same value again changes nothing and is not audited)."""
    check_point(kpi, on, value, today or timezone.localdate())
    point = KpiPoint.objects.select_for_update().filter(kpi=kpi, on=on).first()
    before = {"value": point.value, "note": point.note} if point else {}
    if point is not None and (point.value, point.note) == (value, note):
        return point, False
    if point is None:
        point = KpiPoint(kpi=kpi, on=on)
    point.value, point.note, point.source = value, note, source
    point.save()
    log_action(
        actor=actor,
        action="relmap.kpi.point_set",
        obj=kpi,
        account_id=kpi.account_id,
        before=before,
        after={"on": on.isoformat(), "value": value, "note": note},
    )
    return point, True


@transaction.atomic
def kpi_point_delete(*, actor: Actor, point: KpiPoint) -> None:
    kpi = point.kpi
    if kpi.kind in COMPUTED_KINDS:
        raise ValidationError(f"{kpi.name} is computed from {COMPUTED_FROM[kpi.kind]}.")
    log_action(
        actor=actor,
        action="relmap.kpi.point_deleted",
        obj=kpi,
        account_id=kpi.account_id,
        before={"on": point.on.isoformat(), "value": point.value, "note": point.note},
    )
    point.delete()


def month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The last day of every month from ``first``'s to ``last``'s, the final one cut at
    ``last``."""
    out: list[dt.date] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        out.append(min(nxt - dt.timedelta(days=1), last))
        year, month = nxt.year, nxt.month
    return out


def refresh_computed(kpi: Kpi, *, today: dt.date | None = None) -> int:
    """Rewrite the points of a computed KPI, one per month end (the current month's on
    today), and return how many were written:

    - NPS and CSAT: the score over the trailing window of survey responses
      (docs/algorithms/feedback.md), no point where there are too few responses;
    - complaints: the complaints opened in each whole month, from the month of the
      first complaint, of the baseline or of the KPI's creation, whichever is earliest
      (a month without complaints is a zero, not a gap);
    - revenue growth: not monthly but one point per financial period end up to today,
      where a full previous year is covered (docs/algorithms/kpis.md).
    """
    if kpi.kind not in COMPUTED_KINDS:
        return 0
    today = today or timezone.localdate()
    if kpi.kind == KpiKind.COMPLAINTS:
        points = _complaint_points(kpi, today)
    elif kpi.kind == KpiKind.REVENUE_GROWTH:
        points = _revenue_points(kpi, today)
    else:
        points = _feedback_points(kpi, today)
    with transaction.atomic():
        KpiPoint.objects.filter(kpi=kpi).delete()
        KpiPoint.objects.bulk_create(points)
    return len(points)


def _feedback_points(kpi: Kpi, today: dt.date) -> list[KpiPoint]:
    survey = Survey.NPS if kpi.kind == KpiKind.NPS else Survey.CSAT
    answers = [
        feedback.Response(key, day, score)
        for key, day, score in SurveyResponse.objects.filter(
            account_id=kpi.account_id, survey=survey
        ).values_list("respondent_key", "answered_on", "score")
    ]
    if not answers:
        return []
    points: list[KpiPoint] = []
    for day in month_ends(min(a.answered_on for a in answers), today):
        result = (
            feedback.nps(answers, on=day)
            if survey == Survey.NPS
            else feedback.csat(answers, on=day)
        )
        if result.score is not None:
            points.append(
                KpiPoint(
                    kpi=kpi,
                    on=day,
                    value=result.score,
                    source=PointSource.COMPUTED,
                    note=result.explanation()[:300],
                )
            )
    return points


def _complaint_points(kpi: Kpi, today: dt.date) -> list[KpiPoint]:
    opened = list(
        Complaint.objects.filter(account_id=kpi.account_id, opened_on__lte=today).values_list(
            "opened_on", flat=True
        )
    )
    created = timezone.localdate(kpi.created_at) if kpi.created_at else today
    start = min([*opened, created, *([kpi.baseline_on] if kpi.baseline_on else [])])
    per_month: dict[tuple[int, int], int] = {}
    for day in opened:
        per_month[(day.year, day.month)] = per_month.get((day.year, day.month), 0) + 1
    # Whole months only: the month under way would read as fewer complaints than it
    # will end with.
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    points = []
    for day in month_ends(min(start, last_month_end), last_month_end):
        n = per_month.get((day.year, day.month), 0)
        points.append(
            KpiPoint(
                kpi=kpi,
                on=day,
                value=float(n),
                source=PointSource.COMPUTED,
                note=f"{n} complaint{'s' if n != 1 else ''} opened in {day:%B %Y}.",
            )
        )
    return points


def _revenue_points(kpi: Kpi, today: dt.date) -> list[KpiPoint]:
    """Revenue growth at every financial period end up to ``today`` that has a value
    (relmap.analytics.revenue), with one decimal like NPS; a period end without a full
    previous year, or with a gap in the periods, has no point. A period ending after
    today is a forecast, not a measurement, and gives none."""
    periods = [to_period(row) for row in financials_of(kpi.account)]
    return [
        KpiPoint(
            kpi=kpi,
            on=growth.on,
            value=round(growth.growth_pct, 1),
            source=PointSource.COMPUTED,
            note=growth.explanation()[:300],
        )
        for growth in revenue.revenue_growth_series(periods, until=today)
        if growth.growth_pct is not None
    ]


def refresh_account_feedback(
    account: Account,
    *,
    kinds: tuple[str, ...] = (KpiKind.NPS, KpiKind.CSAT),
    today: dt.date | None = None,
) -> None:
    """After survey responses (or, with ``kinds``, complaints or financial periods)
    change: recompute the account's computed KPIs of those kinds."""
    for kpi in Kpi.objects.filter(account=account, kind__in=list(kinds)):
        refresh_computed(kpi, today=today)


# Complaints ---------------------------------------------------------------------------

COMPLAINT_FIELDS = (
    "stakeholder",
    "category",
    "severity",
    "summary",
    "opened_on",
    "resolved_on",
    "resolution",
)


def _validate_complaint(c: Complaint, today: dt.date) -> None:
    if c.category not in ComplaintCategory.values:
        raise ValidationError({"category": "Choose what the complaint is about."})
    if c.severity not in Severity.values:
        raise ValidationError({"severity": "Choose how severe it is."})
    if not c.summary.strip():
        raise ValidationError({"summary": "Say in a line what the complaint is."})
    _check_day(c.opened_on, "opened_on", today)
    if c.resolved_on is not None:
        _check_day(c.resolved_on, "resolved_on", today)
        if c.resolved_on < c.opened_on:
            raise ValidationError({"resolved_on": "It was resolved before it was opened."})
    elif c.resolution.strip():
        raise ValidationError({"resolved_on": "A resolution needs the day it was resolved."})
    if c.stakeholder is not None and c.stakeholder.account_id != c.account_id:
        raise ValidationError({"stakeholder": "That person is not on this account's map."})
    c.full_clean(exclude=["account", "stakeholder"], validate_constraints=False)


@transaction.atomic
def complaint_create(
    *,
    actor: Actor,
    account: Account,
    category: str,
    severity: str,
    summary: str,
    opened_on: dt.date,
    stakeholder: Stakeholder | None = None,
    resolved_on: dt.date | None = None,
    resolution: str = "",
    today: dt.date | None = None,
) -> Complaint:
    """Log a complaint; the complaints KPI is recomputed."""
    c = Complaint(
        account=account,
        stakeholder=stakeholder,
        category=category,
        severity=severity,
        summary=summary.strip(),
        opened_on=opened_on,
        resolved_on=resolved_on,
        resolution=resolution.strip(),
    )
    _validate_complaint(c, today or timezone.localdate())
    audited_create(
        actor=actor,
        obj=c,
        fields=COMPLAINT_FIELDS,
        action="relmap.complaint.created",
        account_id=account.pk,
    )
    refresh_account_feedback(account, kinds=(KpiKind.COMPLAINTS,), today=today)
    return c


@transaction.atomic
def complaint_update(
    *, actor: Actor, complaint: Complaint, today: dt.date | None = None, **changes: Any
) -> Complaint:
    """Change a complaint (most often: resolve it, with the day and the resolution)."""
    unknown = set(changes) - set(COMPLAINT_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} of a complaint.")
    c = Complaint.objects.select_for_update().get(pk=complaint.pk)
    was_open = c.resolved_on is None
    new = audited_update(
        actor=actor,
        obj=c,
        data={k: v.strip() if isinstance(v, str) else v for k, v in changes.items()},
        fields=COMPLAINT_FIELDS,
        action=lambda new: (
            "relmap.complaint.resolved"
            if was_open and new.get("resolved_on")
            else "relmap.complaint.updated"
        ),
        account_id=c.account_id,
        clean=lambda: _validate_complaint(c, today or timezone.localdate()),
    )
    if new:
        refresh_account_feedback(c.account, kinds=(KpiKind.COMPLAINTS,), today=today)
    return c


@transaction.atomic
def complaint_delete(*, actor: Actor, complaint: Complaint) -> None:
    account = complaint.account
    audited_delete(
        actor=actor,
        obj=complaint,
        fields=COMPLAINT_FIELDS,
        action="relmap.complaint.deleted",
        account_id=account.pk,
    )
    refresh_account_feedback(account, kinds=(KpiKind.COMPLAINTS,))


# Qualitative feedback -------------------------------------------------------------------

MAX_THEMES = 10
MAX_THEME = 40


def normalise_themes(themes: Any) -> list[str]:
    """Theme tags as a sorted list of distinct lower-case words: from a list or from
    text separated by commas."""
    if isinstance(themes, str):
        themes = themes.split(",")
    out = sorted({" ".join(str(t).lower().split()) for t in themes} - {""})
    if len(out) > MAX_THEMES:
        raise ValidationError({"themes": f"At most {MAX_THEMES} themes."})
    long = [t for t in out if len(t) > MAX_THEME]
    if long:
        raise ValidationError(
            {"themes": f"A theme is at most {MAX_THEME} characters: {long[0]!r}."}
        )
    return out


FEEDBACK_FIELDS = ("source", "stakeholder", "received_on", "themes", "quote")


def _validate_feedback(f: Feedback, today: dt.date) -> None:
    if f.source not in FeedbackSource.values:
        raise ValidationError({"source": "Choose where the feedback came from."})
    if not f.quote.strip():
        raise ValidationError({"quote": "Write down what was said."})
    _check_day(f.received_on, "received_on", today)
    if f.stakeholder is not None and f.stakeholder.account_id != f.account_id:
        raise ValidationError({"stakeholder": "That person is not on this account's map."})


@transaction.atomic
def feedback_create(
    *,
    actor: Actor,
    account: Account,
    source: str,
    quote: str,
    received_on: dt.date,
    themes: Any = (),
    stakeholder: Stakeholder | None = None,
    today: dt.date | None = None,
) -> Feedback:
    """Keep something the customer said, with where it came from and its themes."""
    f = Feedback(
        account=account,
        source=source,
        stakeholder=stakeholder,
        received_on=received_on,
        themes=normalise_themes(themes),
        quote=quote.strip(),
    )
    _validate_feedback(f, today or timezone.localdate())
    audited_create(
        actor=actor,
        obj=f,
        fields=FEEDBACK_FIELDS,
        action="relmap.feedback.created",
        account_id=account.pk,
    )
    return f


@transaction.atomic
def feedback_update(
    *, actor: Actor, feedback_entry: Feedback, today: dt.date | None = None, **changes: Any
) -> Feedback:
    unknown = set(changes) - set(FEEDBACK_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change {', '.join(sorted(unknown))} of feedback.")
    f = Feedback.objects.select_for_update().get(pk=feedback_entry.pk)
    data = {k: v.strip() if isinstance(v, str) else v for k, v in changes.items()}
    if "themes" in changes:
        data["themes"] = normalise_themes(changes["themes"])
    audited_update(
        actor=actor,
        obj=f,
        data=data,
        fields=FEEDBACK_FIELDS,
        action="relmap.feedback.updated",
        account_id=f.account_id,
        clean=lambda: _validate_feedback(f, today or timezone.localdate()),
    )
    return f


@transaction.atomic
def feedback_delete(*, actor: Actor, feedback_entry: Feedback) -> None:
    audited_delete(
        actor=actor,
        obj=feedback_entry,
        fields=FEEDBACK_FIELDS,
        action="relmap.feedback.deleted",
        account_id=feedback_entry.account_id,
    )

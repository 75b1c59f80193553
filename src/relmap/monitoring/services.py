"""Writes for monitoring: KPIs (baseline, target, date), their points, and the points of
NPS and CSAT computed from the survey responses. Every write is validated here and
audited; the web, API and CLI all call these."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.analytics import feedback
from relmap.core.audit import Actor, changed, log_action
from relmap.monitoring.choices import (
    COMPUTED_KINDS,
    KIND_DEFAULTS,
    Direction,
    KpiKind,
    PointSource,
    Survey,
)
from relmap.monitoring.models import Kpi, KpiPoint, SurveyResponse

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


def check_point(kpi: Kpi, on: dt.date, value: float, today: dt.date) -> None:
    """Refuse a point for a computed KPI, on a day in the future or before 1990, or off
    the KPI's range."""
    if kpi.kind in COMPUTED_KINDS:
        raise ValidationError(
            {"value": f"{kpi.name} is computed from the survey responses; import those instead."}
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
        raise ValidationError(f"{kpi.name} is computed from the survey responses.")
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
    """Rewrite the points of an NPS or CSAT KPI from the survey responses: one per month
    end (and today), each the score over the trailing window (docs/algorithms/
    feedback.md), skipped where there are too few responses. Returns the points written."""
    if kpi.kind not in COMPUTED_KINDS:
        return 0
    today = today or timezone.localdate()
    survey = Survey.NPS if kpi.kind == KpiKind.NPS else Survey.CSAT
    answers = [
        feedback.Response(key, day, score)
        for key, day, score in SurveyResponse.objects.filter(
            account_id=kpi.account_id, survey=survey
        ).values_list("respondent_key", "answered_on", "score")
    ]
    points: list[KpiPoint] = []
    if answers:
        first = min(a.answered_on for a in answers)
        for day in month_ends(first, today):
            result = (
                feedback.nps(answers, on=day)
                if survey == Survey.NPS
                else feedback.csat(answers, on=day)
            )
            if result.score is not None:
                note = result.explanation()[:300]
                points.append(
                    KpiPoint(
                        kpi=kpi, on=day, value=result.score, source=PointSource.COMPUTED, note=note
                    )
                )
    with transaction.atomic():
        KpiPoint.objects.filter(kpi=kpi).delete()
        KpiPoint.objects.bulk_create(points)
    return len(points)


def refresh_account_feedback(account: Account, *, today: dt.date | None = None) -> None:
    """After survey responses change: recompute the account's NPS and CSAT KPIs."""
    for kpi in Kpi.objects.filter(account=account, kind__in=list(COMPUTED_KINDS)):
        refresh_computed(kpi, today=today)

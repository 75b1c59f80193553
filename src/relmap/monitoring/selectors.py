"""Reads for monitoring: an account's and a person's NPS and CSAT (computed by
:mod:`relmap.analytics.feedback` from the stored responses, one query each), its KPIs
with their status (:mod:`relmap.analytics.kpis`), complaints, feedback, and the KPI
charts' ECharts options."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from relmap.accounts.models import Account
from relmap.analytics import feedback, kpis
from relmap.monitoring.choices import COMPUTED_KINDS, Survey
from relmap.monitoring.models import Complaint, Feedback, Kpi, KpiPoint, SurveyResponse
from relmap.stakeholders.models import Stakeholder


def responses_of(
    account: Account, survey: str, stakeholder: Stakeholder | None = None
) -> list[feedback.Response]:
    rows = SurveyResponse.objects.filter(account=account, survey=survey)
    if stakeholder is not None:
        rows = rows.filter(stakeholder=stakeholder)
    return [
        feedback.Response(key, day, score)
        for key, day, score in rows.values_list("respondent_key", "answered_on", "score")
    ]


def account_nps(
    account: Account,
    *,
    on: dt.date | None = None,
    window_days: int = feedback.DEFAULT_WINDOW_DAYS,
    min_responses: int = feedback.DEFAULT_MIN_RESPONSES,
    aggregation: str = feedback.PER_RESPONDENT,
    responses: Sequence[feedback.Response] | None = None,
) -> feedback.NpsResult:
    """The account's NPS over the window ending ``on`` (today by default); pass
    ``responses`` (:func:`responses_of`) to read them once for several windows."""
    return feedback.nps(
        responses_of(account, Survey.NPS) if responses is None else responses,
        on=on or timezone.localdate(),
        window_days=window_days,
        min_responses=min_responses,
        aggregation=aggregation,
    )


def stakeholder_nps(
    stakeholder: Stakeholder,
    *,
    on: dt.date | None = None,
    window_days: int = feedback.DEFAULT_WINDOW_DAYS,
    min_responses: int = 1,
) -> feedback.NpsResult:
    """One person's NPS over the window: every answer of theirs counts (one respondent,
    so per respondent would be their latest answer alone); the minimum defaults to one."""
    return feedback.nps(
        responses_of(stakeholder.account, Survey.NPS, stakeholder),
        on=on or timezone.localdate(),
        window_days=window_days,
        min_responses=min_responses,
        aggregation=feedback.PER_RESPONSE,
    )


@dataclass(frozen=True, slots=True)
class PersonNps:
    stakeholder_id: int
    name: str
    result: feedback.NpsResult


def nps_by_stakeholder(
    account: Account,
    *,
    on: dt.date | None = None,
    window_days: int = feedback.DEFAULT_WINDOW_DAYS,
    min_responses: int = 1,
) -> list[PersonNps]:
    """The NPS of every person on the map who answered within the window, as
    :func:`stakeholder_nps` computes it, in one query; the most answers first."""
    on = on or timezone.localdate()
    rows = (
        SurveyResponse.objects.filter(account=account, survey=Survey.NPS, stakeholder__isnull=False)
        .values_list(
            "stakeholder_id", "stakeholder__name", "respondent_key", "answered_on", "score"
        )
        .order_by()
    )
    names: dict[int, str] = {}
    answers: dict[int, list[feedback.Response]] = {}
    for pk, name, key, day, score in rows:
        names[pk] = name
        answers.setdefault(pk, []).append(feedback.Response(key, day, score))
    out = []
    for pk, responses in answers.items():
        result = feedback.nps(
            responses,
            on=on,
            window_days=window_days,
            min_responses=min_responses,
            aggregation=feedback.PER_RESPONSE,
        )
        if result.responses_in_window:
            out.append(PersonNps(pk, names[pk], result))
    out.sort(key=lambda p: (-p.result.responses_in_window, p.name.casefold()))
    return out


def account_csat(
    account: Account,
    *,
    on: dt.date | None = None,
    window_days: int = feedback.DEFAULT_WINDOW_DAYS,
    min_responses: int = feedback.DEFAULT_MIN_RESPONSES,
    responses: Sequence[feedback.Response] | None = None,
) -> feedback.CsatResult:
    """The account's CSAT over the window ending ``on`` (today by default); pass
    ``responses`` (:func:`responses_of`) to read them once for several windows."""
    return feedback.csat(
        responses_of(account, Survey.CSAT) if responses is None else responses,
        on=on or timezone.localdate(),
        window_days=window_days,
        min_responses=min_responses,
    )


@dataclass(frozen=True)
class KpiView:
    """A KPI with its points and status, for the page and the API."""

    kpi: Kpi
    points: list[KpiPoint]
    status: kpis.KpiStatus

    @property
    def latest(self) -> KpiPoint | None:
        return self.points[-1] if self.points else None

    @property
    def computed(self) -> bool:
        return self.kpi.kind in COMPUTED_KINDS

    def freshness(self, today: dt.date) -> kpis.Freshness:
        """Whether a value is as recent as the KPI's own rhythm calls for."""
        return kpis.freshness([p.on for p in self.points], today)


def kpis_of(account: Account, *, today: dt.date | None = None) -> list[KpiView]:
    """The account's KPIs, each with its points (two queries) and status."""
    today = today or timezone.localdate()
    out = []
    for kpi in Kpi.objects.filter(account=account).prefetch_related("points"):
        points = list(kpi.points.all())
        latest = points[-1] if points else None
        status = kpis.kpi_status(
            latest=latest.value if latest else None,
            latest_on=latest.on if latest else None,
            baseline=kpi.baseline,
            baseline_on=kpi.baseline_on,
            target=kpi.target,
            target_on=kpi.target_on,
            today=today,
        )
        out.append(KpiView(kpi, points, status))
    return out


@dataclass(frozen=True)
class ComplaintSummary:
    complaints: list[Complaint]
    open: int
    mean_resolution_days: float | None  # of those resolved


def complaints_of(account: Account) -> ComplaintSummary:
    complaints = list(Complaint.objects.filter(account=account).select_related("stakeholder"))
    days = [c.resolution_days for c in complaints if c.resolution_days is not None]
    return ComplaintSummary(
        complaints=complaints,
        open=sum(1 for c in complaints if c.resolved_on is None),
        mean_resolution_days=round(sum(days) / len(days), 1) if days else None,
    )


def feedback_of(account: Account, theme: str = "") -> list[Feedback]:
    """The account's feedback, newest first; only one theme's when ``theme`` is given
    (filtered here: JSON containment is not portable across SQLite and PostgreSQL)."""
    rows = list(Feedback.objects.filter(account=account).select_related("stakeholder"))
    theme = " ".join(theme.lower().split())
    return [f for f in rows if theme in f.themes] if theme else rows


def _nice_range(low: float, high: float, ticks: int = 5) -> dict[str, float]:
    """An axis from ``low`` to ``high`` with round ends and a round interval (1, 2 or 5
    times a power of ten), about ``ticks`` of them."""
    if high == low:
        low, high = low - max(abs(low) * 0.1, 1.0), high + max(abs(high) * 0.1, 1.0)
    rough = (high - low) / ticks
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return {
        "min": math.floor(low / step) * step,
        "max": math.ceil(high / step) * step,
        "interval": step,
    }


def kpi_chart_option(view: KpiView) -> dict[str, Any]:
    """The ECharts option of a KPI's chart: its values as a line, the baseline and the
    target as dashed lines, the target day marked. The page draws it with ECharts in the
    browser; the SVG and PNG exports render the same option on the server."""
    kpi = view.kpi
    data = [[p.on.isoformat(), p.value] for p in view.points]
    lines: list[dict[str, Any]] = []
    if kpi.baseline is not None:
        lines.append({"name": "Baseline", "yAxis": kpi.baseline, "lineStyle": {"color": "#6b7686"}})
    if kpi.target is not None:
        lines.append({"name": "Target", "yAxis": kpi.target, "lineStyle": {"color": "#177245"}})
    marks: list[dict[str, Any]] = []
    if kpi.target_on is not None:
        marks.append({"name": "Target day", "xAxis": kpi.target_on.isoformat()})
    # The axes reach the baseline, the target and the target day, so that their lines
    # are on the chart even when the values have not come near them yet.
    levels = [p.value for p in view.points] + [
        v for v in (kpi.baseline, kpi.target) if v is not None
    ]
    days = [p.on for p in view.points] + [d for d in (kpi.baseline_on, kpi.target_on) if d]
    y_axis: dict[str, Any] = {"type": "value", "name": kpi.unit}
    if levels:
        y_axis |= _nice_range(min(levels), max(levels))
    x_axis: dict[str, Any] = {"type": "time"}
    if days:
        x_axis |= {"min": min(days).isoformat(), "max": max(days).isoformat()}
    return {
        "animation": False,
        "title": {"text": kpi.name, "left": 8, "textStyle": {"fontSize": 14}},
        "grid": {"left": 48, "right": 24, "top": 56, "bottom": 32},
        "tooltip": {"trigger": "axis"},
        "xAxis": x_axis,
        "yAxis": y_axis,
        "series": [
            {
                "name": kpi.name,
                "type": "line",
                "data": data,
                "showSymbol": True,
                "lineStyle": {"width": 2, "color": "#2457c5"},
                "itemStyle": {"color": "#2457c5"},
                "markLine": {
                    "symbol": "none",
                    "label": {
                        "show": True,
                        "formatter": "{b}",
                        "position": "insideStartTop",
                        "color": "#4a5565",
                    },
                    "lineStyle": {"type": "dashed"},
                    "data": lines + marks,
                },
            }
        ],
    }


def health_trend_option(snapshots: list[Any]) -> dict[str, Any]:
    """ECharts option of the health score over time (the kept daily snapshots)."""
    return {
        "animation": False,
        "title": {"text": "Relationship health", "left": 8, "textStyle": {"fontSize": 14}},
        "grid": {"left": 40, "right": 16, "top": 48, "bottom": 32},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "min": 0, "max": 100, "interval": 20},
        "series": [
            {
                "name": "Health",
                "type": "line",
                "data": [[s.on.isoformat(), s.score] for s in snapshots if s.score is not None],
                "lineStyle": {"width": 2, "color": "#177245"},
                "itemStyle": {"color": "#177245"},
            }
        ],
    }


@dataclass(frozen=True)
class CycleStep:
    """One step of map → engage → monitor → improve: where it stands and whether it is
    overdue."""

    name: str
    ok: bool
    summary: str


def cycle_of(
    account: Account,
    *,
    staleness: Any,
    touchpoints: Any,
    kpi_views: list[KpiView],
    actions: list[Any],
    today: dt.date | None = None,
) -> list[CycleStep]:
    """The account's improvement cycle, step by step, from what the page has loaded."""
    today = today or timezone.localdate()
    late = [(v.kpi.name, v.freshness(today)) for v in kpi_views]
    stale_kpis = [f"{name} ({fresh.explanation()})" for name, fresh in late if fresh.stale]
    open_actions = [a for a, _ in actions if a.status == "open"]
    late_actions = [a for a in open_actions if a.due_on < today]
    done = [(a, r) for a, r in actions if a.status == "done"]
    judged = [r for _, r in done if r.verdict in ("improved", "worsened", "no_change")]
    return [
        CycleStep("Map", not staleness.stale, staleness.explanation()),
        CycleStep(
            "Engage",
            not touchpoints.overdue,
            f"{len(touchpoints.rows)} engagement plan(s), {len(touchpoints.overdue)} overdue; "
            f"{len(touchpoints.unplanned)} of their people have no plan.",
        ),
        CycleStep(
            "Monitor",
            bool(kpi_views) and not stale_kpis,
            (
                f"{len(kpi_views)} KPI(s); without the value their rhythm called for: "
                + ("; ".join(stale_kpis) or "none")
                + "."
            )
            if kpi_views
            else "No KPIs yet: monitoring by anecdote.",
        ),
        CycleStep(
            "Improve",
            not late_actions,
            f"{len(open_actions)} open action(s), {len(late_actions)} overdue; "
            f"{len(done)} done, {len(judged)} with a verdict on their KPI.",
        ),
    ]

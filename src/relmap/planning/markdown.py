"""An account plan as clean Markdown (``relmap plan NAME --format md``): to share, to
print, or to hand in as assessment evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from relmap.planning.choices import (
    ActionStatus,
    NeedKind,
    ObjectiveStatus,
    PlanStatus,
    SwotQuadrant,
    WhitespaceStatus,
)
from relmap.planning.models import (
    BusinessUnit,
    Milestone,
    Need,
    Objective,
    PlanAction,
    Resource,
    Strategy,
    SwotItem,
    ValuePoint,
)
from relmap.planning.selectors import LoadedPlan

WHITESPACE_MARKS: dict[str, str] = {
    WhitespaceStatus.SOLD: "● sold",
    WhitespaceStatus.IN_PROGRESS: "◐ in progress",
    WhitespaceStatus.OPEN: "○ open",
    WhitespaceStatus.NOT_A_FIT: "· not a fit",
}


def _of[T](items: Iterable[object], kind: type[T]) -> list[T]:
    return [item for item in items if isinstance(item, kind)]


def _cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    text = "" if value is None else str(value)
    return " ".join(text.replace("|", "\\|").split())


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _person(obj: Any) -> str:
    if obj is None:
        return "—"
    full = getattr(obj, "get_full_name", None)
    return str((full() if callable(full) else "") or obj)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def plan_markdown(loaded: LoadedPlan, *, today: dt.date) -> str:
    """The whole plan in Markdown: summary, goals and pain points, value proposition (each
    point with the needs it answers), objectives, strategies, actions (overdue marked),
    resources, review milestones, SWOT and the whitespace grid."""
    plan, sections = loaded.plan, loaded.sections
    account = plan.account
    out = [
        f"# Account plan: {account.name}",
        "",
        f"Revision {plan.revision} · {PlanStatus(plan.status).label} · last saved "
        f"{plan.updated_at:%Y-%m-%d} · next review {_date(plan.next_review_on)}",
        "",
    ]
    if plan.summary:
        out += [plan.summary, ""]

    needs = [n for n in sections["needs"] if isinstance(n, Need)]
    out += ["## Goals and pain points", ""]
    for kind in NeedKind:
        items = [n for n in needs if n.kind == kind]
        out += [f"**{kind.label}s**", ""]
        out += [
            f"- {n.text}" + (f" ({n.stakeholder.name})" if n.stakeholder else "") for n in items
        ]
        out += ["- none recorded"] if not items else []
        out.append("")

    out += ["## Value proposition", ""]
    if plan.value_proposition:
        out += [plan.value_proposition, ""]
    for point in _of(sections["value_points"], ValuePoint):
        answers = [n.text.rstrip(".") for n in point.needs.all()]
        out.append(f"- {point.text}")
        out.append(
            f"  - *Answers:* {'; '.join(answers)}" if answers else "  - *Answers:* no need linked"
        )
    out.append("")

    objectives = [o for o in sections["objectives"] if isinstance(o, Objective)]
    out += ["## Objectives", ""]
    out += _table(
        ("Objective", "Metric", "Baseline", "Target", "Deadline", "Owner", "Mutual", "Status"),
        (
            (
                o.title,
                f"{o.metric} ({o.unit})" if o.unit else o.metric,
                _number(o.baseline),
                _number(o.target),
                _date(o.deadline),
                _person(o.owner),
                f"yes, with {_person(o.customer_owner)}" if o.mutual else "no",
                ObjectiveStatus(o.status).label,
            )
            for o in objectives
        ),
    )
    out.append("")

    titles = {o.pk: o.title for o in objectives}
    out += ["## Strategies", ""]
    for strategy in _of(sections["strategies"], Strategy):
        serves = f" *(for: {titles[strategy.objective_id]})*" if strategy.objective_id else ""
        out.append(
            f"- **{strategy.title}**{serves}"
            + (f" — {strategy.description}" if strategy.description else "")
        )
    out.append("")

    out += ["## Actions", ""]
    open_statuses = {ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED}
    rows = []
    for action in _of(sections["actions"], PlanAction):
        overdue = action.status in open_statuses and action.due_on < today
        rows.append(
            (
                action.title,
                _person(action.owner),
                _date(action.due_on),
                ActionStatus(action.status).label + (" — **overdue**" if overdue else ""),
                titles.get(action.objective_id or 0, "—"),
            )
        )
    out += _table(("Action", "Owner", "Due", "Status", "Objective"), rows)
    out.append("")

    out += ["## Resources", ""]
    for resource in _of(sections["resources"], Resource):
        out.append(
            f"- **{resource.title}**" + (f" — {resource.details}" if resource.details else "")
        )
    out.append("")

    out += ["## Review milestones", ""]
    for milestone in _of(sections["milestones"], Milestone):
        mark = "x" if milestone.done else " "
        held = f" (held {_date(milestone.completed_on)})" if milestone.completed_on else ""
        out.append(f"- [{mark}] {_date(milestone.due_on)} {milestone.title}{held}")
    out.append("")

    out += ["## SWOT", ""]
    swot = [s for s in sections["swot"] if isinstance(s, SwotItem)]
    for quadrant in SwotQuadrant:
        texts = [s.text for s in swot if s.quadrant == quadrant]
        out += [
            f"**{quadrant.label}s**"
            if quadrant != SwotQuadrant.OPPORTUNITY
            else "**Opportunities**",
            "",
        ]
        out += [f"- {text}" for text in texts] or ["- none recorded"]
        out.append("")

    units = [u for u in sections["business_units"] if isinstance(u, BusinessUnit)]
    out += ["## Whitespace", ""]
    if units and loaded.offerings:
        out += _table(
            ("Business unit", *(o.name for o in loaded.offerings)),
            (
                (
                    unit.name,
                    *(
                        WHITESPACE_MARKS.get(cell.status, cell.status) if cell else ""
                        for cell in (loaded.cells.get((unit.pk, o.pk)) for o in loaded.offerings)
                    ),
                )
                for unit in units
            ),
        )
    else:
        out.append("No business units or offerings recorded yet.")
    out.append("")
    return "\n".join(out)

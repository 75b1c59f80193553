"""Reads of an account plan, and the snapshot every revision stores.

:func:`load_plan` reads a whole plan in a fixed number of queries (one per section, plus
value-point links, whitespace and offerings) whatever its size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.planning.choices import OPEN_ACTION_STATUSES
from relmap.planning.models import (
    AccountPlan,
    BusinessUnit,
    Need,
    Offering,
    PlanAction,
    PlanItem,
    PlanRevision,
    ValuePoint,
    WhitespaceCell,
)
from relmap.planning.registry import PLAN_FIELDS, SECTIONS


@dataclass(frozen=True)
class LoadedPlan:
    plan: AccountPlan
    sections: dict[str, list[PlanItem]]
    offerings: list[Offering]
    cells: dict[tuple[int, int], WhitespaceCell]  # (business_unit_id, offering_id)


def plan_for(account: Account) -> AccountPlan | None:
    return AccountPlan.objects.filter(account=account).first()


def section_items(plan: AccountPlan, name: str) -> QuerySet[PlanItem]:
    section = SECTIONS[name]
    qs: QuerySet[Any] = section.model._default_manager.filter(account_id=plan.account_id, plan=plan)
    related = [f for f in section.fields if _is_fk(section.model, f)]
    if related:
        qs = qs.select_related(*related)
    if section.model is ValuePoint:
        qs = qs.prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("position", "id"))
        )
    return qs.order_by("position", "id")


def _is_fk(model: type[Model], name: str) -> bool:
    return model._meta.get_field(name).is_relation


def load_plan(plan: AccountPlan) -> LoadedPlan:
    sections = {name: list(section_items(plan, name)) for name in SECTIONS}
    cells = {
        (c.business_unit_id, c.offering_id): c
        for c in WhitespaceCell.objects.filter(account_id=plan.account_id)
    }
    return LoadedPlan(
        plan=plan,
        sections=sections,
        offerings=list(Offering.objects.order_by("position", "name")),
        cells=cells,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, Model):
        return _label(value)
    return value


def _label(obj: Model) -> str:
    get_full_name = getattr(obj, "get_full_name", None)
    if callable(get_full_name):
        return str(get_full_name() or obj)
    return str(obj)


def snapshot(loaded: LoadedPlan) -> dict[str, Any]:
    """The whole plan as plain JSON: what a revision keeps and what diffs compare.

    Related people and objectives are kept by name, so a revision still reads correctly
    after they are renamed or deleted.
    """
    plan = loaded.plan
    sections: dict[str, list[dict[str, Any]]] = {}
    for name, items in loaded.sections.items():
        rows = []
        for item in items:
            row: dict[str, Any] = {"id": item.pk}
            for field in SECTIONS[name].fields:
                row[field] = _plain(getattr(item, field))
            if isinstance(item, ValuePoint):
                row["answers"] = [n.text for n in item.needs.all()]
            rows.append(row)
        sections[name] = rows
    units = {u.pk: u.name for u in loaded.sections["business_units"] if isinstance(u, BusinessUnit)}
    offerings = {o.pk: o.name for o in loaded.offerings}
    sections["whitespace"] = [
        {
            "id": f"{unit_id}:{offering_id}",
            "name": f"{units.get(unit_id, unit_id)} / {offerings.get(offering_id, offering_id)}",
            "status": cell.status,
            "notes": cell.notes,
        }
        for (unit_id, offering_id), cell in sorted(loaded.cells.items())
    ]
    return {
        "fields": {f: _plain(getattr(plan, f)) for f in PLAN_FIELDS},
        "sections": sections,
    }


def in_plan_order(snapshot: dict[str, Any]) -> dict[str, Any]:
    """``snapshot`` with its plan fields, sections and item fields in the registry's order.

    PostgreSQL stores JSON as ``jsonb``, which does not keep key order; diffs and pages
    that list changes in key order read the same on every database after this.
    """
    fields = snapshot.get("fields") or {}
    sections = snapshot.get("sections") or {}
    known = [*SECTIONS, "whitespace"]
    order = [name for name in known if name in sections] + sorted(set(sections) - set(known))
    ordered_sections = {}
    for name in order:
        keys = ["id", *(SECTIONS[name].fields if name in SECTIONS else ("name", "status", "notes"))]
        if name == "value_points":
            keys.append("answers")
        ordered_sections[name] = [
            {
                **{k: item[k] for k in keys if k in item},
                **{k: item[k] for k in sorted(item) if k not in keys},
            }
            if isinstance(item, dict)
            else item
            for item in sections[name] or ()
        ]
    return {
        **snapshot,
        "fields": {
            **{f: fields[f] for f in PLAN_FIELDS if f in fields},
            **{f: fields[f] for f in sorted(fields) if f not in PLAN_FIELDS},
        },
        "sections": ordered_sections,
    }


def revisions_of(plan: AccountPlan) -> QuerySet[PlanRevision]:
    return (
        PlanRevision.objects.filter(account_id=plan.account_id, plan=plan)
        .select_related("saved_by")
        .defer("snapshot")
        .order_by("-number")
    )


def revision(plan: AccountPlan, number: int) -> PlanRevision:
    return PlanRevision.objects.get(account_id=plan.account_id, plan=plan, number=number)


def overdue_actions(plan: AccountPlan, today: dt.date | None = None) -> QuerySet[PlanAction]:
    day = today or timezone.localdate()
    return PlanAction.objects.filter(
        account_id=plan.account_id,
        plan=plan,
        status__in=list(OPEN_ACTION_STATUSES),
        due_on__lt=day,
    ).order_by("due_on")

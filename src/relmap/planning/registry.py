"""The sections of an account plan: which model holds each, and which fields it has.

Services, the snapshot taken at every save, the API and the plan views all read this one
table, so that a new section is added in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from relmap.planning.models import (
    BusinessUnit,
    Milestone,
    Need,
    Objective,
    PlanAction,
    PlanItem,
    Resource,
    Strategy,
    SwotItem,
    ValuePoint,
)


@dataclass(frozen=True)
class Section:
    name: str
    label: str
    model: type[PlanItem]
    fields: tuple[str, ...]
    # Foreign keys to people, shown as names in snapshots and diffs.
    people: tuple[str, ...] = ()


SECTIONS: dict[str, Section] = {
    s.name: s
    for s in (
        Section(
            "needs",
            "Goals and pain points",
            Need,
            ("kind", "explicitness", "text", "stakeholder", "evidence", "business_impact"),
        ),
        Section(
            "objectives",
            "Objectives",
            Objective,
            (
                "title",
                "metric",
                "unit",
                "baseline",
                "target",
                "deadline",
                "owner",
                "mutual",
                "customer_owner",
                "status",
            ),
        ),
        Section("strategies", "Strategies", Strategy, ("title", "description", "objective")),
        Section(
            "actions",
            "Actions",
            PlanAction,
            ("title", "objective", "owner", "due_on", "status", "completed_on"),
        ),
        Section("resources", "Resources", Resource, ("title", "details")),
        Section(
            "milestones",
            "Review milestones",
            Milestone,
            ("title", "due_on", "done", "completed_on"),
        ),
        Section("value_points", "Value proposition", ValuePoint, ("text",)),
        Section("swot", "SWOT", SwotItem, ("quadrant", "text")),
        Section("business_units", "Business units", BusinessUnit, ("name",)),
    )
}

PLAN_FIELDS = ("status", "summary", "value_proposition", "next_review_on")


def section(name: str) -> Section:
    try:
        return SECTIONS[name]
    except KeyError:
        raise KeyError(f"Unknown plan section {name!r}") from None

"""The demo's full account plan for Northbridge Logistics, written through the planning
services so that it leaves revisions and an audit trail like real use. The wording is in
``demo_data/northbridge/plan.json``.

Dates are relative to the day the demo is loaded, so that one action is always overdue,
the last review is recent and the deadlines lie ahead.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.planning import services
from relmap.planning.models import AccountPlan, Offering
from relmap.stakeholders.models import Stakeholder

PLAN_FILE = Path(__file__).resolve().parent / "demo_data" / "northbridge" / "plan.json"
OFFERINGS = (
    ("Fleet Telematics", "Vehicle tracking, tachograph and CAN-bus data."),
    ("Route Optimisation", "Live re-planning of trunk and multi-drop routes."),
    ("Driver Safety Coaching", "Coaching from harsh-event and camera data."),
    ("Fuel & Emissions Analytics", "Fuel, idling and CO2 per vehicle, audit-ready."),
    ("Cold-chain Monitoring", "Reefer temperatures and door events, GDP-compliant."),
    ("Predictive Maintenance", "Fault codes and wear data to plan workshop time."),
)
BUSINESS_UNITS = (
    "UK Road Freight",
    "Contract Logistics",
    "Cold Chain",
    "European Network",
    "Last Mile",
)
# Rows follow BUSINESS_UNITS, columns OFFERINGS: sold, in progress, open, not a fit.
WHITESPACE = (
    ("sold", "in_progress", "in_progress", "open", "not_a_fit", "open"),
    ("sold", "open", "open", "open", "not_a_fit", "open"),
    ("in_progress", "open", "open", "open", "open", "not_a_fit"),
    ("open", "open", "open", "open", "not_a_fit", "open"),
    ("open", "open", "in_progress", "open", "not_a_fit", "not_a_fit"),
)
WHITESPACE_NOTES = {
    (0, 0): "Doncaster and Bristol depots live since the pilot.",
    (0, 1): "Bristol trunk-route trial running.",
    (3, 0): "Hamburg and Rotterdam run the incumbent's system until 2027.",
    (2, 2): "Reefer drivers are agency staff: coaching needs the agency's consent.",
}


def offerings_install(actor: User) -> list[Offering]:
    """Our offerings, the columns of every whitespace map (created when missing)."""
    existing = {o.name: o for o in Offering.objects.all()}
    out = []
    for name, description in OFFERINGS:
        if name not in existing:
            existing[name] = services.offering_create(
                actor=actor, name=name, description=description
            )
        out.append(existing[name])
    return out


def build_plan(*, account: Account, owner: User, engineer: User) -> AccountPlan:
    """The full plan: needs and the value points that answer them, SMART objectives
    (mutual ones owned on the customer's side too), strategies, actions, resources,
    review milestones, SWOT and the whitespace map."""
    today = timezone.localdate()

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    people = {s.ref: s for s in Stakeholder.objects.filter(account=account)}
    content = json.loads(PLAN_FILE.read_text(encoding="utf-8"))
    plan = services.plan_get_or_create(actor=owner, account=account)

    def add(section: str, **data: Any) -> Any:
        return services.plan_item_create(actor=owner, plan=plan, section_name=section, **data)

    needs = {
        n["key"]: add(
            "needs", kind=n["kind"], text=n["text"], stakeholder=people.get(n["stakeholder"])
        )
        for n in content["needs"]
    }
    for vp in content["value_points"]:
        point = add("value_points", text=vp["text"])
        services.value_point_link_needs(
            actor=owner, point=point, needs=[needs[k] for k in vp["answers"]]
        )

    roll_out = add(
        "objectives",
        title="Sign the group-wide roll-out",
        metric="Vehicles on the platform",
        unit="vehicles",
        baseline=Decimal(180),
        target=Decimal(2300),
        deadline=day(300),
        owner=owner,
    )
    empty = add(
        "objectives",
        title="Cut empty running on UK trunk routes",
        metric="Empty running",
        unit="%",
        baseline=Decimal(24),
        target=Decimal(18),
        deadline=day(240),
        owner=engineer,
        mutual=True,
        customer_owner=people.get("nb-coo"),
    )
    add(
        "objectives",
        title="Reduce driver-safety incidents",
        metric="Incidents per million km",
        baseline=Decimal("4.2"),
        target=Decimal("3.0"),
        deadline=day(365),
        owner=owner,
        mutual=True,
        customer_owner=people.get("nb-fleet-safe"),
        status="at_risk",
    )
    add(
        "objectives",
        title="Raise Northbridge's NPS for us",
        metric="NPS (user survey)",
        baseline=Decimal(12),
        target=Decimal(35),
        deadline=day(330),
        owner=owner,
    )
    objectives = {"roll_out": roll_out, "empty": empty}
    for item in content["strategies"]:
        add(
            "strategies",
            title=item["title"],
            description=item["description"],
            objective=objectives[item["objective"]],
        )
    users = {"owner": owner, "engineer": engineer}
    for item in content["actions"]:
        add(
            "actions",
            title=item["title"],
            owner=users[item["owner"]],
            due_on=day(item["due_in_days"]),
            status=item["status"],
            objective=objectives[item["objective"]],
        )
    for item in content["resources"]:
        add("resources", title=item["title"], details=item["details"])
    for title, due, done in (
        ("Quarterly business review", -40, True),
        ("Roll-out decision review", 50, False),
        ("Annual account plan review", 140, False),
    ):
        held = day(due) if done else None  # the last review took place on its due date
        add("milestones", title=title, due_on=day(due), done=done, completed_on=held)
    for item in content["swot"]:
        add("swot", quadrant=item["quadrant"], text=item["text"])
    offerings = offerings_install(owner)
    for row, name in enumerate(BUSINESS_UNITS):
        unit = add("business_units", name=name)
        for column, offering in enumerate(offerings):
            services.whitespace_set(
                actor=owner,
                plan=plan,
                business_unit=unit,
                offering=offering,
                status=WHITESPACE[row][column],
                notes=WHITESPACE_NOTES.get((row, column), ""),
            )
    services.plan_update(
        actor=owner,
        plan=plan,
        status="active",
        summary=(
            "Turn the Doncaster pilot into a group-wide roll-out across 14 sites within a "
            "year, by proving value site by site, winning information security early and "
            "building relationships beyond the account director."
        ),
        value_proposition=(
            "One fleet platform for every Northbridge site that cuts empty running and "
            "incidents now and gives the audited emissions data the net-zero pledge needs."
        ),
        next_review_on=day(50),
    )
    return plan

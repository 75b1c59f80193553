"""Every URL of the planning app, for every persona.

Owner and team member: allowed. Outsider: 404 (the account's existence does not leak).
Anonymous: sent to the login page. Read-only viewer: reads yes, writes 403. Offerings
are portfolio-wide: only sales leaders and administrators add them. A URL added to the
app but missing from ROUTES fails ``test_every_planning_url_is_in_the_table``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import Max
from django.test import Client
from django.urls import get_resolver, reverse

from relmap.core.models import AuditEntry
from relmap.planning.models import PlanRevision, Strategy
from relmap.planning.registry import SECTIONS

from .conftest import PlanWorld

pytestmark = pytest.mark.django_db

Kwargs = Callable[[PlanWorld], dict[str, Any]]
Data = Callable[[PlanWorld], dict[str, Any]]


def on_plan(w: PlanWorld) -> dict[str, Any]:
    return {"account_pk": w.account.pk}


# What a user would type into each section's form, and the item each section edits.
SECTION_DATA: dict[str, Data] = {
    "needs": lambda w: {"kind": "goal", "text": "Cut cost to serve", "stakeholder": w.ann.pk},
    "objectives": lambda w: {
        "title": "Raise NPS",
        "metric": "NPS",
        "baseline": "10",
        "target": "30",
        "deadline": "2031-06-30",
        "owner": w.member.pk,
        "mutual": "on",
        "customer_owner": w.ann.pk,
        "status": "on_track",
    },
    "strategies": lambda w: {"title": "Executive sponsorship", "objective": w.objective.pk},
    "actions": lambda w: {
        "title": "Send the proposal",
        "objective": w.objective.pk,
        "owner": w.owner.pk,
        "due_on": "2031-02-01",
        "status": "open",
    },
    "resources": lambda w: {"title": "Budget", "details": "£5k for the pilot"},
    "milestones": lambda w: {"title": "Mid-year review", "due_on": "2031-07-01"},
    "value_points": lambda w: {"text": "One invoice for every site"},
    "swot": lambda w: {"quadrant": "threat", "text": "A rival bids"},
    "business_units": lambda w: {"name": "Retail"},
}
SECTION_ITEM: dict[str, Callable[[PlanWorld], Any]] = {
    "needs": lambda w: w.need,
    "objectives": lambda w: w.objective,
    "strategies": lambda w: w.strategy,
    "actions": lambda w: w.action,
    "resources": lambda w: w.resource,
    "milestones": lambda w: w.milestone,
    "value_points": lambda w: w.point,
    "swot": lambda w: w.swot,
    "business_units": lambda w: w.unit,
}


def on_section(section: str) -> Kwargs:
    return lambda w: {"account_pk": w.account.pk, "section": section}


def on_item(section: str) -> Kwargs:
    return lambda w: {
        "account_pk": w.account.pk,
        "section": section,
        "pk": SECTION_ITEM[section](w).pk,
    }


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    kwargs: Kwargs = on_plan
    data: Data = field(default=lambda w: {})
    query: str = ""
    success: int = 200
    # Pages that only make sense with edit rights (an edit form) count as writes.
    edit_page: bool = False
    # Portfolio-wide: team members who do not lead a sales team get 403.
    managers_only: bool = False
    label: str = ""

    @property
    def needs_edit(self) -> bool:
        return self.method == "POST" or self.edit_page

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}{f' {self.label}' if self.label else ''}"

    def url(self, w: PlanWorld) -> str:
        return reverse(self.name, kwargs=self.kwargs(w)) + self.query

    def call(self, client: Client, w: PlanWorld) -> Any:
        if self.method == "GET":
            return client.get(self.url(w))
        return client.post(self.url(w), self.data(w))


ROUTES = [
    Route("planning:plan", "GET"),
    Route("planning:edit", "GET", edit_page=True),
    Route(
        "planning:edit",
        "POST",
        data=lambda w: {"status": "active", "summary": "Grow with the logistics division."},
        success=302,
    ),
    Route(
        "planning:whitespace",
        "POST",
        data=lambda w: {"business_unit": w.unit.pk, "offering": w.offering.pk, "status": "open"},
        success=302,
    ),
    Route(
        "planning:offering_create",
        "POST",
        data=lambda w: {"name": "Fleet analytics"},
        success=302,
        managers_only=True,
    ),
    Route(
        "planning:value_point_needs",
        "POST",
        lambda w: {"account_pk": w.account.pk, "pk": w.point.pk},
        data=lambda w: {"needs": [w.need.pk]},
        success=302,
    ),
    Route("planning:revisions", "GET"),
    Route("planning:compare", "GET", query="?a=1&b=2"),
    *[
        Route(
            "planning:item_create",
            "POST",
            on_section(s),
            data=SECTION_DATA[s],
            success=302,
            label=s,
        )
        for s in SECTIONS
    ],
    *[Route("planning:item_edit", "GET", on_item(s), edit_page=True, label=s) for s in SECTIONS],
    *[
        Route("planning:item_edit", "POST", on_item(s), data=SECTION_DATA[s], success=302, label=s)
        for s in SECTIONS
    ],
    *[Route("planning:item_delete", "POST", on_item(s), success=302, label=s) for s in SECTIONS],
]
READS = [r for r in ROUTES if not r.needs_edit]
WRITES = [r for r in ROUTES if r.needs_edit]
TEAM_ROUTES = [r for r in ROUTES if not r.managers_only]
MANAGER_ROUTES = [r for r in ROUTES if r.managers_only]


def ids(routes: list[Route]) -> list[str]:
    return [r.id for r in routes]


def test_every_planning_url_is_in_the_table() -> None:
    _prefix, sub = get_resolver().namespace_dict["planning"]
    names = {f"planning:{key}" for key in sub.reverse_dict if isinstance(key, str)}
    missing = names - {r.name for r in ROUTES}
    assert not missing, f"Add these URLs to ROUTES in {__file__}: {sorted(missing)}"


def test_every_section_has_its_create_edit_and_delete_routes() -> None:
    for name in ("planning:item_create", "planning:item_delete"):
        assert {r.label for r in ROUTES if r.name == name} == set(SECTIONS)
    edits = [r for r in ROUTES if r.name == "planning:item_edit"]
    assert {(r.method, r.label) for r in edits} == {
        (m, s) for m in ("GET", "POST") for s in SECTIONS
    }


@pytest.mark.parametrize("route", TEAM_ROUTES, ids=ids(TEAM_ROUTES))
@pytest.mark.parametrize("persona", ["owner", "member"])
def test_team_members_may_use_it(
    client: Client, plan_world: PlanWorld, route: Route, persona: str
) -> None:
    client.force_login(getattr(plan_world, persona))
    response = route.call(client, plan_world)
    assert response.status_code == route.success, response.content[:800]


@pytest.mark.parametrize("route", MANAGER_ROUTES, ids=ids(MANAGER_ROUTES))
@pytest.mark.parametrize("persona", ["owner", "member"])
def test_team_members_who_lead_no_team_cannot_change_portfolio_settings(
    client: Client, plan_world: PlanWorld, route: Route, persona: str
) -> None:
    client.force_login(getattr(plan_world, persona))
    before = AuditEntry.objects.count()
    response = route.call(client, plan_world)
    assert response.status_code == 403
    assert b"Only sales leaders and administrators" in response.content
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_an_outsider_gets_not_found(
    client: Client, plan_world: PlanWorld, outsider: Any, route: Route
) -> None:
    client.force_login(outsider)
    before = AuditEntry.objects.count(), PlanRevision.objects.count()
    response = route.call(client, plan_world)
    assert response.status_code == 404
    assert (AuditEntry.objects.count(), PlanRevision.objects.count()) == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_anonymous_users_are_sent_to_log_in(
    client: Client, plan_world: PlanWorld, route: Route
) -> None:
    before = AuditEntry.objects.count()
    response = route.call(client, plan_world)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", READS, ids=ids(READS))
def test_a_read_only_member_can_read(client: Client, plan_world: PlanWorld, route: Route) -> None:
    client.force_login(plan_world.viewer)
    assert route.call(client, plan_world).status_code == 200


@pytest.mark.parametrize("route", WRITES, ids=ids(WRITES))
def test_a_read_only_member_cannot_write(
    client: Client, plan_world: PlanWorld, route: Route
) -> None:
    client.force_login(plan_world.viewer)
    before = AuditEntry.objects.count(), PlanRevision.objects.count()
    response = route.call(client, plan_world)
    assert response.status_code == 403
    assert b"read-only access" in response.content
    assert (AuditEntry.objects.count(), PlanRevision.objects.count()) == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_an_administrator_may_use_it(
    client: Client, plan_world: PlanWorld, superuser: Any, route: Route
) -> None:
    client.force_login(superuser)
    response = route.call(client, plan_world)
    assert response.status_code == route.success, response.content[:800]


def test_writes_need_a_csrf_token(plan_world: PlanWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(plan_world.owner)
    before = PlanRevision.objects.count()
    response = client.post(
        reverse(
            "planning:item_create",
            kwargs={"account_pk": plan_world.account.pk, "section": "resources"},
        ),
        {"title": "Budget"},
    )
    assert response.status_code == 403
    assert PlanRevision.objects.count() == before


def test_an_unknown_section_does_not_resolve(client: Client, plan_world: PlanWorld) -> None:
    client.force_login(plan_world.owner)
    url = reverse("planning:plan", kwargs={"account_pk": plan_world.account.pk})
    assert client.post(f"{url}opportunities/new/", {"title": "x"}).status_code == 404
    assert client.get(f"{url}value_points/{plan_world.point.pk}/").status_code == 404


def test_an_item_of_another_section_or_plan_is_not_found(
    client: Client, plan_world: PlanWorld, other_account: Any, outsider: Any
) -> None:
    from relmap.planning.services import plan_get_or_create, plan_item_create

    other_plan = plan_get_or_create(actor=outsider, account=other_account)
    theirs = plan_item_create(actor=outsider, plan=other_plan, section_name="resources", title="X")
    client.force_login(plan_world.owner)
    w = plan_world
    # A resource of this plan whose id no strategy has (ids are per table).
    top = Strategy.objects.aggregate(top=Max("pk"))["top"] or 0
    resource = w.resource
    while resource.pk <= top:
        resource = plan_item_create(actor=w.owner, plan=w.plan, section_name="resources", title="R")
    for section, pk in (("resources", theirs.pk), ("strategies", resource.pk)):
        url = reverse(
            "planning:item_delete",
            kwargs={"account_pk": w.account.pk, "section": section, "pk": pk},
        )
        before = PlanRevision.objects.count()
        assert client.post(url).status_code == 404
        assert PlanRevision.objects.count() == before

"""Every URL of the discovery app, for every persona.

Owner and team member: allowed. Outsider: 404 (the account's existence does not leak).
Anonymous: sent to the login page. Read-only viewer: reads yes, writes 403. The question
bank is site-wide: everyone who sees the account reads it; only sales leaders and
administrators change it. A URL missing from ROUTES fails
``test_every_discovery_url_is_in_the_table``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from relmap.core.models import AuditEntry
from relmap.planning.models import PlanRevision

from .conftest import DiscoveryWorld

pytestmark = pytest.mark.django_db

Kwargs = Callable[[DiscoveryWorld], dict[str, Any]]
Data = Callable[[DiscoveryWorld], dict[str, Any]]


def on_account(w: DiscoveryWorld) -> dict[str, Any]:
    return {"account_pk": w.account.pk}


def on(attr: str) -> Kwargs:
    return lambda w: {"account_pk": w.account.pk, "pk": getattr(w, attr).pk}


def on_asked(w: DiscoveryWorld) -> dict[str, Any]:
    return {"account_pk": w.account.pk, "pk": w.session.pk, "asked_pk": w.asked_open.pk}


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    kwargs: Kwargs = on_account
    data: Data = field(default=lambda w: {})
    success: int = 200
    edit_page: bool = False
    # The site-wide question bank: sales leaders and administrators only.
    bank: bool = False

    @property
    def needs_edit(self) -> bool:
        return self.method == "POST" or self.edit_page

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}"

    def url(self, w: DiscoveryWorld) -> str:
        return reverse(self.name, kwargs=self.kwargs(w))

    def call(self, client: Client, w: DiscoveryWorld) -> Any:
        if self.method == "GET":
            return client.get(self.url(w))
        return client.post(self.url(w), self.data(w))


CAPTURE = {
    "explicitness": "explicit",
    "kind": "goal",
    "text": "Know each truck's load in real time",
    "evidence": "Said twice in the call.",
    "business_impact": "Fewer empty runs.",
}

ROUTES = [
    Route("discovery:home", "GET"),
    Route(
        "discovery:note_create",
        "POST",
        data=lambda w: {"title": "New CFO appointed", "source": "Press release"},
        success=302,
    ),
    Route("discovery:note_delete", "POST", on("note"), success=302),
    Route(
        "discovery:initiative_create",
        "POST",
        data=lambda w: {"title": "Greener fleet", "owner": w.owner.pk},
        success=302,
    ),
    Route(
        "discovery:initiative_move",
        "POST",
        on("initiative"),
        data=lambda w: {"stage": "diagnose"},
        success=302,
    ),
    Route("discovery:initiative_delete", "POST", on("initiative"), success=302),
    Route(
        "discovery:need_create",
        "POST",
        data=lambda w: {**CAPTURE, "stakeholder": w.bob.pk, "initiatives": [w.initiative.pk]},
        success=302,
    ),
    Route(
        "discovery:proposal_create",
        "POST",
        data=lambda w: {"title": "Load sensors", "needs": [w.need.pk]},
        success=302,
    ),
    Route("discovery:proposal_needs", "POST", on("proposal"), data=lambda w: {}, success=302),
    Route("discovery:proposal_delete", "POST", on("proposal"), success=302),
    Route("discovery:session_create", "GET", edit_page=True),
    Route(
        "discovery:session_create",
        "POST",
        data=lambda w: {
            "title": "Operations workshop",
            "held_on": "2026-05-20",
            "stakeholders": [w.bob.pk],
            "questions": [w.seeded.pk],
        },
        success=302,
    ),
    Route("discovery:session", "GET", on("session")),
    Route("discovery:session_delete", "POST", on("session"), success=302),
    Route(
        "discovery:session_ask",
        "POST",
        on("session"),
        data=lambda w: {"text": "What did last winter cost you?", "category": "implication"},
        success=302,
    ),
    Route(
        "discovery:asked_answer",
        "POST",
        on_asked,
        data=lambda w: {"answer": "Drivers wait two hours.", "answered_by": w.bob.pk},
        success=302,
    ),
    Route("discovery:asked_delete", "POST", on_asked, success=302),
    Route(
        "discovery:asked_capture",
        "POST",
        on_asked,
        data=lambda w: {**CAPTURE, "stakeholder": w.bob.pk},
        success=302,
    ),
    Route("discovery:questions", "GET"),
    Route(
        "discovery:question_create",
        "POST",
        data=lambda w: {"category": "problem", "text": "What slows approvals?", "active": "on"},
        success=302,
        bank=True,
    ),
    Route("discovery:question_edit", "GET", on("question"), bank=True),
    Route(
        "discovery:question_edit",
        "POST",
        on("question"),
        data=lambda w: {"category": "implication", "text": "Who else feels it, and how?"},
        success=302,
        bank=True,
    ),
    Route(
        "discovery:question_active",
        "POST",
        on("seeded"),
        data=lambda w: {"active": "0"},
        success=302,
        bank=True,
    ),
    Route("discovery:question_delete", "POST", on("question"), success=302, bank=True),
]
TEAM_ROUTES = [r for r in ROUTES if not r.bank]
BANK_ROUTES = [r for r in ROUTES if r.bank]
READS = [r for r in ROUTES if not r.needs_edit and not r.bank]
WRITES = [r for r in ROUTES if r.needs_edit or r.bank]


def ids(routes: list[Route]) -> list[str]:
    return [r.id for r in routes]


def test_every_discovery_url_is_in_the_table() -> None:
    _prefix, sub = get_resolver().namespace_dict["discovery"]
    names = {f"discovery:{key}" for key in sub.reverse_dict if isinstance(key, str)}
    assert names == {r.name for r in ROUTES}


@pytest.mark.parametrize("route", TEAM_ROUTES, ids=ids(TEAM_ROUTES))
@pytest.mark.parametrize("persona", ["owner", "member"])
def test_team_members_may_use_it(
    client: Client, dw: DiscoveryWorld, route: Route, persona: str
) -> None:
    client.force_login(getattr(dw, persona))
    response = route.call(client, dw)
    assert response.status_code == route.success, response.content[:800]
    if route.method == "POST":
        assert AuditEntry.objects.order_by("-id")[0].actor_id == getattr(dw, persona).pk


@pytest.mark.parametrize("route", BANK_ROUTES, ids=ids(BANK_ROUTES))
@pytest.mark.parametrize("persona", ["owner", "member", "viewer"])
def test_team_members_who_lead_no_team_cannot_change_the_question_bank(
    client: Client, dw: DiscoveryWorld, route: Route, persona: str
) -> None:
    client.force_login(getattr(dw, persona))
    before = AuditEntry.objects.count()
    response = route.call(client, dw)
    assert response.status_code == 403
    assert b"Only sales leaders and administrators may change the question bank" in (
        response.content
    )
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", BANK_ROUTES, ids=ids(BANK_ROUTES))
def test_a_sales_leader_may_change_the_question_bank(
    client: Client, dw: DiscoveryWorld, route: Route
) -> None:
    client.force_login(dw.leader)
    response = route.call(client, dw)
    assert response.status_code == route.success, response.content[:800]


@pytest.mark.parametrize("route", [r for r in TEAM_ROUTES if r.needs_edit], ids=str)
def test_a_sales_leader_off_the_team_cannot_change_the_account(
    client: Client, dw: DiscoveryWorld, route: Route
) -> None:
    client.force_login(dw.leader)
    before = AuditEntry.objects.count()
    assert route.call(client, dw).status_code == 403
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_an_outsider_gets_not_found(
    client: Client, dw: DiscoveryWorld, outsider: Any, route: Route
) -> None:
    client.force_login(outsider)
    before = AuditEntry.objects.count(), PlanRevision.objects.count()
    response = route.call(client, dw)
    assert response.status_code == 404
    assert (AuditEntry.objects.count(), PlanRevision.objects.count()) == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_anonymous_users_are_sent_to_log_in(
    client: Client, dw: DiscoveryWorld, route: Route
) -> None:
    before = AuditEntry.objects.count()
    response = route.call(client, dw)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", READS, ids=ids(READS))
def test_a_read_only_member_can_read(client: Client, dw: DiscoveryWorld, route: Route) -> None:
    client.force_login(dw.viewer)
    response = route.call(client, dw)
    assert response.status_code == 200
    assert b"Read only" in response.content


@pytest.mark.parametrize("route", [r for r in WRITES if not r.bank], ids=str)
def test_a_read_only_member_cannot_write(client: Client, dw: DiscoveryWorld, route: Route) -> None:
    client.force_login(dw.viewer)
    before = AuditEntry.objects.count(), PlanRevision.objects.count()
    response = route.call(client, dw)
    assert response.status_code == 403
    assert b"read-only access" in response.content
    assert (AuditEntry.objects.count(), PlanRevision.objects.count()) == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_an_administrator_may_use_it(
    client: Client, dw: DiscoveryWorld, superuser: Any, route: Route
) -> None:
    client.force_login(superuser)
    response = route.call(client, dw)
    assert response.status_code == route.success, response.content[:800]


def test_writes_need_a_csrf_token(dw: DiscoveryWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(dw.owner)
    before = AuditEntry.objects.count()
    response = client.post(
        reverse("discovery:note_create", kwargs=on_account(dw)), {"title": "Sneaky"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.count() == before


def test_objects_of_another_account_are_not_found(
    client: Client, dw: DiscoveryWorld, other_account: Any, outsider: Any
) -> None:
    import datetime as dt

    from relmap.discovery import services

    theirs = services.session_create(
        actor=outsider, account=other_account, title="Theirs", held_on=dt.date(2026, 1, 1)
    )
    initiative = services.initiative_create(actor=outsider, account=other_account, title="X")
    client.force_login(dw.owner)
    for name, pk in (("session", theirs.pk), ("initiative_move", initiative.pk)):
        url = reverse(f"discovery:{name}", kwargs={"account_pk": dw.account.pk, "pk": pk})
        before = AuditEntry.objects.count()
        response = client.post(url, {"stage": "diagnose"}) if "move" in name else client.get(url)
        assert response.status_code == 404
        assert AuditEntry.objects.count() == before
    # A question of another account's session, through this account's session URL.
    url = reverse(
        "discovery:asked_answer",
        kwargs={"account_pk": dw.account.pk, "pk": dw.session.pk, "asked_pk": 10**9},
    )
    assert client.post(url, {"answer": "x"}).status_code == 404

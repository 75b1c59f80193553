"""Every engagement URL, for every persona: team members allowed, outsiders 404,
anonymous users sent to log in, read-only viewers may read but not write. A URL added to
the engagement app but missing here fails ``test_every_url_is_in_the_table``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.engagement import services

from .conftest import World

pytestmark = pytest.mark.django_db


@dataclass
class Eng:
    w: World
    plan: Any
    interaction: Any


@pytest.fixture
def eng(world: World) -> Eng:
    plan = services.plan_create(
        actor=world.owner,
        account=world.account,
        stakeholder=world.ann,
        owner=world.us,
        objective="Sponsor the renewal",
    )
    interaction = services.interaction_create(
        actor=world.owner,
        account=world.account,
        kind="meeting",
        occurred_at=timezone.now() - dt.timedelta(days=2),
        participants=[(world.ann, "attendee"), (world.us, "organizer")],
    )
    return Eng(world, plan, interaction)


def on_account(e: Eng) -> dict[str, int]:
    return {"account_pk": e.w.account.pk}


def on_plan(e: Eng) -> dict[str, int]:
    return {"account_pk": e.w.account.pk, "pk": e.plan.pk}


def on_interaction(e: Eng) -> dict[str, int]:
    return {"account_pk": e.w.account.pk, "pk": e.interaction.pk}


def interaction_fields(e: Eng, **changes: Any) -> dict[str, Any]:
    yesterday = timezone.localtime() - dt.timedelta(days=1)
    return {
        "kind": "call",
        "date": yesterday.date().isoformat(),
        "time": "10:00",
        "time_zone": "Europe/London",
        "their_people": [e.w.cat.pk],
        "our_people": [e.w.us.pk],
        "initiator": e.w.us.pk,
        "notes": "Intro call",
        **changes,
    }


def plan_fields(e: Eng, **changes: Any) -> dict[str, Any]:
    return {"objective": "Open a door to IT", "owner": e.w.us.pk, "strategy": "", **changes}


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    kwargs: Callable[[Eng], dict[str, int]] | None = None
    data: Callable[[Eng], dict[str, Any]] = field(default=lambda e: {})
    query: Callable[[Eng], str] = field(default=lambda e: "")
    success: int = 200
    account_scoped: bool = True
    edit_page: bool = False

    @property
    def needs_edit(self) -> bool:
        return self.method == "POST" or self.edit_page

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}"

    def call(self, client: Client, e: Eng) -> Any:
        url = reverse(self.name, kwargs=self.kwargs(e) if self.kwargs else None) + self.query(e)
        if self.method == "GET":
            return client.get(url)
        return client.post(url, self.data(e))


ROUTES = [
    Route("engagement:home", "GET", on_account),
    Route("engagement:interactions", "GET", on_account),
    Route("engagement:interaction_new", "GET", on_account, edit_page=True),
    Route(
        "engagement:interaction_new",
        "POST",
        on_account,
        data=interaction_fields,
        success=302,
    ),
    Route("engagement:interaction_edit", "GET", on_interaction, edit_page=True),
    Route(
        "engagement:interaction_edit",
        "POST",
        on_interaction,
        data=lambda e: interaction_fields(e, their_people=[e.w.ann.pk]),
        success=302,
    ),
    Route("engagement:interaction_delete", "POST", on_interaction, success=302),
    Route(
        "engagement:plan_new",
        "GET",
        on_account,
        query=lambda e: f"?stakeholder={e.w.cat.pk}",
        edit_page=True,
    ),
    Route(
        "engagement:plan_new",
        "POST",
        on_account,
        query=lambda e: f"?stakeholder={e.w.cat.pk}",
        data=plan_fields,
        success=302,
    ),
    Route("engagement:plan_edit", "GET", on_plan, edit_page=True),
    Route("engagement:plan_edit", "POST", on_plan, data=plan_fields, success=302),
    Route("engagement:plan_delete", "POST", on_plan, success=302),
    Route("touchpoints:mine", "GET", account_scoped=False),
]
SCOPED = [r for r in ROUTES if r.account_scoped]
READS = [r for r in SCOPED if not r.needs_edit]
WRITES = [r for r in SCOPED if r.needs_edit]


def ids(routes: list[Route]) -> list[str]:
    return [r.id for r in routes]


def test_every_url_is_in_the_table() -> None:
    resolver = get_resolver()
    names = set()
    for namespace in ("engagement", "touchpoints"):
        _prefix, sub = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{key}" for key in sub.reverse_dict if isinstance(key, str)}
    missing = names - {r.name for r in ROUTES}
    assert not missing, f"Add these URLs to ROUTES in {__file__}: {sorted(missing)}"


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
@pytest.mark.parametrize("persona", ["owner", "member"])
def test_team_members_may_use_it(client: Client, eng: Eng, route: Route, persona: str) -> None:
    client.force_login(getattr(eng.w, persona))
    response = route.call(client, eng)
    assert response.status_code == route.success, response.content[:800]


@pytest.mark.parametrize("route", SCOPED, ids=ids(SCOPED))
def test_an_outsider_gets_not_found(client: Client, eng: Eng, outsider: Any, route: Route) -> None:
    client.force_login(outsider)
    before = AuditEntry.objects.count()
    assert route.call(client, eng).status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_anonymous_users_are_sent_to_log_in(client: Client, eng: Eng, route: Route) -> None:
    before = AuditEntry.objects.count()
    response = route.call(client, eng)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", READS, ids=ids(READS))
def test_a_read_only_member_can_read(client: Client, eng: Eng, route: Route) -> None:
    client.force_login(eng.w.viewer)
    assert route.call(client, eng).status_code == 200


@pytest.mark.parametrize("route", WRITES, ids=ids(WRITES))
def test_a_read_only_member_cannot_write(client: Client, eng: Eng, route: Route) -> None:
    client.force_login(eng.w.viewer)
    before = AuditEntry.objects.count()
    assert route.call(client, eng).status_code == 403
    assert AuditEntry.objects.count() == before


def test_an_outsider_sees_none_of_it_on_my_touchpoints(
    client: Client, eng: Eng, outsider: Any
) -> None:
    client.force_login(outsider)
    body = client.get(reverse("touchpoints:mine")).content.decode()
    assert "Ann Archer" not in body
    assert "Cat Chen" not in body

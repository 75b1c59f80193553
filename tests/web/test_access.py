"""Every URL of the accounts and stakeholders apps, for every persona.

Owner and team member: allowed. Outsider: 404 (the account's existence does not leak).
Anonymous: sent to the login page. Read-only viewer: reads yes, writes 403. A URL added
to the apps but missing from ROUTES fails ``test_every_url_is_in_the_table``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from relmap.core.models import AuditEntry

from .conftest import World

pytestmark = pytest.mark.django_db

Kwargs = Callable[[World], dict[str, int]]


def on_account(w: World) -> dict[str, int]:
    return {"account_pk": w.account.pk}


def on_person(w: World) -> dict[str, int]:
    return {"account_pk": w.account.pk, "pk": w.ann.pk}


def person_fields(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Ann Archer",
        "title": "CFO",
        "department": "Finance",
        "side": "customer",
        "power": 5,
        "interest": 4,
        "attitude": 1,
        "status": "active",
        "roles": ["economic_buyer"],
    }
    return {**data, **changes}


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    kwargs: Kwargs | None = None
    data: Callable[[World], dict[str, Any]] = field(default=lambda w: {})
    success: int = 200
    account_scoped: bool = True
    # Pages that only make sense with edit rights (the "add" form) count as writes.
    edit_page: bool = False

    @property
    def needs_edit(self) -> bool:
        return self.method == "POST" or self.edit_page

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}"

    def url(self, w: World) -> str:
        return reverse(self.name, kwargs=self.kwargs(w) if self.kwargs else None)

    def call(self, client: Client, w: World) -> Any:
        if self.method == "GET":
            return client.get(self.url(w))
        return client.post(self.url(w), self.data(w))


ROUTES = [
    Route("accounts:list", "GET", account_scoped=False),
    Route("accounts:create", "GET", account_scoped=False),
    Route(
        "accounts:create",
        "POST",
        data=lambda w: {"name": "Initech", "kind": "customer"},
        success=302,
        account_scoped=False,
    ),
    Route("stakeholders:map", "GET", on_account),
    Route("stakeholders:person_create", "GET", on_account, edit_page=True),
    Route(
        "stakeholders:person_create",
        "POST",
        on_account,
        data=lambda w: person_fields(name="Dan Diaz", roles=[]),
        success=302,
    ),
    Route("stakeholders:person", "GET", on_person),
    Route(
        "stakeholders:person",
        "POST",
        on_person,
        data=lambda w: person_fields(title="Group CFO"),
        success=302,
    ),
    Route("stakeholders:person_delete", "POST", on_person, success=302),
    Route(
        "stakeholders:person_move",
        "POST",
        on_person,
        data=lambda w: {"power": 1, "interest": 1},
        success=302,
    ),
    Route(
        "stakeholders:tie_add",
        "POST",
        on_person,
        data=lambda w: {"direction": "out", "kind": "influences", "other": w.cat.pk, "strength": 4},
        success=302,
    ),
    Route(
        "stakeholders:tie_remove",
        "POST",
        lambda w: {**on_person(w), "tie_pk": w.tie.pk},
        success=302,
    ),
    Route(
        "stakeholders:coverage_add",
        "POST",
        lambda w: {"account_pk": w.account.pk, "pk": w.cat.pk},
        data=lambda w: {
            "other": w.us.pk,
            "current_depth": "vendor",
            "desired_depth": "problem_solver",
            "strength": 3,
        },
        success=302,
    ),
    Route(
        "stakeholders:coverage_remove",
        "POST",
        lambda w: {**on_person(w), "coverage_pk": w.coverage.pk},
        success=302,
    ),
]
SCOPED = [r for r in ROUTES if r.account_scoped]
READS = [r for r in SCOPED if not r.needs_edit]
WRITES = [r for r in SCOPED if r.needs_edit]


def ids(routes: list[Route]) -> list[str]:
    return [r.id for r in routes]


def test_every_url_is_in_the_table() -> None:
    resolver = get_resolver()
    names = set()
    for namespace in ("accounts", "stakeholders"):
        _prefix, sub = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{key}" for key in sub.reverse_dict if isinstance(key, str)}
    missing = names - {r.name for r in ROUTES}
    assert not missing, f"Add these URLs to ROUTES in {__file__}: {sorted(missing)}"


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
@pytest.mark.parametrize("persona", ["owner", "member"])
def test_team_members_may_use_it(client: Client, world: World, route: Route, persona: str) -> None:
    client.force_login(getattr(world, persona))
    response = route.call(client, world)
    assert response.status_code == route.success, response.content[:500]


@pytest.mark.parametrize("route", SCOPED, ids=ids(SCOPED))
def test_an_outsider_gets_not_found(
    client: Client, world: World, outsider: Any, route: Route
) -> None:
    client.force_login(outsider)
    before = AuditEntry.objects.count()
    response = route.call(client, world)
    assert response.status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_anonymous_users_are_sent_to_log_in(client: Client, world: World, route: Route) -> None:
    before = AuditEntry.objects.count()
    response = route.call(client, world)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", READS, ids=ids(READS))
def test_a_read_only_member_can_read(client: Client, world: World, route: Route) -> None:
    client.force_login(world.viewer)
    assert route.call(client, world).status_code == 200


@pytest.mark.parametrize("route", WRITES, ids=ids(WRITES))
def test_a_read_only_member_cannot_write(client: Client, world: World, route: Route) -> None:
    client.force_login(world.viewer)
    before = AuditEntry.objects.count()
    response = route.call(client, world)
    assert response.status_code == 403
    assert b"read-only access" in response.content
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", SCOPED, ids=ids(SCOPED))
def test_an_administrator_may_use_it(
    client: Client, world: World, superuser: Any, route: Route
) -> None:
    client.force_login(superuser)
    assert route.call(client, world).status_code == route.success


def test_writes_need_a_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    response = client.post(
        reverse("stakeholders:person_move", kwargs=on_person(world)), {"power": 1, "interest": 1}
    )
    assert response.status_code == 403
    world.ann.refresh_from_db()
    assert world.ann.power == 5

"""Every monitoring URL, for every persona: team members allowed, outsiders 404,
anonymous users sent to log in, read-only viewers may read but not write. A URL added to
the monitoring app but missing here fails ``test_every_url_is_in_the_table``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.monitoring import services

from .conftest import World

pytestmark = pytest.mark.django_db


@dataclass
class Mon:
    w: World
    kpi: Any
    point: Any
    complaint: Any
    feedback: Any
    action: Any


@pytest.fixture
def mon(world: World) -> Mon:
    from relmap.monitoring.actions import action_create

    today = timezone.localdate()
    kpi = services.kpi_create(actor=world.owner, account=world.account, kind="retention")
    point, _ = services.kpi_point_set(
        actor=world.owner, kpi=kpi, on=today - dt.timedelta(days=30), value=91
    )
    complaint = services.complaint_create(
        actor=world.owner,
        account=world.account,
        category="delivery",
        severity="high",
        summary="Late delivery",
        opened_on=today - dt.timedelta(days=10),
    )
    feedback = services.feedback_create(
        actor=world.owner,
        account=world.account,
        source="meeting",
        quote="Much better this quarter",
        received_on=today - dt.timedelta(days=3),
        themes="service",
    )
    action = action_create(
        actor=world.owner,
        account=world.account,
        description="Monthly site reviews",
        due_on=today + dt.timedelta(days=20),
        kpi=kpi,
    )
    return Mon(world, kpi, point, complaint, feedback, action)


def on_account(m: Mon) -> dict[str, int]:
    return {"account_pk": m.w.account.pk}


def on_kpi(m: Mon) -> dict[str, int]:
    return {"account_pk": m.w.account.pk, "pk": m.kpi.pk}


def on_point(m: Mon) -> dict[str, int]:
    return {"account_pk": m.w.account.pk, "pk": m.kpi.pk, "point_pk": m.point.pk}


def on_complaint(m: Mon) -> dict[str, int]:
    return {"account_pk": m.w.account.pk, "pk": m.complaint.pk}


def on_feedback(m: Mon) -> dict[str, int]:
    return {"account_pk": m.w.account.pk, "pk": m.feedback.pk}


def on_action(m: Mon) -> dict[str, int]:
    return {"account_pk": m.w.account.pk, "pk": m.action.pk}


def yesterday() -> str:
    return (timezone.localdate() - dt.timedelta(days=1)).isoformat()


def complaint_fields(m: Mon) -> dict[str, Any]:
    return {
        "summary": "Wrong invoice",
        "category": "billing",
        "severity": "low",
        "opened_on": yesterday(),
        "stakeholder": m.w.ann.pk,
    }


def values_file(m: Mon) -> dict[str, Any]:
    data = f"kpi,on,value\nRetention,{yesterday()},92\n".encode()
    return {"file": SimpleUploadedFile("values.csv", data, content_type="text/csv")}


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    kwargs: Callable[[Mon], dict[str, int]]
    data: Callable[[Mon], dict[str, Any]] = field(default=lambda m: {})
    success: int = 200
    edit_page: bool = False

    @property
    def needs_edit(self) -> bool:
        return self.method == "POST" or self.edit_page

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}"

    def call(self, client: Client, m: Mon) -> Any:
        url = reverse(self.name, kwargs=self.kwargs(m))
        return client.get(url) if self.method == "GET" else client.post(url, self.data(m))


ROUTES = [
    Route("monitoring:home", "GET", on_account),
    Route("monitoring:kpi_chart_svg", "GET", on_kpi),
    Route("monitoring:kpi_chart_png", "GET", on_kpi),
    Route(
        "monitoring:kpi_new",
        "POST",
        on_account,
        data=lambda m: {"kind": "share_of_wallet"},
        success=302,
    ),
    Route("monitoring:kpi_edit", "GET", on_kpi, edit_page=True),
    Route(
        "monitoring:kpi_edit",
        "POST",
        on_kpi,
        data=lambda m: {"name": "Retention", "unit": "%", "direction": "higher"},
        success=302,
    ),
    Route("monitoring:kpi_delete", "POST", on_kpi, success=302),
    Route(
        "monitoring:point_new",
        "POST",
        on_kpi,
        data=lambda m: {"on": yesterday(), "value": "93"},
        success=302,
    ),
    Route("monitoring:point_delete", "POST", on_point, success=302),
    Route("monitoring:import", "POST", on_account, data=values_file),
    Route("monitoring:complaint_new", "POST", on_account, data=complaint_fields, success=302),
    Route("monitoring:complaint_edit", "GET", on_complaint, edit_page=True),
    Route("monitoring:complaint_edit", "POST", on_complaint, data=complaint_fields, success=302),
    Route("monitoring:complaint_delete", "POST", on_complaint, success=302),
    Route(
        "monitoring:feedback_new",
        "POST",
        on_account,
        data=lambda m: {"quote": "Fast", "source": "call", "received_on": yesterday()},
        success=302,
    ),
    Route("monitoring:feedback_delete", "POST", on_feedback, success=302),
    Route(
        "monitoring:action_new",
        "POST",
        on_account,
        data=lambda m: {
            "description": "Fix invoicing",
            "due_on": yesterday(),
            "window_days": "90",
            "origin": "manual",
        },
        success=302,
    ),
    Route(
        "monitoring:action_status",
        "POST",
        on_action,
        data=lambda m: {"status": "done", "completed_on": yesterday()},
        success=302,
    ),
    Route("monitoring:action_delete", "POST", on_action, success=302),
    Route("monitoring:history", "GET", on_account),
    Route(
        "monitoring:review_new", "POST", on_account, data=lambda m: {"notes": "QBR"}, success=302
    ),
]
READS = [r for r in ROUTES if not r.needs_edit]
WRITES = [r for r in ROUTES if r.needs_edit]


def ids(routes: list[Route]) -> list[str]:
    return [r.id for r in routes]


def test_every_url_is_in_the_table() -> None:
    _prefix, sub = get_resolver().namespace_dict["monitoring"]
    names = {f"monitoring:{key}" for key in sub.reverse_dict if isinstance(key, str)}
    missing = names - {r.name for r in ROUTES}
    assert not missing, f"Add these URLs to ROUTES in {__file__}: {sorted(missing)}"


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
@pytest.mark.parametrize("persona", ["owner", "member"])
def test_team_members_may_use_it(client: Client, mon: Mon, route: Route, persona: str) -> None:
    client.force_login(getattr(mon.w, persona))
    response = route.call(client, mon)
    assert response.status_code == route.success, response.content[:800]


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_an_outsider_gets_not_found(client: Client, mon: Mon, outsider: Any, route: Route) -> None:
    client.force_login(outsider)
    before = AuditEntry.objects.count()
    assert route.call(client, mon).status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_anonymous_users_are_sent_to_log_in(client: Client, mon: Mon, route: Route) -> None:
    before = AuditEntry.objects.count()
    response = route.call(client, mon)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", READS, ids=ids(READS))
def test_a_read_only_member_can_read(client: Client, mon: Mon, route: Route) -> None:
    client.force_login(mon.w.viewer)
    assert route.call(client, mon).status_code == 200


@pytest.mark.parametrize("route", WRITES, ids=ids(WRITES))
def test_a_read_only_member_cannot_write(client: Client, mon: Mon, route: Route) -> None:
    client.force_login(mon.w.viewer)
    before = AuditEntry.objects.count()
    assert route.call(client, mon).status_code == 403
    assert AuditEntry.objects.count() == before

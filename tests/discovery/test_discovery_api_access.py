"""Every discovery endpoint, every persona: owner (token) and team member (session) may;
outsiders get 404 on account-scoped URLs; anonymous callers 401 JSON; viewers may read
but get 403 on writes. The question bank is read by everyone logged in and changed only
by sales leaders and administrators. The table must list every discovery operation of
the OpenAPI schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from relmap.api.urls import api
from relmap.core.models import AuditEntry

from .conftest import DiscoveryWorld

pytestmark = pytest.mark.django_db

Body = Callable[[DiscoveryWorld], dict[str, Any] | None]
D = "/api/accounts/{account_id}/discovery"
BANK = D + "/question-bank"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    body: Body = lambda w: None
    bank: bool = False  # the site-wide question bank
    status: int | None = None  # when not the method's usual success

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    @property
    def success(self) -> int:
        if self.status is not None:
            return self.status
        return {"GET": 200, "POST": 201, "PATCH": 200, "DELETE": 204}[self.method]

    def url(self, w: DiscoveryWorld) -> str:
        return self.path.format(
            account_id=w.account.pk,
            note_id=w.note.pk,
            question_id=w.question.pk,
            initiative_id=w.initiative.pk,
            session_id=w.session.pk,
            asked_id=w.asked_open.pk,
            proposal_id=w.proposal.pk,
        )

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


ENDPOINTS = [
    Endpoint("GET", D),
    Endpoint("GET", D + "/flags"),
    Endpoint("GET", D + "/notes"),
    Endpoint("POST", D + "/notes", lambda w: {"title": "New CFO", "source": "Press"}),
    Endpoint("PATCH", D + "/notes/{note_id}", lambda w: {"title": "Fuel costs up 19%"}),
    Endpoint("DELETE", D + "/notes/{note_id}"),
    Endpoint("GET", BANK),
    Endpoint(
        "POST",
        BANK,
        lambda w: {"category": "problem", "text": "What slows approvals?"},
        bank=True,
    ),
    Endpoint("PATCH", BANK + "/{question_id}", lambda w: {"active": False}, bank=True),
    Endpoint("DELETE", BANK + "/{question_id}", bank=True),
    Endpoint("GET", D + "/initiatives"),
    Endpoint(
        "POST",
        D + "/initiatives",
        lambda w: {"title": "Greener fleet", "owner_id": w.member.pk, "need_ids": [w.need.pk]},
    ),
    Endpoint("PATCH", D + "/initiatives/{initiative_id}", lambda w: {"title": "Fewer empty runs"}),
    Endpoint(
        "POST",
        D + "/initiatives/{initiative_id}/stage",
        lambda w: {"stage": "diagnose"},
        status=200,
    ),
    Endpoint("DELETE", D + "/initiatives/{initiative_id}"),
    Endpoint("GET", D + "/sessions"),
    Endpoint(
        "POST",
        D + "/sessions",
        lambda w: {
            "title": "Operations workshop",
            "held_on": "2026-05-20",
            "stakeholder_ids": [w.bob.pk],
            "question_ids": [w.seeded.pk],
        },
    ),
    Endpoint("GET", D + "/sessions/{session_id}"),
    Endpoint("PATCH", D + "/sessions/{session_id}", lambda w: {"notes": "Good call."}),
    Endpoint("DELETE", D + "/sessions/{session_id}"),
    Endpoint(
        "POST",
        D + "/sessions/{session_id}/questions",
        lambda w: {"text": "What did last winter cost?", "category": "implication"},
    ),
    Endpoint(
        "PATCH",
        D + "/sessions/{session_id}/questions/{asked_id}",
        lambda w: {"answer": "Two hours a day.", "answered_by_id": w.bob.pk},
    ),
    Endpoint("DELETE", D + "/sessions/{session_id}/questions/{asked_id}"),
    Endpoint("GET", D + "/needs"),
    Endpoint(
        "POST",
        D + "/needs",
        lambda w: {
            "kind": "goal",
            "explicitness": "explicit",
            "text": "Real-time loads",
            "asked_id": w.asked.pk,
        },
    ),
    Endpoint("GET", D + "/proposals"),
    Endpoint("POST", D + "/proposals", lambda w: {"title": "Sensors", "need_ids": [w.need.pk]}),
    Endpoint("PATCH", D + "/proposals/{proposal_id}", lambda w: {"need_ids": []}),
    Endpoint("DELETE", D + "/proposals/{proposal_id}"),
]
TEAM = [e for e in ENDPOINTS if not e.bank]
BANK_WRITES = [e for e in ENDPOINTS if e.bank]
SCOPED = ENDPOINTS


def test_every_discovery_endpoint_is_in_the_table() -> None:
    schema = api.get_openapi_schema(path_prefix="/api")
    operations = {
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
        if "/discovery" in path
    }
    assert operations == {(e.method, e.path) for e in ENDPOINTS}


@pytest.mark.parametrize("endpoint", TEAM, ids=str)
def test_the_owner_may_call_it_with_a_token(
    call: Any, bearer: Any, dw: DiscoveryWorld, endpoint: Endpoint
) -> None:
    client = bearer(dw.owner)
    before = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(dw), endpoint.body(dw))
    assert response.status_code == endpoint.success, response.content
    if endpoint.writes:
        assert AuditEntry.objects.count() > before
        assert AuditEntry.objects.order_by("-id")[0].actor_id == dw.owner.pk


@pytest.mark.parametrize("endpoint", TEAM, ids=str)
def test_a_team_member_may_call_it_from_the_browser(
    call: Any, client: Client, dw: DiscoveryWorld, endpoint: Endpoint
) -> None:
    client.force_login(dw.member)
    response = call(client, endpoint.method, endpoint.url(dw), endpoint.body(dw))
    assert response.status_code == endpoint.success, response.content


@pytest.mark.parametrize("endpoint", SCOPED, ids=str)
def test_an_outsider_gets_not_found(
    call: Any, bearer: Any, dw: DiscoveryWorld, outsider: Any, endpoint: Endpoint
) -> None:
    client = bearer(outsider)
    before = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(dw), endpoint.body(dw))
    assert response.status_code == 404
    assert response.json()["detail"] == "No such account."
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_callers_get_401_json(call: Any, dw: DiscoveryWorld, endpoint: Endpoint) -> None:
    before = AuditEntry.objects.count()
    response = call(Client(), endpoint.method, endpoint.url(dw), endpoint.body(dw))
    assert response.status_code == 401
    assert "Authentication required" in response.json()["detail"]
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("endpoint", [e for e in TEAM if e.writes], ids=str)
def test_a_viewer_may_not_write(
    call: Any, bearer: Any, dw: DiscoveryWorld, endpoint: Endpoint
) -> None:
    client = bearer(dw.viewer)
    before = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(dw), endpoint.body(dw))
    assert response.status_code == 403
    assert "read-only access" in response.json()["detail"]
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if not e.writes], ids=str)
def test_a_viewer_may_read(call: Any, bearer: Any, dw: DiscoveryWorld, endpoint: Endpoint) -> None:
    response = call(bearer(dw.viewer), endpoint.method, endpoint.url(dw))
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", BANK_WRITES, ids=str)
@pytest.mark.parametrize("persona", ["owner", "member", "viewer"])
def test_only_leaders_and_admins_change_the_question_bank(
    call: Any, bearer: Any, dw: DiscoveryWorld, endpoint: Endpoint, persona: str
) -> None:
    client = bearer(getattr(dw, persona))
    before = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(dw), endpoint.body(dw))
    assert response.status_code == 403
    assert "Only sales leaders and administrators" in response.json()["detail"]
    assert AuditEntry.objects.count() == before


def test_an_outsider_reads_the_bank_through_their_own_account(
    call: Any, bearer: Any, dw: DiscoveryWorld, outsider: Any, other_account: Any
) -> None:
    client = bearer(outsider)
    url = BANK.format(account_id=other_account.pk)
    assert len(call(client, "GET", url).json()) > 20
    response = call(client, "POST", url, {"category": "problem", "text": "Mine?"})
    assert response.status_code == 403


@pytest.mark.parametrize("endpoint", BANK_WRITES, ids=str)
@pytest.mark.parametrize("persona", ["leader", "superuser"])
def test_leaders_and_admins_change_the_question_bank(
    call: Any,
    bearer: Any,
    dw: DiscoveryWorld,
    superuser: Any,
    endpoint: Endpoint,
    persona: str,
) -> None:
    user = superuser if persona == "superuser" else dw.leader
    response = call(bearer(user), endpoint.method, endpoint.url(dw), endpoint.body(dw))
    assert response.status_code == endpoint.success, response.content
    assert AuditEntry.objects.order_by("-id")[0].actor_id == user.pk


@pytest.mark.parametrize("endpoint", TEAM, ids=str)
def test_a_superuser_may_call_it(
    call: Any, bearer: Any, dw: DiscoveryWorld, superuser: Any, endpoint: Endpoint
) -> None:
    response = call(bearer(superuser), endpoint.method, endpoint.url(dw), endpoint.body(dw))
    assert response.status_code == endpoint.success, response.content

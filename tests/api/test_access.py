"""Every endpoint, every persona: owner and team member may, outsiders get 404 (the
account's existence does not leak), anonymous callers get 401 JSON, viewers and sales
leaders may read but get 403 on writes. Portfolio-wide settings are changed by sales
leaders and administrators only. The table must list every operation of the OpenAPI
schema."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from relmap.api.urls import api
from relmap.core.models import AuditEntry
from tests.api.test_engagement_api import OPERATIONS as ENGAGEMENT_OPERATIONS
from tests.discovery.test_discovery_api_access import ENDPOINTS as DISCOVERY_ENDPOINTS
from tests.monitoring.test_monitoring_api import OPERATIONS as MONITORING_OPERATIONS

Call = Callable[..., Any]

pytestmark = pytest.mark.django_db

Body = Callable[[Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    body: Body = lambda m: None
    # Account-scoped URLs answer 404 to outsiders; the account collection does not.
    scoped: bool = True
    # Portfolio-wide settings: sales leaders and administrators only.
    managers: bool = False
    # The plan section whose item ``{item_id}`` names.
    section: str = ""
    status: int | None = None

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    @property
    def success(self) -> int:
        if self.status is not None:
            return self.status
        return {"GET": 200, "POST": 201, "PUT": 200, "PATCH": 200, "DELETE": 204}[self.method]

    def url(self, m: Any) -> str:
        return self.path.format(
            account_id=m.account,
            stakeholder_id=m.ann,
            tie_id=m.tie,
            coverage_id=m.coverage,
            period_id=m.period,
            item_id=m.items.get(self.section, 0),
            user_id=m.colleague,
            axis="strength",
            tier="streamline",
        )

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def always(body: dict[str, Any]) -> Body:
    return lambda m: body


ACCOUNT = "/api/accounts/{account_id}"
ENDPOINTS = [
    Endpoint("GET", "/api/accounts", scoped=False),
    Endpoint("POST", "/api/accounts", lambda m: {"name": "Initech"}, scoped=False),
    Endpoint("GET", ACCOUNT),
    Endpoint(
        "PATCH",
        ACCOUNT,
        lambda m: {
            "industry": "Health care",
            "retention_rate": "0.85",
            "discount_rate": 0.08,
            "clv_horizon_years": 7,
        },
    ),
    # The account team
    Endpoint("GET", ACCOUNT + "/team"),
    Endpoint("POST", ACCOUNT + "/team", lambda m: {"user_id": m.newcomer, "role": "legal"}),
    Endpoint("PATCH", ACCOUNT + "/team/{user_id}", lambda m: {"role": "finance"}),
    Endpoint("DELETE", ACCOUNT + "/team/{user_id}"),
    Endpoint("GET", ACCOUNT + "/stakeholders"),
    Endpoint("POST", ACCOUNT + "/stakeholders", lambda m: {"name": "Dan Dorsey", "power": 4}),
    Endpoint("GET", ACCOUNT + "/stakeholders/{stakeholder_id}"),
    Endpoint("PATCH", ACCOUNT + "/stakeholders/{stakeholder_id}", lambda m: {"attitude": 1}),
    Endpoint("DELETE", ACCOUNT + "/stakeholders/{stakeholder_id}"),
    Endpoint("GET", ACCOUNT + "/ties"),
    Endpoint(
        "POST",
        ACCOUNT + "/ties",
        lambda m: {"source_id": m.cat, "target_id": m.bob, "kind": "influences"},
    ),
    Endpoint("PATCH", ACCOUNT + "/ties/{tie_id}", lambda m: {"strength": 5}),
    Endpoint("DELETE", ACCOUNT + "/ties/{tie_id}"),
    Endpoint("GET", ACCOUNT + "/coverage"),
    Endpoint(
        "POST",
        ACCOUNT + "/coverage",
        lambda m: {"our_person_id": m.kim, "their_person_id": m.bob},
    ),
    Endpoint("PATCH", ACCOUNT + "/coverage/{coverage_id}", lambda m: {"strength": 2}),
    Endpoint("DELETE", ACCOUNT + "/coverage/{coverage_id}"),
    Endpoint("GET", ACCOUNT + "/analysis"),
    Endpoint("GET", ACCOUNT + "/warm-path/{stakeholder_id}"),
    # Key-account selection and lifecycle
    Endpoint("GET", ACCOUNT + "/selection"),
    Endpoint(
        "PATCH",
        ACCOUNT + "/selection/scores",
        lambda m: {"scores": [{"criterion_id": m.criterion, "score": 8, "rationale": "Big"}]},
    ),
    Endpoint(
        "PATCH", ACCOUNT + "/selection/tier", lambda m: {"tier": "star", "reason": "New logo"}
    ),
    Endpoint("GET", ACCOUNT + "/stages"),
    Endpoint("POST", ACCOUNT + "/stages", lambda m: {"stage": "exploration", "note": "Pilot"}),
    # Financials and value
    Endpoint("GET", ACCOUNT + "/financials"),
    Endpoint(
        "POST",
        ACCOUNT + "/financials",
        lambda m: {
            "period_start": "2026-04-01",
            "period_end": "2026-06-30",
            "revenue": "120000",
            "gross_margin": "36000",
            "cost_to_serve": "5000",
        },
    ),
    Endpoint("DELETE", ACCOUNT + "/financials/{period_id}"),
    Endpoint(
        "POST",
        ACCOUNT + "/financials/import",
        lambda m: {
            "csv": "period_start,period_end,revenue,gross_margin\n"
            "2026-07-01,2026-09-30,90000,27000\n"
        },
    ),
    Endpoint("GET", ACCOUNT + "/value"),
    # The account plan
    Endpoint("GET", ACCOUNT + "/plan"),
    Endpoint("POST", ACCOUNT + "/plan", status=200),
    Endpoint("PATCH", ACCOUNT + "/plan", lambda m: {"summary": "Win the group roll-out."}),
    Endpoint(
        "PUT",
        ACCOUNT + "/plan/whitespace",
        lambda m: {"business_unit_id": m.unit, "offering_id": m.offering, "status": "open"},
    ),
    Endpoint("GET", ACCOUNT + "/plan/revisions"),
    Endpoint("GET", ACCOUNT + "/plan/diff?before=1"),
    *[
        endpoint
        for slug, section, body, patch in (
            ("needs", "needs", {"kind": "goal", "text": "Net zero"}, {"text": "Net zero 2030"}),
            (
                "objectives",
                "objectives",
                {
                    "title": "Lift NPS",
                    "metric": "NPS",
                    "baseline": "10",
                    "target": "40",
                    "deadline": "2027-03-31",
                },
                {"status": "at_risk"},
            ),
            ("strategies", "strategies", {"title": "Exec sponsor"}, {"description": "CRO"}),
            (
                "actions",
                "actions",
                {"title": "Book QBR", "due_on": "2027-01-10"},
                {"status": "done"},
            ),
            ("resources", "resources", {"title": "Budget"}, {"details": "£20k"}),
            (
                "milestones",
                "milestones",
                {"title": "H1 review", "due_on": "2027-06-01"},
                {"done": True},
            ),
            ("value-points", "value_points", {"text": "Lower fuel"}, {"text": "Lower fuel bills"}),
            (
                "swot",
                "swot",
                {"quadrant": "strength", "text": "Pilot"},
                {"quadrant": "opportunity"},
            ),
            ("business-units", "business_units", {"name": "Retail"}, {"name": "Freight UK"}),
        )
        for endpoint in (
            Endpoint("POST", ACCOUNT + f"/plan/{slug}", always(body)),
            Endpoint(
                "PATCH",
                ACCOUNT + f"/plan/{slug}/{{item_id}}",
                always(patch),
                section=section,
            ),
            Endpoint("DELETE", ACCOUNT + f"/plan/{slug}/{{item_id}}", section=section),
        )
    ],
    # The portfolio and the settings that apply to every account
    Endpoint("GET", "/api/portfolio", scoped=False),
    Endpoint("GET", "/api/portfolio/effort-findings", scoped=False),
    Endpoint("GET", "/api/portfolio/criteria", scoped=False),
    Endpoint(
        "PUT",
        "/api/portfolio/criteria/{axis}",
        lambda m: {"criteria": [{"name": "Share of wallet", "weight": 100}]},
        scoped=False,
        managers=True,
    ),
    Endpoint("GET", "/api/portfolio/settings", scoped=False),
    Endpoint(
        "PATCH",
        "/api/portfolio/settings",
        lambda m: {"strength_cutoff": "6"},
        scoped=False,
        managers=True,
    ),
    Endpoint("GET", "/api/portfolio/tier-policies", scoped=False),
    Endpoint(
        "PATCH",
        "/api/portfolio/tier-policies/{tier}",
        lambda m: {"min_team_size": 2},
        scoped=False,
        managers=True,
    ),
    Endpoint("GET", "/api/portfolio/offerings", scoped=False),
    Endpoint(
        "POST",
        "/api/portfolio/offerings",
        lambda m: {"name": "Route planning"},
        scoped=False,
        managers=True,
    ),
]
# Operations whose every-persona tests live next to their feature, with their own data:
# discovery (tests/discovery/test_discovery_api_access.py), engagement plans, interactions
# and touchpoints (tests/api/test_engagement_api.py), ingestion and the review queue
# (tests/engagement/ingest/test_ingest_api.py), strength and suggestions
# (tests/engagement/strength/test_strength_access.py), monitoring
# (tests/monitoring/test_monitoring_api.py).
A = "/api/accounts/{account_id}"
ELSEWHERE = {
    *((e.method, e.path) for e in DISCOVERY_ENDPOINTS),
    *ENGAGEMENT_OPERATIONS,
    *MONITORING_OPERATIONS,
    ("POST", f"{A}/ingest"),
    ("GET", f"{A}/ingest/runs"),
    ("GET", f"{A}/unknown-addresses"),
    ("POST", f"{A}/unknown-addresses/{{address_id}}/create"),
    ("POST", f"{A}/unknown-addresses/{{address_id}}/ignore"),
    ("POST", f"{A}/unknown-addresses/{{address_id}}/map"),
    ("GET", f"{A}/strength"),
    ("POST", f"{A}/strength/recompute"),
    ("GET", f"{A}/coverage-matrix"),
    ("GET", f"{A}/tie-suggestions"),
    ("POST", f"{A}/tie-suggestions/{{suggestion_id}}/accept"),
    ("POST", f"{A}/tie-suggestions/{{suggestion_id}}/dismiss"),
    ("GET", f"{A}/attitude-suggestions"),
    ("POST", f"{A}/attitude-suggestions/{{suggestion_id}}/confirm"),
    ("POST", f"{A}/attitude-suggestions/{{suggestion_id}}/dismiss"),
}

SCOPED = [e for e in ENDPOINTS if e.scoped]
MANAGED = [e for e in ENDPOINTS if e.managers]
WRITES = [e for e in SCOPED if e.writes]
READS = [e for e in SCOPED if not e.writes]


def test_every_endpoint_is_in_the_access_table() -> None:
    schema = api.get_openapi_schema(path_prefix="/api")
    operations = {
        (method.upper(), path) for path, methods in schema["paths"].items() for method in methods
    }
    here = {(e.method, e.path.partition("?")[0]) for e in ENDPOINTS}
    assert operations == here | ELSEWHERE


def expected(endpoint: Endpoint) -> int:
    """What a team member gets: success, or 403 on portfolio-wide settings."""
    return 403 if endpoint.managers else endpoint.success


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_the_owner_may_call_it_with_a_token(
    call: Call, endpoint: Endpoint, world: Any, owner: Any, bearer: Callable[[Any], Client]
) -> None:
    client = bearer(owner)
    audited = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(world), endpoint.body(world))
    assert response.status_code == expected(endpoint), response.content
    if endpoint.managers:
        assert AuditEntry.objects.count() == audited
    elif endpoint.writes and endpoint.status is None:
        latest = AuditEntry.objects.order_by("-id").first()
        assert AuditEntry.objects.count() > audited
        assert latest is not None
        assert latest.actor_id == owner.pk


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_a_team_member_may_call_it_from_the_browser(
    call: Call, endpoint: Endpoint, world: Any, member: Any, session: Callable[[Any], Client]
) -> None:
    response = call(session(member), endpoint.method, endpoint.url(world), endpoint.body(world))
    assert response.status_code == expected(endpoint), response.content


@pytest.mark.parametrize("endpoint", SCOPED, ids=str)
@pytest.mark.parametrize("how", ["token", "session"])
def test_an_outsider_gets_not_found(
    call: Call,
    endpoint: Endpoint,
    how: str,
    world: Any,
    outsider: Any,
    bearer: Callable[[Any], Client],
    session: Callable[[Any], Client],
) -> None:
    client = bearer(outsider) if how == "token" else session(outsider)
    audited = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(world), endpoint.body(world))
    assert response.status_code == 404, response.content
    assert response.json()["detail"] == "No such account."
    assert AuditEntry.objects.count() == audited


def test_an_outsider_does_not_see_the_account_in_the_list(
    mapped: Any, outsider: Any, bearer: Callable[[Any], Client]
) -> None:
    response = bearer(outsider).get("/api/accounts")
    assert [a["id"] for a in response.json()["items"]] == [mapped.other_account]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_callers_get_401_json_not_a_login_redirect(
    call: Call, endpoint: Endpoint, world: Any
) -> None:
    audited = AuditEntry.objects.count()
    response = call(Client(), endpoint.method, endpoint.url(world), endpoint.body(world))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authentication required" in response.json()["detail"]
    assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_a_viewer_may_not_write(
    call: Call, endpoint: Endpoint, world: Any, viewer: Any, bearer: Callable[[Any], Client]
) -> None:
    client = bearer(viewer)
    audited = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(world), endpoint.body(world))
    assert response.status_code == 403
    assert response.json()["detail"] == "You have read-only access to this account."
    assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_a_viewer_may_read(
    call: Call, endpoint: Endpoint, world: Any, viewer: Any, bearer: Callable[[Any], Client]
) -> None:
    response = call(bearer(viewer), endpoint.method, endpoint.url(world))
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", [*SCOPED, *MANAGED], ids=str)
def test_a_superuser_may_call_it(
    call: Call, endpoint: Endpoint, world: Any, superuser: Any, bearer: Callable[[Any], Client]
) -> None:
    response = call(bearer(superuser), endpoint.method, endpoint.url(world), endpoint.body(world))
    assert response.status_code == endpoint.success, response.content


@pytest.mark.parametrize("endpoint", READS, ids=str)
def test_a_sales_leader_may_read_their_teams_accounts(
    call: Call, endpoint: Endpoint, world: Any, leader: Any, bearer: Callable[[Any], Client]
) -> None:
    response = call(bearer(leader), endpoint.method, endpoint.url(world))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_a_sales_leader_may_not_change_their_teams_accounts(
    call: Call, endpoint: Endpoint, world: Any, leader: Any, bearer: Callable[[Any], Client]
) -> None:
    client = bearer(leader)
    audited = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(world), endpoint.body(world))
    assert response.status_code == 403, response.content
    assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize("endpoint", MANAGED, ids=str)
def test_a_sales_leader_may_change_portfolio_settings(
    call: Call, endpoint: Endpoint, world: Any, leader: Any, bearer: Callable[[Any], Client]
) -> None:
    client = bearer(leader)
    audited = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(world), endpoint.body(world))
    assert response.status_code == endpoint.success, response.content
    assert AuditEntry.objects.count() > audited


@pytest.mark.parametrize("endpoint", MANAGED, ids=str)
@pytest.mark.parametrize("persona", ["owner", "member", "viewer", "outsider"])
def test_only_leaders_and_admins_change_portfolio_settings(
    call: Call,
    endpoint: Endpoint,
    persona: str,
    world: Any,
    request: pytest.FixtureRequest,
    bearer: Callable[[Any], Client],
) -> None:
    client = bearer(request.getfixturevalue(persona))
    audited = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(world), endpoint.body(world))
    assert response.status_code == 403
    assert "Only sales leaders and administrators" in response.json()["detail"]
    assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/accounts/{account}/stakeholders/{zed}"),
        ("PATCH", "/api/accounts/{account}/stakeholders/{zed}"),
        ("DELETE", "/api/accounts/{account}/stakeholders/{zed}"),
        ("GET", "/api/accounts/{account}/warm-path/{zed}"),
        ("GET", "/api/accounts/{account}/stakeholders/999999"),
        ("PATCH", "/api/accounts/{account}/ties/999999"),
        ("DELETE", "/api/accounts/{account}/coverage/999999"),
        ("GET", "/api/accounts/999999"),
    ],
)
def test_ids_of_other_accounts_and_unknown_ids_are_not_found(
    call: Call, method: str, path: str, mapped: Any, owner: Any, bearer: Callable[[Any], Client]
) -> None:
    url = path.format(account=mapped.account, zed=mapped.zed)
    response = call(bearer(owner), method, url, {} if method == "PATCH" else None)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("No ")

"""The monitoring API: every endpoint for every persona (owner by token, team member by
session, outsider 404, anonymous 401, viewer reads only), the table covering every
monitoring operation of the OpenAPI schema; and the rules the pages follow, over JSON."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from relmap.api.urls import api
from relmap.core.models import AuditEntry
from relmap.monitoring.models import KpiPoint, SurveyResponse

from .conftest import MonitoringWorld

pytestmark = pytest.mark.django_db

A = "/api/accounts/{account_id}"
Body = Callable[[MonitoringWorld], dict[str, Any] | None]


def day(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    body: Body = lambda w: None
    status: int | None = None
    query: str = ""

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    @property
    def success(self) -> int:
        if self.status is not None:
            return self.status
        return {"GET": 200, "POST": 201, "PATCH": 200, "DELETE": 204}[self.method]

    def url(self, w: MonitoringWorld) -> str:
        return (
            self.path.format(
                account_id=w.account.pk,
                kpi_id=w.kpi.pk,
                complaint_id=w.complaint.pk,
                feedback_id=w.feedback.pk,
                action_id=w.action.pk,
            )
            + self.query
        )

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


ENDPOINTS = [
    Endpoint("GET", A + "/kpis"),
    Endpoint(
        "POST",
        A + "/kpis",
        lambda w: {
            "kind": "share_of_wallet",
            "baseline": 20,
            "baseline_on": day(30),
            "target": 30,
            "target_on": day(-300),
        },
    ),
    Endpoint("PATCH", A + "/kpis/{kpi_id}", lambda w: {"description": "Renewals kept"}),
    Endpoint("DELETE", A + "/kpis/{kpi_id}"),
    Endpoint("POST", A + "/kpis/{kpi_id}/points", lambda w: {"on": day(1), "value": 92.5}),
    Endpoint("GET", A + "/nps"),
    Endpoint("GET", A + "/nps/stakeholders"),
    Endpoint("GET", A + "/csat"),
    Endpoint("GET", A + "/complaints"),
    Endpoint(
        "POST",
        A + "/complaints",
        lambda w: {
            "category": "billing",
            "severity": "low",
            "summary": "Wrong PO",
            "opened_on": day(3),
            "stakeholder_id": w.ann.pk,
        },
    ),
    Endpoint(
        "PATCH",
        A + "/complaints/{complaint_id}",
        lambda w: {"resolved_on": day(1), "resolution": "Escalated"},
    ),
    Endpoint("DELETE", A + "/complaints/{complaint_id}"),
    Endpoint("GET", A + "/feedback"),
    Endpoint(
        "POST",
        A + "/feedback",
        lambda w: {
            "source": "email",
            "quote": "Thanks",
            "received_on": day(1),
            "themes": ["Support"],
        },
    ),
    Endpoint("DELETE", A + "/feedback/{feedback_id}"),
    Endpoint("GET", A + "/health"),
    Endpoint("GET", A + "/map-reviews"),
    Endpoint("POST", A + "/map-reviews", lambda w: {"notes": "QBR"}),
    Endpoint("GET", A + "/map-diff", query=f"?since={day(1)}"),
    Endpoint("GET", A + "/improvement-actions"),
    Endpoint(
        "POST",
        A + "/improvement-actions",
        lambda w: {"description": "Call the CFO", "due_on": day(-10), "kpi_id": w.kpi.pk},
    ),
    Endpoint(
        "PATCH",
        A + "/improvement-actions/{action_id}",
        lambda w: {"status": "done", "completed_on": day(1)},
    ),
    Endpoint("DELETE", A + "/improvement-actions/{action_id}"),
    Endpoint(
        "POST",
        A + "/monitoring/import",
        lambda w: {"csv": f"kpi,on,value\nRetention,{day(5)},91\n"},
    ),
]
OPERATIONS = {(e.method, e.path) for e in ENDPOINTS} | {("PUT", "/api/health/weights")}


def test_every_monitoring_endpoint_is_in_the_table() -> None:
    schema = api.get_openapi_schema(path_prefix="/api")
    tagged = {
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if "monitoring" in operation.get("tags", [])
    }
    assert tagged == OPERATIONS


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_the_owner_may_call_it_with_a_token(
    call: Any, bearer: Any, mw: MonitoringWorld, endpoint: Endpoint
) -> None:
    client = bearer(mw.owner)
    before = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(mw), endpoint.body(mw))
    assert response.status_code == endpoint.success, response.content
    if endpoint.writes:
        assert AuditEntry.objects.count() > before
        assert AuditEntry.objects.order_by("-id")[0].actor_id == mw.owner.pk


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_a_team_member_may_call_it_from_the_browser(
    call: Any, client: Client, mw: MonitoringWorld, endpoint: Endpoint
) -> None:
    client.force_login(mw.member)
    response = call(client, endpoint.method, endpoint.url(mw), endpoint.body(mw))
    assert response.status_code == endpoint.success, response.content


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_an_outsider_gets_not_found(
    call: Any, bearer: Any, mw: MonitoringWorld, outsider: Any, endpoint: Endpoint
) -> None:
    client = bearer(outsider)  # creating the token is audited: count after it
    before = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(mw), endpoint.body(mw))
    assert response.status_code == 404
    assert response.json()["detail"] == "No such account."
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_callers_get_401(call: Any, mw: MonitoringWorld, endpoint: Endpoint) -> None:
    before = AuditEntry.objects.count()
    response = call(Client(), endpoint.method, endpoint.url(mw), endpoint.body(mw))
    assert response.status_code == 401
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e.writes], ids=str)
def test_a_viewer_may_not_write(
    call: Any, bearer: Any, mw: MonitoringWorld, endpoint: Endpoint
) -> None:
    client = bearer(mw.viewer)
    before = AuditEntry.objects.count()
    response = call(client, endpoint.method, endpoint.url(mw), endpoint.body(mw))
    assert response.status_code == 403
    assert "read-only access" in response.json()["detail"]
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if not e.writes], ids=str)
def test_a_viewer_may_read(call: Any, bearer: Any, mw: MonitoringWorld, endpoint: Endpoint) -> None:
    assert call(bearer(mw.viewer), endpoint.method, endpoint.url(mw)).status_code == 200


def test_kpis_come_with_status_and_values(call: Any, bearer: Any, mw: MonitoringWorld) -> None:
    (kpi,) = call(bearer(mw.owner), "GET", A.format(account_id=mw.account.pk) + "/kpis").json()
    assert kpi["name"] == "Retention"
    assert kpi["status"]["status"] == "no_target"
    assert [p["value"] for p in kpi["points"]] == [90.0]
    # One value, 40 days ago: the next is expected within 45 days of it.
    assert kpi["freshness"]["late"] is False
    assert kpi["freshness"]["expected_by"] == day(-5)
    assert kpi["freshness"]["rhythm_days"] is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"on": day(1), "value": 140}, "above 100"),
        ({"on": day(-2), "value": 90}, "in the future"),
        ({"on": day(1), "value": "ninety"}, "valid number"),
        ({"on": day(1), "value": 90, "extra": 1}, "Extra inputs"),
    ],
)
def test_a_bad_value_is_refused_with_nothing_written(
    call: Any, bearer: Any, messages: Any, mw: MonitoringWorld, body: dict[str, Any], message: str
) -> None:
    url = A.format(account_id=mw.account.pk) + f"/kpis/{mw.kpi.pk}/points"
    response = call(bearer(mw.owner), "POST", url, body)
    assert response.status_code == 422
    assert message in messages(response)
    assert KpiPoint.objects.count() == 1


def test_a_bad_survey_file_lists_every_line_and_writes_nothing(
    call: Any, bearer: Any, messages: Any, mw: MonitoringWorld
) -> None:
    text = (
        "respondent,answered_on,score,survey\n"
        "a@x.example,2026-01-05,11,nps\n"
        "b@x.example,2026-01-05,ten,nps\n"
    )
    url = A.format(account_id=mw.account.pk) + "/monitoring/import"
    response = call(bearer(mw.owner), "POST", url, {"csv": text})
    assert response.status_code == 422
    assert "csv line 2: score 11 is off the nps scale (0 to 10)" in messages(response)
    assert "csv line 3: score 'ten' is not a whole number" in messages(response)
    assert not SurveyResponse.objects.exists()


def test_the_nps_says_what_it_was_computed_from(
    call: Any, bearer: Any, mw: MonitoringWorld
) -> None:
    rows = "".join(f"p{i}@x.example,{day(10)},{s},nps\n" for i, s in enumerate((10, 9, 3)))
    url = A.format(account_id=mw.account.pk)
    created = call(
        bearer(mw.owner),
        "POST",
        url + "/monitoring/import",
        {"csv": "respondent,answered_on,score,survey\n" + rows},
    )
    assert created.json()["kind"] == "survey_responses"
    few = call(bearer(mw.owner), "GET", url + "/nps").json()
    assert few["score"] is None
    assert "fewer than the minimum of 5" in few["explanation"]
    enough = call(bearer(mw.owner), "GET", url + "/nps?min_responses=3").json()
    assert (enough["score"], enough["promoters"], enough["detractors"]) == (33.3, 2, 1)
    assert call(bearer(mw.owner), "GET", url + "/nps?aggregation=mean").status_code == 422
    assert call(bearer(mw.owner), "GET", url + "/nps/stakeholders").json() == []  # unmatched
    matched = f"ann@northwind.example,{day(3)},9,nps\nann@northwind.example,{day(2)},5,nps\n"
    call(
        bearer(mw.owner),
        "POST",
        url + "/monitoring/import",
        {"csv": "respondent,answered_on,score,survey\n" + matched},
    )
    (ann,) = call(bearer(mw.owner), "GET", url + "/nps/stakeholders").json()
    assert (ann["stakeholder_id"], ann["name"]) == (mw.ann.pk, "Ann Archer")
    assert (ann["promoters"], ann["detractors"], ann["score"]) == (1, 1, 0.0)
    assert (
        call(bearer(mw.owner), "GET", url + "/nps/stakeholders?min_responses=0").status_code == 422
    )


def test_the_health_weights_are_for_leaders_and_administrators(
    call: Any, bearer: Any, mw: MonitoringWorld, superuser: Any, messages: Any
) -> None:
    from relmap.analytics.health import DEFAULT_WEIGHTS

    weights = dict.fromkeys(DEFAULT_WEIGHTS, 0) | {"coverage": 100}
    url = "/api/health/weights"
    assert call(Client(), "PUT", url, {"weights": weights}).status_code == 401
    assert call(bearer(mw.owner), "PUT", url, {"weights": weights}).status_code == 403
    bad = call(bearer(superuser), "PUT", url, {"weights": dict(DEFAULT_WEIGHTS)})
    assert bad.status_code == 200
    wrong = call(bearer(superuser), "PUT", url, {"weights": weights | {"attitude": 5}})
    assert wrong.status_code == 422
    assert "add up to 105, not 100" in messages(wrong)
    ok = call(bearer(superuser), "PUT", url, {"weights": weights})
    assert ok.json()["coverage"] == 100.0


def test_the_diff_and_the_reviews_over_the_api(call: Any, bearer: Any, mw: MonitoringWorld) -> None:
    from relmap.stakeholders.services import stakeholder_update

    base = A.format(account_id=mw.account.pk)
    client = bearer(mw.owner)
    review = call(client, "POST", base + "/map-reviews", {"notes": "Before"}).json()
    stakeholder_update(actor=mw.owner, stakeholder=mw.ann, attitude=2)
    diff = call(client, "GET", base + f"/map-diff?since=review-{review['id']}").json()
    assert diff["lines"] == ["Ann Archer: attitude unknown → +2"]
    assert call(client, "GET", base + "/map-diff?since=review-abc").status_code == 404
    assert call(client, "GET", base + "/map-diff?since=last%20week").status_code == 422
    health = call(client, "GET", base + "/health").json()
    assert len(health["components"]) == 10

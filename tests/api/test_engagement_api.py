"""``/api/accounts/{id}/engagement-plans``, ``/interactions`` and ``/api/touchpoints/mine``:
the same services, validation and permissions as the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.engagement.models import EngagementPlan, Interaction

from .conftest import Call, Map

pytestmark = pytest.mark.django_db
Bearer = Callable[[Any], Client]


def yesterday() -> str:
    return (timezone.now() - dt.timedelta(days=1)).isoformat()


def plan_body(m: Map, **changes: Any) -> dict[str, Any]:
    return {"stakeholder_id": m.ann, "owner_id": m.kim, "objective": "Sponsor", **changes}


def interaction_body(m: Map, **changes: Any) -> dict[str, Any]:
    return {
        "kind": "meeting",
        "occurred_at": yesterday(),
        "participants": [
            {"stakeholder_id": m.ann, "role": "attendee"},
            {"stakeholder_id": m.kim, "role": "organizer"},
        ],
        **changes,
    }


def test_a_plan_round_trip(owner: Any, mapped: Map, bearer: Bearer, call: Call) -> None:
    client = bearer(owner)
    base = f"/api/accounts/{mapped.account}/engagement-plans"
    proposal = client.get(f"{base}/proposal?stakeholder_id={mapped.ann}").json()
    assert proposal["code"] == "key_players:unknown"
    response = call(client, "POST", base, plan_body(mapped))
    assert response.status_code == 201, response.json()
    plan = response.json()
    assert plan["strategy"] == proposal["text"]
    assert plan["follows_proposal"]
    assert plan["due"]["status"] == "due"
    assert plan["last_touch"] is None
    unplanned = client.get(f"{base}/unplanned").json()
    assert mapped.ann not in [p["id"] for p in unplanned]
    assert mapped.bob in [p["id"] for p in unplanned]
    patched = call(client, "PATCH", f"{base}/{plan['id']}", {"cadence_days": 5}).json()
    assert patched["effective_cadence_days"] == 5
    refused = call(client, "PATCH", f"{base}/{plan['id']}", {"strategy": "Golf"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "strategy_reason"
    assert client.get(f"{base}").json()[0]["id"] == plan["id"]
    assert call(client, "DELETE", f"{base}/{plan['id']}").status_code == 204
    assert not EngagementPlan.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"owner_id": "MAPPED_ZED"}, 422),  # another account's person: no leak
        ({"channels": ["pigeon"]}, 422),
        ({"cadence_days": 0}, 422),
        ({"objective": ""}, 422),
        ({"surprise": 1}, 422),
    ],
)
def test_bad_plans_are_refused(
    owner: Any, mapped: Map, bearer: Bearer, call: Call, changes: dict[str, Any], status: int
) -> None:
    if changes.get("owner_id") == "MAPPED_ZED":
        changes["owner_id"] = mapped.zed
    response = call(
        bearer(owner),
        "POST",
        f"/api/accounts/{mapped.account}/engagement-plans",
        plan_body(mapped, **changes),
    )
    assert response.status_code == status, response.json()
    assert not EngagementPlan.objects.exists()


def test_an_interaction_round_trip(owner: Any, mapped: Map, bearer: Bearer, call: Call) -> None:
    client = bearer(owner)
    base = f"/api/accounts/{mapped.account}/interactions"
    created = call(client, "POST", base, interaction_body(mapped, notes="Good"))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert {p["name"] for p in body["participants"]} == {"Ann Archer", "Kim Kowalski"}
    listed = client.get(f"{base}?stakeholder_id={mapped.ann}").json()
    assert listed["count"] == 1
    assert client.get(f"{base}?stakeholder_id={mapped.bob}").json()["count"] == 0
    patched = call(
        client,
        "PATCH",
        f"{base}/{body['id']}",
        {"participants": [{"stakeholder_id": mapped.bob, "role": "attendee"}]},
    )
    assert patched.status_code == 200
    assert [p["name"] for p in patched.json()["participants"]] == ["Bob Baker"]
    assert call(client, "DELETE", f"{base}/{body['id']}").status_code == 204


@pytest.mark.parametrize(
    "changes",
    [
        {"occurred_at": "2026-01-05T09:00:00"},  # no offset
        {"occurred_at": "2999-01-05T09:00:00Z"},
        {"kind": "telepathy"},
        {"participants": []},
        {"participants": [{"stakeholder_id": 0}]},
        {"outcome_quality": 6},
        {"participants": [{"stakeholder_id": "ZED", "role": "attendee"}]},
    ],
)
def test_bad_interactions_are_refused(
    owner: Any, mapped: Map, bearer: Bearer, call: Call, changes: dict[str, Any]
) -> None:
    if changes.get("participants") and changes["participants"][0]["stakeholder_id"] == "ZED":
        changes["participants"][0]["stakeholder_id"] = mapped.zed
    response = call(
        bearer(owner),
        "POST",
        f"/api/accounts/{mapped.account}/interactions",
        interaction_body(mapped, **changes),
    )
    assert response.status_code == 422, response.json()
    assert not Interaction.objects.exists()


def test_my_touchpoints(owner: Any, mapped: Map, bearer: Bearer, call: Call) -> None:
    from relmap.accounts.models import Account
    from relmap.accounts.services import team_member_add
    from relmap.stakeholders.models import Stakeholder

    account = Account.objects.get(pk=mapped.account)
    kim = Stakeholder.objects.get(pk=mapped.kim)
    team_member_add(actor=owner, account=account, user=owner, role="sales", stakeholder=kim)
    client = bearer(owner)
    call(client, "POST", f"/api/accounts/{mapped.account}/engagement-plans", plan_body(mapped))
    mine = client.get("/api/touchpoints/mine").json()
    assert [p["stakeholder_id"] for p in mine["due"]] == [mapped.ann]
    assert mapped.bob in [p["id"] for p in mine["unplanned"]]


A = "/api/accounts/{account_id}"
# Every operation of these endpoints (tests/api/test_access.py checks the list against the
# OpenAPI schema); the tests below call each with every persona.
OPERATIONS = {
    ("GET", f"{A}/engagement-plans"),
    ("POST", f"{A}/engagement-plans"),
    ("GET", f"{A}/engagement-plans/findings"),
    ("GET", f"{A}/engagement-plans/proposal"),
    ("GET", f"{A}/engagement-plans/unplanned"),
    ("GET", f"{A}/engagement-plans/{{plan_id}}"),
    ("PATCH", f"{A}/engagement-plans/{{plan_id}}"),
    ("DELETE", f"{A}/engagement-plans/{{plan_id}}"),
    ("GET", f"{A}/interactions"),
    ("POST", f"{A}/interactions"),
    ("GET", f"{A}/interactions/{{interaction_id}}"),
    ("PATCH", f"{A}/interactions/{{interaction_id}}"),
    ("DELETE", f"{A}/interactions/{{interaction_id}}"),
    ("GET", "/api/touchpoints/mine"),
}

URLS = [
    ("GET", "/api/accounts/{a}/engagement-plans", None),
    ("GET", "/api/accounts/{a}/engagement-plans/findings", None),
    ("GET", "/api/accounts/{a}/engagement-plans/proposal?stakeholder_id={ann}", None),
    ("GET", "/api/accounts/{a}/engagement-plans/unplanned", None),
    ("POST", "/api/accounts/{a}/engagement-plans", "plan"),
    ("GET", "/api/accounts/{a}/interactions", None),
    ("POST", "/api/accounts/{a}/interactions", "interaction"),
]


def _send(call: Call, client: Client, m: Map, method: str, url: str, kind: str | None) -> Any:
    body = {"plan": plan_body(m), "interaction": interaction_body(m)}.get(kind or "")
    return call(client, method, url.format(a=m.account, ann=m.ann), body)


@pytest.mark.parametrize(("method", "url", "kind"), URLS)
def test_outsiders_get_not_found_and_anonymous_401(
    outsider: Any, mapped: Map, bearer: Bearer, call: Call, method: str, url: str, kind: Any
) -> None:
    client = bearer(outsider)
    before = AuditEntry.objects.count()
    assert _send(call, client, mapped, method, url, kind).status_code == 404
    assert _send(call, Client(), mapped, method, url, kind).status_code == 401
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(("method", "url", "kind"), URLS)
def test_viewers_read_but_do_not_write(
    viewer: Any, mapped: Map, bearer: Bearer, call: Call, method: str, url: str, kind: Any
) -> None:
    status = _send(call, bearer(viewer), mapped, method, url, kind).status_code
    assert status == (403 if method == "POST" else 200)


def test_item_urls_for_outsiders_and_viewers(
    owner: Any, outsider: Any, viewer: Any, mapped: Map, bearer: Bearer, call: Call
) -> None:
    client = bearer(owner)
    plan = call(
        client, "POST", f"/api/accounts/{mapped.account}/engagement-plans", plan_body(mapped)
    ).json()
    interaction = call(
        client, "POST", f"/api/accounts/{mapped.account}/interactions", interaction_body(mapped)
    ).json()
    items = [
        f"/api/accounts/{mapped.account}/engagement-plans/{plan['id']}",
        f"/api/accounts/{mapped.account}/interactions/{interaction['id']}",
    ]
    for url in items:
        assert bearer(outsider).get(url).status_code == 404
        assert Client().get(url).status_code == 401
        assert bearer(viewer).get(url).status_code == 200
        assert call(bearer(viewer), "PATCH", url, {"notes": "x"}).status_code in {403, 422}
        assert call(bearer(viewer), "DELETE", url).status_code == 403
        assert call(bearer(outsider), "DELETE", url).status_code == 404
    assert Client().get("/api/touchpoints/mine").status_code == 401

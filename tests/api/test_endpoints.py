"""What each endpoint does, through the same services the web UI uses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, get_args

import pytest
from django.test import Client

from relmap.accounts.models import AccountMembership
from relmap.analytics import QUADRANTS, quadrant
from relmap.api.schemas.stakeholders import Quadrant
from relmap.core.models import AuditEntry
from relmap.stakeholders.models import Coverage, Stakeholder, Tie

pytestmark = pytest.mark.django_db

Call = Callable[..., Any]


@pytest.fixture
def client(owner: Any, bearer: Callable[[Any], Client]) -> Client:
    return bearer(owner)


# Accounts ---------------------------------------------------------------------------


def test_the_creator_of_an_account_owns_it(
    call: Call, member: Any, bearer: Callable[[Any], Client]
) -> None:
    response = call(
        bearer(member), "POST", "/api/accounts", {"name": " Initech ", "kind": "partner"}
    )
    assert response.status_code == 201
    data = response.json()
    assert data["name"] == "Initech"
    assert data["kind"] == "partner"
    assert (data["owner_id"], data["owner"]) == (member.pk, "mateo")
    membership = AccountMembership.objects.get(account_id=data["id"], user=member)
    assert membership.role == "key_account_manager"


def test_an_account_is_changed_and_audited(
    call: Call, client: Client, account: Any, owner: Any
) -> None:
    response = call(client, "PATCH", f"/api/accounts/{account.pk}", {"industry": "Health care"})
    assert response.status_code == 200
    assert response.json()["industry"] == "Health care"
    assert response.json()["name"] == "Northwind Health"
    entry = AuditEntry.objects.filter(action="relmap.account.updated").get()
    assert (entry.before, entry.after, entry.actor_id) == (
        {"industry": ""},
        {"industry": "Health care"},
        owner.pk,
    )


def test_the_account_list_is_paginated(
    call: Call, owner: Any, bearer: Callable[[Any], Client]
) -> None:
    from relmap.accounts.services import account_create

    for name in ("Acme", "Beta", "Cyan"):
        account_create(actor=owner, name=name, owner=owner)
    response = bearer(owner).get("/api/accounts", {"limit": 2, "offset": 1})
    assert response.json()["count"] == 3
    assert [a["name"] for a in response.json()["items"]] == ["Beta", "Cyan"]


def test_each_account_says_whether_its_map_is_stale(
    owner: Any,
    superuser: Any,
    account: Any,
    bearer: Callable[[Any], Client],
    django_assert_num_queries: Any,
) -> None:
    """The list, one account, a new account and a change all carry the map's review state:
    the tier's cadence (star: 90 days, streamline: 365), else the default (90)."""
    import datetime as dt

    from django.utils import timezone

    from relmap.accounts.portfolio_services import tier_override_set
    from relmap.accounts.services import account_create
    from relmap.monitoring.history import review_create
    from relmap.monitoring.models import MapReview

    today = timezone.localdate()
    for name, tier in (("Acme", "star"), ("Tiny", "streamline")):
        other = account_create(actor=owner, name=name, owner=owner)
        tier_override_set(actor=superuser, account=other, tier=tier, reason="Test")
        review = review_create(actor=owner, account=other)
        MapReview.objects.filter(pk=review.pk).update(
            reviewed_at=review.reviewed_at - dt.timedelta(days=100)
        )
    client = bearer(owner)
    client.get("/api/accounts")  # the first use of a token records it
    with django_assert_num_queries(5):  # token, count, page, tier policies, settings
        rows = {a["name"]: a for a in client.get("/api/accounts").json()["items"]}
    reviewed = (today - dt.timedelta(days=100)).isoformat()
    assert rows["Acme"]["map_last_reviewed"] == reviewed
    assert rows["Acme"]["map_review_due"] == (today - dt.timedelta(days=10)).isoformat()
    assert rows["Acme"]["map_stale"] is True
    assert rows["Tiny"]["map_review_due"] == (today + dt.timedelta(days=265)).isoformat()
    assert rows["Tiny"]["map_stale"] is False
    never = rows["Northwind Health"]
    assert (never["map_last_reviewed"], never["map_review_due"], never["map_stale"]) == (
        None,
        None,
        True,
    )
    assert client.get(f"/api/accounts/{account.pk}").json()["map_stale"] is True
    review_create(actor=owner, account=account)
    one = client.patch(
        f"/api/accounts/{account.pk}", {"industry": "Care"}, content_type="application/json"
    ).json()
    assert (one["map_last_reviewed"], one["map_stale"]) == (today.isoformat(), False)
    created = client.post(
        "/api/accounts", {"name": "Fresh"}, content_type="application/json"
    ).json()
    assert (created["map_last_reviewed"], created["map_stale"]) == (None, True)


# Stakeholders -----------------------------------------------------------------------


def test_a_stakeholder_is_created_with_every_attribute(
    call: Call, client: Client, mapped: Any
) -> None:
    body = {
        "name": "Dan Dorsey",
        "ref": "crm-42",
        "side": "partner",
        "title": "Alliance lead",
        "department": "Partners",
        "seniority": "senior",
        "email": "dan@example.com",
        "roles": ["influencer", "sponsor"],
        "power": 4,
        "interest": 2,
        "attitude": -1,
        "trust": 2,
        "rationale": "Controls the reseller channel.",
    }
    response = call(client, "POST", f"/api/accounts/{mapped.account}/stakeholders", body)
    assert response.status_code == 201
    data = response.json()
    assert {k: data[k] for k in body} == body
    assert (data["quadrant"], data["quadrant_label"]) == ("keep_satisfied", "Keep satisfied")
    assert data["account_id"] == mapped.account
    assert AuditEntry.objects.filter(
        action="relmap.stakeholder.created", object_id=data["id"]
    ).exists()


def test_defaults_keep_attitude_unknown(call: Call, client: Client, mapped: Any) -> None:
    data = call(
        client, "POST", f"/api/accounts/{mapped.account}/stakeholders", {"name": "Dan"}
    ).json()
    assert (data["power"], data["interest"], data["attitude"], data["trust"]) == (3, 3, None, None)
    assert (data["side"], data["status"], data["roles"]) == ("customer", "active", [])


def test_a_patch_changes_only_what_is_sent(call: Call, client: Client, mapped: Any) -> None:
    url = f"/api/accounts/{mapped.account}/stakeholders/{mapped.ann}"
    response = call(client, "PATCH", url, {"power": 2, "interest": 2})
    assert response.status_code == 200
    assert response.json()["title"] == "CFO"
    assert response.json()["quadrant"] == "minimal_effort"
    assert AuditEntry.objects.filter(
        action="relmap.stakeholder.moved", object_id=mapped.ann
    ).exists()


def test_leaving_is_dated(call: Call, client: Client, mapped: Any) -> None:
    url = f"/api/accounts/{mapped.account}/stakeholders/{mapped.ann}"
    data = call(client, "PATCH", url, {"status": "left"}).json()
    assert data["status"] == "left"
    assert data["status_changed_on"] is not None


def test_deleting_a_stakeholder_takes_their_ties_and_coverage(
    call: Call, client: Client, mapped: Any
) -> None:
    url = f"/api/accounts/{mapped.account}/stakeholders/{mapped.ann}"
    response = call(client, "DELETE", url)
    assert response.status_code == 204
    assert response.content == b""
    assert not Stakeholder.objects.filter(pk=mapped.ann).exists()
    assert not Tie.objects.filter(pk=mapped.tie).exists()
    assert not Coverage.objects.filter(pk=mapped.coverage).exists()


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({}, ["Ann Archer", "Bob Baker", "Cat Chen", "Kim Kowalski"]),
        ({"side": "internal"}, ["Kim Kowalski"]),
        ({"department": "board"}, ["Bob Baker"]),
        ({"role": "champion"}, ["Cat Chen"]),
        ({"role": "user"}, ["Cat Chen"]),
        ({"role": "economic_buyer"}, ["Ann Archer"]),
        ({"quadrant": "key_players"}, ["Ann Archer", "Kim Kowalski"]),
        ({"quadrant": "keep_satisfied"}, ["Bob Baker"]),
        ({"quadrant": "keep_informed"}, ["Cat Chen"]),
        ({"quadrant": "minimal_effort"}, []),
        ({"side": "customer", "quadrant": "key_players"}, ["Ann Archer"]),
    ],
)
def test_the_stakeholder_list_filters(
    client: Client, mapped: Any, query: dict[str, str], names: list[str]
) -> None:
    response = client.get(f"/api/accounts/{mapped.account}/stakeholders", query)
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["items"]] == names
    assert response.json()["count"] == len(names)


def test_the_quadrant_filter_offers_the_quadrants_of_the_analytics() -> None:
    assert set(get_args(Quadrant)) == set(QUADRANTS)


def test_the_quadrant_filter_agrees_with_the_analytics(
    client: Client, account: Any, person: Any
) -> None:
    for power in range(1, 6):
        for interest in range(1, 6):
            person(account, f"P{power}{interest}", power=power, interest=interest)
    url = f"/api/accounts/{account.pk}/stakeholders"
    for key in ("key_players", "keep_satisfied", "keep_informed", "minimal_effort"):
        items = client.get(url, {"quadrant": key, "limit": 100}).json()["items"]
        assert items
        assert all(quadrant(p["power"], p["interest"]) == key == p["quadrant"] for p in items)


# Ties and coverage ------------------------------------------------------------------


def test_a_tie_is_created_with_both_names(call: Call, client: Client, mapped: Any) -> None:
    body = {"source_id": mapped.cat, "target_id": mapped.bob, "kind": "influences", "strength": 4}
    data = call(client, "POST", f"/api/accounts/{mapped.account}/ties", body).json()
    assert (data["source_name"], data["kind_label"], data["target_name"]) == (
        "Cat Chen",
        "influences",
        "Bob Baker",
    )
    assert data["strength"] == 4


def test_a_tie_can_become_a_dotted_line(call: Call, client: Client, mapped: Any) -> None:
    url = f"/api/accounts/{mapped.account}/ties/{mapped.tie}"
    data = call(client, "PATCH", url, {"kind": "dotted_line", "notes": "Matrix"}).json()
    assert (data["kind"], data["notes"]) == ("dotted_line", "Matrix")


def test_the_tie_list(client: Client, mapped: Any) -> None:
    data = client.get(f"/api/accounts/{mapped.account}/ties").json()
    assert data["count"] == 1
    assert data["items"][0]["source_id"] == mapped.ann


def test_coverage_is_recorded_and_changed(call: Call, client: Client, mapped: Any) -> None:
    url = f"/api/accounts/{mapped.account}/coverage"
    body = {
        "our_person_id": mapped.kim,
        "their_person_id": mapped.cat,
        "current_depth": "problem_solver",
    }
    created = call(client, "POST", url, body)
    assert created.status_code == 201
    assert created.json()["their_person_name"] == "Cat Chen"
    changed = call(client, "PATCH", f"{url}/{created.json()['id']}", {"strength": 5})
    assert changed.json()["strength"] == 5
    assert changed.json()["current_depth"] == "problem_solver"
    assert client.get(url).json()["count"] == 2


# Analysis ---------------------------------------------------------------------------


def test_the_analysis_explains_every_person_and_finding(client: Client, mapped: Any) -> None:
    response = client.get(f"/api/accounts/{mapped.account}/analysis")
    assert response.status_code == 200
    data = response.json()
    assert data["account_id"] == mapped.account
    people = {p["id"]: p for p in data["stakeholders"]}
    assert set(people) == {mapped.ann, mapped.bob, mapped.cat, mapped.kim}
    assert people[mapped.ann]["quadrant"] == "key_players"
    assert sorted(p["influence_rank"] for p in data["stakeholders"]) == [1, 2, 3, 4]
    assert all(p["explanation"] for p in data["stakeholders"])
    assert data["findings"]
    on_map = set(people)
    for finding in data["findings"]:
        assert finding["severity"] in {"high", "medium", "low"}
        assert finding["title"]
        assert finding["explanation"]
        assert set(finding["people"]) <= on_map
    assert 0 <= data["diamond_index"] <= 1
    assert data["betweenness_sampled"] is False


def test_the_warm_path_runs_from_our_people_to_the_target(client: Client, mapped: Any) -> None:
    data = client.get(f"/api/accounts/{mapped.account}/warm-path/{mapped.bob}").json()
    assert data["found"] is True
    assert [p["id"] for p in data["people"]] == [mapped.kim, mapped.ann, mapped.bob]
    assert data["people"][0]["side"] == "internal"
    assert 0 < data["strength"] <= 1
    assert data["explanation"]


def test_no_warm_path_is_an_answer_not_an_error(client: Client, mapped: Any) -> None:
    response = client.get(f"/api/accounts/{mapped.account}/warm-path/{mapped.cat}")
    assert response.status_code == 200
    data = response.json()
    assert (data["found"], data["people"], data["strength"]) == (False, [], 0.0)
    assert "Cat Chen" in data["explanation"]

"""Bad input gets a 4xx JSON answer that says what is wrong, and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError
from django.test import Client

from relmap.core.models import AuditEntry
from relmap.stakeholders.models import Coverage, Stakeholder, Tie

pytestmark = pytest.mark.django_db

Call = Callable[..., Any]
POWER = "Power must be a whole number from 1 (low) to 5 (high)."
ATTITUDE = "Attitude must be -2 (opponent) to +2 (champion), or unknown."


@pytest.fixture
def client(owner: Any, bearer: Callable[[Any], Client]) -> Client:
    return bearer(owner)


@pytest.fixture
def nothing_written() -> Any:
    """Assert at the end of the test that no row of the map and no audit entry was added."""
    models = (Stakeholder, Tie, Coverage, AuditEntry)
    before = [m.objects.count() for m in models]
    yield
    assert [m.objects.count() for m in models] == before


def stakeholders_url(m: Any) -> str:
    return f"/api/accounts/{m.account}/stakeholders"


@pytest.mark.parametrize("power", [0, 7, 2.5, "high", True])
def test_it_rejects_power_outside_one_to_five(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any, power: Any
) -> None:
    response = call(client, "POST", stakeholders_url(mapped), {"name": "Dan", "power": power})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "power", "source": "body", "message": POWER}]
    assert POWER in response.json()["detail"]


def test_it_rejects_power_outside_the_scale_on_update(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any
) -> None:
    url = f"{stakeholders_url(mapped)}/{mapped.ann}"
    response = call(client, "PATCH", url, {"power": 7})
    assert response.status_code == 422
    assert POWER in messages(response)
    assert Stakeholder.objects.get(pk=mapped.ann).power == 5


@pytest.mark.parametrize("attitude", [3, -3, "supporter", 0.5])
def test_it_rejects_an_attitude_outside_the_scale(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any, attitude: Any
) -> None:
    response = call(client, "POST", stakeholders_url(mapped), {"name": "Dan", "attitude": attitude})
    assert response.status_code == 422
    assert ATTITUDE in messages(response)


def test_null_attitude_means_unknown_and_zero_means_neutral(
    call: Call, client: Client, mapped: Any
) -> None:
    url = f"{stakeholders_url(mapped)}/{mapped.ann}"
    assert call(client, "PATCH", url, {"attitude": 0}).json()["attitude"] == 0
    assert call(client, "PATCH", url, {"attitude": None}).json()["attitude"] is None
    assert Stakeholder.objects.get(pk=mapped.ann).attitude is None


@pytest.mark.parametrize(
    ("body", "field", "wording"),
    [
        ({"name": "Dan", "side": "competitor"}, "side", "'customer'"),
        ({"name": "Dan", "roles": ["kingmaker"]}, "roles.0", "'economic_buyer'"),
        ({"name": "Dan", "trust": 9}, "trust", "Trust must be a whole number"),
        ({"name": ""}, "name", "at least 1 character"),
        ({"name": "Dan", "powr": 3}, "powr", "Extra inputs are not permitted"),
        ({"power": 3}, "name", "Field required"),
    ],
)
def test_it_names_the_field_that_is_wrong(
    call: Call,
    client: Client,
    mapped: Any,
    nothing_written: Any,
    body: dict[str, Any],
    field: str,
    wording: str,
) -> None:
    response = call(client, "POST", stakeholders_url(mapped), body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [e["field"] for e in errors] == [field]
    assert wording in errors[0]["message"]


def test_it_reports_service_validation_with_the_services_message(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any
) -> None:
    response = call(client, "POST", stakeholders_url(mapped), {"name": "Dan", "email": "nope"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "email"
    assert "valid email" in messages(response)


def test_it_rejects_a_duplicate_ref(call: Call, client: Client, mapped: Any) -> None:
    body = {"name": "Dan", "ref": "crm-1"}
    assert call(client, "POST", stakeholders_url(mapped), body).status_code == 201
    response = call(client, "POST", stakeholders_url(mapped), {**body, "name": "Dana"})
    assert response.status_code == 422
    assert "Another stakeholder of this account has this id." in response.json()["detail"]
    assert Stakeholder.objects.filter(ref="crm-1").count() == 1


@pytest.mark.parametrize("body", ['{"name": "Dan",', "name=Dan", "[1, 2", "\x00"])
def test_it_rejects_a_body_that_is_not_json(
    client: Client, mapped: Any, nothing_written: Any, body: str
) -> None:
    response = client.post(stakeholders_url(mapped), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The request body is not valid JSON")


def test_it_rejects_a_json_body_that_is_not_an_object(
    call: Call, client: Client, mapped: Any, nothing_written: Any
) -> None:
    response = call(client, "POST", stakeholders_url(mapped), ["Dan"])
    assert response.status_code == 422


def test_it_rejects_a_missing_body(
    call: Call, client: Client, mapped: Any, nothing_written: Any
) -> None:
    response = call(client, "POST", stakeholders_url(mapped))
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"] == "body"


def test_it_rejects_a_bad_query_parameter(client: Client, mapped: Any) -> None:
    response = client.get(stakeholders_url(mapped), {"quadrant": "top_right", "limit": "0"})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"quadrant", "limit"}


# Ties -------------------------------------------------------------------------------


def ties_url(m: Any) -> str:
    return f"/api/accounts/{m.account}/ties"


def test_it_rejects_an_unknown_tie_kind(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any
) -> None:
    body = {"source_id": mapped.cat, "target_id": mapped.bob, "kind": "golfs_with"}
    response = call(client, "POST", ties_url(mapped), body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "kind"
    assert "'reports_to'" in messages(response)


def test_it_rejects_a_tie_strength_outside_the_scale(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any
) -> None:
    response = call(client, "PATCH", f"{ties_url(mapped)}/{mapped.tie}", {"strength": 6})
    assert response.status_code == 422
    assert "Tie strength must be a whole number from 1 (weak) to 5 (strong)." in messages(response)


def test_it_rejects_a_self_tie(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any
) -> None:
    body = {"source_id": mapped.ann, "target_id": mapped.ann, "kind": "advises"}
    response = call(client, "POST", ties_url(mapped), body)
    assert response.status_code == 422
    assert "Ann Archer cannot be tied to themself." in messages(response)


def test_it_rejects_a_reporting_cycle(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any
) -> None:
    # Ann already reports to Bob.
    body = {"source_id": mapped.bob, "target_id": mapped.ann, "kind": "reports_to"}
    response = call(client, "POST", ties_url(mapped), body)
    assert response.status_code == 422
    assert "reporting cycle" in messages(response)


def test_it_rejects_a_second_line_manager(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any
) -> None:
    body = {"source_id": mapped.ann, "target_id": mapped.cat, "kind": "reports_to"}
    response = call(client, "POST", ties_url(mapped), body)
    assert response.status_code == 422
    assert "Ann Archer already reports to Bob Baker" in messages(response)


def test_it_rejects_a_duplicate_tie(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any
) -> None:
    body = {"source_id": mapped.ann, "target_id": mapped.bob, "kind": "reports_to"}
    response = call(client, "POST", ties_url(mapped), body)
    assert response.status_code == 422
    assert "already on the map" in messages(response)


@pytest.mark.parametrize("field", ["source_id", "target_id"])
def test_a_person_of_another_account_is_not_found_on_this_one(
    call: Call, client: Client, mapped: Any, nothing_written: Any, field: str
) -> None:
    body = {
        "source_id": mapped.ann,
        "target_id": mapped.bob,
        "kind": "influences",
        field: mapped.zed,
    }
    response = call(client, "POST", ties_url(mapped), body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": field,
            "source": "body",
            "message": f"No stakeholder {mapped.zed} on this account.",
        }
    ]


def test_an_unknown_person_reads_exactly_like_another_accounts(
    call: Call, client: Client, mapped: Any
) -> None:
    """Other teams' ids must not be told apart from ids that do not exist."""
    unknown = mapped.zed + 1000
    answers = []
    for pk in (mapped.zed, unknown):
        body = {"source_id": mapped.ann, "target_id": pk, "kind": "influences"}
        response = call(client, "POST", ties_url(mapped), body)
        answers.append((response.status_code, response.json()["detail"].replace(str(pk), "N")))
    assert answers[0] == answers[1]


# Coverage ---------------------------------------------------------------------------


def coverage_url(m: Any) -> str:
    return f"/api/accounts/{m.account}/coverage"


def test_coverage_must_start_from_one_of_our_people(
    call: Call, messages: Any, client: Client, mapped: Any, nothing_written: Any
) -> None:
    body = {"our_person_id": mapped.bob, "their_person_id": mapped.ann}
    response = call(client, "POST", coverage_url(mapped), body)
    assert response.status_code == 422
    assert "Bob Baker is not one of our people" in messages(response)


def test_coverage_rejects_an_unknown_depth(
    call: Call, client: Client, mapped: Any, nothing_written: Any
) -> None:
    url = f"{coverage_url(mapped)}/{mapped.coverage}"
    response = call(client, "PATCH", url, {"current_depth": "best_friend"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "current_depth"


def test_coverage_of_a_person_on_another_account_is_not_found(
    call: Call, client: Client, mapped: Any, nothing_written: Any
) -> None:
    body = {"our_person_id": mapped.kim, "their_person_id": mapped.zed}
    response = call(client, "POST", coverage_url(mapped), body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "their_person_id"


# Accounts and conflicts -------------------------------------------------------------


def test_it_rejects_a_duplicate_account_name(
    call: Call, messages: Any, client: Client, mapped: Any
) -> None:
    response = call(client, "POST", "/api/accounts", {"name": "Northwind Health"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"
    assert "already exists" in messages(response)


def test_a_conflict_in_the_database_is_409(
    call: Call, client: Client, mapped: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests racing past validation: the constraint wins and the caller is told."""

    def racing(**kwargs: Any) -> Any:
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr("relmap.stakeholders.services.stakeholder_create", racing)
    response = call(client, "POST", stakeholders_url(mapped), {"name": "Dan"})
    assert response.status_code == 409
    assert "conflicts" in response.json()["detail"]


def test_an_unexpected_error_is_json_and_logged(
    call: Call, client: Client, mapped: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("relmap.stakeholders.services.stakeholder_create", broken)
    response = call(client, "POST", stakeholders_url(mapped), {"name": "Dan"})
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal error; it has been logged.", "errors": []}
    assert "boom" in caplog.text


HUGE = 2**80  # beyond any 64-bit database id (found by schemathesis: a 500 from the driver)
ID_MESSAGE = f"An id is a whole number from 1 to {2**63 - 1}."


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "ties", {"source_id": HUGE, "target_id": 1, "kind": "influences"}, "source_id"),
        ("POST", "coverage", {"our_person_id": 1, "their_person_id": HUGE}, "their_person_id"),
        ("GET", f"/api/portfolio?owner_id={HUGE}", None, "owner_id"),
    ],
)
def test_an_id_beyond_64_bits_is_a_clear_422_not_a_500(
    call: Call,
    client: Client,
    mapped: Any,
    nothing_written: Any,
    method: str,
    path: str,
    body: Any,
    field: str,
) -> None:
    url = path if path.startswith("/") else f"/api/accounts/{mapped.account}/{path}"
    response = call(client, method, url, body)
    assert response.status_code == 422
    errors = [(e["field"], e["message"]) for e in response.json()["errors"]]
    assert (field, ID_MESSAGE) in errors

"""``/api/accounts/{id}/team``: our people on the account with their function, each shown
on the map as an internal stakeholder, through the same services as the team on the
"Value & tier" page. Who may call what is in test_access.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from relmap.accounts.models import AccountMembership
from relmap.accounts.services import membership_set
from relmap.core.models import AuditEntry
from relmap.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db

Call = Callable[..., Any]


@pytest.fixture
def client(owner: Any, bearer: Callable[[Any], Client]) -> Client:
    return bearer(owner)


@pytest.fixture
def team_url(world: Any) -> str:
    return f"/api/accounts/{world.account}/team"


@pytest.fixture
def nothing_written(client: Client) -> Iterator[None]:
    models = (AccountMembership, Stakeholder, AuditEntry)
    before = [list(m.objects.order_by("pk").values()) for m in models]
    yield
    assert [list(m.objects.order_by("pk").values()) for m in models] == before


def test_the_team_lists_everyone_with_their_function(
    client: Client, team_url: str, world: Any, owner: Any
) -> None:
    data = client.get(team_url).json()
    assert [(m["username"], m["role"], m["function"]) for m in data] == [
        ("cole", "delivery", "Delivery"),
        ("mateo", "sales", "Sales"),
        ("olivia", "key_account_manager", "Key account manager"),
    ]
    me = data[-1]
    assert (me["user_id"], me["is_owner"], me["can_edit"]) == (owner.pk, True, True)
    assert not any(m["is_owner"] for m in data[:-1])


def test_a_colleague_joins_the_team_and_the_map(
    call: Call, client: Client, team_url: str, world: Any, owner: Any
) -> None:
    response = call(client, "POST", team_url, {"user_id": world.newcomer, "role": "legal"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["user_id"], data["role"], data["function"]) == (world.newcomer, "legal", "Legal")
    person = Stakeholder.objects.get(pk=data["stakeholder_id"])
    assert (person.side, person.account_id, person.title) == ("internal", world.account, "Legal")
    actions = set(
        AuditEntry.objects.filter(account_id=world.account, actor_id=owner.pk).values_list(
            "action", flat=True
        )
    )
    assert {"relmap.membership.created", "relmap.membership.linked"} <= actions


def test_a_colleague_can_stand_for_someone_already_on_the_map(
    call: Call, client: Client, team_url: str, world: Any
) -> None:
    body = {"user_id": world.newcomer, "role": "product", "stakeholder_id": world.kim}
    response = call(client, "POST", team_url, body)
    assert response.status_code == 201, response.content
    assert response.json()["stakeholder_id"] == world.kim
    assert Stakeholder.objects.filter(account_id=world.account, side="internal").count() == 1


def test_a_new_function_reaches_the_map_and_is_audited(
    call: Call, client: Client, team_url: str, world: Any, owner: Any
) -> None:
    call(client, "POST", team_url, {"user_id": world.newcomer, "role": "legal"})
    response = call(client, "PATCH", f"{team_url}/{world.newcomer}", {"role": "finance"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["role"], data["function"]) == ("finance", "Finance")
    person = Stakeholder.objects.get(pk=data["stakeholder_id"])
    assert (person.title, person.department) == ("Finance", "Finance")
    entry = AuditEntry.objects.get(action="relmap.stakeholder.updated", object_id=person.pk)
    assert (entry.before, entry.after, entry.actor_id) == (
        {"title": "Legal", "department": "Legal"},
        {"title": "Finance", "department": "Finance"},
        owner.pk,
    )


def test_a_member_not_yet_on_the_map_is_put_there_with_their_new_function(
    call: Call, client: Client, team_url: str, world: Any
) -> None:
    # cole joined the team without a stakeholder; the web UI's "add" would put him on the
    # map, and so does a change of function.
    response = call(client, "PATCH", f"{team_url}/{world.colleague}", {"role": "service"})
    assert response.status_code == 200, response.content
    person = Stakeholder.objects.get(pk=response.json()["stakeholder_id"])
    assert (person.side, person.title) == ("internal", "Customer service")


def test_someone_leaves_the_team_and_stays_on_the_map(
    call: Call, client: Client, team_url: str, world: Any
) -> None:
    added = call(client, "POST", team_url, {"user_id": world.newcomer, "role": "legal"}).json()
    response = call(client, "DELETE", f"{team_url}/{world.newcomer}")
    assert response.status_code == 204
    assert not AccountMembership.objects.filter(user_id=world.newcomer).exists()
    assert Stakeholder.objects.filter(pk=added["stakeholder_id"]).exists()
    assert AuditEntry.objects.filter(action="relmap.membership.deleted").exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            lambda w: {"user_id": w.newcomer, "role": "viewer"},
            "role",
            "Unknown function 'viewer'; use one of key_account_manager, executive_sponsor, "
            "sales, solution_specialist, delivery, service, product, finance, legal.",
        ),
        (
            lambda w: {"user_id": w.newcomer, "role": "intern"},
            "role",
            "Unknown function 'intern'",
        ),
        (lambda w: {"user_id": 999_999, "role": "legal"}, "user_id", "No active user 999999."),
        (
            lambda w: {"user_id": w.colleague, "role": "legal"},
            "user_id",
            "cole is already on this account's team as Delivery; change their function with PATCH",
        ),
        (
            lambda w: {"user_id": w.newcomer, "role": "legal", "stakeholder_id": w.zed},
            "stakeholder_id",
            "No stakeholder",
        ),
        (
            lambda w: {"user_id": w.newcomer, "role": "legal", "stakeholder_id": w.ann},
            None,
            "Ann Archer is not one of our people on this account's map.",
        ),
        (lambda w: {"user_id": w.newcomer}, "role", "Field required"),
    ],
    ids=[
        "viewer-is-not-a-function",
        "unknown-function",
        "unknown-user",
        "already-on-the-team",
        "stakeholder-of-another-account",
        "customer-stakeholder",
        "no-function",
    ],
)
def test_a_bad_addition_is_refused_and_writes_nothing(
    call: Call,
    messages: Callable[[Any], str],
    client: Client,
    team_url: str,
    world: Any,
    nothing_written: None,
    body: Callable[[Any], dict[str, Any]],
    field: str | None,
    message: str,
) -> None:
    response = call(client, "POST", team_url, body(world))
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert message in messages(response)


def test_an_inactive_user_cannot_join(
    call: Call, client: Client, team_url: str, world: Any, nothing_written: None
) -> None:
    from django.contrib.auth.models import User

    User.objects.filter(pk=world.newcomer).update(is_active=False)
    response = call(client, "POST", team_url, {"user_id": world.newcomer, "role": "legal"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == f"No active user {world.newcomer}."


def test_the_owner_cannot_leave(
    call: Call,
    messages: Callable[[Any], str],
    client: Client,
    team_url: str,
    owner: Any,
    nothing_written: None,
) -> None:
    response = call(client, "DELETE", f"{team_url}/{owner.pk}")
    assert response.status_code == 422
    assert "The account owner cannot leave the team; change the owner first." in messages(response)


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_someone_not_on_the_team_is_not_found(
    call: Call,
    client: Client,
    team_url: str,
    world: Any,
    other_account: Any,
    outsider: Any,
    nothing_written: None,
    method: str,
) -> None:
    # The outsider is on another account's team: not on this one.
    for user_id in (world.newcomer, outsider.pk):
        url = f"{team_url}/{user_id}"
        response = call(client, method, url, {"role": "legal"} if method == "PATCH" else None)
        assert response.status_code == 404
        assert response.json()["detail"] == f"No team member {user_id} on this account."


def test_a_bad_function_change_is_refused(
    call: Call, client: Client, team_url: str, world: Any, nothing_written: None
) -> None:
    response = call(client, "PATCH", f"{team_url}/{world.colleague}", {"role": "viewer"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "role"


def test_the_team_reads_in_a_fixed_number_of_queries(
    client: Client, team_url: str, world: Any, owner: Any, make_user: Callable[..., Any]
) -> None:
    from relmap.accounts.models import Account

    account = Account.objects.get(pk=world.account)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(team_url).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first use of a token records it
    small = count()
    for i in range(8):
        membership_set(actor=owner, account=account, user=make_user(f"extra{i}"), role="sales")
    assert count() == small

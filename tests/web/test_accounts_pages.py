"""Logging in and out, and the list of accounts a user may open."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relmap.accounts.models import Account

from ..conftest import PASSWORD
from .conftest import World

pytestmark = pytest.mark.django_db


def test_logging_in_leads_to_the_accounts(client: Client, owner: Any) -> None:
    response = client.post(reverse("login"), {"username": "olivia", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:list")


def test_a_wrong_password_is_refused_with_a_message(client: Client, owner: Any) -> None:
    response = client.post(reverse("login"), {"username": "olivia", "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_logging_out_takes_a_post(client: Client, owner: Any) -> None:
    client.force_login(owner)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:list")).status_code == 302


def test_it_lists_only_the_accounts_of_the_users_teams(
    client: Client, world: World, other_account: Any
) -> None:
    client.force_login(world.member)
    response = client.get(reverse("accounts:list"))
    assert [r["account"] for r in response.context["rows"]] == [world.account]
    content = response.content.decode()
    assert "Northwind Health" in content
    assert "Globex Rail" not in content


def test_it_counts_each_accounts_stakeholders(
    client: Client, world: World, superuser: Any, other_account: Any
) -> None:
    client.force_login(superuser)
    response = client.get(reverse("accounts:list"))
    counts = {r["account"].name: r["account"].stakeholder_count for r in response.context["rows"]}
    assert counts == {"Globex Rail": 0, "Northwind Health": 4}


def test_a_new_account_is_owned_by_its_creator(client: Client, owner: Any) -> None:
    client.force_login(owner)
    response = client.post(reverse("accounts:create"), {"name": "Initech", "kind": "partner"})
    account = Account.objects.get(name="Initech")
    assert response["Location"] == reverse("stakeholders:map", kwargs={"account_pk": account.pk})
    assert account.owner == owner
    assert account.memberships.get().user == owner


def test_a_duplicate_account_name_is_shown_on_the_field(
    client: Client, owner: Any, account: Any
) -> None:
    client.force_login(owner)
    response = client.post(reverse("accounts:create"), {"name": account.name, "kind": "customer"})
    assert response.status_code == 422
    assert response.context["form"].errors["name"] == ["Account with this Name already exists."]
    assert Account.objects.count() == 1

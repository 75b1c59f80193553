"""Scripts authenticate with a bearer token, browsers with their session (plus CSRF on
writes); nobody else gets in, and the API never redirects to the login page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from relmap.api.models import ApiToken, hash_token
from relmap.api.services import token_create, token_revoke
from relmap.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def with_token(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_a_token_acts_as_its_user(owner: Any, account: Any) -> None:
    _token, raw = token_create(actor=owner, user=owner, name="ci script")
    response = with_token(raw).get("/api/accounts")
    assert response.status_code == 200
    assert [a["name"] for a in response.json()["items"]] == ["Northwind Health"]


def test_only_the_hash_of_a_token_is_stored(owner: Any) -> None:
    token, raw = token_create(actor=owner, user=owner, name="ci script")
    assert raw.startswith("rm_")
    assert token.key_hash == hash_token(raw)
    assert raw not in str(ApiToken.objects.values().get(pk=token.pk))
    entry = AuditEntry.objects.get(action="relmap.api_token.created")
    assert raw not in str(entry.after)


@pytest.mark.parametrize("header", ["Bearer rm_not-a-real-token", "Bearer ", "Bearer x y"])
def test_an_unknown_token_is_401(header: str, account: Any) -> None:
    response = Client(headers={"Authorization": header}).get("/api/accounts")
    assert response.status_code == 401
    assert response.json()["detail"] == "Unknown or revoked API token."


def test_a_revoked_token_is_401(owner: Any, account: Any) -> None:
    token, raw = token_create(actor=owner, user=owner, name="ci script")
    token_revoke(actor=owner, token=token)
    assert with_token(raw).get("/api/accounts").status_code == 401
    assert AuditEntry.objects.filter(action="relmap.api_token.revoked").count() == 1


def test_a_token_of_a_deactivated_user_is_401(owner: Any, account: Any) -> None:
    _token, raw = token_create(actor=owner, user=owner, name="ci script")
    owner.is_active = False
    owner.save()
    assert with_token(raw).get("/api/accounts").status_code == 401


def test_a_bad_token_does_not_fall_back_to_the_session(owner: Any, account: Any) -> None:
    client = Client(headers={"Authorization": "Bearer rm_wrong"})
    client.force_login(owner)
    assert client.get("/api/accounts").status_code == 401


def test_other_authorization_schemes_are_ignored(owner: Any, account: Any) -> None:
    assert (
        Client(headers={"Authorization": "Basic b2xpdmlhOng="}).get("/api/accounts").status_code
        == 401
    )


def test_last_use_is_recorded_at_most_once_a_minute(
    owner: Any, account: Any, django_assert_num_queries: Any
) -> None:
    token, raw = token_create(actor=owner, user=owner, name="ci script")
    client = with_token(raw)
    client.get("/api/accounts")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    # token + count + page + the review cadence setting (the account has no tier); no write
    with django_assert_num_queries(4):
        client.get("/api/accounts")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get("/api/accounts")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > first - dt.timedelta(seconds=1)
    assert timezone.now() - token.last_used_at < dt.timedelta(minutes=1)


def test_anonymous_calls_get_401_not_the_login_page(account: Any) -> None:
    response = Client().get(f"/api/accounts/{account.pk}")
    assert response.status_code == 401
    assert "Location" not in response
    assert response.json()["detail"].startswith("Authentication required")


def test_the_web_ui_still_requires_login() -> None:
    """The exemption is the API's alone."""
    response = Client().get("/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


class TestSessionWrites:
    def test_a_session_write_needs_the_csrf_token(self, owner: Any, account: Any) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(owner)
        url = f"/api/accounts/{account.pk}/stakeholders"
        response = client.post(url, {"name": "Dan"}, content_type="application/json")
        assert response.status_code == 403
        assert "CSRF check failed" in response.json()["detail"]
        assert not account.stakeholders.exists()

    def test_a_session_write_with_the_csrf_token_passes(self, owner: Any, account: Any) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(owner)
        # What the app's pages set for the browser: a secret in the cookie, echoed in
        # the header.
        token = "relmapCsrfSecretForTheTestsOnly1"
        client.cookies["csrftoken"] = token
        url = f"/api/accounts/{account.pk}/stakeholders"
        response = client.post(
            url, {"name": "Dan"}, content_type="application/json", headers={"X-CSRFToken": token}
        )
        assert response.status_code == 201

    def test_session_reads_need_no_csrf_token(self, owner: Any, account: Any) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(owner)
        assert client.get(f"/api/accounts/{account.pk}").status_code == 200

    def test_token_writes_need_no_csrf_token(
        self, owner: Any, account: Any, bearer: Callable[[Any], Client]
    ) -> None:
        client = bearer(owner)
        client.handler.enforce_csrf_checks = True
        url = f"/api/accounts/{account.pk}/stakeholders"
        response = client.post(url, {"name": "Dan"}, content_type="application/json")
        assert response.status_code == 201


class TestCreateTokenCommand:
    def test_it_prints_a_working_token_once(self, owner: Any, account: Any) -> None:
        out, err = StringIO(), StringIO()
        call_command("create_token", "olivia", name="ci script", stdout=out, stderr=err)
        raw = out.getvalue().strip()
        assert raw.startswith("rm_")
        assert "shown only this once" in err.getvalue()
        token = ApiToken.objects.get(user=owner)
        assert token.name == "ci script"
        assert token.key_hash == hash_token(raw)
        assert with_token(raw).get("/api/accounts").status_code == 200

    def test_it_refuses_an_unknown_user(self) -> None:
        with pytest.raises(CommandError, match="No user named 'nobody'"):
            call_command("create_token", "nobody", name="ci script", stdout=StringIO())

    def test_it_wants_to_know_what_the_token_is_for(self, owner: Any) -> None:
        with pytest.raises(CommandError, match="Say what the token is for"):
            call_command("create_token", "olivia", name="  ", stdout=StringIO())
        assert not ApiToken.objects.exists()


def test_deleting_a_token_in_the_admin_revokes_it_with_an_audit_entry(
    superuser: Any, owner: Any
) -> None:
    token, raw = token_create(actor=owner, user=owner, name="ci script")
    admin = Client()
    admin.force_login(superuser)
    response = admin.post(f"/admin/api/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    entry = AuditEntry.objects.get(action="relmap.api_token.revoked")
    assert entry.actor_id == superuser.pk
    assert with_token(raw).get("/api/accounts").status_code == 401

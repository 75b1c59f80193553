"""The ingest and review-queue endpoints: every persona, uploads, sizes, validation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from relmap.api.services import token_create
from relmap.engagement.choices import AddressStatus
from relmap.engagement.ingest.service import ingest_file
from relmap.engagement.models import IngestRun, Participant, UnknownAddress

from .conftest import FIXTURES, IngestWorld

pytestmark = pytest.mark.django_db


def api(user: Any) -> Client:
    if user is None:
        return Client()
    _token, raw = token_create(actor=user, user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def csv_upload(name: str = "activity.csv") -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, (FIXTURES / "activity.csv").read_bytes())}


def queued(w: IngestWorld) -> UnknownAddress:
    ingest_file(
        actor=w.owner,
        account=w.account,
        name="a.csv",
        data=(FIXTURES / "activity.csv").read_bytes(),
    )
    return UnknownAddress.objects.get(email="new.person@northwind.example")


def calls(w: IngestWorld, a: UnknownAddress) -> list[tuple[str, str, Any, bool]]:
    base = f"/api/accounts/{w.account.pk}"
    return [
        ("post", f"{base}/ingest", csv_upload(), True),
        ("get", f"{base}/ingest/runs", None, False),
        ("get", f"{base}/unknown-addresses", None, False),
        ("post", f"{base}/unknown-addresses/{a.pk}/map", {"stakeholder_id": w.ann.pk}, True),
        ("post", f"{base}/unknown-addresses/{a.pk}/create", {"name": "N"}, True),
        ("post", f"{base}/unknown-addresses/{a.pk}/ignore", {}, True),
    ]


def send(client: Client, method: str, url: str, body: Any) -> Any:
    if method == "get":
        return client.get(url)
    if isinstance(body, dict) and "file" in body:
        return client.post(url, body)
    return client.post(url, body, content_type="application/json")


def test_anonymous_get_401_and_outsiders_404_everywhere(world: IngestWorld) -> None:
    address = queued(world)
    for method, url, body, _ in calls(world, address):
        assert send(api(None), method, url, body).status_code == 401, url
        assert send(api(world.outsider), method, url, body).status_code == 404, url


def test_viewers_read_but_get_403_on_writes(world: IngestWorld) -> None:
    address = queued(world)
    for method, url, body, write in calls(world, address):
        assert send(api(world.viewer), method, url, body).status_code == (403 if write else 200), (
            url
        )
    address.refresh_from_db()
    assert address.status == AddressStatus.PENDING


def test_upload_returns_the_report_and_a_refused_file_422(world: IngestWorld) -> None:
    client = api(world.member)
    url = f"/api/accounts/{world.account.pk}/ingest"
    response = client.post(url, csv_upload())
    assert response.status_code == 201
    body = response.json()
    assert body["ok"]
    assert body["added"] == 2
    assert body["report"]["skipped_by_reason"]["implausible_date"]["count"] == 1
    again = client.post(url, csv_upload())
    assert again.status_code == 201
    assert again.json()["already_present"] == 2
    refused = client.post(url, {"file": SimpleUploadedFile("x.ics", b"garbage")})
    assert refused.status_code == 422
    assert "not a calendar" in refused.json()["report"]["refused"]
    runs = client.get(f"{url}/runs").json()
    assert [r["file_name"] for r in runs["items"]] == [
        "x.ics",
        "activity.csv",
        "activity.csv",
        "a.csv",
    ][: runs["count"]]


def test_upload_validation(world: IngestWorld) -> None:
    client = api(world.member)
    url = f"/api/accounts/{world.account.pk}/ingest"
    assert client.post(url, {}).status_code == 422  # no file
    bad_source = client.post(url, {**csv_upload(), "source": "fax"})
    assert bad_source.status_code == 422
    assert "fax" in bad_source.json()["detail"]
    bad_window = client.post(
        url, {**csv_upload(), "window_from": "2025-05-01", "window_to": "2025-01-01"}
    )
    assert bad_window.status_code == 422
    assert "window" in bad_window.json()["detail"]
    with override_settings(INGEST_MAX_UPLOAD_BYTES=100):
        big = client.post(url, csv_upload())
    assert big.status_code == 413
    assert "limit" in big.json()["detail"]
    assert IngestRun.objects.count() == 0


def test_the_review_queue_over_the_api(world: IngestWorld) -> None:
    address = queued(world)
    client = api(world.member)
    base = f"/api/accounts/{world.account.pk}/unknown-addresses"
    listed = client.get(f"{base}?status=pending").json()
    assert [a["email"] for a in listed["items"]] == ["new.person@northwind.example"]
    assert client.get(f"{base}?status=weird").status_code == 422
    bad = client.post(
        f"{base}/{address.pk}/map", {"stakeholder_id": 99999}, content_type="application/json"
    )
    assert bad.status_code == 422
    created = client.post(
        f"{base}/{address.pk}/create",
        {"name": "Nia Newman", "title": "Buyer"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["address"]["status"] == "created"
    assert body["participations"] == 1
    assert Participant.objects.filter(stakeholder_id=body["stakeholder_id"]).count() == 1
    again = client.post(f"{base}/{address.pk}/ignore", {}, content_type="application/json")
    assert again.status_code == 422
    assert (
        client.post(f"{base}/999999/ignore", {}, content_type="application/json").status_code == 404
    )

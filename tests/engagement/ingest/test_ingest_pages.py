"""The upload page and the review queue in the browser's terms: permissions for every
persona, uploads of several files, and resolving an address."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from relmap.engagement.choices import AddressStatus
from relmap.engagement.models import IngestRun, Interaction, Participant, UnknownAddress

from .conftest import FIXTURES, IngestWorld

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def queued(w: IngestWorld) -> UnknownAddress:
    from relmap.engagement.ingest.service import ingest_file

    ingest_file(
        actor=w.owner,
        account=w.account,
        name="a.csv",
        data=(FIXTURES / "activity.csv").read_bytes(),
    )
    return UnknownAddress.objects.get(email="new.person@northwind.example")


def upload_data() -> dict[str, Any]:
    return {
        "upload": [SimpleUploadedFile("activity.csv", (FIXTURES / "activity.csv").read_bytes())]
    }


def urls(w: IngestWorld, address: UnknownAddress) -> list[tuple[str, str, dict[str, Any]]]:
    a = {"account_pk": w.account.pk}
    p = {**a, "pk": address.pk}
    return [
        ("GET", reverse("ingest:upload", kwargs=a), {}),
        ("GET", reverse("ingest:review", kwargs=a), {}),
        ("POST", reverse("ingest:upload", kwargs=a), upload_data()),
        ("POST", reverse("ingest:map", kwargs=p), {"stakeholder": w.ann.pk}),
        ("POST", reverse("ingest:create", kwargs=p), {"name": "New Person", "side": "customer"}),
        ("POST", reverse("ingest:ignore", kwargs=p), {}),
    ]


def test_anonymous_users_are_sent_to_login_and_outsiders_get_404(world: IngestWorld) -> None:
    address = queued(world)
    for method, url, data in urls(world, address):
        anonymous = getattr(client_for(None), method.lower())(url, data)
        assert anonymous.status_code == 302, url
        assert "/login/" in anonymous["Location"], url
        outsider = getattr(client_for(world.outsider), method.lower())(url, data)
        assert outsider.status_code == 404, url


def test_viewers_see_the_pages_but_cannot_change_anything(world: IngestWorld) -> None:
    address = queued(world)
    runs = IngestRun.objects.count()
    for method, url, data in urls(world, address):
        response = getattr(client_for(world.viewer), method.lower())(url, data)
        assert response.status_code == (200 if method == "GET" else 403), url
    assert IngestRun.objects.count() == runs
    address.refresh_from_db()
    assert address.status == AddressStatus.PENDING
    page = client_for(world.viewer).get(
        reverse("ingest:review", kwargs={"account_pk": world.account.pk})
    )
    assert b"Create</button>" not in page.content


def test_members_upload_several_files_and_see_each_report(world: IngestWorld) -> None:
    files = [
        SimpleUploadedFile("activity.csv", (FIXTURES / "activity.csv").read_bytes()),
        SimpleUploadedFile("calendar.ics", (FIXTURES / "calendar.ics").read_bytes()),
        SimpleUploadedFile("broken.ics", b"BEGIN:VCALENDAR\r\n"),
    ]
    url = reverse("ingest:upload", kwargs={"account_pk": world.account.pk})
    response = client_for(world.member).post(url, {"upload": files})
    assert response.status_code == 200
    text = response.content.decode()
    assert "activity.csv (csv): 4 read, 2 added" in text
    assert "calendar.ics (ics): 1 read, 1 added" in text
    assert "broken.ics: refused" in text
    assert "implausible date" in text  # the 1979 row's reason
    assert Interaction.objects.count() == 3


def test_an_upload_without_a_file_is_a_form_error(world: IngestWorld) -> None:
    url = reverse("ingest:upload", kwargs={"account_pk": world.account.pk})
    response = client_for(world.member).post(url, {})
    assert response.status_code == 422
    assert IngestRun.objects.count() == 0


def test_resolving_in_the_review_queue(world: IngestWorld) -> None:
    address = queued(world)
    client = client_for(world.member)
    page = client.get(reverse("ingest:review", kwargs={"account_pk": world.account.pk}))
    assert page.status_code == 200
    assert b"new.person@northwind.example" in page.content
    assert b'value="New Person"' in page.content  # name prefilled from the address
    url = reverse("ingest:create", kwargs={"account_pk": world.account.pk, "pk": address.pk})
    response = client.post(
        url, {"name": "Nia Newman", "side": "customer", "title": "Plant manager"}
    )
    assert response.status_code == 303
    address.refresh_from_db()
    assert address.status == AddressStatus.CREATED
    assert address.stakeholder is not None
    assert address.stakeholder.title == "Plant manager"
    assert Participant.objects.filter(stakeholder=address.stakeholder).count() == 1
    # A second attempt is refused with a message, not a crash.
    again = client.post(url, {"name": "Nia", "side": "customer"}, follow=True)
    assert "already" in again.content.decode()


def test_mapping_needs_a_person_of_this_account(world: IngestWorld) -> None:
    address = queued(world)
    url = reverse("ingest:map", kwargs={"account_pk": world.account.pk, "pk": address.pk})
    response = client_for(world.member).post(url, {"stakeholder": "999999"}, follow=True)
    assert "Choose a person" in response.content.decode()
    address.refresh_from_db()
    assert address.status == AddressStatus.PENDING

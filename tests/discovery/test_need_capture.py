"""Needs captured in discovery are the account plan's needs: one list, each capture a plan
revision, with the answer's words as evidence and its speaker as the stakeholder."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relmap.planning.models import Need, PlanRevision

from .conftest import DiscoveryWorld

pytestmark = pytest.mark.django_db


def test_a_captured_need_is_in_the_plan_with_a_revision(dw: DiscoveryWorld) -> None:
    need = dw.need
    assert need.plan_id == dw.account.plan.pk
    assert (need.kind, need.explicitness) == ("pain_point", "latent")
    # From the answer: its words are the evidence, whoever gave it voiced the need.
    assert need.evidence == "Our trucks come back empty on four runs in ten."
    assert need.stakeholder_id == dw.ann.pk
    assert need.business_impact == "About £400k a year in fuel and drivers' time."
    assert list(dw.asked.needs.all()) == [need]
    assert list(dw.initiative.needs.all()) == [need]
    latest = PlanRevision.objects.filter(plan=need.plan).order_by("-number")[0]
    assert latest.change == "Goals and pain points: added “Return runs are wasted”"
    (row,) = latest.snapshot["sections"]["needs"]
    assert row["explicitness"] == "latent"
    assert row["evidence"] == need.evidence
    assert row["stakeholder"] == "Ann Archer"


def test_capturing_from_an_answer_on_the_page(client: Client, dw: DiscoveryWorld) -> None:
    client.force_login(dw.member)
    session_url = reverse(
        "discovery:session", kwargs={"account_pk": dw.account.pk, "pk": dw.session.pk}
    )
    page = client.get(session_url).content.decode()
    # The capture form under the answered question starts from the answer and its speaker.
    form = page[page.index(f'id="asked-{dw.asked.pk}"') :]
    assert "Our trucks come back empty on four runs in ten.</textarea>" in form
    assert re.search(rf'<option value="{dw.ann.pk}" selected>Ann Archer', form)
    url = reverse(
        "discovery:asked_capture",
        kwargs={"account_pk": dw.account.pk, "pk": dw.session.pk, "asked_pk": dw.asked.pk},
    )
    revisions = PlanRevision.objects.count()
    response = client.post(url, {"kind": "goal", "text": "See empty runs before they happen"})
    assert response.status_code == 422
    assert "Say whether they stated the need (explicit) or you uncovered it" in (
        response.content.decode()
    )
    assert PlanRevision.objects.count() == revisions
    response = client.post(
        url,
        {
            "explicitness": "explicit",
            "kind": "goal",
            "text": "See empty runs before they happen",
            "stakeholder": dw.ann.pk,
            "evidence": "",
            "business_impact": "Plan backhauls a day ahead.",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get(text="See empty runs before they happen")
    assert need.explicitness == "explicit"
    assert need.evidence == "Our trucks come back empty on four runs in ten."
    assert PlanRevision.objects.count() == revisions + 1
    assert "See empty runs before they happen" in client.get(session_url).content.decode()


def test_the_plan_page_shows_and_edits_the_new_need_fields(
    client: Client, dw: DiscoveryWorld
) -> None:
    client.force_login(dw.owner)
    plan_url = reverse("planning:plan", kwargs={"account_pk": dw.account.pk})
    page = client.get(plan_url).content.decode()
    assert "Latent" in page
    assert "About £400k a year in fuel and drivers&#x27; time." in page
    url = reverse(
        "planning:item_edit",
        kwargs={"account_pk": dw.account.pk, "section": "needs", "pk": dw.need.pk},
    )
    data = {"kind": "pain_point", "text": "Return runs are wasted", "explicitness": "sometimes"}
    response = client.post(url, data)
    assert response.status_code == 422
    assert "Choose explicit or latent (or leave it blank)." in response.content.decode()
    data = {**data, "explicitness": "explicit", "evidence": "Ann said it twice."}
    assert client.post(url, data).status_code == 302
    dw.need.refresh_from_db()
    assert dw.need.explicitness == "explicit"
    assert dw.need.evidence == "Ann said it twice."
    assert dw.need.business_impact == ""  # left empty in the form: cleared


def test_the_plan_api_reads_and_writes_the_new_need_fields(
    dw: DiscoveryWorld, bearer: Any, call: Any
) -> None:
    client = bearer(dw.owner)
    base = f"/api/accounts/{dw.account.pk}/plan/needs"
    response = call(client, "POST", base, {"kind": "goal", "text": "Net zero", "explicitness": "x"})
    assert response.status_code == 422
    response = call(
        client,
        "POST",
        base,
        {"kind": "goal", "text": "Net zero", "explicitness": "latent", "business_impact": "Bids"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["explicitness"], body["business_impact"], body["evidence"]) == (
        "latent",
        "Bids",
        "",
    )
    response = call(client, "PATCH", f"{base}/{body['id']}", {"evidence": "Tender, p. 4"})
    assert response.json()["evidence"] == "Tender, p. 4"

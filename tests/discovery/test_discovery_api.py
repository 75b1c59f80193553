"""The discovery API: what it answers, and how it refuses bad input (422, nothing saved)."""

from __future__ import annotations

from typing import Any

import pytest

from relmap.core.models import AuditEntry
from relmap.planning.models import Need, PlanRevision

from .conftest import DiscoveryWorld

pytestmark = pytest.mark.django_db


def base(dw: DiscoveryWorld) -> str:
    return f"/api/accounts/{dw.account.pk}/discovery"


def test_the_overview_has_every_part(dw: DiscoveryWorld, bearer: Any) -> None:
    body = bearer(dw.viewer).get(base(dw)).json()
    assert [i["stage"] for i in body["initiatives"]] == ["research"]
    assert body["initiatives"][0]["need_ids"] == [dw.need.pk]
    assert body["notes"][0]["source"] == "Annual report 2025"
    assert body["sessions"][0]["stakeholder_ids"] == sorted([dw.ann.pk, dw.bob.pk])
    (need,) = body["needs"]
    assert need["explicitness"] == "latent"
    assert need["proposal_ids"] == [dw.proposal.pk]
    assert need["asked_ids"] == [dw.asked.pk]
    assert body["proposals"][0]["need_ids"] == [dw.need.pk]
    assert body["flags"] == []


def test_the_bank_lists_follow_ups_after_their_question(dw: DiscoveryWorld, bearer: Any) -> None:
    rows = bearer(dw.member).get(base(dw) + "/question-bank").json()
    index = {r["id"]: i for i, r in enumerate(rows)}
    for row in rows:
        if row["parent_id"] is not None:
            parent = rows[index[row["parent_id"]]]
            assert index[row["id"]] > index[row["parent_id"]]
            assert row["depth"] == parent["depth"] + 1
    assert max(r["depth"] for r in rows) == 2


def test_a_session_with_answers_and_a_need_captured_from_one(
    dw: DiscoveryWorld, bearer: Any, call: Any
) -> None:
    client = bearer(dw.owner)
    response = call(
        client,
        "POST",
        base(dw) + "/sessions",
        {
            "title": "Ops call",
            "held_on": "2026-07-01",
            "held_by_id": dw.member.pk,
            "stakeholder_ids": [dw.bob.pk],
            "question_ids": [dw.seeded.pk],
        },
    )
    assert response.status_code == 201, response.content
    session = response.json()
    (asked,) = session["questions"]
    assert asked["category"] == "problem"
    url = f"{base(dw)}/sessions/{session['id']}/questions/{asked['id']}"
    response = call(client, "PATCH", url, {"answer": "Drivers wait.", "answered_by_id": dw.bob.pk})
    assert response.json()["answered_by"] == "Bob Brown"
    revisions = PlanRevision.objects.count()
    response = call(
        client,
        "POST",
        base(dw) + "/needs",
        {
            "kind": "pain_point",
            "explicitness": "explicit",
            "text": "Waiting",
            "asked_id": asked["id"],
        },
    )
    assert response.status_code == 201, response.content
    need = response.json()
    assert (need["evidence"], need["stakeholder"]) == ("Drivers wait.", "Bob Brown")
    assert need["asked_ids"] == [asked["id"]]
    assert PlanRevision.objects.count() == revisions + 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/sessions", {"title": "X", "held_on": "2026-01-01", "stakeholder_ids": ["zed"]}, ""),
        ("/proposals", {"title": "X", "need_ids": ["their_need"]}, "need_ids"),
        ("/initiatives", {"title": "X", "owner_id": "outsider"}, "owner_id"),
        (
            "/needs",
            {"kind": "goal", "explicitness": "latent", "text": "X", "stakeholder_id": "zed"},
            "stakeholder_id",
        ),
        (
            "/needs",
            {"kind": "goal", "explicitness": "latent", "text": "X", "initiative_ids": ["theirs"]},
            "initiative_ids",
        ),
        ("/needs", {"kind": "goal", "explicitness": "unsure", "text": "X"}, "explicitness"),
        ("/notes", {"title": "X", "colour": "red"}, "colour"),
    ],
)
def test_ids_of_other_accounts_and_bad_values_are_refused(
    dw: DiscoveryWorld,
    bearer: Any,
    call: Any,
    person: Any,
    outsider: Any,
    other_account: Any,
    path: str,
    body: dict[str, Any],
    field: str,
) -> None:
    from relmap.discovery import services
    from relmap.planning.services import plan_get_or_create, plan_item_create

    zed = person(other_account, "Zed Zimmer")
    plan = plan_get_or_create(actor=outsider, account=other_account)
    their_need = plan_item_create(
        actor=outsider, plan=plan, section_name="needs", kind="goal", text="Theirs"
    )
    theirs = services.initiative_create(actor=outsider, account=other_account, title="Theirs")
    ids = {"zed": zed.pk, "their_need": their_need.pk, "outsider": outsider.pk, "theirs": theirs.pk}

    def swap(value: Any) -> Any:
        if isinstance(value, list):
            return [swap(v) for v in value]
        return ids.get(value, value) if isinstance(value, str) else value

    client = bearer(dw.owner)
    before = AuditEntry.objects.count(), Need.objects.count()
    response = call(client, "POST", base(dw) + path, {k: swap(v) for k, v in body.items()})
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    if field:
        assert field in [e["field"] for e in errors]
    assert (AuditEntry.objects.count(), Need.objects.count()) == before


def test_a_stage_skip_is_a_422_with_the_reason(dw: DiscoveryWorld, bearer: Any, call: Any) -> None:
    url = f"{base(dw)}/initiatives/{dw.initiative.pk}/stage"
    response = call(bearer(dw.owner), "POST", url, {"stage": "confirm"})
    assert response.status_code == 422
    assert "Move one stage at a time" in response.json()["detail"]
    response = call(bearer(dw.owner), "POST", url, {"stage": "diagnose", "reason": "Ready"})
    body = response.json()
    assert body["stage"] == "diagnose"
    assert [h["to_stage"] for h in body["history"]] == ["research", "diagnose"]


def test_a_leader_retires_a_seeded_question_but_cannot_delete_it(
    dw: DiscoveryWorld, bearer: Any, call: Any
) -> None:
    client = bearer(dw.leader)
    url = f"{base(dw)}/question-bank/{dw.seeded.pk}"
    response = call(client, "DELETE", url)
    assert response.status_code == 422
    assert "deactivate it instead" in response.json()["detail"]
    assert call(client, "PATCH", url, {"active": False}).json()["active"] is False
    active = call(client, "GET", base(dw) + "/question-bank").json()
    assert dw.seeded.pk not in [r["id"] for r in active]
    everything = call(client, "GET", base(dw) + "/question-bank?active_only=false").json()
    assert dw.seeded.pk in [r["id"] for r in everything]

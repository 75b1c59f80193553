"""A small discovery world on ``account``, built through the services, and the personas
on its team (plus a sales leader, who may edit the question bank)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class DiscoveryWorld:
    account: Any
    owner: Any
    member: Any
    viewer: Any
    leader: Any  # leads a sales team: may edit the question bank, sees owner's accounts
    ann: Any  # customer, CFO
    bob: Any  # customer, Head of operations
    initiative: Any  # "Cut empty miles", in research
    note: Any
    session: Any  # with Ann and Bob; two bank questions asked, the first answered by Ann
    asked: Any  # the first, answered
    asked_open: Any  # the second, not answered
    need: Any  # captured from the answer, latent, linked to the initiative
    proposal: Any  # answers ``need``
    question: Any  # a question added by hand (not seeded)
    seeded: Any  # a seeded problem question with follow-ups


@pytest.fixture
def leader(make_user: Any, owner: Any) -> Any:
    from relmap.accounts.models import SalesTeam

    user = make_user("lena")
    SalesTeam.objects.create(name="Key accounts", leader=user).members.add(owner)
    return user


@pytest.fixture
def dw(
    account: Any, owner: Any, member: Any, make_user: Any, person: Any, leader: Any
) -> DiscoveryWorld:
    from relmap.accounts.services import membership_set
    from relmap.discovery import services
    from relmap.discovery.models import Question

    viewer = make_user("vera")
    membership_set(actor=owner, account=account, user=viewer, role="viewer")
    ann = person(account, "Ann Archer", title="CFO", power=5, interest=4)
    bob = person(account, "Bob Brown", title="Head of operations", power=3, interest=5)
    initiative = services.initiative_create(
        actor=owner, account=account, title="Cut empty miles", owner=member
    )
    note = services.research_note_create(
        actor=owner,
        account=account,
        title="Annual report: fuel costs up 18%",
        source="Annual report 2025",
        link="https://example.com/report.pdf",
    )
    seeded = Question.objects.filter(
        seeded=True, parent=None, category="problem", follow_ups__isnull=False
    ).order_by("position")[0]
    follow_up = seeded.follow_ups.order_by("position")[0]
    session = services.session_create(
        actor=owner,
        account=account,
        title="Discovery call with finance",
        held_on=dt.date(2026, 5, 4),
        held_by=owner,
        initiative=initiative,
        stakeholders=[ann, bob],
        questions=[seeded, follow_up],
    )
    asked, asked_open = list(session.asked.order_by("position"))
    services.asked_update(
        actor=owner,
        asked=asked,
        answer="Our trucks come back empty on four runs in ten.",
        answered_by=ann,
    )
    need = services.need_capture(
        actor=owner,
        account=account,
        asked=asked,
        kind="pain_point",
        explicitness="latent",
        text="Return runs are wasted",
        business_impact="About £400k a year in fuel and drivers' time.",
        initiatives=[initiative],
    )
    proposal = services.proposal_create(
        actor=owner,
        account=account,
        initiative=initiative,
        title="Backhaul matching",
        needs=[need],
    )
    question = services.question_create(
        actor=leader, category="implication", text="Who else feels it?", parent=seeded
    )
    return DiscoveryWorld(
        account=account,
        owner=owner,
        member=member,
        viewer=viewer,
        leader=leader,
        ann=ann,
        bob=bob,
        initiative=initiative,
        note=note,
        session=session,
        asked=asked,
        asked_open=asked_open,
        need=need,
        proposal=proposal,
        question=question,
        seeded=seeded,
    )


@pytest.fixture
def bearer() -> Any:
    """A client that authenticates as ``user`` with a fresh API token."""
    from django.test import Client

    from relmap.api.services import token_create

    def make(user: Any) -> Client:
        _token, raw = token_create(actor=user, user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


@pytest.fixture
def call() -> Any:
    """``call(client, method, url, body=None)``: send ``body`` as JSON with any method."""
    import json

    def send(client: Any, method: str, url: str, body: Any = None) -> Any:
        if body is None:
            return client.generic(method, url)
        return client.generic(method, url, json.dumps(body), content_type="application/json")

    return send

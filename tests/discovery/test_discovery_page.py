"""The discovery page and the session pages: what they show, their forms, and a number of
queries that does not depend on how much the account holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relmap.discovery import services
from relmap.discovery.models import DiscoverySession, SessionQuestion
from relmap.planning.services import plan_item_create

from .conftest import DiscoveryWorld

pytestmark = pytest.mark.django_db

# The page's budget, for an editor (forms and pickers) and a read-only member. A change
# that adds a query on purpose updates these and says why; a count that grows with the
# data is an N+1 to fix instead.
HOME_QUERIES_EDITOR = 19
HOME_QUERIES_VIEWER = 16
SESSION_QUERIES_EDITOR = 19


def grow(dw: DiscoveryWorld, person: Any, n: int) -> None:
    """Add ``n`` of everything the page lists, through the services."""
    people = [person(dw.account, f"Person {i}", title=f"Role {i}") for i in range(n)]
    plan = dw.account.plan
    for i in range(n):
        initiative = services.initiative_create(
            actor=dw.owner, account=dw.account, title=f"Initiative {i}", owner=dw.owner
        )
        services.research_note_create(actor=dw.owner, account=dw.account, title=f"Note {i}")
        session = services.session_create(
            actor=dw.owner,
            account=dw.account,
            title=f"Session {i}",
            held_on=dt.date(2026, 3, 1),
            held_by=dw.member,
            initiative=initiative,
            stakeholders=people[: i + 1],
            questions=[dw.seeded],
        )
        asked = session.asked.get()
        services.asked_update(actor=dw.owner, asked=asked, answer="Yes", answered_by=people[i])
        need = services.need_capture(
            actor=dw.owner,
            account=dw.account,
            asked=asked,
            kind="goal",
            explicitness="explicit" if i % 2 else "latent",
            text=f"Need {i}",
            initiatives=[initiative],
        )
        lonely = plan_item_create(
            actor=dw.owner, plan=plan, section_name="needs", kind="goal", text=f"Lonely {i}"
        )
        services.proposal_create(
            actor=dw.owner, account=dw.account, initiative=initiative, title=f"P{i}", needs=[need]
        )
        services.proposal_create(actor=dw.owner, account=dw.account, title=f"Push {i}")
        assert lonely.pk
        services.initiative_move(actor=dw.owner, initiative=initiative, stage="diagnose")
    for i in range(n):
        services.asked_add(actor=dw.owner, session=dw.session, text=f"Ad hoc {i}?")


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "budget"), [("member", HOME_QUERIES_EDITOR), ("viewer", HOME_QUERIES_VIEWER)]
)
def test_the_discovery_page_runs_a_fixed_number_of_queries(
    client: Client, dw: DiscoveryWorld, person: Any, persona: str, budget: int
) -> None:
    client.force_login(getattr(dw, persona))
    url = reverse("discovery:home", kwargs={"account_pk": dw.account.pk})
    small = count(client, url)
    grow(dw, person, 12)
    large = count(client, url)
    assert (small, large) == (budget, budget)
    page = client.get(url).content.decode()
    assert page.count('class="stage-stepper"') == 13
    assert page.count('data-flag="need_without_proposal"') == 12


def test_the_session_page_runs_a_fixed_number_of_queries(
    client: Client, dw: DiscoveryWorld, person: Any
) -> None:
    client.force_login(dw.owner)
    url = reverse("discovery:session", kwargs={"account_pk": dw.account.pk, "pk": dw.session.pk})
    small = count(client, url)
    grow(dw, person, 8)
    assert (small, count(client, url)) == (SESSION_QUERIES_EDITOR, SESSION_QUERIES_EDITOR)


def test_the_page_shows_each_part_of_discovery(client: Client, dw: DiscoveryWorld) -> None:
    client.force_login(dw.viewer)
    page = client.get(reverse("discovery:home", kwargs={"account_pk": dw.account.pk})).content
    text = page.decode()
    for expected in (
        "Cut empty miles",
        "Annual report: fuel costs up 18%",
        "Discovery call with finance",
        "1 of 2",  # answered of asked
        "Return runs are wasted",
        'class="badge badge-latent">Latent',
        "Voiced by Ann Archer, CFO",
        "Backhaul matching",
        "Evidence:</span> Our trucks come back empty",
    ):
        assert expected in text, expected
    assert "Add an initiative" not in text  # read only: no forms


def test_starting_a_session_offers_the_bank_grouped_and_nested(
    client: Client, dw: DiscoveryWorld
) -> None:
    client.force_login(dw.member)
    url = reverse("discovery:session_create", kwargs={"account_pk": dw.account.pk})
    page = client.get(url).content.decode()
    positions = [
        page.index(f"<legend>{label} ")
        for label in ("Situation", "Problem", "Implication", "Need-payoff")
    ]
    assert positions == sorted(positions)
    assert 'class="bank-row depth-2"' in page
    follow_up = dw.seeded.follow_ups.order_by("position")[0]
    response = client.post(
        url,
        {
            "title": "Site visit",
            "held_on": "2026-06-02",
            "held_by": dw.member.pk,
            "initiative": dw.initiative.pk,
            "stakeholders": [dw.bob.pk],
            "questions": [dw.seeded.pk, follow_up.pk],
        },
    )
    assert response.status_code == 302
    session = DiscoverySession.objects.get(title="Site visit")
    assert list(session.stakeholders.all()) == [dw.bob]
    assert list(session.asked.values_list("question_id", "category")) == [
        (dw.seeded.pk, "problem"),
        (follow_up.pk, "implication"),
    ]


def test_a_bad_session_form_keeps_what_was_typed_and_says_what_is_wrong(
    client: Client, dw: DiscoveryWorld, other_account: Any, person: Any
) -> None:
    zed = person(other_account, "Zed Zimmer")
    client.force_login(dw.member)
    url = reverse("discovery:session_create", kwargs={"account_pk": dw.account.pk})
    response = client.post(
        url,
        {
            "title": "Site visit",
            "held_on": "next Tuesday",
            "stakeholders": [zed.pk],
            "questions": [dw.seeded.pk],
        },
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "Held on: enter a date such as 2026-03-31." in text
    assert "Pick people on this account&#x27;s map." in text
    assert f'value="{dw.seeded.pk}" id="session-q-{dw.seeded.pk}" checked' in text
    assert not DiscoverySession.objects.filter(title="Site visit").exists()


def test_answers_and_ad_hoc_questions_are_recorded_from_the_session_page(
    client: Client, dw: DiscoveryWorld
) -> None:
    client.force_login(dw.member)
    kwargs = {"account_pk": dw.account.pk, "pk": dw.session.pk}
    answer_url = reverse("discovery:asked_answer", kwargs={**kwargs, "asked_pk": dw.asked_open.pk})
    response = client.post(answer_url, {"answer": "Every week.", "answered_by": dw.bob.pk})
    assert response.status_code == 302
    asked = SessionQuestion.objects.get(pk=dw.asked_open.pk)
    assert (asked.answer, asked.answered_by_id) == ("Every week.", dw.bob.pk)
    ask_url = reverse("discovery:session_ask", kwargs=kwargs)
    response = client.post(ask_url, {})
    assert response.status_code == 422
    assert "Pick a question from the bank or write your own." in response.content.decode()
    response = client.post(ask_url, {"text": "Who signs off?", "category": "situation"})
    assert response.status_code == 302
    page = client.get(reverse("discovery:session", kwargs=kwargs)).content.decode()
    assert "Who signs off?" in page
    assert "(asked ad hoc)" in page
    assert "Every week." in page


def test_a_proposal_is_linked_to_needs_from_the_page(client: Client, dw: DiscoveryWorld) -> None:
    client.force_login(dw.owner)
    url = reverse("discovery:proposal_create", kwargs={"account_pk": dw.account.pk})
    assert client.post(url, {"title": ""}).status_code == 422
    assert client.post(url, {"title": "Route audit", "needs": [dw.need.pk]}).status_code == 302
    links = reverse(
        "discovery:proposal_needs", kwargs={"account_pk": dw.account.pk, "pk": dw.proposal.pk}
    )
    response = client.post(links, {"needs": [10**9]})
    assert response.status_code == 422
    assert "Pick needs of this account." in response.content.decode()
    assert client.post(links, {}).status_code == 302
    assert list(dw.proposal.needs.all()) == []

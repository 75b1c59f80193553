"""Discovery's services: references across accounts are refused with clear messages,
and every write is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.discovery import services
from relmap.discovery.models import DiscoverySession, Proposal, ResearchNote, SessionQuestion
from relmap.planning.services import plan_get_or_create, plan_item_create

from .conftest import DiscoveryWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(outsider: Any, other_account: Any, person: Any) -> dict[str, Any]:
    """A person, an initiative, a need and a session on another account."""
    zed = person(other_account, "Zed Zimmer")
    plan = plan_get_or_create(actor=outsider, account=other_account)
    return {
        "zed": zed,
        "initiative": services.initiative_create(
            actor=outsider, account=other_account, title="Theirs"
        ),
        "need": plan_item_create(
            actor=outsider, plan=plan, section_name="needs", kind="goal", text="Their goal"
        ),
        "session": services.session_create(
            actor=outsider, account=other_account, title="Theirs", held_on=dt.date(2026, 1, 1)
        ),
    }


def messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_a_session_refuses_people_and_initiatives_of_another_account(
    dw: DiscoveryWorld, elsewhere: dict[str, Any]
) -> None:
    before = DiscoverySession.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.session_create(
            actor=dw.owner,
            account=dw.account,
            title="Mixed",
            held_on=dt.date(2026, 6, 1),
            stakeholders=[dw.ann, elsewhere["zed"]],
        )
    assert caught.value.message_dict == {
        "stakeholders": ["Zed Zimmer is not on this account's map."]
    }
    with pytest.raises(ValidationError) as caught:
        services.session_create(
            actor=dw.owner,
            account=dw.account,
            title="Mixed",
            held_on=dt.date(2026, 6, 1),
            initiative=elsewhere["initiative"],
        )
    assert caught.value.message_dict == {
        "initiative": ["That initiative belongs to another account."]
    }
    with pytest.raises(ValidationError, match="interviewer must be on the account team"):
        services.session_update(
            actor=dw.owner, session=dw.session, held_by=elsewhere["session"].account.owner
        )
    assert (DiscoverySession.objects.count(), AuditEntry.objects.count()) == before


def test_an_answer_must_come_from_someone_in_the_session(
    dw: DiscoveryWorld, person: Any, elsewhere: dict[str, Any]
) -> None:
    cat = person(dw.account, "Cat Chen", title="CIO")
    with pytest.raises(ValidationError, match="Cat Chen was not in this session"):
        services.asked_update(actor=dw.owner, asked=dw.asked_open, answer="x", answered_by=cat)
    with pytest.raises(ValidationError, match="Zed Zimmer is not on this account's map"):
        services.asked_update(
            actor=dw.owner, asked=dw.asked_open, answer="x", answered_by=elsewhere["zed"]
        )
    dw.asked_open.refresh_from_db()
    assert dw.asked_open.answer == ""
    assert dw.asked_open.answered_by_id is None


def test_bank_questions_keep_their_wording_ad_hoc_ones_may_be_reworded(
    dw: DiscoveryWorld,
) -> None:
    with pytest.raises(ValidationError, match="Unknown asked question fields: text"):
        services.asked_update(actor=dw.owner, asked=dw.asked, text="Changed")
    adhoc = services.asked_add(actor=dw.owner, session=dw.session, text="What broke last week?")
    assert adhoc.category == ""
    assert adhoc.position == 3
    services.asked_update(actor=dw.owner, asked=adhoc, text="What broke last month?")
    with pytest.raises(ValidationError, match="Say which question was asked"):
        services.asked_add(actor=dw.owner, session=dw.session, text="   ")
    with pytest.raises(ValidationError, match="Unknown category 'odd'"):
        services.asked_add(actor=dw.owner, session=dw.session, text="Hm?", category="odd")


def test_a_question_asked_keeps_the_bank_text_even_when_the_bank_changes(
    dw: DiscoveryWorld,
) -> None:
    original = dw.asked.text
    services.question_update(actor=dw.leader, question=dw.seeded, text="Reworded")
    assert SessionQuestion.objects.get(pk=dw.asked.pk).text == original


def test_proposals_and_initiatives_refuse_needs_of_another_account(
    dw: DiscoveryWorld, elsewhere: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.proposal_create(
            actor=dw.owner, account=dw.account, title="X", needs=[dw.need, elsewhere["need"]]
        )
    assert caught.value.message_dict == {
        "needs": ["“Their goal” is not a goal or pain point of this account."]
    }
    with pytest.raises(ValidationError, match="initiative belongs to another account"):
        services.proposal_update(
            actor=dw.owner, proposal=dw.proposal, initiative=elsewhere["initiative"]
        )
    with pytest.raises(ValidationError, match="not a goal or pain point of this account"):
        services.initiative_link_needs(
            actor=dw.owner, initiative=dw.initiative, needs=[elsewhere["need"]]
        )
    assert list(Proposal.objects.get(pk=dw.proposal.pk).needs.all()) == [dw.need]


def test_need_capture_refuses_what_is_not_on_this_account(
    dw: DiscoveryWorld, elsewhere: dict[str, Any]
) -> None:
    base = {"actor": dw.owner, "account": dw.account, "kind": "goal", "text": "X"}
    their_asked = services.asked_add(actor=dw.owner, session=elsewhere["session"], text="Theirs?")
    cases = [
        ({"explicitness": "maybe"}, "explicit (they said it) or latent"),
        ({"explicitness": "latent", "stakeholder": elsewhere["zed"]}, "not on this account"),
        ({"explicitness": "latent", "initiatives": [elsewhere["initiative"]]}, "another account"),
        ({"explicitness": "latent", "asked": their_asked}, "answer belongs to another account"),
    ]
    for extra, message in cases:
        with pytest.raises(ValidationError) as caught:
            services.need_capture(**base, **extra)
        assert message in messages(caught.value)
    assert dw.account.plan.revision == 2  # started, then Ann's need: nothing since


def test_a_research_note_is_dated_and_audited(dw: DiscoveryWorld) -> None:
    assert dw.note.author_id == dw.owner.pk
    assert dw.note.noted_on == timezone.localdate()
    created = AuditEntry.objects.get(action="relmap.research_note.created", object_id=dw.note.pk)
    assert created.after["title"] == "Annual report: fuel costs up 18%"
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        services.research_note_update(
            actor=dw.owner, note=dw.note, noted_on=timezone.localdate() + dt.timedelta(days=2)
        )
    dw.note.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.research_note_create(
            actor=dw.owner, account=dw.account, title="Bad link", link="not a link"
        )
    assert "link" in caught.value.message_dict
    services.research_note_update(actor=dw.owner, note=dw.note, title="Fuel costs up 19%")
    updated = AuditEntry.objects.filter(action="relmap.research_note.updated").latest("id")
    assert updated.before == {"title": "Annual report: fuel costs up 18%"}
    assert updated.after == {"title": "Fuel costs up 19%"}
    services.research_note_delete(actor=dw.member, note=dw.note)
    assert not ResearchNote.objects.filter(pk=dw.note.pk).exists()
    deleted = AuditEntry.objects.filter(action="relmap.research_note.deleted").latest("id")
    assert deleted.actor_id == dw.member.pk
    assert deleted.account_id == dw.account.pk


def test_every_discovery_write_is_audited(dw: DiscoveryWorld) -> None:
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "relmap.initiative.created",
        "relmap.research_note.created",
        "relmap.discovery_session.created",
        "relmap.discovery_session.attendees_set",
        "relmap.session_question.created",
        "relmap.session_question.updated",
        "relmap.session_question.need_captured",
        "relmap.initiative.needs_linked",
        "relmap.plan.needs.created",
        "relmap.proposal.created",
        "relmap.proposal.needs_linked",
        "relmap.question.created",
    } <= actions
    services.proposal_update(actor=dw.owner, proposal=dw.proposal, needs=[])
    linked = AuditEntry.objects.filter(action="relmap.proposal.needs_linked").latest("id")
    assert linked.before == {"needs": [dw.need.pk]}
    assert linked.after == {"needs": []}
    count = AuditEntry.objects.count()
    services.proposal_update(
        actor=dw.owner, proposal=dw.proposal, needs=[], title="Backhaul matching"
    )
    assert AuditEntry.objects.count() == count  # nothing changed, nothing recorded


def test_deleting_a_session_keeps_the_needs_it_found(dw: DiscoveryWorld) -> None:
    services.session_delete(actor=dw.owner, session=dw.session)
    assert not SessionQuestion.objects.filter(pk=dw.asked.pk).exists()
    dw.need.refresh_from_db()
    assert dw.need.text == "Return runs are wasted"

"""Writes of consultative discovery. Views and the API call these.

Each service validates (people, initiatives and needs must belong to the account; owners
and interviewers to its team), writes inside a transaction and records an audit entry.
Needs are the account plan's: :func:`need_capture` writes them through
:mod:`relmap.planning.services`, so every capture is a plan revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from relmap.accounts.models import Account, AccountMembership
from relmap.core.audit import Actor, audited_create, audited_delete, audited_update, log_action
from relmap.discovery.choices import STAGE_ORDER, SpinCategory, Stage
from relmap.discovery.models import (
    DiscoverySession,
    Initiative,
    Proposal,
    Question,
    ResearchNote,
    SessionQuestion,
    StageChange,
)
from relmap.discovery.permissions import require_question_editor
from relmap.planning import services as planning
from relmap.planning.models import Need
from relmap.stakeholders.models import Stakeholder

NOTE_FIELDS = ("title", "body", "source", "link", "author", "noted_on")
QUESTION_FIELDS = ("category", "text", "parent", "purpose", "position", "active")
INITIATIVE_FIELDS = ("title", "description", "owner")
SESSION_FIELDS = ("title", "held_on", "held_by", "initiative", "notes")
ASKED_FIELDS = ("question", "category", "text", "answer", "answered_by", "position")
PROPOSAL_FIELDS = ("initiative", "title", "description")
CAPTURE_EXPLICITNESS = tuple(Need.Explicitness.values)


def _check_fields(data: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(f"Unknown {what} fields: {', '.join(unknown)}.")


def _user_id(actor: Actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _on_team(account: Account, user_id: int | None, field: str, who: str) -> None:
    if user_id is None:
        return
    if not AccountMembership.objects.filter(account=account, user_id=user_id).exists():
        raise ValidationError({field: f"The {who} must be on the account team."})


def _same_account(obj: Any, account: Account, field: str, message: str) -> None:
    if obj is not None and obj.account_id != account.pk:
        raise ValidationError({field: message})


def _person_here(person: Stakeholder | None, account: Account, field: str) -> None:
    if person is not None and person.account_id != account.pk:
        raise ValidationError({field: f"{person.name} is not on this account's map."})


def _needs_here(needs: Iterable[Need], account: Account) -> list[Need]:
    chosen = list(dict.fromkeys(needs))
    for need in chosen:
        if need.account_id != account.pk:
            raise ValidationError(
                {"needs": f"“{need.text}” is not a goal or pain point of this account."}
            )
    return chosen


def _set_needs(
    *, actor: Actor, obj: Initiative | Proposal | SessionQuestion, needs: list[Need], action: str
) -> bool:
    before = sorted(obj.needs.values_list("pk", flat=True))
    after = sorted(n.pk for n in needs)
    if before == after:
        return False
    obj.needs.set(needs)
    log_action(
        actor=actor,
        action=action,
        obj=obj,
        account_id=obj.account_id,
        before={"needs": before},
        after={"needs": after},
    )
    return True


# Research notes -------------------------------------------------------------------------


def _clean_note(note: ResearchNote) -> None:
    note.title = note.title.strip()
    if note.noted_on and note.noted_on > timezone.localdate():
        raise ValidationError({"noted_on": "A note cannot be dated in the future."})
    note.full_clean()


@transaction.atomic
def research_note_create(*, actor: Actor, account: Account, **data: Any) -> ResearchNote:
    _check_fields(data, NOTE_FIELDS, "research note")
    note = ResearchNote(account=account, **data)
    if "author" not in data:
        note.author_id = _user_id(actor)
    _clean_note(note)
    audited_create(
        actor=actor,
        obj=note,
        fields=NOTE_FIELDS,
        action="relmap.research_note.created",
        account_id=account.pk,
    )
    return note


@transaction.atomic
def research_note_update(*, actor: Actor, note: ResearchNote, **data: Any) -> ResearchNote:
    _check_fields(data, NOTE_FIELDS, "research note")
    audited_update(
        actor=actor,
        obj=note,
        data=data,
        fields=NOTE_FIELDS,
        action="relmap.research_note.updated",
        account_id=note.account_id,
        clean=lambda: _clean_note(note),
    )
    return note


@transaction.atomic
def research_note_delete(*, actor: Actor, note: ResearchNote) -> None:
    audited_delete(
        actor=actor,
        obj=note,
        fields=NOTE_FIELDS,
        action="relmap.research_note.deleted",
        account_id=note.account_id,
    )


# The question bank ----------------------------------------------------------------------


def _clean_question(question: Question) -> None:
    question.text = question.text.strip()
    parent = question.parent
    seen: set[int] = set()
    while parent is not None:
        if question.pk is not None and parent.pk == question.pk:
            raise ValidationError(
                {"parent": "A question cannot follow up itself or one of its own follow-ups."}
            )
        if parent.pk in seen:  # a loop stored before: stop walking
            break
        seen.add(parent.pk)
        parent = parent.parent
    question.full_clean()


@transaction.atomic
def question_create(*, actor: Actor, **data: Any) -> Question:
    """Add a question to the bank (sales leaders and administrators only)."""
    require_question_editor(actor)
    _check_fields(data, QUESTION_FIELDS, "question")
    if "position" not in data:
        data["position"] = (Question.objects.aggregate(top=Max("position"))["top"] or 0) + 1
    question = Question(**data)
    _clean_question(question)
    audited_create(
        actor=actor,
        obj=question,
        fields=QUESTION_FIELDS,
        action="relmap.question.created",
        account_id=None,
    )
    return question


@transaction.atomic
def question_update(*, actor: Actor, question: Question, **data: Any) -> Question:
    """Change a question of the bank; ``active=False`` retires it (seeded ones included)."""
    require_question_editor(actor)
    _check_fields(data, QUESTION_FIELDS, "question")
    audited_update(
        actor=actor,
        obj=question,
        data=data,
        fields=QUESTION_FIELDS,
        action="relmap.question.updated",
        account_id=None,
        clean=lambda: _clean_question(question),
    )
    return question


@transaction.atomic
def question_delete(*, actor: Actor, question: Question) -> None:
    """Remove a question added by hand. Seeded questions are deactivated instead, and a
    question with follow-ups keeps them until they are moved or removed."""
    require_question_editor(actor)
    if question.seeded:
        raise ValidationError(
            "This question came with relmap: deactivate it instead of deleting it."
        )
    if question.follow_ups.exists():
        raise ValidationError(
            "This question has follow-ups: remove them or attach them elsewhere first."
        )
    audited_delete(
        actor=actor,
        obj=question,
        fields=QUESTION_FIELDS,
        action="relmap.question.deleted",
        account_id=None,
    )


# Initiatives ------------------------------------------------------------------------------


def _clean_initiative(initiative: Initiative, account: Account) -> None:
    initiative.title = initiative.title.strip()
    _on_team(account, initiative.owner_id, "owner", "owner")
    initiative.full_clean()


@transaction.atomic
def initiative_create(
    *,
    actor: Actor,
    account: Account,
    stage: str = Stage.RESEARCH,
    needs: Iterable[Need] = (),
    **data: Any,
) -> Initiative:
    """Start an initiative, in the research stage unless told where it stands."""
    _check_fields(data, INITIATIVE_FIELDS, "initiative")
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": _unknown_stage(stage)})
    today = timezone.localdate()
    initiative = Initiative(account=account, stage=stage, stage_entered_on=today, **data)
    _clean_initiative(initiative, account)
    audited_create(
        actor=actor,
        obj=initiative,
        fields=(*INITIATIVE_FIELDS, "stage", "stage_entered_on"),
        action="relmap.initiative.created",
        account_id=account.pk,
    )
    StageChange.objects.create(
        account=account,
        initiative=initiative,
        from_stage="",
        to_stage=stage,
        changed_on=today,
        changed_by_id=_user_id(actor),
        reason="Initiative started",
    )
    chosen = _needs_here(needs, account)
    if chosen:
        _set_needs(
            actor=actor, obj=initiative, needs=chosen, action="relmap.initiative.needs_linked"
        )
    return initiative


@transaction.atomic
def initiative_update(*, actor: Actor, initiative: Initiative, **data: Any) -> Initiative:
    """Change title, description or owner; the stage moves with :func:`initiative_move`."""
    _check_fields(data, INITIATIVE_FIELDS, "initiative")
    audited_update(
        actor=actor,
        obj=initiative,
        data=data,
        fields=INITIATIVE_FIELDS,
        action="relmap.initiative.updated",
        account_id=initiative.account_id,
        clean=lambda: _clean_initiative(initiative, initiative.account),
    )
    return initiative


@transaction.atomic
def initiative_delete(*, actor: Actor, initiative: Initiative) -> None:
    audited_delete(
        actor=actor,
        obj=initiative,
        fields=(*INITIATIVE_FIELDS, "stage", "stage_entered_on"),
        action="relmap.initiative.deleted",
        account_id=initiative.account_id,
    )


def _unknown_stage(stage: str) -> str:
    return f"Unknown stage {stage!r}; use {', '.join(STAGE_ORDER)}."


def _label(stage: str) -> str:
    return str(Stage(stage).label).lower()


@transaction.atomic
def initiative_move(
    *,
    actor: Actor,
    initiative: Initiative,
    stage: str,
    reason: str = "",
    on: dt.date | None = None,
) -> StageChange:
    """Move an initiative to ``stage``, dated ``on`` (today by default).

    Forward, one stage at a time: research before diagnose, diagnose before propose
    (proposing without diagnosing is product push). Back to any earlier stage, with a
    reason. The day it moves is not in the future nor before it entered its stage.
    """
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": _unknown_stage(stage)})
    # Lock the row so that two moves at once take turns and read the stage as stored.
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    current = STAGE_ORDER.index(initiative.stage)
    target = STAGE_ORDER.index(stage)
    reason = reason.strip()
    if target == current:
        raise ValidationError({"stage": f"The initiative is already at {_label(stage)}."})
    if target > current + 1:
        step = STAGE_ORDER[current + 1]
        raise ValidationError(
            {
                "stage": f"Move one stage at a time: {_label(step)} comes before "
                f"{_label(stage)}. Diagnose before you propose."
            }
        )
    if target < current and not reason:
        raise ValidationError({"reason": f"Say why the initiative goes back to {_label(stage)}."})
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": "A stage change cannot be dated in the future."})
    if day < initiative.stage_entered_on:
        raise ValidationError(
            {
                "on": "The initiative entered its current stage on "
                f"{initiative.stage_entered_on.isoformat()}: it cannot move before that."
            }
        )
    if len(reason) > 300:
        raise ValidationError({"reason": "Keep the reason under 300 characters."})
    before = {"stage": initiative.stage, "stage_entered_on": initiative.stage_entered_on}
    change = StageChange.objects.create(
        account_id=initiative.account_id,
        initiative=initiative,
        from_stage=initiative.stage,
        to_stage=stage,
        changed_on=day,
        changed_by_id=_user_id(actor),
        reason=reason,
    )
    initiative.stage, initiative.stage_entered_on = stage, day
    initiative.save(update_fields=["stage", "stage_entered_on", "updated_at"])
    log_action(
        actor=actor,
        action="relmap.initiative.stage_changed",
        obj=initiative,
        account_id=initiative.account_id,
        before=before,
        after={"stage": stage, "stage_entered_on": day, "reason": reason},
    )
    return change


@transaction.atomic
def initiative_link_needs(
    *, actor: Actor, initiative: Initiative, needs: Iterable[Need]
) -> Initiative:
    chosen = _needs_here(needs, initiative.account)
    _set_needs(actor=actor, obj=initiative, needs=chosen, action="relmap.initiative.needs_linked")
    return initiative


# Sessions ---------------------------------------------------------------------------------


def _clean_session(session: DiscoverySession, account: Account) -> None:
    session.title = session.title.strip()
    _on_team(account, session.held_by_id, "held_by", "interviewer")
    _same_account(
        session.initiative, account, "initiative", "That initiative belongs to another account."
    )
    session.full_clean()


def _set_attendees(
    *, actor: Actor, session: DiscoverySession, people: Iterable[Stakeholder]
) -> None:
    chosen = list(dict.fromkeys(people))
    for person in chosen:
        _person_here(person, session.account, "stakeholders")
    before = sorted(session.stakeholders.values_list("pk", flat=True))
    after = sorted(p.pk for p in chosen)
    if before == after:
        return
    session.stakeholders.set(chosen)
    log_action(
        actor=actor,
        action="relmap.discovery_session.attendees_set",
        obj=session,
        account_id=session.account_id,
        before={"stakeholders": before},
        after={"stakeholders": after},
    )


@transaction.atomic
def session_create(
    *,
    actor: Actor,
    account: Account,
    stakeholders: Iterable[Stakeholder] = (),
    questions: Iterable[Question] = (),
    **data: Any,
) -> DiscoverySession:
    """Start a session with the people in it and the bank's questions to ask, in order."""
    _check_fields(data, SESSION_FIELDS, "session")
    session = DiscoverySession(account=account, **data)
    _clean_session(session, account)
    audited_create(
        actor=actor,
        obj=session,
        fields=SESSION_FIELDS,
        action="relmap.discovery_session.created",
        account_id=account.pk,
    )
    _set_attendees(actor=actor, session=session, people=stakeholders)
    for question in dict.fromkeys(questions):
        asked_add(actor=actor, session=session, question=question)
    return session


@transaction.atomic
def session_update(
    *,
    actor: Actor,
    session: DiscoverySession,
    stakeholders: Iterable[Stakeholder] | None = None,
    **data: Any,
) -> DiscoverySession:
    _check_fields(data, SESSION_FIELDS, "session")
    audited_update(
        actor=actor,
        obj=session,
        data=data,
        fields=SESSION_FIELDS,
        action="relmap.discovery_session.updated",
        account_id=session.account_id,
        clean=lambda: _clean_session(session, session.account),
    )
    if stakeholders is not None:
        _set_attendees(actor=actor, session=session, people=stakeholders)
    return session


@transaction.atomic
def session_delete(*, actor: Actor, session: DiscoverySession) -> None:
    """Remove a session and its questions; needs captured in it stay in the plan."""
    audited_delete(
        actor=actor,
        obj=session,
        fields=SESSION_FIELDS,
        action="relmap.discovery_session.deleted",
        account_id=session.account_id,
    )


def _clean_asked(asked: SessionQuestion, session: DiscoverySession) -> None:
    asked.text = asked.text.strip()
    if not asked.text:
        raise ValidationError({"text": "Say which question was asked."})
    person = asked.answered_by
    if person is not None:
        _person_here(person, session.account, "answered_by")
        attendees = set(session.stakeholders.values_list("pk", flat=True))
        if attendees and person.pk not in attendees:
            raise ValidationError(
                {"answered_by": f"{person.name} was not in this session: add them first."}
            )
    asked.full_clean()


@transaction.atomic
def asked_add(
    *,
    actor: Actor,
    session: DiscoverySession,
    question: Question | None = None,
    text: str = "",
    category: str = "",
    answer: str = "",
    answered_by: Stakeholder | None = None,
) -> SessionQuestion:
    """Ask a question in a session: one of the bank's, or one asked ad hoc (``text``)."""
    if question is not None:
        if not question.active:
            raise ValidationError({"question": "That question has been retired from the bank."})
        text, category = question.text, question.category
    if category and category not in SpinCategory.values:
        raise ValidationError(
            {"category": f"Unknown category {category!r}; use {', '.join(SpinCategory.values)}."}
        )
    position = (
        SessionQuestion.objects.filter(session=session).aggregate(top=Max("position"))["top"] or 0
    ) + 1
    asked = SessionQuestion(
        account_id=session.account_id,
        session=session,
        question=question,
        category=category,
        text=text,
        answer=answer,
        answered_by=answered_by,
        position=position,
    )
    _clean_asked(asked, session)
    audited_create(
        actor=actor,
        obj=asked,
        fields=ASKED_FIELDS,
        action="relmap.session_question.created",
        account_id=session.account_id,
    )
    return asked


@transaction.atomic
def asked_update(*, actor: Actor, asked: SessionQuestion, **data: Any) -> SessionQuestion:
    """Record the answer (and who gave it); ad-hoc questions may be reworded too."""
    allowed = ("answer", "answered_by") if asked.question_id else ("answer", "answered_by", "text")
    _check_fields(data, allowed, "asked question")
    session = asked.session
    audited_update(
        actor=actor,
        obj=asked,
        data=data,
        fields=ASKED_FIELDS,
        action="relmap.session_question.updated",
        account_id=asked.account_id,
        clean=lambda: _clean_asked(asked, session),
    )
    return asked


@transaction.atomic
def asked_delete(*, actor: Actor, asked: SessionQuestion) -> None:
    audited_delete(
        actor=actor,
        obj=asked,
        fields=ASKED_FIELDS,
        action="relmap.session_question.deleted",
        account_id=asked.account_id,
    )


# Needs ------------------------------------------------------------------------------------


@transaction.atomic
def need_capture(
    *,
    actor: Actor,
    account: Account,
    kind: str,
    text: str,
    explicitness: str,
    stakeholder: Stakeholder | None = None,
    evidence: str = "",
    business_impact: str = "",
    asked: SessionQuestion | None = None,
    initiatives: Iterable[Initiative] = (),
) -> Need:
    """Capture a need into the account plan, from an answer in a session or not.

    The need is added through the plan's services (a new plan revision). Captured from
    an answer, its evidence defaults to the answer and its stakeholder to whoever gave
    it; it is linked to that answer and to ``initiatives``.
    """
    if explicitness not in CAPTURE_EXPLICITNESS:
        raise ValidationError(
            {"explicitness": "Say whether the need is explicit (they said it) or latent."}
        )
    chosen = list(dict.fromkeys(initiatives))
    for initiative in chosen:
        _same_account(
            initiative, account, "initiatives", "That initiative belongs to another account."
        )
    if asked is not None:
        _same_account(asked, account, "asked", "That answer belongs to another account.")
        if not evidence.strip():
            evidence = asked.answer
        if stakeholder is None:
            stakeholder = asked.answered_by
    _person_here(stakeholder, account, "stakeholder")
    plan = planning.plan_get_or_create(actor=actor, account=account)
    need: Need = planning.plan_item_create(
        actor=actor,
        plan=plan,
        section_name="needs",
        kind=kind,
        explicitness=explicitness,
        text=text.strip(),
        stakeholder=stakeholder,
        evidence=evidence.strip(),
        business_impact=business_impact.strip(),
    )
    if asked is not None:
        asked.needs.add(need)
        log_action(
            actor=actor,
            action="relmap.session_question.need_captured",
            obj=asked,
            account_id=account.pk,
            after={"need": need.pk},
        )
    for initiative in chosen:
        initiative.needs.add(need)
        log_action(
            actor=actor,
            action="relmap.initiative.needs_linked",
            obj=initiative,
            account_id=account.pk,
            after={"added_need": need.pk},
        )
    return need


# Proposals --------------------------------------------------------------------------------


def _clean_proposal(proposal: Proposal, account: Account) -> None:
    proposal.title = proposal.title.strip()
    _same_account(
        proposal.initiative, account, "initiative", "That initiative belongs to another account."
    )
    proposal.full_clean()


@transaction.atomic
def proposal_create(
    *, actor: Actor, account: Account, needs: Iterable[Need] = (), **data: Any
) -> Proposal:
    """Propose a solution; ``needs`` are the account's needs it answers."""
    _check_fields(data, PROPOSAL_FIELDS, "proposal")
    chosen = _needs_here(needs, account)
    proposal = Proposal(account=account, **data)
    _clean_proposal(proposal, account)
    audited_create(
        actor=actor,
        obj=proposal,
        fields=PROPOSAL_FIELDS,
        action="relmap.proposal.created",
        account_id=account.pk,
    )
    if chosen:
        _set_needs(actor=actor, obj=proposal, needs=chosen, action="relmap.proposal.needs_linked")
    return proposal


@transaction.atomic
def proposal_update(
    *, actor: Actor, proposal: Proposal, needs: Iterable[Need] | None = None, **data: Any
) -> Proposal:
    _check_fields(data, PROPOSAL_FIELDS, "proposal")
    chosen = _needs_here(needs, proposal.account) if needs is not None else None
    audited_update(
        actor=actor,
        obj=proposal,
        data=data,
        fields=PROPOSAL_FIELDS,
        action="relmap.proposal.updated",
        account_id=proposal.account_id,
        clean=lambda: _clean_proposal(proposal, proposal.account),
    )
    if chosen is not None:
        _set_needs(actor=actor, obj=proposal, needs=chosen, action="relmap.proposal.needs_linked")
    return proposal


@transaction.atomic
def proposal_delete(*, actor: Actor, proposal: Proposal) -> None:
    audited_delete(
        actor=actor,
        obj=proposal,
        fields=PROPOSAL_FIELDS,
        action="relmap.proposal.deleted",
        account_id=proposal.account_id,
    )

"""``/api/accounts/{account_id}/discovery``: research notes, initiatives and their stage,
discovery sessions with their questions and answers, needs captured into the account
plan, proposals linked to needs, and the flags; ``…/discovery/question-bank``: the
site-wide SPIN question bank, reached through any account the caller sees (its team
reads it; sales leaders and administrators change it).

Every write goes through :mod:`relmap.discovery.services`. Ids in a body that are not on
this account are reported like ids that do not exist (422), so that other accounts' ids
do not leak.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from relmap.accounts.models import Account, AccountMembership
from relmap.api.access import account_for, caller, stakeholder_in_body
from relmap.api.errors import InvalidInputError
from relmap.api.schemas import discovery as schemas
from relmap.discovery import selectors, services
from relmap.discovery.models import (
    DiscoverySession,
    Initiative,
    Proposal,
    Question,
    ResearchNote,
    SessionQuestion,
)
from relmap.discovery.permissions import require_question_editor
from relmap.planning.models import Need

router = Router(tags=["discovery"])

BASE = "/{account_id}/discovery"


def _at[M: Model](model: type[M], account: Account, pk: int, what: str) -> M:
    obj = model._default_manager.filter(account_id=account.pk, pk=pk).first()
    if obj is None:
        raise Http404(f"No {what} {pk} on this account.")
    return obj


def _in_body[M: Model](model: type[M], account: Account, pk: int, field: str, what: str) -> M:
    obj = model._default_manager.filter(account_id=account.pk, pk=pk).first()
    if obj is None:
        raise InvalidInputError(field, f"No {what} {pk} on this account.")
    return obj


def _team_member(account: Account, user_id: int | None, field: str) -> Any:
    if user_id is None:
        return None
    membership = (
        AccountMembership.objects.select_related("user")
        .filter(account=account, user_id=user_id)
        .first()
    )
    if membership is None:
        raise InvalidInputError(field, f"No team member {user_id} on this account.")
    return membership.user


def _needs(account: Account, ids: list[int]) -> list[Need]:
    found = {n.pk: n for n in Need.objects.filter(account_id=account.pk, pk__in=ids)}
    for pk in ids:
        if pk not in found:
            raise InvalidInputError("need_ids", f"No need {pk} on this account.")
    return [found[pk] for pk in dict.fromkeys(ids)]


def _people(account: Account, ids: list[int]) -> list[Any]:
    return [stakeholder_in_body(account, pk, "stakeholder_ids") for pk in dict.fromkeys(ids)]


def _initiative(account: Account, pk: int | None) -> Initiative | None:
    if pk is None:
        return None
    return _in_body(Initiative, account, pk, "initiative_id", "initiative")


def _question(pk: int, field: str) -> Question:
    question = Question.objects.filter(pk=pk).first()
    if question is None:
        raise InvalidInputError(field, f"No question {pk} in the bank.")
    return question


# The overview and flags -------------------------------------------------------------------


@router.get(BASE, response=schemas.DiscoveryOut, summary="Everything discovery knows")
def get_discovery(request: HttpRequest, account_id: int) -> dict[str, Any]:
    account = account_for(request, account_id)
    data = selectors.load_discovery(account)
    return {
        "account_id": account.pk,
        "initiatives": data.initiatives,
        "notes": data.notes,
        "sessions": data.sessions,
        "needs": data.needs,
        "proposals": data.proposals,
        "flags": data.flags,
    }


@router.get(
    BASE + "/flags",
    response=list[schemas.FlagOut],
    summary="Needs with no proposal, proposals with no need",
)
def get_flags(request: HttpRequest, account_id: int) -> list[Any]:
    account = account_for(request, account_id)
    return selectors.flags_for(
        list(selectors.needs_of(account)), list(selectors.proposals_of(account))
    )


# Research notes ---------------------------------------------------------------------------


def _note(account: Account, pk: int) -> ResearchNote:
    found = selectors.notes_of(account).filter(pk=pk).first()
    if found is None:
        raise Http404(f"No research note {pk} on this account.")
    return found


@router.get(BASE + "/notes", response=list[schemas.ResearchNoteOut], summary="Research notes")
def list_notes(request: HttpRequest, account_id: int) -> list[ResearchNote]:
    return list(selectors.notes_of(account_for(request, account_id)))


@router.post(BASE + "/notes", response={201: schemas.ResearchNoteOut}, summary="Add a note")
def create_note(
    request: HttpRequest, account_id: int, payload: schemas.ResearchNoteIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    data = payload.model_dump()
    if data["noted_on"] is None:
        data.pop("noted_on")
    note = services.research_note_create(actor=caller(request), account=account, **data)
    return Status(201, _note(account, note.pk))


@router.patch(BASE + "/notes/{note_id}", response=schemas.ResearchNoteOut, summary="Change a note")
def update_note(
    request: HttpRequest, account_id: int, note_id: int, payload: schemas.ResearchNotePatch
) -> ResearchNote:
    account = account_for(request, account_id, for_edit=True)
    note = _note(account, note_id)
    services.research_note_update(
        actor=caller(request), note=note, **payload.model_dump(exclude_unset=True)
    )
    return _note(account, note_id)


@router.delete(BASE + "/notes/{note_id}", response={204: None}, summary="Remove a note")
def delete_note(request: HttpRequest, account_id: int, note_id: int) -> Status[None]:
    account = account_for(request, account_id, for_edit=True)
    services.research_note_delete(actor=caller(request), note=_note(account, note_id))
    return Status(204, None)


# The question bank ------------------------------------------------------------------------


def _bank_row(question_id: int, active_only: bool = False) -> dict[str, Any]:
    for row in selectors.question_rows(active_only=active_only):
        if row.question.pk == question_id:
            return _row(row)
    raise Http404(f"No question {question_id} in the bank.")


def _row(row: selectors.BankRow) -> dict[str, Any]:
    q = row.question
    return {
        "id": q.pk,
        "category": q.category,
        "text": q.text,
        "parent_id": q.parent_id,
        "depth": row.depth,
        "purpose": q.purpose,
        "position": q.position,
        "active": q.active,
        "seeded": q.seeded,
    }


def _question_fields(data: dict[str, Any]) -> dict[str, Any]:
    if "parent_id" in data:
        parent_id = data.pop("parent_id")
        data["parent"] = None if parent_id is None else _question(parent_id, "parent_id")
    return data


@router.get(
    BASE + "/question-bank",
    response=list[schemas.QuestionOut],
    summary="The SPIN question bank, follow-ups after their question",
)
def list_questions(
    request: HttpRequest, account_id: int, query: Query[schemas.BankQuery]
) -> list[Any]:
    account_for(request, account_id)
    return [_row(r) for r in selectors.question_rows(active_only=query.active_only)]


@router.post(
    BASE + "/question-bank",
    response={201: schemas.QuestionOut},
    summary="Add a question to the bank (sales leaders and administrators)",
)
def create_question(
    request: HttpRequest, account_id: int, payload: schemas.QuestionIn
) -> Status[Any]:
    account_for(request, account_id)
    user = caller(request)
    require_question_editor(user)
    question = services.question_create(actor=user, **_question_fields(payload.model_dump()))
    return Status(201, _bank_row(question.pk))


@router.patch(
    BASE + "/question-bank/{question_id}",
    response=schemas.QuestionOut,
    summary="Change or retire a question of the bank (sales leaders and administrators)",
)
def update_question(
    request: HttpRequest, account_id: int, question_id: int, payload: schemas.QuestionPatch
) -> dict[str, Any]:
    account_for(request, account_id)
    user = caller(request)
    require_question_editor(user)
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        raise Http404(f"No question {question_id} in the bank.")
    services.question_update(
        actor=user,
        question=question,
        **_question_fields(payload.model_dump(exclude_unset=True)),
    )
    return _bank_row(question_id)


@router.delete(
    BASE + "/question-bank/{question_id}",
    response={204: None},
    summary="Delete a question added by hand (seeded ones are retired instead)",
)
def delete_question(request: HttpRequest, account_id: int, question_id: int) -> Status[None]:
    account_for(request, account_id)
    user = caller(request)
    require_question_editor(user)
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        raise Http404(f"No question {question_id} in the bank.")
    services.question_delete(actor=user, question=question)
    return Status(204, None)


# Initiatives ------------------------------------------------------------------------------


def _initiative_out(account: Account, pk: int) -> Initiative:
    found = selectors.initiatives_of(account).filter(pk=pk).first()
    if found is None:
        raise Http404(f"No initiative {pk} on this account.")
    return found


@router.get(BASE + "/initiatives", response=list[schemas.InitiativeOut], summary="Initiatives")
def list_initiatives(request: HttpRequest, account_id: int) -> list[Initiative]:
    return list(selectors.initiatives_of(account_for(request, account_id)))


@router.post(
    BASE + "/initiatives", response={201: schemas.InitiativeOut}, summary="Start an initiative"
)
def create_initiative(
    request: HttpRequest, account_id: int, payload: schemas.InitiativeIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    initiative = services.initiative_create(
        actor=caller(request),
        account=account,
        title=payload.title,
        description=payload.description,
        owner=_team_member(account, payload.owner_id, "owner_id"),
        stage=payload.stage,
        needs=_needs(account, payload.need_ids),
    )
    return Status(201, _initiative_out(account, initiative.pk))


@router.patch(
    BASE + "/initiatives/{initiative_id}",
    response=schemas.InitiativeOut,
    summary="Change an initiative's title, description, owner or needs",
)
def update_initiative(
    request: HttpRequest, account_id: int, initiative_id: int, payload: schemas.InitiativePatch
) -> Initiative:
    account = account_for(request, account_id, for_edit=True)
    initiative = _at(Initiative, account, initiative_id, "initiative")
    data = payload.model_dump(exclude_unset=True)
    needs = _needs(account, data.pop("need_ids")) if "need_ids" in data else None
    if "owner_id" in data:
        data["owner"] = _team_member(account, data.pop("owner_id"), "owner_id")
    actor = caller(request)
    if data:
        services.initiative_update(actor=actor, initiative=initiative, **data)
    if needs is not None:
        services.initiative_link_needs(actor=actor, initiative=initiative, needs=needs)
    return _initiative_out(account, initiative_id)


@router.post(
    BASE + "/initiatives/{initiative_id}/stage",
    response=schemas.InitiativeOut,
    summary="Move an initiative to another stage",
    description="Forward one stage at a time; back to an earlier stage with a reason.",
)
def move_initiative(
    request: HttpRequest, account_id: int, initiative_id: int, payload: schemas.StageIn
) -> Initiative:
    account = account_for(request, account_id, for_edit=True)
    initiative = _at(Initiative, account, initiative_id, "initiative")
    services.initiative_move(
        actor=caller(request),
        initiative=initiative,
        stage=payload.stage,
        reason=payload.reason,
        on=payload.on,
    )
    return _initiative_out(account, initiative_id)


@router.delete(
    BASE + "/initiatives/{initiative_id}", response={204: None}, summary="Remove an initiative"
)
def delete_initiative(request: HttpRequest, account_id: int, initiative_id: int) -> Status[None]:
    account = account_for(request, account_id, for_edit=True)
    initiative = _at(Initiative, account, initiative_id, "initiative")
    services.initiative_delete(actor=caller(request), initiative=initiative)
    return Status(204, None)


# Sessions ---------------------------------------------------------------------------------


def _session_out(session: DiscoverySession) -> DiscoverySession:
    """The session read back with its people (its questions come with the schema)."""
    return (
        DiscoverySession.objects.prefetch_related("stakeholders")
        .select_related("held_by", "initiative")
        .get(pk=session.pk)
    )


@router.get(BASE + "/sessions", response=list[schemas.SessionOut], summary="Discovery sessions")
def list_sessions(request: HttpRequest, account_id: int) -> list[DiscoverySession]:
    return list(selectors.sessions_of(account_for(request, account_id)))


@router.post(
    BASE + "/sessions", response={201: schemas.SessionDetailOut}, summary="Start a session"
)
def create_session(
    request: HttpRequest, account_id: int, payload: schemas.SessionIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    session = services.session_create(
        actor=caller(request),
        account=account,
        title=payload.title,
        held_on=payload.held_on,
        held_by=_team_member(account, payload.held_by_id, "held_by_id"),
        initiative=_initiative(account, payload.initiative_id),
        stakeholders=_people(account, payload.stakeholder_ids),
        questions=[_question(pk, "question_ids") for pk in payload.question_ids],
        notes=payload.notes,
    )
    return Status(201, _session_out(session))


@router.get(
    BASE + "/sessions/{session_id}",
    response=schemas.SessionDetailOut,
    summary="A session with its questions and answers",
)
def get_session(request: HttpRequest, account_id: int, session_id: int) -> DiscoverySession:
    account = account_for(request, account_id)
    return _session_out(_at(DiscoverySession, account, session_id, "session"))


@router.patch(
    BASE + "/sessions/{session_id}", response=schemas.SessionDetailOut, summary="Change a session"
)
def update_session(
    request: HttpRequest, account_id: int, session_id: int, payload: schemas.SessionPatch
) -> DiscoverySession:
    account = account_for(request, account_id, for_edit=True)
    session = _at(DiscoverySession, account, session_id, "session")
    data = payload.model_dump(exclude_unset=True)
    people = _people(account, data.pop("stakeholder_ids")) if "stakeholder_ids" in data else None
    if "held_by_id" in data:
        data["held_by"] = _team_member(account, data.pop("held_by_id"), "held_by_id")
    if "initiative_id" in data:
        data["initiative"] = _initiative(account, data.pop("initiative_id"))
    services.session_update(actor=caller(request), session=session, stakeholders=people, **data)
    return _session_out(session)


@router.delete(BASE + "/sessions/{session_id}", response={204: None}, summary="Remove a session")
def delete_session(request: HttpRequest, account_id: int, session_id: int) -> Status[None]:
    account = account_for(request, account_id, for_edit=True)
    services.session_delete(
        actor=caller(request), session=_at(DiscoverySession, account, session_id, "session")
    )
    return Status(204, None)


def _asked_out(session: DiscoverySession, pk: int) -> SessionQuestion:
    found = selectors.asked_in(session).filter(pk=pk).first()
    if found is None:
        raise Http404(f"No question {pk} in this session.")
    return found


@router.post(
    BASE + "/sessions/{session_id}/questions",
    response={201: schemas.AskedOut},
    summary="Ask a question in a session (from the bank or ad hoc)",
)
def ask_question(
    request: HttpRequest, account_id: int, session_id: int, payload: schemas.AskIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    session = _at(DiscoverySession, account, session_id, "session")
    if payload.question_id is None and not payload.text.strip():
        raise InvalidInputError("text", "Give a question_id from the bank or the text asked.")
    asked = services.asked_add(
        actor=caller(request),
        session=session,
        question=None
        if payload.question_id is None
        else _question(payload.question_id, "question_id"),
        text=payload.text,
        category=payload.category,
        answer=payload.answer,
        answered_by=None
        if payload.answered_by_id is None
        else stakeholder_in_body(account, payload.answered_by_id, "answered_by_id"),
    )
    return Status(201, _asked_out(session, asked.pk))


@router.patch(
    BASE + "/sessions/{session_id}/questions/{asked_id}",
    response=schemas.AskedOut,
    summary="Record the answer to a question asked",
)
def answer_question(
    request: HttpRequest,
    account_id: int,
    session_id: int,
    asked_id: int,
    payload: schemas.AnswerPatch,
) -> SessionQuestion:
    account = account_for(request, account_id, for_edit=True)
    session = _at(DiscoverySession, account, session_id, "session")
    asked = _asked_out(session, asked_id)
    data = payload.model_dump(exclude_unset=True)
    if "answered_by_id" in data:
        person_id = data.pop("answered_by_id")
        data["answered_by"] = (
            None if person_id is None else stakeholder_in_body(account, person_id, "answered_by_id")
        )
    services.asked_update(actor=caller(request), asked=asked, **data)
    return _asked_out(session, asked_id)


@router.delete(
    BASE + "/sessions/{session_id}/questions/{asked_id}",
    response={204: None},
    summary="Remove a question from a session",
)
def delete_question_asked(
    request: HttpRequest, account_id: int, session_id: int, asked_id: int
) -> Status[None]:
    account = account_for(request, account_id, for_edit=True)
    session = _at(DiscoverySession, account, session_id, "session")
    services.asked_delete(actor=caller(request), asked=_asked_out(session, asked_id))
    return Status(204, None)


# Needs ------------------------------------------------------------------------------------


def _need_out(account: Account, pk: int) -> Need:
    return selectors.needs_of(account).get(pk=pk)


@router.get(
    BASE + "/needs",
    response=list[schemas.DiscoveryNeedOut],
    summary="The plan's needs, with what answers them and where they were voiced",
)
def list_needs(request: HttpRequest, account_id: int) -> list[Need]:
    return list(selectors.needs_of(account_for(request, account_id)))


@router.post(
    BASE + "/needs",
    response={201: schemas.DiscoveryNeedOut},
    summary="Capture a need into the account plan",
    description="Makes a new plan revision. Change or remove needs with …/plan/needs/{id}.",
)
def capture_need(
    request: HttpRequest, account_id: int, payload: schemas.NeedCaptureIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    asked = (
        None
        if payload.asked_id is None
        else _in_body(SessionQuestion, account, payload.asked_id, "asked_id", "answer")
    )
    need = services.need_capture(
        actor=caller(request),
        account=account,
        kind=payload.kind,
        explicitness=payload.explicitness,
        text=payload.text,
        stakeholder=None
        if payload.stakeholder_id is None
        else stakeholder_in_body(account, payload.stakeholder_id, "stakeholder_id"),
        evidence=payload.evidence,
        business_impact=payload.business_impact,
        asked=asked,
        initiatives=[
            _in_body(Initiative, account, pk, "initiative_ids", "initiative")
            for pk in payload.initiative_ids
        ],
    )
    return Status(201, _need_out(account, need.pk))


# Proposals --------------------------------------------------------------------------------


def _proposal_out(account: Account, pk: int) -> Proposal:
    found = selectors.proposals_of(account).filter(pk=pk).first()
    if found is None:
        raise Http404(f"No proposal {pk} on this account.")
    return found


@router.get(BASE + "/proposals", response=list[schemas.ProposalOut], summary="Proposals")
def list_proposals(request: HttpRequest, account_id: int) -> list[Proposal]:
    return list(selectors.proposals_of(account_for(request, account_id)))


@router.post(BASE + "/proposals", response={201: schemas.ProposalOut}, summary="Propose a solution")
def create_proposal(
    request: HttpRequest, account_id: int, payload: schemas.ProposalIn
) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    proposal = services.proposal_create(
        actor=caller(request),
        account=account,
        title=payload.title,
        description=payload.description,
        initiative=_initiative(account, payload.initiative_id),
        needs=_needs(account, payload.need_ids),
    )
    return Status(201, _proposal_out(account, proposal.pk))


@router.patch(
    BASE + "/proposals/{proposal_id}", response=schemas.ProposalOut, summary="Change a proposal"
)
def update_proposal(
    request: HttpRequest, account_id: int, proposal_id: int, payload: schemas.ProposalPatch
) -> Proposal:
    account = account_for(request, account_id, for_edit=True)
    proposal = _at(Proposal, account, proposal_id, "proposal")
    data = payload.model_dump(exclude_unset=True)
    needs = _needs(account, data.pop("need_ids")) if "need_ids" in data else None
    if "initiative_id" in data:
        data["initiative"] = _initiative(account, data.pop("initiative_id"))
    services.proposal_update(actor=caller(request), proposal=proposal, needs=needs, **data)
    return _proposal_out(account, proposal_id)


@router.delete(BASE + "/proposals/{proposal_id}", response={204: None}, summary="Remove a proposal")
def delete_proposal(request: HttpRequest, account_id: int, proposal_id: int) -> Status[None]:
    account = account_for(request, account_id, for_edit=True)
    services.proposal_delete(
        actor=caller(request), proposal=_at(Proposal, account, proposal_id, "proposal")
    )
    return Status(204, None)

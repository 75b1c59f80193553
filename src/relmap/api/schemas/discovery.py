"""Schemas of ``/api/accounts/{account_id}/discovery`` and of the question bank.

Bodies name people, initiatives, needs, questions and answers by id (``owner_id`` and
``held_by_id`` users on the account team; ``stakeholder_id``/``stakeholder_ids``/
``answered_by_id`` people on this account's map; ``need_ids`` needs of this account's
plan); answers give ids and names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from relmap.api.schemas.common import NOT_SENT, InSchema, RecordId
from relmap.api.schemas.planning import NeedOut
from relmap.discovery.choices import SpinCategory, Stage
from relmap.planning.choices import NeedKind


def _person(obj: Any) -> str | None:
    if obj is None:
        return None
    full = getattr(obj, "get_full_name", None)
    return (full() if callable(full) else "") or getattr(obj, "name", None) or str(obj)


# Research notes ---------------------------------------------------------------------------


class ResearchNoteIn(InSchema):
    title: str = Field(min_length=1, max_length=200)
    body: str = ""
    source: str = Field("", max_length=200)
    link: str = Field("", max_length=500, description="A web address (https://…) or blank.")
    noted_on: dt.date | None = Field(None, description="Today if not given; not in the future.")


class ResearchNotePatch(InSchema):
    title: str = Field(NOT_SENT, min_length=1, max_length=200)
    body: str = Field(NOT_SENT)
    source: str = Field(NOT_SENT, max_length=200)
    link: str = Field(NOT_SENT, max_length=500)
    noted_on: dt.date = Field(NOT_SENT)


class ResearchNoteOut(Schema):
    id: int
    title: str
    body: str
    source: str
    link: str
    noted_on: dt.date
    author_id: RecordId | None
    author: str | None

    @staticmethod
    def resolve_author(obj: Any) -> str | None:
        return _person(obj.author)


# The question bank ------------------------------------------------------------------------


class QuestionIn(InSchema):
    category: SpinCategory
    text: str = Field(min_length=1, max_length=300)
    parent_id: RecordId | None = Field(None, description="The question this one follows up.")
    purpose: str = Field("", max_length=300)
    active: bool = True


class QuestionPatch(InSchema):
    category: SpinCategory = Field(NOT_SENT)
    text: str = Field(NOT_SENT, min_length=1, max_length=300)
    parent_id: RecordId | None = Field(NOT_SENT)
    purpose: str = Field(NOT_SENT, max_length=300)
    active: bool = Field(NOT_SENT, description="false retires it (seeded questions too).")


class QuestionOut(Schema):
    id: int
    category: str
    text: str
    parent_id: RecordId | None
    depth: int = Field(description="0 for a first question, 1 for its follow-up, …")
    purpose: str
    position: int
    active: bool
    seeded: bool


class BankQuery(Schema):
    active_only: bool = Field(True, description="Leave out retired questions (and theirs).")


# Initiatives ------------------------------------------------------------------------------


class InitiativeIn(InSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    owner_id: RecordId | None = None
    stage: Stage = Field(Stage.RESEARCH, description="Where it stands when first recorded.")
    need_ids: list[RecordId] = Field(default_factory=list)


class InitiativePatch(InSchema):
    title: str = Field(NOT_SENT, min_length=1, max_length=200)
    description: str = Field(NOT_SENT)
    owner_id: RecordId | None = Field(NOT_SENT)
    need_ids: list[RecordId] = Field(NOT_SENT)


class StageIn(InSchema):
    stage: Stage
    reason: str = Field("", max_length=300, description="Needed when it goes back a stage.")
    on: dt.date | None = Field(None, description="Today if not given.")


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    changed_on: dt.date
    changed_by: str | None
    reason: str

    @staticmethod
    def resolve_changed_by(obj: Any) -> str | None:
        return _person(obj.changed_by)


class InitiativeOut(Schema):
    id: int
    title: str
    description: str
    owner_id: RecordId | None
    owner: str | None
    stage: str
    stage_entered_on: dt.date
    need_ids: list[RecordId]
    history: list[StageChangeOut]

    @staticmethod
    def resolve_owner(obj: Any) -> str | None:
        return _person(obj.owner)

    @staticmethod
    def resolve_need_ids(obj: Any) -> list[int]:
        return [n.pk for n in obj.needs.all()]

    @staticmethod
    def resolve_history(obj: Any) -> list[Any]:
        return list(obj.stage_changes.all())


# Sessions ---------------------------------------------------------------------------------


class SessionIn(InSchema):
    title: str = Field(min_length=1, max_length=200)
    held_on: dt.date
    held_by_id: RecordId | None = None
    initiative_id: RecordId | None = None
    stakeholder_ids: list[RecordId] = Field(default_factory=list)
    question_ids: list[RecordId] = Field(
        default_factory=list, description="Questions of the bank to ask, in order."
    )
    notes: str = ""


class SessionPatch(InSchema):
    title: str = Field(NOT_SENT, min_length=1, max_length=200)
    held_on: dt.date = Field(NOT_SENT)
    held_by_id: RecordId | None = Field(NOT_SENT)
    initiative_id: RecordId | None = Field(NOT_SENT)
    stakeholder_ids: list[RecordId] = Field(NOT_SENT)
    notes: str = Field(NOT_SENT)


class AskIn(InSchema):
    """A question of the bank (``question_id``) or one asked ad hoc (``text``)."""

    question_id: RecordId | None = None
    text: str = Field("", max_length=300)
    category: SpinCategory | Literal[""] = ""
    answer: str = ""
    answered_by_id: RecordId | None = None


class AnswerPatch(InSchema):
    answer: str = Field(NOT_SENT)
    answered_by_id: RecordId | None = Field(NOT_SENT)
    text: str = Field(NOT_SENT, min_length=1, max_length=300, description="Ad-hoc questions.")


class AskedOut(Schema):
    id: int
    position: int
    question_id: RecordId | None
    category: str
    text: str
    answer: str
    answered_by_id: RecordId | None
    answered_by: str | None
    need_ids: list[RecordId]

    @staticmethod
    def resolve_answered_by(obj: Any) -> str | None:
        return _person(obj.answered_by)

    @staticmethod
    def resolve_need_ids(obj: Any) -> list[int]:
        return [n.pk for n in obj.needs.all()]


class SessionOut(Schema):
    id: int
    title: str
    held_on: dt.date
    held_by_id: RecordId | None
    initiative_id: RecordId | None
    stakeholder_ids: list[RecordId]
    notes: str

    @staticmethod
    def resolve_stakeholder_ids(obj: Any) -> list[int]:
        return [p.pk for p in obj.stakeholders.all()]


class SessionDetailOut(SessionOut):
    questions: list[AskedOut]

    @staticmethod
    def resolve_questions(obj: Any) -> list[Any]:
        from relmap.discovery.selectors import asked_in

        return list(asked_in(obj))


# Needs and proposals ----------------------------------------------------------------------


class NeedCaptureIn(InSchema):
    """A need captured into the account plan; from an answer when ``asked_id`` is given
    (its evidence then defaults to the answer, its stakeholder to who gave it)."""

    kind: NeedKind
    explicitness: Literal["explicit", "latent"] = Field(
        description="explicit: the customer said it; latent: uncovered, not yet stated."
    )
    text: str = Field(min_length=1, max_length=300)
    stakeholder_id: RecordId | None = None
    evidence: str = Field("", max_length=5000)
    business_impact: str = Field("", max_length=5000)
    asked_id: RecordId | None = Field(None, description="The answer it was voiced in.")
    initiative_ids: list[RecordId] = Field(default_factory=list)


class DiscoveryNeedOut(NeedOut):
    proposal_ids: list[RecordId]
    initiative_ids: list[RecordId]
    asked_ids: list[RecordId] = Field(description="The answers it was voiced in.")

    @staticmethod
    def resolve_proposal_ids(obj: Any) -> list[int]:
        return [p.pk for p in obj.proposals.all()]

    @staticmethod
    def resolve_initiative_ids(obj: Any) -> list[int]:
        return [i.pk for i in obj.initiatives.all()]

    @staticmethod
    def resolve_asked_ids(obj: Any) -> list[int]:
        return [a.pk for a in obj.voiced_in.all()]


class ProposalIn(InSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    initiative_id: RecordId | None = None
    need_ids: list[RecordId] = Field(default_factory=list, description="The needs it answers.")


class ProposalPatch(InSchema):
    title: str = Field(NOT_SENT, min_length=1, max_length=200)
    description: str = Field(NOT_SENT)
    initiative_id: RecordId | None = Field(NOT_SENT)
    need_ids: list[RecordId] = Field(NOT_SENT)


class ProposalOut(Schema):
    id: int
    title: str
    description: str
    initiative_id: RecordId | None
    need_ids: list[RecordId]

    @staticmethod
    def resolve_need_ids(obj: Any) -> list[int]:
        return [n.pk for n in obj.needs.all()]


class FlagOut(Schema):
    kind: str = Field(description="need_without_proposal or proposal_without_need")
    object_id: int
    label: str
    explanation: str
    fix: str


class DiscoveryOut(Schema):
    account_id: RecordId
    initiatives: list[InitiativeOut]
    notes: list[ResearchNoteOut]
    sessions: list[SessionOut]
    needs: list[DiscoveryNeedOut]
    proposals: list[ProposalOut]
    flags: list[FlagOut]

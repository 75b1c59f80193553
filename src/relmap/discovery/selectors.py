"""Reads of consultative discovery, each in a fixed number of queries whatever the size.

:func:`load_discovery` reads everything the discovery page shows for an account (notes,
initiatives, sessions, the plan's needs, proposals) and computes the flags with the pure
:func:`relmap.discovery.flags.discovery_flags`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from relmap.accounts.models import Account
from relmap.discovery.choices import SPIN_GUIDANCE, STAGE_ORDER, SpinCategory, Stage
from relmap.discovery.flags import (
    NEED_WITHOUT_PROPOSAL,
    PROPOSAL_WITHOUT_NEED,
    DiscoveryFlag,
    NeedRef,
    ProposalRef,
    discovery_flags,
)
from relmap.discovery.models import (
    DiscoverySession,
    Initiative,
    Proposal,
    Question,
    ResearchNote,
    SessionQuestion,
    StageChange,
)
from relmap.planning.models import Need


def notes_of(account: Account) -> QuerySet[ResearchNote]:
    return ResearchNote.objects.filter(account=account).select_related("author")


def initiatives_of(account: Account) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(account=account)
        .select_related("owner")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("position", "id")),
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("changed_by")),
        )
        .order_by("id")
    )


def sessions_of(account: Account) -> QuerySet[DiscoverySession]:
    return (
        DiscoverySession.objects.filter(account=account)
        .select_related("held_by", "initiative")
        .prefetch_related("stakeholders")
        .annotate(
            asked_count=Count("asked", distinct=True),
            answered_count=Count("asked", filter=~Q(asked__answer=""), distinct=True),
        )
        .order_by("-held_on", "-id")
    )


def asked_in(session: DiscoverySession) -> QuerySet[SessionQuestion]:
    return (
        SessionQuestion.objects.filter(account_id=session.account_id, session=session)
        .select_related("question", "answered_by")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("position", "id")))
        .order_by("position", "id")
    )


def needs_of(account: Account) -> QuerySet[Need]:
    """The account plan's needs, with who voiced them, where and what answers them."""
    return (
        Need.objects.filter(account_id=account.pk)
        .select_related("stakeholder")
        .prefetch_related(
            Prefetch("proposals", queryset=Proposal.objects.order_by("id")),
            Prefetch("initiatives", queryset=Initiative.objects.order_by("id")),
            Prefetch(
                "voiced_in",
                queryset=SessionQuestion.objects.select_related("session").order_by("id"),
            ),
        )
        .order_by("position", "id")
    )


def proposals_of(account: Account) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(account=account)
        .select_related("initiative")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("position", "id")))
        .order_by("id")
    )


def flags_for(needs: list[Need], proposals: list[Proposal]) -> list[DiscoveryFlag]:
    """The flags of loaded needs and proposals (their ``needs`` prefetched): no query."""
    return discovery_flags(
        [NeedRef(n.pk, n.text, n.explicitness) for n in needs],
        [ProposalRef(p.pk, p.title, tuple(n.pk for n in p.needs.all())) for p in proposals],
    )


@dataclass(frozen=True)
class StageStep:
    value: str
    label: str
    state: str  # "done", "current" or "todo"


def stage_steps(stage: str) -> list[StageStep]:
    """The stepper of an initiative: stages before its own are done."""
    here = STAGE_ORDER.index(stage)
    return [
        StageStep(
            value,
            str(Stage(value).label),
            "done" if i < here else "current" if i == here else "todo",
        )
        for i, value in enumerate(STAGE_ORDER)
    ]


def next_stage(stage: str) -> str | None:
    here = STAGE_ORDER.index(stage)
    return STAGE_ORDER[here + 1] if here + 1 < len(STAGE_ORDER) else None


@dataclass(frozen=True)
class Discovery:
    notes: list[ResearchNote]
    initiatives: list[Initiative]
    sessions: list[DiscoverySession]
    needs: list[Need]
    proposals: list[Proposal]
    flags: list[DiscoveryFlag]
    unanswered_need_ids: frozenset[int] = field(default_factory=frozenset)
    needless_proposal_ids: frozenset[int] = field(default_factory=frozenset)


def load_discovery(account: Account) -> Discovery:
    """Everything the discovery page shows, in a fixed number of queries."""
    needs = list(needs_of(account))
    proposals = list(proposals_of(account))
    flags = flags_for(needs, proposals)
    return Discovery(
        notes=list(notes_of(account)),
        initiatives=list(initiatives_of(account)),
        sessions=list(sessions_of(account)),
        needs=needs,
        proposals=proposals,
        flags=flags,
        unanswered_need_ids=frozenset(
            f.object_id for f in flags if f.kind == NEED_WITHOUT_PROPOSAL
        ),
        needless_proposal_ids=frozenset(
            f.object_id for f in flags if f.kind == PROPOSAL_WITHOUT_NEED
        ),
    )


# The question bank ------------------------------------------------------------------------


@dataclass(frozen=True)
class BankRow:
    question: Question
    depth: int  # 0 for a question, 1 for its follow-up, 2 for a follow-up's follow-up…


@dataclass(frozen=True)
class BankGroup:
    category: str
    label: str
    guidance: str
    rows: list[BankRow]


def question_rows(*, active_only: bool) -> list[BankRow]:
    """The bank as a tree, flattened: each question followed by its follow-ups (one query).

    With ``active_only``, an inactive question is left out with all its follow-ups.
    """
    questions = list(Question.objects.order_by("position", "id"))
    children: dict[int | None, list[Question]] = {}
    for q in questions:
        children.setdefault(q.parent_id, []).append(q)
    rows: list[BankRow] = []
    seen: set[int] = set()

    def walk(q: Question, depth: int) -> None:
        if q.pk in seen or (active_only and not q.active):
            return
        seen.add(q.pk)
        rows.append(BankRow(q, depth))
        for child in children.get(q.pk, ()):
            walk(child, depth + 1)

    for top in children.get(None, ()):
        walk(top, 0)
    return rows


def question_bank(*, active_only: bool) -> list[BankGroup]:
    """The bank grouped by the SPIN category of each top-level question, in SPIN order."""
    by_category: dict[str, list[BankRow]] = {c: [] for c in SpinCategory.values}
    current = SpinCategory.SITUATION.value
    for row in question_rows(active_only=active_only):
        if row.depth == 0:
            current = row.question.category
        by_category.setdefault(current, []).append(row)
    return [
        BankGroup(c, str(SpinCategory(c).label), SPIN_GUIDANCE[c], by_category[c])
        for c in SpinCategory.values
    ]


def question_choices(*, active_only: bool = True) -> list[Any]:
    """The bank's questions, tree order, for pickers."""
    return [row.question for row in question_rows(active_only=active_only)]

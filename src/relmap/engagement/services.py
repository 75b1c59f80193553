"""Writes to engagement plans and hand-logged interactions. Views, API and CLI call these.

Each service validates with messages for the person who typed the value, writes in one
transaction and records an audit entry. Ingested interactions come in through
``relmap.engagement.ingest``; once in, they are edited and deleted here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.analytics.engagement import Proposal
from relmap.core.audit import (
    Actor,
    audited_create,
    audited_delete,
    audited_update,
    log_action,
)
from relmap.core.bulk import lock_referenced
from relmap.engagement import touches
from relmap.engagement.choices import Channel, ParticipantRole, Source
from relmap.engagement.models import EngagementPlan, Interaction, Participant
from relmap.engagement.selectors import proposal_for
from relmap.stakeholders.choices import Side, Status
from relmap.stakeholders.models import Stakeholder

PLAN_FIELDS = (
    "stakeholder",
    "objective",
    "strategy",
    "strategy_code",
    "strategy_reason",
    "channels",
    "cadence_days",
    "owner",
    "message",
    "next_step",
    "next_step_on",
)
PLAN_EDITABLE = tuple(f for f in PLAN_FIELDS if f not in {"stakeholder", "strategy_code"})
INTERACTION_FIELDS = (
    "kind",
    "channel",
    "subject",
    "occurred_at",
    "duration_minutes",
    "outcome_quality",
    "notes",
    "follow_ups",
)
# What may change on an interaction that came from a file: the file is the record of
# when it happened and who took part, so those stay as ingested.
INGESTED_EDITABLE = ("kind", "channel", "subject", "outcome_quality", "notes", "follow_ups")
EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
# A clock a few minutes fast on the client must not make "just now" a future time.
FUTURE_SLACK = dt.timedelta(minutes=10)


# Engagement plans


def _validate_channels(channels: object) -> list[str]:
    if not isinstance(channels, list | tuple):
        raise ValidationError({"channels": "Channels must be a list."})
    unknown = [c for c in channels if c not in Channel.values]
    if unknown:
        raise ValidationError(
            {
                "channels": f"Unknown channel {', '.join(map(str, unknown))}; use one of: "
                f"{', '.join(Channel.values)}."
            }
        )
    if len(set(channels)) != len(channels):
        raise ValidationError({"channels": "A channel is listed twice."})
    return list(channels)


def _validate_plan(plan: EngagementPlan, proposal: Proposal) -> None:
    person, owner = plan.stakeholder, plan.owner
    account_id = plan.account_id
    errors: dict[str, str] = {}
    if person.account_id != account_id:
        errors["stakeholder"] = f"{person.name} is not on this account's map."
    elif person.status == Status.LEFT:
        errors["stakeholder"] = (
            f"{person.name} has left; an engagement plan is for people who are still there."
        )
    if owner.account_id != account_id:
        errors["owner"] = f"{owner.name} is not on this account's map."
    elif owner.side != Side.INTERNAL:
        errors["owner"] = f"{owner.name} is not one of our people; the owner is on our side."
    elif owner.status == Status.LEFT:
        errors["owner"] = f"{owner.name} has left; choose someone who is still on the team."
    elif owner.pk == person.pk:
        errors["owner"] = "A person does not own the plan for engaging themself."
    if not plan.objective.strip():
        errors["objective"] = "Say what this relationship should achieve."
    if not plan.strategy.strip():
        errors["strategy"] = "Give a strategy, or leave it to the proposed one."
    elif plan.strategy.strip() != proposal.text and not plan.strategy_reason.strip():
        errors["strategy_reason"] = (
            f"Say why the strategy differs from the proposed one ({proposal.headline}: "
            f"{proposal.explanation})"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    account: Account,
    stakeholder: Stakeholder,
    owner: Stakeholder,
    objective: str,
    strategy: str = "",
    strategy_reason: str = "",
    channels: Sequence[str] | None = None,
    cadence_days: int | None = None,
    message: str = "",
    next_step: str = "",
    next_step_on: dt.date | None = None,
) -> EngagementPlan:
    """Plan how we engage one stakeholder. An empty strategy or channel list takes the
    proposal from their quadrant and attitude; a different strategy needs a reason."""
    if EngagementPlan.objects.filter(stakeholder=stakeholder).exists():
        raise ValidationError(
            {"stakeholder": f"{stakeholder.name} already has an engagement plan; edit it."}
        )
    proposal = proposal_for(account, stakeholder)
    plan = EngagementPlan(
        account=account,
        stakeholder=stakeholder,
        owner=owner,
        objective=objective,
        strategy=strategy.strip() or proposal.text,
        strategy_code=proposal.code,
        strategy_reason=strategy_reason,
        channels=_validate_channels(list(proposal.channels) if channels is None else channels),
        cadence_days=cadence_days,
        message=message,
        next_step=next_step,
        next_step_on=next_step_on,
    )
    plan.full_clean(validate_constraints=False, validate_unique=False)
    _validate_plan(plan, proposal)
    audited_create(
        actor=actor,
        obj=plan,
        fields=PLAN_FIELDS,
        action="relmap.engagement_plan.created",
        account_id=account.pk,
    )
    return plan


@transaction.atomic
def plan_update(*, actor: Actor, plan: EngagementPlan, **data: Any) -> EngagementPlan:
    """Change a plan. A new strategy text is measured against today's proposal: taking
    the proposal needs no reason, departing from it does."""
    unknown = sorted(set(data) - set(PLAN_EDITABLE))
    if unknown:
        raise ValidationError(f"An engagement plan has no field {', '.join(unknown)}.")
    if "channels" in data:
        data["channels"] = _validate_channels(data["channels"])
    proposal = proposal_for(plan.account, plan.stakeholder)
    if "strategy" in data:
        data["strategy"] = str(data["strategy"]).strip() or proposal.text
        if data["strategy"] != plan.strategy or "strategy_reason" in data:
            data["strategy_code"] = proposal.code
    audited_update(
        actor=actor,
        obj=plan,
        data=data,
        fields=PLAN_FIELDS,
        action="relmap.engagement_plan.updated",
        account_id=plan.account_id,
        clean=lambda: _clean_plan(plan, proposal, data),
    )
    return plan


def _clean_plan(plan: EngagementPlan, proposal: Proposal, data: dict[str, Any]) -> None:
    plan.full_clean(validate_constraints=False, validate_unique=False)
    if "strategy" in data or "strategy_reason" in data or "owner" in data or "objective" in data:
        _validate_plan(plan, proposal)


@transaction.atomic
def plan_delete(*, actor: Actor, plan: EngagementPlan) -> None:
    audited_delete(
        actor=actor,
        obj=plan,
        fields=PLAN_FIELDS,
        action="relmap.engagement_plan.deleted",
        account_id=plan.account_id,
    )


# Interactions logged by hand


def _validate_time(occurred_at: object) -> None:
    if not isinstance(occurred_at, dt.datetime):
        raise ValidationError({"occurred_at": "Give the date and time it happened."})
    if timezone.is_naive(occurred_at):
        raise ValidationError({"occurred_at": "Give the time with its time zone (or UTC offset)."})
    if occurred_at > timezone.now() + FUTURE_SLACK:
        raise ValidationError(
            {
                "occurred_at": "That is in the future. Log an interaction once it has "
                "happened; plan the next one as the next step of an engagement plan."
            }
        )
    if occurred_at < EARLIEST:
        raise ValidationError({"occurred_at": "That date is before 1990: check the year."})


def _validate_participants(
    account: Account, participants: Sequence[tuple[Stakeholder, str]]
) -> None:
    seen: set[int] = set()
    theirs = 0
    for person, role in participants:
        if person.account_id != account.pk:
            raise ValidationError({"participants": f"{person.name} is not on this account's map."})
        if person.pk in seen:
            raise ValidationError({"participants": f"{person.name} is listed twice."})
        if role not in ParticipantRole.values:
            raise ValidationError(
                {
                    "participants": f"Unknown role {role!r}; use one of: "
                    f"{', '.join(ParticipantRole.values)}."
                }
            )
        seen.add(person.pk)
        theirs += person.side != Side.INTERNAL
    if not theirs:
        raise ValidationError(
            {
                "participants": "Name at least one of their people: a touchpoint is with "
                "the account's stakeholders, not only our own team."
            }
        )


def _write_participants(
    interaction: Interaction, participants: Sequence[tuple[Stakeholder, str]]
) -> None:
    # The participant table has no database-level foreign keys (relmap.core.bulk): hold
    # the people, so that none of them is deleted before this commits.
    lock_referenced(Stakeholder, [person.pk for person, _role in participants])
    Participant.objects.bulk_create(
        Participant(
            account_id=interaction.account_id,
            interaction=interaction,
            stakeholder=person,
            role=role,
        )
        for person, role in participants
    )


def _participants_record(participants: Sequence[tuple[Stakeholder, str]]) -> list[list[Any]]:
    return [[person.pk, role] for person, role in participants]


def after_interactions_changed(account: Account) -> None:
    """Bring what is computed from interactions up to date for ``account``: relationship
    strength, and the tie and attitude suggestions drawn from the same interactions."""
    from relmap.engagement.strength import recompute  # imported here: strength imports these models

    recompute(account=account)


@transaction.atomic
def interaction_create(
    *,
    actor: Actor,
    account: Account,
    kind: str,
    occurred_at: dt.datetime,
    participants: Sequence[tuple[Stakeholder, str]],
    channel: str = "",
    subject: str = "",
    duration_minutes: int | None = None,
    outcome_quality: int | None = None,
    notes: str = "",
    follow_ups: str = "",
) -> Interaction:
    """Log a touchpoint that happened, with who took part on both sides."""
    _validate_time(occurred_at)
    interaction = Interaction(
        account=account,
        kind=kind,
        channel=channel,
        subject=subject,
        occurred_at=occurred_at,
        duration_minutes=duration_minutes,
        outcome_quality=outcome_quality,
        notes=notes,
        follow_ups=follow_ups,
        source=Source.MANUAL,
        logged_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    interaction.full_clean(validate_constraints=False)
    _validate_participants(account, participants)
    interaction.save()
    _write_participants(interaction, participants)
    touches.rebuild([interaction.pk])
    log_action(
        actor=actor,
        action="relmap.interaction.created",
        obj=interaction,
        account_id=account.pk,
        after={
            **{f: getattr(interaction, f) for f in INTERACTION_FIELDS},
            "participants": _participants_record(participants),
        },
    )
    after_interactions_changed(account)
    return interaction


@transaction.atomic
def interaction_update(
    *,
    actor: Actor,
    interaction: Interaction,
    participants: Sequence[tuple[Stakeholder, str]] | None = None,
    **data: Any,
) -> Interaction:
    """Change an interaction. One ingested from a file keeps its time and participants."""
    editable = INTERACTION_FIELDS if interaction.source == Source.MANUAL else INGESTED_EDITABLE
    refused = sorted(set(data) - set(editable))
    if participants is not None and interaction.source != Source.MANUAL:
        refused.append("participants")
    if refused:
        where = (
            "" if interaction.source == Source.MANUAL else " that came from a file (edit the file)"
        )
        raise ValidationError(f"{', '.join(refused)} cannot be changed on an interaction{where}.")
    if "occurred_at" in data:
        _validate_time(data["occurred_at"])
    changed = audited_update(
        actor=actor,
        obj=interaction,
        data=data,
        fields=INTERACTION_FIELDS,
        action="relmap.interaction.updated",
        account_id=interaction.account_id,
        clean=lambda: interaction.full_clean(validate_constraints=False),
    )
    if participants is not None:
        account = interaction.account
        _validate_participants(account, participants)
        old = [
            [p.stakeholder_id, p.role] for p in interaction.participants.order_by("stakeholder_id")
        ]
        new = sorted(_participants_record(participants))
        if old != new:
            interaction.participants.all().delete()
            _write_participants(interaction, participants)
            log_action(
                actor=actor,
                action="relmap.interaction.participants_changed",
                obj=interaction,
                account_id=interaction.account_id,
                before={"participants": old},
                after={"participants": new},
            )
            changed["participants"] = new
    if changed:
        touches.rebuild([interaction.pk])
        after_interactions_changed(interaction.account)
    return interaction


@transaction.atomic
def interaction_delete(*, actor: Actor, interaction: Interaction) -> None:
    account = interaction.account
    log_action(
        actor=actor,
        action="relmap.interaction.deleted",
        obj=interaction,
        account_id=interaction.account_id,
        before={
            **{f: getattr(interaction, f) for f in INTERACTION_FIELDS},
            "source": interaction.source,
            "source_key": interaction.source_key,
            "participants": [[p.stakeholder_id, p.role] for p in interaction.participants.all()],
        },
    )
    interaction.delete()
    after_interactions_changed(account)

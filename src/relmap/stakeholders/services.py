"""Writes to an account's map. Views, API, CLI and importers all call these.

Each service validates, writes inside a transaction and records an audit entry with the
values before and after. Errors are :class:`~django.core.exceptions.ValidationError` with
messages written for the person who typed the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from relmap.accounts.models import Account, AccountMembership
from relmap.core.audit import (
    Actor,
    audit_entry,
    audited_create,
    audited_delete,
    audited_update,
    log_bulk,
    snapshot,
)
from relmap.stakeholders.choices import SYMMETRIC_TIE_KINDS, Side, Status, TieKind
from relmap.stakeholders.models import Coverage, PositionHistory, Stakeholder, Tie
from relmap.stakeholders.rules import reports_to_problem, side_change_problem

STAKEHOLDER_FIELDS = (
    "ref",
    "name",
    "side",
    "title",
    "department",
    "seniority",
    "email",
    "location",
    "time_zone",
    "language",
    "roles",
    "power",
    "interest",
    "attitude",
    "trust",
    "status",
    "status_changed_on",
    "cultural_notes",
    "communication_preferences",
    "motivations",
    "political_agenda",
    "rationale",
)
TIE_FIELDS = ("source", "target", "kind", "strength", "notes")
COVERAGE_FIELDS = (
    "our_person",
    "their_person",
    "current_depth",
    "desired_depth",
    "strength",
    "notes",
)


def _check_fields(data: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(f"Unknown {what} fields: {', '.join(unknown)}.")


def _record_position(*, actor: Actor, stakeholder: Stakeholder) -> None:
    PositionHistory.objects.create(
        account_id=stakeholder.account_id,
        stakeholder=stakeholder,
        power=stakeholder.power,
        interest=stakeholder.interest,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )


def _apply_status_date(stakeholder: Stakeholder, data: Mapping[str, Any]) -> None:
    """Date a status change today unless the caller gave the date.

    Every change is dated, a return to active included: "active since" is as much part of
    the map's history as "left on".
    """
    if "status_changed_on" not in data:
        stakeholder.status_changed_on = timezone.localdate()


def _check_side_change(stakeholder: Stakeholder, old_side: str) -> None:
    """Refuse a change of side that would leave coverage between the wrong sides, or an
    account team member standing on the map as one of theirs."""
    if stakeholder.side == old_side:
        return
    if old_side == Side.INTERNAL:
        member = (
            AccountMembership.objects.filter(stakeholder=stakeholder).select_related("user").first()
        )
        if member is not None:
            who = member.user.get_full_name() or member.user.get_username()
            raise ValidationError(
                {
                    "side": f"{stakeholder.name} stands for {who} of our account team on the "
                    "map, so stays on the internal side. Remove them from the account team "
                    "first."
                }
            )
    problem = side_change_problem(
        name=stakeholder.name,
        old_side=old_side,
        new_side=stakeholder.side,
        covers=Coverage.objects.filter(our_person=stakeholder).count(),
        covered_by=Coverage.objects.filter(their_person=stakeholder).count(),
    )
    if problem:
        raise ValidationError({"side": problem})


# Stakeholders -------------------------------------------------------------------------


@transaction.atomic
def stakeholder_create(*, actor: Actor, account: Account, **data: Any) -> Stakeholder:
    """Add a person to ``account``'s map."""
    _check_fields(data, STAKEHOLDER_FIELDS, "stakeholder")
    stakeholder = Stakeholder(account=account, **data)
    if stakeholder.roles is None:
        stakeholder.roles = []
    if stakeholder.status != Status.ACTIVE:
        # Entered as having left or changed role: dated from when we learnt it.
        _apply_status_date(stakeholder, data)
    stakeholder.full_clean()
    audited_create(
        actor=actor,
        obj=stakeholder,
        fields=STAKEHOLDER_FIELDS,
        action="relmap.stakeholder.created",
        account_id=account.pk,
    )
    _record_position(actor=actor, stakeholder=stakeholder)
    return stakeholder


def _stakeholder_action(new: dict[str, Any]) -> str:
    if set(new) <= {"power", "interest"}:
        return "relmap.stakeholder.moved"
    if set(new) == {"attitude"}:
        return "relmap.stakeholder.attitude_changed"
    return "relmap.stakeholder.updated"


@transaction.atomic
def stakeholder_update(*, actor: Actor, stakeholder: Stakeholder, **data: Any) -> Stakeholder:
    """Change any of a person's attributes; only real changes are audited.

    A change of power or interest is also added to the grid position history; a change of
    status (back to active too) is dated today unless ``status_changed_on`` is given. A
    change of side is refused while coverage links need the old side.
    """
    _check_fields(data, STAKEHOLDER_FIELDS, "stakeholder")
    status_changes = "status" in data and data["status"] != stakeholder.status
    old_side = stakeholder.side

    def clean() -> None:
        if status_changes:
            _apply_status_date(stakeholder, data)
        stakeholder.full_clean()
        _check_side_change(stakeholder, old_side)

    new = audited_update(
        actor=actor,
        obj=stakeholder,
        data=data,
        fields=STAKEHOLDER_FIELDS,
        action=_stakeholder_action,
        account_id=stakeholder.account_id,
        clean=clean,
    )
    if "power" in new or "interest" in new:
        _record_position(actor=actor, stakeholder=stakeholder)
    if "side" in new and (old_side == Side.INTERNAL) != stakeholder.is_internal:
        # Moving between our side and theirs turns their interactions around: the pairs
        # relationship strength is computed from are rebuilt (the engagement app builds
        # on this one, so it is imported here rather than at the top).
        from relmap.engagement.touches import rebuild_account

        rebuild_account(stakeholder.account_id)
    return stakeholder


def stakeholder_move(
    *, actor: Actor, stakeholder: Stakeholder, power: int, interest: int
) -> Stakeholder:
    """Place a person on another cell of the power/interest grid."""
    return stakeholder_update(actor=actor, stakeholder=stakeholder, power=power, interest=interest)


@transaction.atomic
def stakeholder_delete(*, actor: Actor, stakeholder: Stakeholder) -> None:
    """Remove a person and their ties and coverage. Prefer status "left" for people who
    moved on: the map should remember them.

    The database cascades the ties and coverage; each of them gets the same audit entry
    as when it is removed on its own, so the trail shows every link that disappeared.
    """
    ties = Tie.objects.filter(Q(source=stakeholder) | Q(target=stakeholder)).order_by("pk")
    links = Coverage.objects.filter(
        Q(our_person=stakeholder) | Q(their_person=stakeholder)
    ).order_by("pk")
    log_bulk(
        [
            audit_entry(
                actor=actor,
                action="relmap.tie.deleted",
                obj=tie,
                account_id=tie.account_id,
                before=snapshot(tie, TIE_FIELDS),
            )
            for tie in ties
        ]
        + [
            audit_entry(
                actor=actor,
                action="relmap.coverage.deleted",
                obj=link,
                account_id=link.account_id,
                before=snapshot(link, COVERAGE_FIELDS),
            )
            for link in links
        ]
    )
    audited_delete(
        actor=actor,
        obj=stakeholder,
        fields=STAKEHOLDER_FIELDS,
        action="relmap.stakeholder.deleted",
        account_id=stakeholder.account_id,
    )


# Ties ---------------------------------------------------------------------------------


def _validate_tie(tie: Tie, *, account: Account) -> None:
    source, target = tie.source, tie.target
    if source.account_id != account.pk or target.account_id != account.pk:
        raise ValidationError(
            f"Ties join people of the same account: {source.name} and {target.name} "
            "are not both on this account's map."
        )
    if source.pk == target.pk:
        raise ValidationError(f"{source.name} cannot be tied to themself.")
    duplicates = Tie.objects.filter(account=account, kind=tie.kind).exclude(pk=tie.pk)
    if duplicates.filter(source=source, target=target).exists():
        raise ValidationError(
            f"{source.name} {TieKind(tie.kind).label} {target.name} is already on the map."
        )
    if tie.kind in SYMMETRIC_TIE_KINDS and duplicates.filter(source=target, target=source).exists():
        raise ValidationError(
            f"{target.name} {TieKind(tie.kind).label} {source.name} is already on the map."
        )
    if tie.kind == TieKind.REPORTS_TO:
        lines = (
            Tie.objects.filter(account=account, kind=TieKind.REPORTS_TO)
            .exclude(pk=tie.pk)
            .values_list("source_id", "target_id")
        )
        manager_of = dict(lines)
        names = {source.pk: source.name, target.pk: target.name}

        def name(pk: int) -> str:
            if pk not in names:
                names[pk] = Stakeholder.objects.values_list("name", flat=True).get(pk=pk)
            return names[pk]

        problem = reports_to_problem(manager_of, source.pk, target.pk, name)
        if problem:
            raise ValidationError(problem)


@transaction.atomic
def tie_create(
    *,
    actor: Actor,
    account: Account,
    source: Stakeholder,
    target: Stakeholder,
    kind: str,
    strength: int = 3,
    notes: str = "",
) -> Tie:
    """Record that ``source`` ``kind`` ``target`` (e.g. Ann reports_to Bob)."""
    tie = Tie(
        account=account, source=source, target=target, kind=kind, strength=strength, notes=notes
    )
    tie.full_clean(validate_constraints=False)
    _validate_tie(tie, account=account)
    audited_create(
        actor=actor, obj=tie, fields=TIE_FIELDS, action="relmap.tie.created", account_id=account.pk
    )
    return tie


@transaction.atomic
def tie_update(*, actor: Actor, tie: Tie, **data: Any) -> Tie:
    """Change a tie's kind, strength or notes."""
    _check_fields(data, ("strength", "notes", "kind"), "tie")

    def clean() -> None:
        tie.full_clean(validate_constraints=False)
        _validate_tie(tie, account=tie.account)

    audited_update(
        actor=actor,
        obj=tie,
        data=data,
        fields=TIE_FIELDS,
        action="relmap.tie.updated",
        account_id=tie.account_id,
        clean=clean,
    )
    return tie


@transaction.atomic
def tie_delete(*, actor: Actor, tie: Tie) -> None:
    audited_delete(
        actor=actor,
        obj=tie,
        fields=TIE_FIELDS,
        action="relmap.tie.deleted",
        account_id=tie.account_id,
    )


# Coverage -----------------------------------------------------------------------------


def _validate_coverage(coverage: Coverage, *, account: Account) -> None:
    ours, theirs = coverage.our_person, coverage.their_person
    if ours.account_id != account.pk or theirs.account_id != account.pk:
        raise ValidationError(
            f"Coverage joins people of the same account: {ours.name} and {theirs.name} "
            "are not both on this account's map."
        )
    if ours.side != Side.INTERNAL:
        raise ValidationError(
            f"{ours.name} is not one of our people; coverage starts from an internal stakeholder."
        )
    if theirs.side == Side.INTERNAL:
        raise ValidationError(
            f"{theirs.name} is one of our own people; coverage is a relationship with a "
            "customer, supplier or partner stakeholder."
        )
    clash = Coverage.objects.filter(our_person=ours, their_person=theirs).exclude(pk=coverage.pk)
    if clash.exists():
        raise ValidationError(f"{ours.name}'s relationship with {theirs.name} is already recorded.")


@transaction.atomic
def coverage_create(
    *,
    actor: Actor,
    account: Account,
    our_person: Stakeholder,
    their_person: Stakeholder,
    current_depth: str = "vendor",
    desired_depth: str = "trusted_advisor",
    strength: int = 3,
    notes: str = "",
) -> Coverage:
    """Record that one of our people holds a relationship with one of theirs."""
    coverage = Coverage(
        account=account,
        our_person=our_person,
        their_person=their_person,
        current_depth=current_depth,
        desired_depth=desired_depth,
        strength=strength,
        notes=notes,
    )
    coverage.full_clean(validate_constraints=False)
    _validate_coverage(coverage, account=account)
    audited_create(
        actor=actor,
        obj=coverage,
        fields=COVERAGE_FIELDS,
        action="relmap.coverage.created",
        account_id=account.pk,
    )
    return coverage


@transaction.atomic
def coverage_update(*, actor: Actor, coverage: Coverage, **data: Any) -> Coverage:
    """Change the depth, strength or notes of one of our relationships."""
    _check_fields(data, ("current_depth", "desired_depth", "strength", "notes"), "coverage")
    audited_update(
        actor=actor,
        obj=coverage,
        data=data,
        fields=COVERAGE_FIELDS,
        action="relmap.coverage.updated",
        account_id=coverage.account_id,
        clean=lambda: coverage.full_clean(validate_constraints=False),
    )
    return coverage


@transaction.atomic
def coverage_delete(*, actor: Actor, coverage: Coverage) -> None:
    audited_delete(
        actor=actor,
        obj=coverage,
        fields=COVERAGE_FIELDS,
        action="relmap.coverage.deleted",
        account_id=coverage.account_id,
    )

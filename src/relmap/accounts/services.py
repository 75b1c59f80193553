"""Writes for accounts and their teams. Every write is audited."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from relmap.accounts.choices import AccountKind, TeamRole
from relmap.accounts.models import Account, AccountMembership
from relmap.core.audit import Actor, audited_update, log_action, snapshot
from relmap.stakeholders.choices import Side
from relmap.stakeholders.models import Stakeholder
from relmap.stakeholders.services import stakeholder_create, stakeholder_update

ACCOUNT_FIELDS = (
    "name",
    "kind",
    "industry",
    "description",
    "owner",
    "currency",
    "retention_rate",
    "discount_rate",
    "clv_horizon_years",
)


@transaction.atomic
def account_create(
    *,
    actor: Actor,
    name: str,
    owner: User,
    kind: str = AccountKind.CUSTOMER,
    industry: str = "",
    description: str = "",
) -> Account:
    """Create an account; its owner joins the team as key account manager."""
    account = Account(
        name=name.strip(), kind=kind, industry=industry, description=description, owner=owner
    )
    account.full_clean()
    account.save()
    # Not audited_create: the account's own id is only known once it is saved.
    log_action(
        actor=actor,
        action="relmap.account.created",
        obj=account,
        account_id=account.pk,
        after=snapshot(account, ACCOUNT_FIELDS),
    )
    membership_set(actor=actor, account=account, user=owner, role=TeamRole.KEY_ACCOUNT_MANAGER)
    return account


@transaction.atomic
def account_update(*, actor: Actor, account: Account, **fields: object) -> Account:
    """Change an account's details; a new owner joins the team as key account manager."""
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown account fields: {', '.join(sorted(unknown))}")
    new = audited_update(
        actor=actor,
        obj=account,
        data=fields,
        fields=ACCOUNT_FIELDS,
        action="relmap.account.updated",
        account_id=account.pk,
        clean=account.full_clean,
    )
    if "owner" in new:
        membership_set(
            actor=actor, account=account, user=account.owner, role=TeamRole.KEY_ACCOUNT_MANAGER
        )
    return account


@transaction.atomic
def membership_set(*, actor: Actor, account: Account, user: User, role: str) -> AccountMembership:
    """Put ``user`` on the team with ``role`` (or change their role).

    A new function shows on the map too: see :func:`_show_function`.
    """
    if role not in TeamRole.values:
        raise ValidationError({"role": f"Unknown team role {role!r}."})
    membership, created = AccountMembership.objects.get_or_create(
        account=account, user_id=user.pk, defaults={"role": role}
    )
    if created:
        log_action(
            actor=actor,
            action="relmap.membership.created",
            obj=membership,
            account_id=account.pk,
            after={"user": user.pk, "role": role},
        )
    elif membership.role != role:
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        log_action(
            actor=actor,
            action="relmap.membership.role_changed",
            obj=membership,
            account_id=account.pk,
            before={"role": before},
            after={"role": role},
        )
        _show_function(actor=actor, membership=membership)
    return membership


def _show_function(*, actor: Actor, membership: AccountMembership) -> None:
    """Carry a team member's function to the internal stakeholder who stands for them on
    the map, through the stakeholder service (so it is audited).

    Only a title or department that reads as a function ("Sales", "Legal", as
    :func:`team_member_add` writes them) changes: one somebody wrote themselves ("Head of
    data platforms") is the person's own and stays. "Viewer" is an access level, not a
    function, so becoming a viewer changes nothing on the map.
    """
    stakeholder = membership.stakeholder
    if stakeholder is None or membership.role == TeamRole.VIEWER:
        return
    functions = {label.casefold() for value, label in TeamRole.choices if value != TeamRole.VIEWER}
    new = TeamRole(membership.role).label
    changes = {
        field: new
        for field in ("title", "department")
        if getattr(stakeholder, field).strip().casefold() in functions
        and getattr(stakeholder, field) != new
    }
    if changes:
        stakeholder_update(actor=actor, stakeholder=stakeholder, **changes)


@transaction.atomic
def membership_remove(*, actor: Actor, account: Account, user: User) -> None:
    if account.owner_id == user.pk:
        raise ValidationError("The account owner cannot leave the team; change the owner first.")
    membership = AccountMembership.objects.filter(account=account, user_id=user.pk).first()
    if membership is None:
        return
    log_action(
        actor=actor,
        action="relmap.membership.deleted",
        obj=membership,
        account_id=account.pk,
        before={"user": user.pk, "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def team_member_add(
    *,
    actor: Actor,
    account: Account,
    user: User,
    role: str,
    stakeholder: Stakeholder | None = None,
) -> AccountMembership:
    """Put ``user`` on the team with a function and show them on the map.

    They are linked to ``stakeholder`` (an internal person already on this account's map)
    or, when none is given, to a new internal stakeholder named after them.
    """
    membership = membership_set(actor=actor, account=account, user=user, role=role)
    if stakeholder is None and membership.stakeholder_id is not None:
        return membership
    if stakeholder is not None:
        if stakeholder.account_id != account.pk or stakeholder.side != Side.INTERNAL:
            raise ValidationError(
                f"{stakeholder.name} is not one of our people on this account's map."
            )
        taken = AccountMembership.objects.filter(stakeholder=stakeholder).exclude(pk=membership.pk)
        if taken.exists():
            raise ValidationError(f"{stakeholder.name} already stands for another team member.")
    else:
        stakeholder = stakeholder_create(
            actor=actor,
            account=account,
            name=user.get_full_name() or user.get_username(),
            side=Side.INTERNAL,
            title=TeamRole(role).label,
            department=TeamRole(role).label,
            email=user.email,
            power=3,
            interest=4,
        )
    before = membership.stakeholder_id
    membership.stakeholder = stakeholder
    membership.save(update_fields=["stakeholder", "updated_at"])
    log_action(
        actor=actor,
        action="relmap.membership.linked",
        obj=membership,
        account_id=account.pk,
        before={"stakeholder": before},
        after={"stakeholder": stakeholder.pk},
    )
    return membership

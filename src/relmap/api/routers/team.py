"""``/api/accounts/{account_id}/team``: the account team, our people on the account with
their function, each shown on the map as an internal stakeholder.

Same rules as the team on the "Value & tier" page: everyone who may see the account reads
the team; team members who may edit the account add colleagues, change functions and
remove people (viewers and sales leaders get 403, outsiders 404). Writes go through
:mod:`relmap.accounts.services`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Status

from relmap.accounts import services
from relmap.accounts.models import Account, AccountMembership
from relmap.api.access import account_for, caller, stakeholder_in_body
from relmap.api.errors import InvalidInputError
from relmap.api.schemas.team import TeamMemberIn, TeamMemberOut, TeamMemberPatch

router = Router(tags=["team"])


def _memberships(account: Account) -> QuerySet[AccountMembership]:
    return AccountMembership.objects.filter(account_id=account.pk).select_related("user", "account")


def member_at(account: Account, user_id: int) -> AccountMembership:
    membership = _memberships(account).filter(user_id=user_id).first()
    if membership is None:
        raise Http404(f"No team member {user_id} on this account.")
    return membership


@router.get(
    "/{account_id}/team",
    response=list[TeamMemberOut],
    summary="The account team, with each person's function",
)
def list_team(request: HttpRequest, account_id: int) -> list[AccountMembership]:
    account = account_for(request, account_id)
    return list(_memberships(account).order_by("user__username", "user_id"))


@router.post(
    "/{account_id}/team",
    response={201: TeamMemberOut},
    summary="Put a colleague on the team with a function",
    description="They also appear on the map: linked to `stakeholder_id` (one of our "
    "people already on this map) or to a new internal stakeholder named after them.",
)
def add_team_member(request: HttpRequest, account_id: int, payload: TeamMemberIn) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    user = User.objects.filter(pk=payload.user_id, is_active=True).first()
    if user is None:
        raise InvalidInputError("user_id", f"No active user {payload.user_id}.")
    current = _memberships(account).filter(user_id=user.pk).first()
    if current is not None:
        raise InvalidInputError(
            "user_id",
            f"{user.get_username()} is already on this account's team as "
            f"{current.get_role_display()}; change their function with PATCH "
            f"/api/accounts/{account.pk}/team/{user.pk}.",
        )
    stakeholder = (
        stakeholder_in_body(account, payload.stakeholder_id, "stakeholder_id")
        if payload.stakeholder_id is not None
        else None
    )
    services.team_member_add(
        actor=caller(request),
        account=account,
        user=user,
        role=payload.role,
        stakeholder=stakeholder,
    )
    return Status(201, member_at(account, user.pk))


@router.patch(
    "/{account_id}/team/{user_id}",
    response=TeamMemberOut,
    summary="Change a team member's function",
    description="The internal stakeholder standing for them on the map follows: a title "
    "or department that reads as their old function takes the new one.",
)
def update_team_member(
    request: HttpRequest, account_id: int, user_id: int, payload: TeamMemberPatch
) -> AccountMembership:
    account = account_for(request, account_id, for_edit=True)
    membership = member_at(account, user_id)
    services.team_member_add(
        actor=caller(request), account=account, user=membership.user, role=payload.role
    )
    return member_at(account, user_id)


@router.delete(
    "/{account_id}/team/{user_id}",
    response={204: None},
    summary="Take someone off the team",
    description="They lose access to the account (unless they lead the owner's sales "
    "team) and stay on the map as history. The owner cannot leave: change the owner first.",
)
def remove_team_member(request: HttpRequest, account_id: int, user_id: int) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    membership = member_at(account, user_id)
    services.membership_remove(actor=caller(request), account=account, user=membership.user)
    return Status(204, None)

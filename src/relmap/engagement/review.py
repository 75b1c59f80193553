"""The review queue: what to do with an address no one on the map has.

Map it to an existing person, create a stakeholder from it, or ignore it. Mapping and
creating turn its pending participations into participants (an interaction where that
person already takes part keeps the one it has) and make later ingests resolve the
address the same way; ignoring drops them, and later ingests drop the address too. Every
decision is audited; callers check the user may edit the account.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.core.audit import Actor, log_action, snapshot
from relmap.core.bulk import lock_referenced
from relmap.engagement import touches
from relmap.engagement.choices import AddressStatus
from relmap.engagement.models import Participant, PendingParticipant, UnknownAddress
from relmap.stakeholders.models import Stakeholder
from relmap.stakeholders.services import stakeholder_create

ADDRESS_FIELDS = ("email", "status", "stakeholder", "resolved_by", "resolved_at")
OPEN = (AddressStatus.PENDING, AddressStatus.IGNORED)


def addresses_of(account: Account, status: str | None = None) -> QuerySet[UnknownAddress]:
    """The review queue of ``account`` (all of it, or one status)."""
    queryset = UnknownAddress.objects.filter(account=account).select_related("stakeholder")
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def get_address(account: Account, pk: int) -> UnknownAddress:
    return UnknownAddress.objects.select_for_update().get(account=account, pk=pk)


def _check_open(address: UnknownAddress, what: str) -> None:
    if address.status not in OPEN:
        raise ValidationError(
            f"{address.email} was already {address.get_status_display().lower()}; "
            f"it cannot be {what} again."
        )


def _convert_pending(address: UnknownAddress, stakeholder: Stakeholder) -> int:
    """Turn the address's pending participations into participants; returns how many."""
    lock_referenced(Stakeholder, [stakeholder.pk])
    pending = list(
        PendingParticipant.objects.filter(address=address).values_list("interaction_id", "role")
    )
    taken = set(
        Participant.objects.filter(
            stakeholder=stakeholder, interaction_id__in=[i for i, _ in pending]
        ).values_list("interaction_id", flat=True)
    )
    Participant.objects.bulk_create(
        [
            Participant(
                account_id=address.account_id,
                interaction_id=interaction_id,
                stakeholder=stakeholder,
                role=role,
            )
            for interaction_id, role in pending
            if interaction_id not in taken
        ],
        batch_size=1000,
    )
    PendingParticipant.objects.filter(address=address).delete()
    # The interactions have a new participant: their pairs (and breadth) change, and so
    # does strength.
    touches.rebuild(i for i, _ in pending)
    from relmap.engagement.services import after_interactions_changed

    after_interactions_changed(address.account)
    return len(pending) - len(taken)


def _resolve(
    *, actor: Actor, address: UnknownAddress, stakeholder: Stakeholder | None, status: str
) -> dict[str, Any]:
    before = snapshot(address, ADDRESS_FIELDS)
    address.status = status
    address.stakeholder = stakeholder
    address.resolved_by_id = actor.pk if actor is not None and actor.is_authenticated else None
    address.resolved_at = timezone.now()
    address.save()
    return before


@transaction.atomic
def address_map(*, actor: Actor, address: UnknownAddress, stakeholder: Stakeholder) -> int:
    """``address`` is ``stakeholder``'s (someone already on the map). Returns the number
    of participations added."""
    _check_open(address, "mapped")
    if stakeholder.account_id != address.account_id:
        raise ValidationError({"stakeholder": "Choose a person on this account's map."})
    before = _resolve(
        actor=actor, address=address, stakeholder=stakeholder, status=AddressStatus.MAPPED
    )
    added = _convert_pending(address, stakeholder)
    log_action(
        actor=actor,
        action="relmap.unknown_address.mapped",
        obj=address,
        account_id=address.account_id,
        before=before,
        after={**snapshot(address, ADDRESS_FIELDS), "participations_added": added},
    )
    return added


@transaction.atomic
def address_create_stakeholder(
    *, actor: Actor, address: UnknownAddress, name: str, side: str, title: str = "", **extra: Any
) -> Stakeholder:
    """Add the person behind ``address`` to the map (e-mail filled in) and give them its
    participations."""
    _check_open(address, "turned into a stakeholder")
    stakeholder = stakeholder_create(
        actor=actor,
        account=address.account,
        name=name.strip(),
        side=side,
        title=title.strip(),
        email=address.email,
        **extra,
    )
    before = _resolve(
        actor=actor, address=address, stakeholder=stakeholder, status=AddressStatus.CREATED
    )
    added = _convert_pending(address, stakeholder)
    log_action(
        actor=actor,
        action="relmap.unknown_address.created",
        obj=address,
        account_id=address.account_id,
        before=before,
        after={**snapshot(address, ADDRESS_FIELDS), "participations_added": added},
    )
    return stakeholder


@transaction.atomic
def address_ignore(*, actor: Actor, address: UnknownAddress) -> int:
    """Not a person to map (a mailing list, a room, a robot). Returns the number of
    pending participations dropped."""
    if address.status != AddressStatus.PENDING:
        raise ValidationError(
            f"{address.email} was already {address.get_status_display().lower()}."
        )
    before = _resolve(actor=actor, address=address, stakeholder=None, status=AddressStatus.IGNORED)
    dropped, _ = PendingParticipant.objects.filter(address=address).delete()
    log_action(
        actor=actor,
        action="relmap.unknown_address.ignored",
        obj=address,
        account_id=address.account_id,
        before=before,
        after={**snapshot(address, ADDRESS_FIELDS), "participations_dropped": dropped},
    )
    return dropped


def suggested_name(address: UnknownAddress) -> str:
    """A name to prefill: the display name, else the address's local part in words."""
    if address.display_name.strip():
        name = address.display_name.strip()
        if "," in name:  # "Smith, John"
            last, _, first = name.partition(",")
            name = f"{first.strip()} {last.strip()}".strip()
        return name
    local = address.email.split("@", 1)[0]
    return " ".join(part.capitalize() for part in local.replace("_", ".").split(".") if part)

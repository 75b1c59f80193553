"""Who is who: an item's addresses matched to the account's people, case-insensitively.

:func:`load_directory` reads what matching needs in two queries; :func:`match` is plain
Python over it. An address that is a stakeholder's e-mail is that person; an address the
review queue knows resolves as the user decided (mapped or created: that person; ignored:
dropped); any other address of a kept item goes to the review queue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from relmap.accounts.models import Account
from relmap.engagement.choices import AddressStatus
from relmap.engagement.ingest.items import INITIATORS, Item, Skip, where_text
from relmap.engagement.models import UnknownAddress
from relmap.stakeholders.models import Stakeholder


@dataclass(frozen=True, slots=True)
class KnownAddress:
    id: int
    status: str
    stakeholder_id: int | None


@dataclass(slots=True)
class Directory:
    people: dict[str, int]  # e-mail (lower-cased) -> stakeholder id
    addresses: dict[str, KnownAddress]  # the review queue, by e-mail


@dataclass(slots=True)
class Seen:
    """What the kept items say about one address that is not a stakeholder's."""

    name: str
    count: int
    first: dt.datetime
    last: dt.datetime


@dataclass(slots=True)
class Matched:
    """Items to write, each with its people: (item, [(stakeholder id, role)],
    [(e-mail, role)] for the review queue)."""

    rows: list[tuple[Item, list[tuple[int, str]], list[tuple[str, str]]]] = field(
        default_factory=list
    )
    already_present: int = 0
    skips: list[Skip] = field(default_factory=list)
    ignored_dropped: int = 0
    seen: dict[str, Seen] = field(default_factory=dict)


def load_directory(account: Account) -> Directory:
    """The account's people by e-mail, and its review queue (two queries). When two
    people share an address the one added first is taken."""
    people: dict[str, int] = {}
    rows = (
        Stakeholder.objects.filter(account=account)
        .exclude(email="")
        .order_by("id")
        .values_list("email", "id")
    )
    for email, pk in rows:
        people.setdefault(email.strip().lower(), pk)
    addresses = {
        email: KnownAddress(pk, status, stakeholder_id)
        for pk, email, status, stakeholder_id in UnknownAddress.objects.filter(
            account=account
        ).values_list("id", "email", "status", "stakeholder_id")
    }
    return Directory(people=people, addresses=addresses)


def match(items: list[Item], directory: Directory, existing: set[str]) -> Matched:
    """Split ``items`` into already present, kept (with their people) and skipped."""
    out = Matched()
    people = directory.people
    addresses = directory.addresses
    ignored = AddressStatus.IGNORED.value
    resolved_statuses = (AddressStatus.MAPPED.value, AddressStatus.CREATED.value)
    for item in items:
        if item.source_key in existing:
            out.already_present += 1
            continue
        known: dict[int, str] = {}
        pending: list[tuple[str, str]] = []
        unknown: list[tuple[str, str]] = []
        dropped = 0
        for email, name, role in item.participants:
            pk = people.get(email)
            if pk is None:
                address = addresses.get(email)
                if address is not None:
                    unknown.append((email, name))
                    if address.status == ignored:
                        dropped += 1
                        continue
                    if address.status in resolved_statuses and address.stakeholder_id:
                        pk = address.stakeholder_id
                if pk is None:
                    if address is None:
                        unknown.append((email, name))
                    pending.append((email, role))
                    continue
            current = known.get(pk)
            if current is None or (role in INITIATORS and current not in INITIATORS):
                known[pk] = role
        if not known:
            out.skips.append(Skip("no_one_on_map", where_text(item.where)))
            continue
        out.ignored_dropped += dropped
        out.rows.append((item, list(known.items()), pending))
        when = item.occurred_at
        for email, name in unknown:
            seen = out.seen.get(email)
            if seen is None:
                out.seen[email] = Seen(name, 1, when, when)
            else:
                seen.count += 1
                seen.name = seen.name or name
                seen.first = min(seen.first, when)
                seen.last = max(seen.last, when)
    return out

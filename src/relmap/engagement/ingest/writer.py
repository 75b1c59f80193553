"""The bulk write of one file's interactions, participants, pending participants and
touches.

Raw SQL, not the ORM (:func:`relmap.core.bulk.insert_rows`: binary ``COPY`` on
PostgreSQL, the driver's ``executemany`` on SQLite). Interaction ids are allocated in
one step under a lock so that participants can point at them without reading anything
back: PostgreSQL takes a SHARE ROW EXCLUSIVE lock on the interaction table (other writers
wait, readers do not) and advances its identity sequence by the number of rows; SQLite
already holds the database's write lock, taken by the run's first write, and continues
from the highest id it has ever handed out (``sqlite_sequence``). The rows written point
at the account, its people, the review queue's addresses and the user: those are locked
(and checked) once, :func:`relmap.core.bulk.lock_referenced`, instead of by a foreign-key
trigger per row. Call inside the file's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection

from relmap.accounts.models import Account
from relmap.core.bulk import insert_rows, lock_referenced
from relmap.engagement import touches
from relmap.engagement.choices import INITIATOR_ROLES
from relmap.engagement.ingest.items import Item
from relmap.engagement.models import (
    Interaction,
    Participant,
    PendingParticipant,
    Touch,
    UnknownAddress,
)
from relmap.stakeholders.choices import Side
from relmap.stakeholders.models import Stakeholder

Progress = Callable[[int, int], None]
Row = tuple[Item, list[tuple[int, str]], list[tuple[str, str]]]

INTERACTION_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "account_id",
    "kind",
    "channel",
    "subject",
    "occurred_at",
    "duration_minutes",
    "outcome_quality",
    "notes",
    "follow_ups",
    "source",
    "source_key",
    "logged_by_id",
)
PARTICIPANT_COLUMNS = ("account_id", "interaction_id", "stakeholder_id", "role")
PENDING_COLUMNS = ("account_id", "interaction_id", "address_id", "role")


def _vendor() -> str:
    return connection.vendor


def allocate_ids(table: str, count: int) -> int:
    """The first of ``count`` consecutive free ids of ``table`` (which must be locked
    against other writers for the rest of the transaction: done here on PostgreSQL)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if _vendor() == "postgresql":
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            if count == 0:
                return 0
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [f'"{table}"'])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = int(cursor.fetchone()[0])
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
            return first
        # ``table`` is a model's db_table, never user input.
        cursor.execute(
            "SELECT max(n) FROM (SELECT coalesce(max(id), 0) AS n FROM "  # noqa: S608
            f'"{table}" UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)',
            [table],
        )
        return int(cursor.fetchone()[0] or 0) + 1


def _sqlite_time(value: dt.datetime) -> str:
    # What Django's SQLite backend stores for an aware datetime: naive UTC text.
    return value.replace(tzinfo=None).isoformat(" ")


def _time_converter() -> Callable[[dt.datetime], Any]:
    return _sqlite_time if connection.vendor == "sqlite" else (lambda v: v)


def interaction_rows(
    items: Sequence[Item], *, first_id: int, account_id: int, source: str, actor_id: int | None
) -> Iterator[tuple[Any, ...]]:
    """The interaction table's rows of ``items``, ids from ``first_id`` on."""
    convert = _time_converter()
    stamp = convert(dt.datetime.now(dt.UTC))
    for offset, item in enumerate(items):
        yield _interaction_row(
            first_id + offset, item, stamp, convert, account_id, source, actor_id
        )


def _interaction_row(
    pk: int,
    item: Item,
    stamp: Any,
    convert: Callable[[dt.datetime], Any],
    account_id: int,
    source: str,
    actor_id: int | None,
) -> tuple[Any, ...]:
    return (
        pk,
        stamp,
        stamp,
        account_id,
        item.kind,
        item.channel,
        item.subject,
        convert(item.occurred_at),
        item.duration_minutes,
        item.outcome_quality,
        item.notes,
        "",
        source,
        item.source_key,
        actor_id,
    )


def write(
    *,
    account_id: int,
    source: str,
    actor_id: int | None,
    rows: Sequence[Row],
    address_ids: dict[str, int],
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Write the matched rows; returns (participants, pending participants) written.

    One pass over the rows builds the four tables' rows; the touches (pairs of ours and
    theirs) are computed here from the rows in memory rather than by joining the
    participants just written.
    """
    first = allocate_ids(Interaction._meta.db_table, len(rows))
    if not rows:
        return 0, 0
    lock_referenced(Account, [account_id])
    lock_referenced(get_user_model(), [actor_id])
    lock_referenced(Stakeholder, {pk for row in rows for pk, _role in row[1]})
    lock_referenced(UnknownAddress, address_ids.values())
    ours = set(
        Stakeholder.objects.filter(account_id=account_id, side=Side.INTERNAL).values_list(
            "pk", flat=True
        )
    )
    initiators = {role.value for role in INITIATOR_ROLES}
    convert = _time_converter()
    stamp = convert(dt.datetime.now(dt.UTC))
    weights: dict[tuple[str, int], float] = {}
    interactions: list[tuple[Any, ...]] = []
    people: list[tuple[Any, ...]] = []
    pending: list[tuple[Any, ...]] = []
    pairs: list[tuple[Any, ...]] = []
    for offset, (item, known, unknown) in enumerate(rows):
        pk = first + offset
        interactions.append(
            _interaction_row(pk, item, stamp, convert, account_id, source, actor_id)
        )
        for person, role in known:
            people.append((account_id, pk, person, role))
        for email, role in unknown:
            pending.append((account_id, pk, address_ids[email], role))
        if len(known) > 1:
            key = (item.kind, len(known))
            weighted = weights.get(key)
            if weighted is None:
                weighted = weights[key] = touches.weight_of(*key)
            pairs += touches.touch_rows(
                account_id,
                pk,
                item.kind,
                item.occurred_at.timestamp(),
                [(person, person in ours, role in initiators) for person, role in known],
                weighted,
            )
    insert_rows(Interaction, INTERACTION_COLUMNS, interactions, progress)
    insert_rows(Participant, PARTICIPANT_COLUMNS, people)
    insert_rows(PendingParticipant, PENDING_COLUMNS, pending)
    insert_rows(Touch, touches.COLUMNS, pairs)
    return len(people), len(pending)

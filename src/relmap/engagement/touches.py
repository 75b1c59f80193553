"""Touches: the flat input of relationship strength, one row per (interaction, one of
our people, one of theirs) who both took part.

They are written with the participants they derive from — in bulk by ingestion
(:func:`touch_rows` + :func:`insert`), and by :func:`rebuild` after anything that changes
who took part or how (an interaction logged or edited by hand, an unknown address
resolved, a person changing side). The strength recompute then reads only this table
(docs/algorithms/strength.md, "Why this engine").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

from django.db import connection

from relmap.analytics import strength as formula
from relmap.core.bulk import insert_rows
from relmap.engagement.choices import INITIATOR_ROLES
from relmap.engagement.models import Interaction, Participant, Touch
from relmap.stakeholders.choices import Side
from relmap.stakeholders.models import Stakeholder

TWO_WAY, OUT, IN, COPIED = 0, 1, 2, 3
DIRECTIONS = ("two_way", "out", "in", "copied")  # by code
COLUMNS = (
    "account_id",
    "interaction_id",
    "our_person_id",
    "their_person_id",
    "kind",
    "direction",
    "weighted",
    "at",
)
CHUNK = 500  # ids per IN (...) list

# (stakeholder id, is one of ours, started it)
Person = tuple[int, bool, bool]


def weight_of(kind: str, participants: int) -> float:
    """``weighted`` of every touch of one interaction: the kind's weight x its breadth."""
    return formula.kind_weight(kind) * formula.breadth(kind, participants)


def touch_rows(
    account_id: int,
    interaction_id: int,
    kind: str,
    at: float,
    people: Sequence[Person],
    weighted: float | None = None,
) -> list[tuple[Any, ...]]:
    """The touch rows of one interaction. ``people`` are its participants on the map.

    ``weighted`` = the kind's weight x the breadth of an interaction of ``len(people)``
    (:func:`relmap.analytics.strength.breadth`). The direction of a message is "out" when
    our person started it, "in" when theirs did, "copied" when somebody else did; other
    kinds are two-way (:func:`relmap.analytics.strength.direction`). A bulk caller passes
    ``weighted`` (:func:`weight_of`) from a cache: it depends only on the kind and count.
    """
    if weighted is None:
        weighted = weight_of(kind, len(people))
    message = kind in formula.MESSAGE_KINDS
    rows = []
    for p, p_ours, p_started in people:
        if not p_ours:
            continue
        for q, q_ours, q_started in people:
            if q_ours:
                continue
            if not message:
                direction = TWO_WAY
            elif p_started:
                direction = OUT
            elif q_started:
                direction = IN
            else:
                direction = COPIED
            rows.append((account_id, interaction_id, p, q, kind, direction, weighted, at))
    return rows


def insert(rows: Sequence[tuple[Any, ...]]) -> None:
    """Write touch rows (:func:`relmap.core.bulk.insert_rows`)."""
    insert_rows(Touch, COLUMNS, rows)


def _epoch_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM {column})::float8"
    return f"(julianday({column}) - 2440587.5) * 86400.0"


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _rows_for(where: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    interaction = Interaction._meta.db_table
    participant = Participant._meta.db_table
    stakeholder = Stakeholder._meta.db_table
    initiators = ", ".join(f"'{role.value}'" for role in sorted(INITIATOR_ROLES))
    sql = (
        f"SELECT i.id, i.account_id, i.kind, {_epoch_sql('i.occurred_at')}, p.stakeholder_id, "  # noqa: S608
        f"CASE WHEN s.side = '{Side.INTERNAL.value}' THEN 1 ELSE 0 END, "
        f"CASE WHEN p.role IN ({initiators}) THEN 1 ELSE 0 END "
        f"FROM {interaction} i JOIN {participant} p ON p.interaction_id = i.id "
        f"JOIN {stakeholder} s ON s.id = p.stakeholder_id WHERE {where} ORDER BY i.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    rows: list[tuple[Any, ...]] = []
    for (iid, account_id, kind, at), group in groupby(fetched, key=lambda r: r[:4]):
        people = [(sid, bool(ours), bool(started)) for *_, sid, ours, started in group]
        rows += touch_rows(account_id, iid, kind, float(at), people)
    return rows


def rebuild(interaction_ids: Iterable[int]) -> None:
    """Rewrite the touches of these interactions from their participants."""
    ids = sorted(set(interaction_ids))
    table = Touch._meta.db_table
    for chunk in _chunks(ids):
        marks = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE interaction_id IN ({marks})", chunk)  # noqa: S608
        insert(_rows_for(f"i.id IN ({marks})", chunk))


def rebuild_account(account_id: int) -> None:
    """Rewrite every touch of an account (after a person changes side, say)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Touch._meta.db_table} WHERE account_id = %s", [account_id])  # noqa: S608
    insert(_rows_for("i.account_id = %s", [account_id]))

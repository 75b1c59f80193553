"""Bulk writes: the million-row paths (file ingestion, derived tables) that the ORM is not
made for.

- :func:`insert_rows` writes tuples with the fastest path the database has: PostgreSQL
  binary ``COPY`` through psycopg 3 with the column types given up front (five times
  faster than text ``COPY`` with per-value adaptation: ``bench/ingest.py``), SQLite
  ``executemany`` on the driver's own cursor (Django's cursor wrapper rewrites every
  parameter list), Django's cursor elsewhere.
- :func:`lock_referenced` is what a foreign key's trigger does for each inserted row,
  done once per write: the tables written in bulk have no database-level foreign keys
  (a trigger per row per key costs PostgreSQL about 2.5 µs, 45 s for one million
  interactions), so the writer takes ``FOR KEY SHARE`` on the rows it points at — the
  account, its people, the user — and they cannot be deleted until it commits. SQLite
  has one writer at a time, which gives the same guarantee. Deletions still cascade
  through Django's collector (``on_delete`` is emulated by Django, not by the database).
- :func:`gc_paused`: building a million rows creates tens of millions of tuples, and
  CPython's cyclic collector would walk them again and again (it halves the parse time
  to pause it); none of them form cycles.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, connection, models

Progress = Callable[[int, int], None]
CHUNK = 50_000
# SQLite's default page cache is 2 MB: a million rows into three or four B-trees would
# keep writing and re-reading the same pages. A bigger cache for this connection only
# (restored after) keeps the index pages in memory until the commit.
SQLITE_CACHE_KIB = 512 * 1024


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk build (reference counting still
    frees everything); it is turned back on after, if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _pg_types(model: type[models.Model], columns: Sequence[str]) -> list[str]:
    """The PostgreSQL type of each column, as psycopg names them ("bigint",
    "character varying", "timestamp with time zone"…), from the model's fields."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    out = []
    for column in columns:
        field = by_column[column]
        db_type = field.rel_db_type(connection) if field.is_relation else field.db_type(connection)
        out.append(re.sub(r"\(.*\)", "", db_type or "").strip())
    return out


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    progress: Progress | None = None,
) -> None:
    """Insert ``rows`` (tuples in the order of ``columns``) into ``model``'s table, in
    the caller's transaction. Values are what the driver expects: aware datetimes on
    PostgreSQL, Django's text form on SQLite."""
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    total = len(rows)
    connection.ensure_connection()
    raw: Any = connection.connection
    if connection.vendor == "postgresql":
        types = _pg_types(model, columns)
        sql = f'COPY "{table}" ({names}) FROM STDIN (FORMAT BINARY)'
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            copy.set_types(types)
            for start in range(0, total, CHUNK):
                for row in rows[start : start + CHUNK]:
                    copy.write_row(row)
                if progress:
                    progress(min(start + CHUNK, total), total)
        return
    # Table and column names come from the model, never from input.
    marks = ", ".join(["%s" if connection.vendor != "sqlite" else "?"] * len(columns))
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            for chunk in _chunks(rows):
                cursor.executemany(sql, chunk)
        return
    cursor = raw.cursor()
    cursor.execute("PRAGMA cache_size")
    cache = int(cursor.fetchone()[0])
    cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        for start in range(0, total, CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])
            if progress:
                progress(min(start + CHUNK, total), total)
    finally:
        cursor.execute(f"PRAGMA cache_size = {cache}")
        cursor.close()


def _chunks(rows: Sequence[tuple[Any, ...]]) -> Iterable[Sequence[tuple[Any, ...]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def lock_referenced(model: type[models.Model], ids: Iterable[int | None]) -> None:
    """Check that these rows of ``model`` exist and, on PostgreSQL, take ``FOR KEY
    SHARE`` on them until the transaction ends: they can be read and updated, not
    deleted, while rows that point at them are written. What a foreign key checks per
    row, once per write; call inside the writing transaction. Raises ``IntegrityError``
    naming the missing ids."""
    wanted = sorted({pk for pk in ids if pk is not None})
    if not wanted:
        return
    table = model._meta.db_table
    column = model._meta.pk.column
    found: set[int] = set()
    with connection.cursor() as cursor:
        # Names from the model; the ids are parameters.
        if connection.vendor == "postgresql":
            cursor.execute(
                f'SELECT "{column}" FROM "{table}" WHERE "{column}" = ANY(%s) '  # noqa: S608
                "FOR KEY SHARE",
                [wanted],
            )
            found.update(row[0] for row in cursor.fetchall())
        else:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f'SELECT "{column}" FROM "{table}" WHERE "{column}" IN ({marks})',  # noqa: S608
                    chunk,
                )
                found.update(row[0] for row in cursor.fetchall())
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        shown = ", ".join(map(str, missing[:10]))
        raise IntegrityError(f"{model._meta.label}: no row with id {shown} (it was deleted?)")

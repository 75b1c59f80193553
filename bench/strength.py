"""Benchmark ``relmap.engagement.strength.recompute`` on 1,000,000 interactions.

Generates one account with ~300 people (half ours), ``--rows`` interactions (meetings,
calls, e-mails over two years) with 2-4 participants each, written with raw SQL on a
temporary SQLite file and on PostgreSQL (database ``test``, a scratch schema dropped
afterwards), then times, on each:

- ``recompute_strength(account)``: every pair scored from the touch table (one indexed
  ``GROUP BY`` with ``exp()`` in the database, the pairs scored in Python, the rows
  replaced with one ``COPY`` / ``executemany``), inside a transaction as in use;
- the same-run baseline: the same decayed aggregation computed the direct way, joining
  participants to themselves in SQL (what recompute would cost without touches; its
  result is only fetched);
- the tie suggestions' shared-meeting count, separately.

Run: ``.venv/bin/python bench/strength.py [--rows N] [--skip-postgres]``. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from typing import Any

PG_URL = "postgres://postgres@127.0.0.1:5432/test"
SCHEMA = "bench_strength"
KINDS = ["meeting"] * 3 + ["call"] * 2 + ["email"] * 5
NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


def setup_django(url: str, schema: str | None = None) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmap.settings")
    import django
    from django.conf import settings

    django.setup()
    if schema:
        settings.DATABASES["default"]["OPTIONS"] = {"options": f"-c search_path={schema}"}


def generate(rows: int) -> tuple[int, float]:
    """Migrate, then write the account, its people, ``rows`` interactions, their
    participants and their touches in bulk (raw executemany / COPY: set-up, not timed
    against anything)."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection, transaction

    from relmap.accounts.models import Account
    from relmap.engagement import touches
    from relmap.stakeholders.models import Stakeholder

    call_command("migrate", verbosity=0)
    rng = random.Random(42)
    started = time.perf_counter()
    with transaction.atomic():
        owner = User.objects.create(username=f"bench{time.time_ns()}")
        account = Account.objects.create(name="Bench Co", owner=owner)
        Stakeholder.objects.bulk_create(
            Stakeholder(
                account=account,
                name=f"P{i}",
                side="internal" if i < 150 else "customer",
                department=f"D{i % 12}",
            )
            for i in range(300)
        )
        people = list(
            Stakeholder.objects.filter(account=account).values_list("pk", "side").order_by("pk")
        )
        base = NOW - dt.timedelta(days=730)
        pg = connection.vendor == "postgresql"
        stamp = NOW if pg else connection.ops.adapt_datetimefield_value(NOW)
        inter: list[tuple[Any, ...]] = []
        parts: list[tuple[Any, ...]] = []
        touch_rows: list[tuple[Any, ...]] = []
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM engagement_interaction")
            first = int(cursor.fetchone()[0]) + 1
            for n in range(rows):
                iid = first + n
                kind = rng.choice(KINDS)
                when = base + dt.timedelta(seconds=rng.randrange(730 * 86400))
                inter.append(
                    (iid, account.pk, kind, when if pg else when.isoformat(" "), stamp, stamp)
                )
                chosen = rng.sample(people, rng.choice((2, 2, 3, 3, 4)))
                lead = "sender" if kind == "email" else "organizer"
                other = "to" if kind == "email" else "attendee"
                mine = []
                for j, (person, side) in enumerate(chosen):
                    parts.append((account.pk, iid, person, lead if j == 0 else other))
                    mine.append((person, side == "internal", j == 0))
                touch_rows += touches.touch_rows(account.pk, iid, kind, when.timestamp(), mine)
            _bulk(
                cursor,
                "engagement_interaction",
                "id, account_id, kind, occurred_at, created_at, updated_at",
                inter,
                "channel, subject, notes, follow_ups, source, source_key",
            )
            _bulk(
                cursor,
                "engagement_participant",
                "account_id, interaction_id, stakeholder_id, role",
                parts,
            )
            touches.insert(touch_rows)
            if pg:
                cursor.execute("ANALYZE")
            else:
                cursor.execute("ANALYZE")
    return account.pk, time.perf_counter() - started


def _bulk(
    cursor: Any, table: str, names: str, rows: list[tuple[Any, ...]], blank: str = ""
) -> None:
    """COPY on PostgreSQL, the driver's executemany on SQLite; ``blank`` columns get ''."""
    from django.db import connection

    extra = [c.strip() for c in blank.split(",") if c.strip()]
    columns = names + ("".join(f", {c}" for c in extra))
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, *([""] * len(extra))))
        return
    marks = ", ".join(["?"] * len(names.split(",")) + ["''"] * len(extra))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - our tables
    cursor.connection.executemany(sql, rows)


def baseline_sql(account_id: int) -> tuple[float, int]:
    """The straightforward way: the whole decayed aggregation in SQL with exp()."""
    from django.db import connection

    pg = connection.vendor == "postgresql"
    epoch = (
        "EXTRACT(EPOCH FROM i.occurred_at)::float8"
        if pg
        else "(julianday(i.occurred_at) - 2440587.5) * 86400.0"
    )
    now = NOW.timestamp()
    sql = f"""
        WITH n AS (SELECT interaction_id AS iid, COUNT(*) AS c FROM engagement_participant
                   WHERE account_id = %s GROUP BY interaction_id),
             ours AS (SELECT id FROM stakeholders_stakeholder
                      WHERE account_id = %s AND side = 'internal')
        SELECT o.stakeholder_id, t.stakeholder_id, i.kind,
               CASE WHEN i.kind IN ('email', 'message') THEN
                 CASE WHEN o.role IN ('organizer', 'sender') THEN 1
                      WHEN t.role IN ('organizer', 'sender') THEN 2 ELSE 3 END
               ELSE 0 END AS dirn,
               SUM(EXP(-0.6931471805599453 * (%s{"::float8" if pg else ""} - {epoch})
                       / 86400.0 / 90.0)),
               COUNT(*), MAX(i.occurred_at)
        FROM engagement_participant o
        JOIN engagement_participant t ON t.interaction_id = o.interaction_id
        JOIN engagement_interaction i ON i.id = o.interaction_id
        JOIN n ON n.iid = o.interaction_id
        WHERE o.account_id = %s AND o.stakeholder_id IN (SELECT id FROM ours)
          AND t.stakeholder_id NOT IN (SELECT id FROM ours)
        GROUP BY 1, 2, 3, 4
    """  # noqa: S608 - constants only
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [account_id, account_id, now, account_id])
        found = len(cursor.fetchall())
    return time.perf_counter() - started, found


def measure(label: str, rows: int) -> None:
    from django.db import connection

    from relmap.accounts.models import Account
    from relmap.engagement import strength

    account_id, generated = generate(rows)
    account = Account.objects.get(pk=account_id)
    print(f"[{label}] generated {rows:,} interactions in {generated:.1f} s")
    from django.db import transaction

    timings = []
    pairs = 0
    for _ in range(3):
        started = time.perf_counter()
        with transaction.atomic():
            pairs = strength.recompute_strength(account, now=NOW)
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    with transaction.atomic():
        ties = len(
            strength.shared_meeting_counts(account_id, start=NOW - dt.timedelta(days=730), end=NOW)
        )
    suggestions = time.perf_counter() - started
    base, found = baseline_sql(account_id)
    best = min(timings)
    print(
        f"[{label}] strength recompute, all pairs (touch table, one INSERT … SELECT): best "
        f"{best:.2f} s of 3 ({', '.join(f'{t:.2f}' for t in timings)}); {pairs:,} pairs"
    )
    print(
        f"[{label}] baseline, the same decayed aggregation joining participants to "
        f"themselves in SQL: {base:.2f} s; {found:,} groups"
    )
    print(f"[{label}] ratio baseline / recompute: {base / best:.1f}x")
    print(
        f"[{label}] tie suggestions (shared meetings, separate): {suggestions:.2f} s; "
        f"{ties:,} pairs"
    )
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    if args.only is None:
        # Django is configured once per process: run each database in a child process.
        import subprocess

        for which in ("sqlite", "postgres"):
            if which == "postgres" and args.skip_postgres:
                continue
            subprocess.run(  # noqa: S603 - this script, our arguments
                [sys.executable, __file__, "--rows", str(args.rows), "--only", which], check=True
            )
        print(
            "Why a touch table: the cost of strength is the join of participants to "
            "themselves, not the arithmetic. Touches are written once, with the "
            "participants, so the recompute is one GROUP BY streamed from a covering "
            "index, in the database, inside the caller's transaction "
            "(docs/algorithms/strength.md)."
        )
        return
    if args.only == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            setup_django(f"sqlite:///{tmp}/bench.sqlite3")
            measure("SQLite", args.rows)
        return
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
    try:
        setup_django(PG_URL, SCHEMA)
        measure("PostgreSQL", args.rows)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


if __name__ == "__main__":
    main()

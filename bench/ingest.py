"""Benchmark ``ingest_file`` on a 1,000,000-row CSV activity file, next to the raw insert
of the same rows, on SQLite and on PostgreSQL; and the Enron e-mail network end to end.

Generates a seeded CSV activity file (an account with 300 stakeholders with e-mails, half
ours and half theirs, three participants per row: an initiator and two others; kinds
meeting/call/e-mail; a year of timestamps with offsets), then for each database, in a
child process with its own settings:

- migrates a fresh database (SQLite: a file in a temp dir, WAL; PostgreSQL: a database
  ``relmap_bench_ingest`` on 127.0.0.1:5432, created and dropped) and adds the people;
- times ``ingest_file`` end to end (read, parse, validate, match, insert, report);
- empties the tables and times the raw insert of exactly the same rows (interactions,
  participants and touches) the fastest way the driver offers: sqlite3 ``executemany``
  on the driver's connection, PostgreSQL binary ``COPY`` with psycopg 3 (column types
  set, ``write_row``); and prints
  the ratio;
- times the same file ingested again (every row already present).

Then the whole Enron file (``../shared/data/enron_priebe``, converted by
``relmap.engagement.ingest.enron``) on SQLite: rows read, added, duplicates, bad dates.

Wall-clock figures on a shared machine depend on its load; each line also prints the
benchmark process's own CPU time (on PostgreSQL the server's work is not in it).

Run: ``.venv/bin/python bench/ingest.py [--rows N] [--no-postgres] [--no-enron]``.
Prints figures; asserts nothing. Target: 1,000,000 rows under 10 s on each database.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PEOPLE = 300
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "relmap_bench_ingest"
ENRON = Path(__file__).resolve().parents[2] / "shared" / "data" / "enron_priebe"


def emails() -> list[str]:
    return [f"person{i}@{'relmap' if i % 2 else 'northwind'}.example" for i in range(PEOPLE)]


def generate(rows: int, path: Path, seed: int = 42) -> None:
    rng = random.Random(seed)
    people = emails()
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    kinds = ("meeting", "call", "email")
    channels = {"meeting": "in_person", "call": "phone", "email": "email"}
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(
            [
                "key",
                "occurred_at",
                "kind",
                "channel",
                "subject",
                "duration_minutes",
                "initiator",
                "participants",
                "outcome_quality",
                "notes",
            ]
        )
        for n in range(rows):
            kind = kinds[rng.randrange(3)]
            who = rng.sample(people, 3)
            when = start + dt.timedelta(seconds=rng.randrange(365 * 86400))
            out.writerow(
                [
                    f"act-{n}",
                    when.isoformat(),
                    kind,
                    channels[kind],
                    "",
                    "" if kind == "email" else str(rng.choice((15, 30, 45, 60))),
                    who[0],
                    f"{who[1]};{who[2]}",
                    str(rng.randrange(1, 6)) if rng.random() < 0.2 else "",
                    "",
                ]
            )


def setup(url: str) -> Any:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmap.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    from relmap.accounts.services import account_create

    user = get_user_model()._default_manager.create_superuser("bench", "b@example.com", "x")
    return user, account_create


def add_people(account: Any, addresses: list[str], names: list[str] | None = None) -> None:
    from relmap.stakeholders.models import Stakeholder

    # Set-up only: bulk_create is fine here (the figures time ingestion, not this).
    Stakeholder.objects.bulk_create(
        Stakeholder(
            account=account,
            name=(names[i] if names else f"Person {i}"),
            email=email,
            side="internal" if email.endswith("@relmap.example") else "customer",
        )
        for i, email in enumerate(addresses)
    )


def child(backend: str, url: str, csv_path: Path, enron: bool) -> None:
    user, account_create = setup(url)
    from django.db import connection, transaction

    from relmap.core import bulk
    from relmap.engagement import touches
    from relmap.engagement.choices import INITIATOR_ROLES
    from relmap.engagement.ingest import writer
    from relmap.engagement.ingest.csvfile import parse_csv
    from relmap.engagement.ingest.matching import load_directory, match
    from relmap.engagement.ingest.service import ingest_file
    from relmap.engagement.models import Interaction, Participant, Touch
    from relmap.stakeholders.models import Stakeholder

    account = account_create(actor=user, name="Bench account", owner=user)
    add_people(account, emails())
    data = csv_path.read_bytes()
    label = f"{backend:<10}"
    started, cpu = time.perf_counter(), time.process_time()
    run = ingest_file(actor=user, account=account, name=csv_path.name, data=data)
    ingest_s = time.perf_counter() - started
    ingest_cpu = time.process_time() - cpu
    if not run.ok:
        raise SystemExit(f"refused: {run.report}")
    participants = Participant.objects.count()
    print(
        f"{label} ingest_file end to end     {ingest_s:7.2f} s  (this process's CPU "
        f"{ingest_cpu:.2f} s) "
        f"({run.added:,} interactions, {participants:,} participants, {run.skipped} skipped)"
    )
    started = time.perf_counter()
    again = ingest_file(actor=user, account=account, name=csv_path.name, data=data)
    again_s = time.perf_counter() - started
    print(
        f"{label} same file again            {again_s:7.2f} s  "
        f"({again.already_present:,} already present, {again.added} added)"
    )

    # The same rows, built outside the timer, then inserted raw into emptied tables.
    parsed = parse_csv(data, time_zone="UTC")
    matched = match(parsed.items, load_directory(account), set())
    ours = {s.pk for s in Stakeholder.objects.filter(account=account, side="internal")}
    initiators = {role.value for role in INITIATOR_ROLES}
    with transaction.atomic():
        Touch.objects.all().delete()
        Participant.objects.all().delete()
        Interaction.objects.all().delete()
    first = 10_000_000
    rows = list(
        writer.interaction_rows(
            [r[0] for r in matched.rows],
            first_id=first,
            account_id=account.pk,
            source="csv",
            actor_id=user.pk,
        )
    )
    people = [
        (account.pk, first + i, pk, role) for i, r in enumerate(matched.rows) for pk, role in r[1]
    ]
    pairs = [
        t
        for i, (item, known, _) in enumerate(matched.rows)
        for t in touches.touch_rows(
            account.pk,
            first + i,
            item.kind,
            item.occurred_at.timestamp(),
            [(pk, pk in ours, role in initiators) for pk, role in known],
        )
    ]
    tables: list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]] = [
        (Interaction._meta.db_table, writer.INTERACTION_COLUMNS, rows),
        (Participant._meta.db_table, writer.PARTICIPANT_COLUMNS, people),
        (Touch._meta.db_table, touches.COLUMNS, pairs),
    ]
    connection.ensure_connection()
    raw: Any = connection.connection
    started, cpu = time.perf_counter(), time.process_time()
    if backend == "sqlite":
        cursor = raw.cursor()
        # The same page cache as the ingest path sets.
        cursor.execute(f"PRAGMA cache_size = {-bulk.SQLITE_CACHE_KIB}")
        cursor.execute("BEGIN")
        for table, columns, values in tables:
            marks = ", ".join("?" * len(columns))
            # Table and column names are the models' and the writer's constants.
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                values,
            )
        cursor.execute("COMMIT")
    else:
        models = {m._meta.db_table: m for m in (Interaction, Participant, Touch)}
        with raw.cursor() as cursor:
            for table, columns, values in tables:
                sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
                with cursor.copy(sql) as copy:
                    # The column types, as the ingest path sets them.
                    copy.set_types(bulk._pg_types(models[table], columns))
                    for row in values:
                        copy.write_row(row)
        raw.commit()
    raw_s = time.perf_counter() - started
    raw_cpu = time.process_time() - cpu
    method = "sqlite3 executemany" if backend == "sqlite" else "binary COPY (psycopg)"
    print(
        f"{label} raw insert, same rows        {raw_s:7.2f} s  (CPU {raw_cpu:.2f} s) "
        f"({method}; {len(rows):,} interactions + {len(people):,} participants + "
        f"{len(pairs):,} touches)"
    )
    print(f"{label} ratio ingest / raw insert   {ingest_s / raw_s:7.2f} x")
    if enron and ENRON.is_dir():
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        from relmap.engagement.ingest.enron import people as enron_people
        from relmap.engagement.ingest.enron import to_activity_csv

        other = account_create(actor=user, name="Enron", owner=user)
        valid = []
        for p in enron_people(ENRON):
            try:
                validate_email(p.email)
                valid.append(p)
            except ValidationError:
                pass
        add_people(other, [p.email for p in valid], [p.name or p.email for p in valid])
        enron_data = to_activity_csv(ENRON)
        started = time.perf_counter()
        run = ingest_file(actor=user, account=other, name="enron.csv", data=enron_data)
        enron_s = time.perf_counter() - started
        reasons = {k: v["count"] for k, v in run.report["skipped_by_reason"].items()}
        print(
            f"{label} Enron full run              {enron_s:7.2f} s  "
            f"({run.report['read']:,} rows read, "
            f"{run.added:,} added, {reasons.get('duplicate', 0):,} duplicates, "
            f"{reasons.get('implausible_date', 0)} bad dates (1979-12-31), "
            f"{run.new_unknown_addresses} addresses to review; "
            f"{len(valid)} of 184 people on the map)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-enron", action="store_true")
    parser.add_argument("--child", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, args.csv, not args.no_enron)
        return
    with tempfile.TemporaryDirectory(prefix="relmap-bench-ingest-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "activity.csv"
        started = time.perf_counter()
        generate(args.rows, csv_path)
        size = csv_path.stat().st_size / 1e6
        print(
            f"Generated {args.rows:,} rows ({size:.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s; "
            f"{PEOPLE} people, 3 participants per row. Python {sys.version.split()[0]}, "
            f"{os.cpu_count()} cores."
        )
        script = str(Path(__file__).resolve())
        base = [sys.executable, script, "--csv", str(csv_path)]
        subprocess.run(  # noqa: S603 - this script, with its own arguments
            [*base, "--child", "sqlite", "--url", f"sqlite:///{folder / 'bench.sqlite3'}"]
            + ([] if not args.no_enron else ["--no-enron"]),
            check=True,
        )
        if args.no_postgres:
            return
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        try:
            subprocess.run(  # noqa: S603 - this script, with its own arguments
                [
                    *base,
                    "--child",
                    "postgresql",
                    "--no-enron",
                    "--url",
                    f"postgres://postgres@127.0.0.1:5432/{PG_DB}",
                ],
                check=True,
            )
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()

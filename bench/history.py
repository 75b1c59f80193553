"""Benchmark the map history: the map at a past moment read back from the audit trail,
the diff with the health change, and the pages that show them.

Builds a temporary SQLite database (migrated with ``call_command``) holding one account
with a 300-person map (40 of ours) and 2,000 ties, written through the services so that
every write is audited, one review of it, then ``--changes`` more audited changes
(default 1,000 and 10,000: attitude, power, interest and title edits, ties added and
removed). At each history size it times, median and best of ``--runs`` (default 7):

- baselines: the map now read from its tables (``history.current_state``) and the map a
  review kept read back from its snapshot (``state_of(review)``), the two cheap ways;
- ``state_at`` the moment of the review (undoing every change since) and halfway;
- ``diff_between`` that review and now, and ``health_between`` them (the live score);
- through ``django.test.Client`` and the full middleware stack: a bare view returning
  ``HttpResponse("ok")`` (the floor), the monitoring page, the map history page comparing
  the review with now, and comparing the day before yesterday with now (a replay).

Run: ``.venv/bin/python bench/history.py [--runs N] [CHANGES ...]``. Prints figures;
asserts nothing (tests/query_budgets.json holds the pages' query counts).

Measured on 2 cores on 2026-12-03 (Python 3.13, SQLite 3.40), median of 7 in ms::

                                         1,000 changes   10,000 changes   queries
    the map now, from its tables (base)            4.4              3.3         3
    the map a review kept                          0.6              0.6         0
    state_at the review (undo all)                16.6            125.2         4
    state_at halfway                              11.4             60.3         4
    diff review -> now                             6.4              5.8         3
    health_between review -> now                  64.1             49.2        17
    page: bare view                                0.7              0.7         2
    page: monitoring                             112.0             97.9        42
    page: history, review -> now                  83.3             80.7        26
    page: history, 2 days ago -> now             121.5            227.7        29

Reading the map back from the trail costs about 14 µs an audit entry since the moment
(125 ms for 8,897 entries): a review's snapshot stays the fast way, 0.6 ms, and the
comparison with a review never replays. The health change is mostly the live score
(the map's analysis and the engagement plans), as on the monitoring page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from django_setup import install_bare_urlconf, setup_django

PEOPLE, OURS, TIES = 300, 40, 2000


def build_map(owner: Any) -> tuple[Any, list[Any], list[Any]]:
    """The account, its people and its ties, each written through its service."""
    from relmap.accounts.services import account_create
    from relmap.stakeholders.services import coverage_create, stakeholder_create, tie_create

    rng = random.Random(5)
    account = account_create(actor=owner, name="Bench Logistics", owner=owner)
    people = [
        stakeholder_create(
            actor=owner,
            account=account,
            name=f"Person {i:03}",
            side="internal" if i < OURS else "customer",
            department=f"Dept {i % 12}",
            power=rng.randint(1, 5),
            interest=rng.randint(1, 5),
            attitude=rng.randint(-2, 2),
        )
        for i in range(PEOPLE)
    ]
    ties: list[Any] = []
    seen: set[tuple[int, int]] = set()
    theirs = people[OURS:]
    while len(ties) < TIES:
        a, b = rng.sample(theirs, 2)
        if (a.pk, b.pk) in seen:
            continue
        seen.add((a.pk, b.pk))
        ties.append(tie_create(actor=owner, account=account, source=a, target=b, kind="influences"))
    for ours, their in zip(people[:OURS], rng.sample(theirs, OURS), strict=True):
        coverage_create(actor=owner, account=account, our_person=ours, their_person=their)
    return account, people, ties


def change(owner: Any, account: Any, people: list[Any], ties: list[Any], count: int) -> None:
    """``count`` audited changes: ratings and titles edited, ties removed and added."""
    from django.core.exceptions import ValidationError

    from relmap.stakeholders.services import stakeholder_update, tie_create, tie_delete

    rng = random.Random(count)
    theirs = people[OURS:]
    for i in range(count):
        kind = i % 10
        if kind < 7:
            person = rng.choice(theirs)
            field = ("attitude", "power", "interest", "title")[i % 4]
            value: Any = f"Title {i}" if field == "title" else rng.randint(1, 5)
            if field == "attitude":
                value = rng.randint(-2, 2)
            stakeholder_update(actor=owner, stakeholder=person, **{field: value})
        elif kind < 9 and ties:
            tie_delete(actor=owner, tie=ties.pop(rng.randrange(len(ties))))
        else:
            a, b = rng.sample(theirs, 2)
            try:
                ties.append(
                    tie_create(actor=owner, account=account, source=a, target=b, kind="advises")
                )
            except ValidationError:  # the pair is tied that way already
                continue


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float, int]:
    """Median and best wall-clock ms of ``runs``, and the queries of the last run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            call()
            wall.append(time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    return statistics.median(wall) * 1000, min(wall) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("changes", nargs="*", type=int, default=[1000, 10000], metavar="N")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    args = parser.parse_args()
    print(
        f"relmap map history bench, {dt.date.today().isoformat()}: {os.cpu_count()} cores, "  # noqa: DTZ011 - a label
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
        f"{PEOPLE} people, {TIES} ties; median and best of {args.runs} (wall clock, ms)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.test import Client, override_settings
        from django.utils import timezone

        from relmap.core.models import AuditEntry
        from relmap.monitoring import history

        call_command("migrate", verbosity=0)

        urlconf = install_bare_urlconf()
        owner = User.objects.create_user("kam")
        started = time.perf_counter()
        account, people, ties = build_map(owner)
        review = history.review_create(actor=owner, account=account, notes="Baseline")
        print(f"built the map in {time.perf_counter() - started:.1f} s")
        client = Client()
        client.force_login(owner)
        base = f"/accounts/{account.pk}/monitoring"
        two_days_ago = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
        done = 0
        for total in sorted(set(args.changes)):
            started = time.perf_counter()
            change(owner, account, people, ties, total - done)
            done = total
            since = AuditEntry.objects.filter(account_id=account.pk, at__gt=review.reviewed_at)
            entries = since.count()
            halfway = since.order_by("at", "id")[entries // 2].at
            print(
                f"\n{total:,} changes since the review ({entries:,} audit entries), "
                f"made in {time.perf_counter() - started:.1f} s"
            )
            at = review.reviewed_at
            rows: list[tuple[str, Callable[[], Any]]] = [
                ("baseline: the map now, from its tables", partial(history.current_state, account)),
                ("baseline: the map a review kept", partial(history.state_of, account, review)),
                ("state_at the review (undo all)", partial(history.state_at, account, at)),
                ("state_at halfway", partial(history.state_at, account, halfway)),
                ("diff review -> now", partial(history.diff_between, account, since=review)),
                ("health_between review -> now", partial(history.health_between, account, review)),
            ]  # fmt: skip
            with override_settings(ROOT_URLCONF=urlconf):
                for label, url in (
                    ("page: bare view", "/bare/"),
                    ("page: monitoring", f"{base}/"),
                    ("page: history, review -> now", f"{base}/history/?since=review-{review.pk}"),
                    ("page: history, 2 days ago -> now", f"{base}/history/?since={two_days_ago}"),
                ):
                    client.get(url)  # warm up
                    rows.append((label, partial(client.get, url)))
                floor = now_ms = None
                print(f"  {'':<42} {'median':>9} {'best':>9} {'queries':>8}")
                for label, call in rows:
                    median, best, queries = timed(call, args.runs)
                    if label == "page: bare view":
                        floor = median
                    ratio = f"  {median / floor:5.0f}x bare" if floor and "page:" in label else ""
                    if label.startswith("baseline: the map now"):
                        now_ms = median
                    elif now_ms and not label.startswith(("page:", "baseline")):
                        ratio = f"  {median / now_ms:5.1f}x the map now"
                    print(f"  {label:<42} {median:>9.1f} {best:>9.1f} {queries:>8}{ratio}")


if __name__ == "__main__":
    main()

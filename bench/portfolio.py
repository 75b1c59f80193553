"""Benchmark the portfolio dashboard, its data endpoint, the CSV export and the API list.

Builds a temporary SQLite database (migrated with ``call_command``) and, for each size
asked for (500 and 5,000 accounts by default), grows it to that many accounts with
scores on every criterion, their place in the matrix, team memberships, plans for a
third of them and 12 quarterly financial periods each (bulk-created: set-up only). At
each size it times, through ``django.test.Client`` and the full middleware stack, after
one warm-up request, median and best of ``--runs`` (default 9):

- a bare view returning ``HttpResponse("ok")`` through the same client and middleware,
  the floor every other figure is divided by ("x bare");
- the dashboard ``/portfolio/`` (matrix frame, the first page of the table, effort
  findings over every account), the same filtered (``?tier=strategic``),
  ``/portfolio/data.json`` (every account, what the matrix script draws), the CSV export
  (``?format=csv``) and the API's first page of ``/api/portfolio`` (100 rows);

and prints the queries and bytes of each. The query counts must be the same at every
size (tests/query_budgets.json asserts them too).

Run: ``.venv/bin/python bench/portfolio.py [--runs N] [SIZE ...]``. Prints figures;
asserts nothing. Target: the dashboard and its data endpoint under 300 ms at 5,000
accounts.

Measured on 2 cores on 2026-12-03 (a shared 2-vCPU VM; Python 3.13, SQLite 3.40, Django
6.1), median / best of 9 in ms, before and after making the portfolio reads aggregate in
SQL::

                                               500   accounts       5,000   accounts
    view                                    before      after      before      after  queries
    bare view (HttpResponse('ok'))       1.1 / 0.9  1.0 / 0.8   1.1 / 0.9  1.4 / 1.1  2
    dashboard /portfolio/                  61 / 52    45 / 38   407 / 289  157 / 132  11 (was 10)
    dashboard ?tier=strategic              37 / 34    45 / 33   152 / 109    82 / 74  11 (was 10)
    data endpoint /portfolio/data.json     59 / 55    20 / 18   911 / 673  199 / 158  6
    CSV export ?format=csv                 65 / 56    25 / 25   670 / 605  226 / 216  5
    API list /api/portfolio                76 / 65    56 / 42   910 / 843  516 / 457  5 (was 4)

The query counts are the same at both sizes. data.json went from 2.6 MB to 0.6 MB at
5,000 accounts (short keys, only what the matrix draws: see
``relmap.accounts.views.portfolio_data``). Medians above best mostly come from the
cyclic garbage collector (a full collection every few requests) and neighbours on the
host; the CPU column tells the two apart. The API list was then unpaginated (3.1 MB at
5,000 accounts); it now reads one page (``?limit=`` default 100) through
``relmap.accounts.portfolio_selectors.PortfolioRowsByPage``: 21 ms median and 6 queries
at 5,000 accounts, 14 ms at 500, in the run after that change (dashboard 122 ms,
data.json 148 ms at 5,000 in the same run).
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
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django_setup import install_bare_urlconf, setup_django

QUARTERS = 12
VIEWS = (
    ("bare view (HttpResponse('ok'))", "/bare/"),
    ("dashboard /portfolio/", "/portfolio/"),
    ("dashboard filtered ?tier=strategic", "/portfolio/?tier=strategic"),
    ("data endpoint /portfolio/data.json", "/portfolio/data.json"),
    ("CSV export ?format=csv", "/portfolio/?format=csv"),
    ("API page /api/portfolio (100 rows)", "/api/portfolio"),
)


def make_users() -> tuple[Any, list[Any]]:
    """The key account manager who owns every account, and five colleagues."""
    from django.contrib.auth.models import User

    from relmap.accounts.portfolio_services import criteria_install_defaults

    manager = User.objects.create_user("kam")
    colleagues = [User.objects.create_user(f"colleague{i}") for i in range(5)]
    criteria_install_defaults(actor=manager)
    return manager, colleagues


def build(manager: Any, colleagues: list[Any], start: int, count: int) -> None:
    """``count`` more placed accounts (numbered from ``start``) with teams and figures."""
    from relmap.accounts import selectors
    from relmap.accounts.models import (
        Account,
        AccountMembership,
        CriterionScore,
        FinancialPeriod,
    )
    from relmap.analytics.portfolio import place
    from relmap.planning.models import AccountPlan

    rng = random.Random(11 + start)
    criteria = selectors.criteria_for_analytics()
    settings = selectors.portfolio_settings_values()
    Account.objects.bulk_create(
        [Account(name=f"Account {i:05}", owner=manager) for i in range(start, start + count)],
        batch_size=1000,
    )
    accounts = list(Account.objects.filter(name__gte=f"Account {start:05}").order_by("id"))
    scores = []
    for account in accounts:
        base = {"attractiveness": rng.uniform(0, 10), "strength": rng.uniform(0, 10)}
        mine = {}
        for c in criteria:
            value = round(min(10.0, max(0.0, base[c.axis] + rng.uniform(-1.5, 1.5))), 1)
            mine[c.id] = value
            scores.append(
                CriterionScore(
                    account=account, criterion_id=c.id, score=Decimal(str(value)), rationale=""
                )
            )
        placement = place(account.pk, criteria, mine, settings)
        account.attractiveness = Decimal(f"{placement.attractiveness.value:.2f}")
        account.strength = Decimal(f"{placement.strength.value:.2f}")
        account.quadrant = placement.quadrant or ""
    Account.objects.bulk_update(
        accounts, ["attractiveness", "strength", "quadrant"], batch_size=1000
    )
    CriterionScore.objects.bulk_create(scores, batch_size=2000)
    members = []
    for account in accounts:
        members.append(AccountMembership(account=account, user=manager, role="key_account_manager"))
        for colleague in rng.sample(colleagues, rng.randint(0, 3)):
            members.append(AccountMembership(account=account, user=colleague, role="sales"))
    AccountMembership.objects.bulk_create(members, batch_size=2000)
    AccountPlan.objects.bulk_create(
        [AccountPlan(account=a) for a in accounts[::3]], batch_size=1000
    )
    periods = []
    for account in accounts:
        revenue = rng.uniform(50_000, 2_000_000)
        for q in range(QUARTERS):
            year, quarter = 2023 + q // 4, q % 4
            first = dt.date(year, 1 + 3 * quarter, 1)
            last = dt.date(year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1) - dt.timedelta(
                days=1
            )
            revenue *= rng.uniform(0.95, 1.08)
            periods.append(
                FinancialPeriod(
                    account=account,
                    period_start=first,
                    period_end=last,
                    revenue=Decimal(f"{revenue:.2f}"),
                    gross_margin=Decimal(f"{revenue * 0.35:.2f}"),
                    cost_to_serve=Decimal(f"{revenue * 0.05:.2f}"),
                )
            )
    FinancialPeriod.objects.bulk_create(periods, batch_size=5000)


@dataclass(frozen=True)
class Timing:
    label: str
    median: float  # wall-clock ms
    best: float
    cpu: float  # median CPU ms of this process (SQLite runs in it): steadier on a busy host
    queries: int
    size: int  # bytes of the answer


def timed(label: str, call: Callable[[], Any], runs: int, size: int) -> Timing:
    """Median and best of ``runs``, and the queries of the last run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wall, cpu = [], []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start, start_cpu = time.perf_counter(), time.process_time()
            call()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        queries = len(ctx.captured_queries)
    ms = 1000
    return Timing(
        label,
        statistics.median(wall) * ms,
        min(wall) * ms,
        statistics.median(cpu) * ms,
        queries,
        size,
    )


def measure(client: Any, runs: int) -> list[Timing]:
    timings = []
    for label, url in VIEWS:
        response = client.get(url)  # warm-up (and the size of the answer)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        timings.append(timed(label, partial(client.get, url), runs, len(response.content)))
    return timings


def report(size: int, timings: list[Timing]) -> None:
    bare = timings[0].median
    width = max(len(t.label) for t in timings)
    print(f"\n{size:,} accounts, {size * QUARTERS:,} financial periods")
    print(
        f"{'view':<{width}}  {'median':>9}  {'best':>9}  {'CPU':>9}  {'x bare':>6}  "
        f"{'queries':>7}  {'bytes':>10}"
    )
    for t in timings:
        print(
            f"{t.label:<{width}}  {t.median:>6.1f} ms  {t.best:>6.1f} ms  {t.cpu:>6.1f} ms  "
            f"{t.median / bare:>5.0f}x  {t.queries:>7}  {t.size:>10,}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("sizes", nargs="*", type=int, default=[500, 5000], metavar="SIZE")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per view (default 9)")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))
    print(
        f"relmap portfolio bench, {dt.date.today().isoformat()}: {os.cpu_count()} cores, "  # noqa: DTZ011 - a label
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; "
        f"median and best of {args.runs} per view (wall clock), median CPU time"
    )
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.core.management import call_command
        from django.test import Client, override_settings

        call_command("migrate", verbosity=0)

        urlconf = install_bare_urlconf()
        manager, colleagues = make_users()
        client = Client()
        client.force_login(manager)
        built = 0
        queries: dict[int, list[int]] = {}
        for size in sizes:
            started = time.perf_counter()
            build(manager, colleagues, built, size - built)
            built = size
            print(f"\nbuilt {size:,} accounts in {time.perf_counter() - started:.1f} s")
            with override_settings(ROOT_URLCONF=urlconf):
                timings = measure(client, args.runs)
            report(size, timings)
            queries[size] = [t.queries for t in timings]
        counts = set(map(tuple, queries.values()))
        print(
            "\nqueries "
            + ("the same at every size" if len(counts) == 1 else f"DIFFER by size: {queries}")
            + "; target: dashboard and data endpoint < 300 ms"
        )


if __name__ == "__main__":
    main()

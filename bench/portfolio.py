"""Benchmark the portfolio dashboard and its data endpoint at 5,000 accounts.

Builds a temporary SQLite database (migrated with ``call_command``), 5,000 accounts with
scores on every criterion, their place in the matrix, team memberships, plans for a third
of them and 12 quarterly financial periods each (bulk-created: set-up only), then times,
through ``django.test.Client`` and the full middleware stack, best of 5:

- the dashboard ``/portfolio/`` (matrix frame, the first page of the table, effort
  findings over every account), ``/portfolio/data.json`` (every account, what the matrix
  script draws) and the CSV export;
- a bare view returning ``HttpResponse("ok")`` through the same client and middleware,
  as the floor.

Run: ``.venv/bin/python bench/portfolio.py [accounts]``. Prints figures; asserts nothing.
Target: the dashboard under 300 ms.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path

ACCOUNTS = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
QUARTERS = 12
RUNS = 5


def setup_django(db: Path) -> None:
    # Must come before django.setup(): settings read DATABASE_URL once.
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmap.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build(count: int) -> object:
    """``count`` placed accounts owned by one manager, with figures; returns the user."""
    from django.contrib.auth.models import User

    from relmap.accounts import selectors
    from relmap.accounts.models import (
        Account,
        AccountMembership,
        CriterionScore,
        FinancialPeriod,
    )
    from relmap.accounts.portfolio_services import criteria_install_defaults
    from relmap.analytics.portfolio import place
    from relmap.planning.models import AccountPlan

    rng = random.Random(11)
    manager = User.objects.create_user("kam")
    colleagues = [User.objects.create_user(f"colleague{i}") for i in range(5)]
    criteria_install_defaults(actor=manager)
    criteria = selectors.criteria_for_analytics()
    settings = selectors.portfolio_settings_values()
    accounts = []
    all_scores: dict[int, dict[int, float]] = {}
    for i in range(count):
        accounts.append(Account(name=f"Account {i:05}", owner=manager))
    Account.objects.bulk_create(accounts, batch_size=1000)
    accounts = list(Account.objects.order_by("id"))
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
        all_scores[account.pk] = mine
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
            start = dt.date(year, 1 + 3 * quarter, 1)
            end = dt.date(year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1) - dt.timedelta(
                days=1
            )
            revenue *= rng.uniform(0.95, 1.08)
            periods.append(
                FinancialPeriod(
                    account=account,
                    period_start=start,
                    period_end=end,
                    revenue=Decimal(f"{revenue:.2f}"),
                    gross_margin=Decimal(f"{revenue * 0.35:.2f}"),
                    cost_to_serve=Decimal(f"{revenue * 0.05:.2f}"),
                )
            )
    FinancialPeriod.objects.bulk_create(periods, batch_size=5000)
    return manager


def timed(call: Callable[[], object]) -> tuple[float, int]:
    """Best of RUNS in ms, and the number of queries of the last run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best = float("inf")
    queries = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            call()
            best = min(best, time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    return best * 1000, queries


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.core.management import call_command
        from django.http import HttpRequest, HttpResponse
        from django.test import Client, override_settings
        from django.urls import include, path

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        manager = build(ACCOUNTS)
        print(
            f"built {ACCOUNTS:,} accounts, {ACCOUNTS * QUARTERS:,} financial periods "
            f"in {time.perf_counter() - started:.1f} s"
        )

        def bare(request: HttpRequest) -> HttpResponse:
            return HttpResponse("ok")

        module = type(sys)("bench_urls")
        module.urlpatterns = [  # type: ignore[attr-defined]
            path("bare/", bare),
            path("", include("relmap.urls")),
        ]
        sys.modules["bench_urls"] = module
        client = Client()
        client.force_login(manager)  # type: ignore[arg-type]
        with override_settings(ROOT_URLCONF="bench_urls"):
            rows = []
            for label, url in (
                ("bare view (HttpResponse('ok'))", "/bare/"),
                ("dashboard /portfolio/", "/portfolio/"),
                ("dashboard filtered ?tier=strategic", "/portfolio/?tier=strategic"),
                ("data endpoint /portfolio/data.json", "/portfolio/data.json"),
                ("CSV export ?format=csv", "/portfolio/?format=csv"),
            ):
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)  # noqa: S101
                ms, queries = timed(partial(client.get, url))
                rows.append((label, ms, queries, len(response.content)))
        width = max(len(r[0]) for r in rows)
        print(f"\n{'view':<{width}}  {'best of 5':>10}  {'queries':>7}  {'bytes':>10}")
        for label, ms, queries, size in rows:
            print(f"{label:<{width}}  {ms:>8.1f} ms  {queries:>7}  {size:>10,}")
        print("\ntarget: dashboard < 300 ms")


if __name__ == "__main__":
    main()

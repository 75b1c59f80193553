"""Two saves to one plan at once: they take turns on the plan's row lock and number their
revisions one after the other, instead of colliding on the unique revision number (an
IntegrityError, a 500 for the user)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from relmap.accounts.services import account_create
from relmap.planning import services
from relmap.planning.models import AccountPlan, Milestone, PlanRevision

from .conftest import PlanWorld

ON_POSTGRES = connection.vendor == "postgresql"


def numbers(plan: Any) -> list[int]:
    return list(
        PlanRevision.objects.filter(plan=plan).order_by("number").values_list("number", flat=True)
    )


@pytest.mark.django_db
def test_a_save_through_a_stale_plan_object_takes_the_next_number(plan_world: PlanWorld) -> None:
    w = plan_world
    stale = AccountPlan.objects.get(pk=w.plan.pk)  # e.g. loaded by another request
    n = stale.revision
    services.plan_item_create(
        actor=w.owner, plan=w.plan, section_name="resources", title="A second engineer"
    )
    assert w.plan.revision == n + 1
    assert stale.revision == n  # it knows nothing of that save

    services.plan_item_create(
        actor=w.owner, plan=stale, section_name="resources", title="A travel budget"
    )
    services.plan_update(actor=w.owner, plan=AccountPlan.objects.get(pk=w.plan.pk), summary="x")
    services.plan_update(actor=w.owner, plan=stale, summary="Grow in logistics")
    services.whitespace_set(
        actor=w.owner, plan=stale, business_unit=w.unit, offering=w.offering, status="open"
    )
    assert numbers(w.plan) == list(range(1, n + 6))
    stored = AccountPlan.objects.get(pk=w.plan.pk)
    assert (stored.revision, stored.summary) == (n + 5, "Grow in logistics")
    assert stale.revision == n + 5


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL (SQLite has none)")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_take_turns(owner: Any) -> None:
    account = account_create(actor=owner, name="Northwind Health", owner=owner)
    plan = services.plan_get_or_create(actor=owner, account=account)
    start = plan.revision
    errors: list[BaseException] = []

    def save(title: str) -> Callable[[], None]:
        def run() -> None:
            try:
                # Each request loaded the plan before the other one saved.
                stale = AccountPlan.objects.get(pk=plan.pk)
                services.plan_item_create(
                    actor=owner,
                    plan=stale,
                    section_name="milestones",
                    title=title,
                    due_on=dt.date(2031, 4, 1),
                )
            except BaseException as exc:  # reported by the test below
                errors.append(exc)
            finally:
                connections.close_all()

        return run

    # Hold the plan's row so that both saves are under way before either can finish.
    waiting = _run_while_locked(
        AccountPlan.objects.filter(pk=plan.pk), [save(f"Review {i}") for i in (1, 2)]
    )

    assert not errors, errors
    assert waiting == 2, "both saves should have been under way at once"
    assert numbers(plan) == [start, start + 1, start + 2]
    assert AccountPlan.objects.get(pk=plan.pk).revision == start + 2
    assert Milestone.objects.filter(plan=plan).count() == 2
    latest = PlanRevision.objects.get(plan=plan, number=start + 2)
    assert len(latest.snapshot["sections"]["milestones"]) == 2  # it saw the other save


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL (SQLite has none)")
@pytest.mark.django_db(transaction=True)
def test_two_people_opening_a_new_plan_at_once_get_the_same_plan(owner: Any) -> None:
    from relmap.accounts.models import Account

    account = account_create(actor=owner, name="Northwind Health", owner=owner)
    plans: list[int] = []
    errors: list[BaseException] = []

    def open_plan() -> None:
        try:
            plans.append(services.plan_get_or_create(actor=owner, account=account).pk)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    # Hold the account's row so that both are under way before either can create.
    waiting = _run_while_locked(Account.objects.filter(pk=account.pk), [open_plan, open_plan])

    assert not errors, errors
    assert waiting == 2, "both should have been under way at once"
    assert len(set(plans)) == 1
    assert len(plans) == 2
    assert AccountPlan.objects.filter(account=account).count() == 1
    assert numbers(AccountPlan.objects.get(account=account)) == [1]


def _run_while_locked(rows: Any, jobs: list[Callable[[], None]]) -> int:
    """Start each job in its own thread while this connection holds ``rows`` locked; once
    they all wait on the lock (or time is up), release it and join them. Returns how many
    were seen waiting at once."""
    threads = [threading.Thread(target=job) for job in jobs]
    with transaction.atomic():
        list(rows.select_for_update())
        for thread in threads:
            thread.start()
        waiting = _wait_for_lock_waiters(len(threads))
    for thread in threads:
        thread.join(timeout=30)
    return waiting


def _wait_for_lock_waiters(expected: int, timeout: float = 10.0) -> int:
    """How many other sessions wait on a row lock, once ``expected`` do (or time is up)."""
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            # Statistics views keep one snapshot per transaction: take a fresh one.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND wait_event_type = 'Lock'"
            )
            count = cursor.fetchone()[0]
        if count >= expected:
            break
        time.sleep(0.05)
    return count

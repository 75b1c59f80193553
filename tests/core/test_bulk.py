"""The bulk write path (relmap.core.bulk): rows written raw read back the same through the
ORM; the once-per-write check and lock that stands in for per-row foreign keys; and the
deletes that must still cascade although the bulk tables have no database-level keys."""

from __future__ import annotations

import datetime as dt
import gc
from typing import Any

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.core.bulk import gc_paused, insert_rows, lock_referenced
from relmap.engagement import services, touches
from relmap.engagement.models import Interaction, Participant, Touch
from relmap.stakeholders.models import Stakeholder
from relmap.stakeholders.services import stakeholder_delete

pytestmark = pytest.mark.django_db


def test_insert_rows_writes_what_the_orm_reads_back(account: Any, person: Any) -> None:
    ours, theirs = person(account, "Olive", side="internal"), person(account, "Ann")
    i = Interaction.objects.create(
        account=account, kind="meeting", occurred_at=timezone.now() - dt.timedelta(days=2)
    )
    at = dt.datetime(2026, 5, 4, 3, 2, 1, tzinfo=dt.UTC).timestamp()
    rows = [(account.pk, i.pk, ours.pk, theirs.pk, "meeting", 0, 0.75, at)]
    with transaction.atomic():
        insert_rows(Touch, touches.COLUMNS, rows)
    touch = Touch.objects.get()
    assert (touch.interaction_id, touch.our_person_id, touch.their_person_id) == (
        i.pk,
        ours.pk,
        theirs.pk,
    )
    assert (touch.kind, touch.direction, touch.weighted, touch.at) == ("meeting", 0, 0.75, at)
    # Ids come from the database, one after another.
    with transaction.atomic():
        insert_rows(Touch, touches.COLUMNS, rows * 2)
    ids = sorted(Touch.objects.values_list("pk", flat=True))
    assert ids == list(range(ids[0], ids[0] + 3))


def test_insert_rows_reports_progress_and_writes_nothing_for_no_rows(account: Any) -> None:
    seen: list[tuple[int, int]] = []
    insert_rows(Touch, touches.COLUMNS, [], lambda done, total: seen.append((done, total)))
    assert seen == []
    assert not Touch.objects.exists()


def test_lock_referenced_refuses_ids_that_do_not_exist(account: Any, person: Any) -> None:
    ann = person(account, "Ann")
    lock_referenced(Stakeholder, [ann.pk, None])  # present, and None is skipped
    with pytest.raises(
        IntegrityError, match=rf"stakeholders.Stakeholder: no row with id {ann.pk + 1}"
    ):
        lock_referenced(Stakeholder, [ann.pk, ann.pk + 1])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_a_locked_person_cannot_be_deleted_until_the_write_commits(
    account: Any, person: Any
) -> None:
    """What a foreign key's trigger would do per row: another connection that deletes
    the person waits for the writer (here it gives up after 200 ms)."""
    ann = person(account, "Ann")
    params = connection.get_connection_params()
    with transaction.atomic():
        lock_referenced(Stakeholder, [ann.pk])
        with psycopg.connect(**params, autocommit=True) as other:
            other.execute("SET lock_timeout = '200ms'")
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("DELETE FROM stakeholders_stakeholder WHERE id = %s", [ann.pk])
            # Reading and updating it are not held up.
            other.execute(
                "UPDATE stakeholders_stakeholder SET title = 'CFO' WHERE id = %s", [ann.pk]
            )
    assert Stakeholder.objects.get(pk=ann.pk).title == "CFO"


def test_gc_paused_turns_the_collector_back_on_only_if_it_was_on() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def _logged(owner: Any, account: Account, person: Any) -> tuple[Stakeholder, Stakeholder]:
    olive, ann = person(account, "Olive", side="internal"), person(account, "Ann")
    services.interaction_create(
        actor=owner,
        account=account,
        kind="meeting",
        occurred_at=timezone.now() - dt.timedelta(days=1),
        participants=[(olive, "organizer"), (ann, "attendee")],
    )
    return olive, ann


def test_deleting_a_person_still_removes_their_participations_and_touches(
    owner: Any, account: Any, person: Any
) -> None:
    _olive, ann = _logged(owner, account, person)
    assert Participant.objects.filter(stakeholder=ann).exists()
    assert Touch.objects.filter(their_person=ann).exists()
    stakeholder_delete(actor=owner, stakeholder=ann)
    assert not Participant.objects.filter(stakeholder_id=ann.pk).exists()
    assert not Touch.objects.filter(their_person_id=ann.pk).exists()


def test_deleting_an_account_still_removes_its_interactions_and_what_hangs_off_them(
    owner: Any, account: Any, person: Any
) -> None:
    _logged(owner, account, person)
    account.delete()
    assert not Interaction.objects.exists()
    assert not Participant.objects.exists()
    assert not Touch.objects.exists()


def test_the_bulk_tables_have_no_database_foreign_keys() -> None:
    """The decision in relmap.core.bulk, held: a migration that brings a trigger back
    would cost ingestion 2.5 µs per row per key on PostgreSQL."""
    with connection.cursor() as cursor:
        for model in (Interaction, Participant, Touch):
            keys = connection.introspection.get_constraints(cursor, model._meta.db_table)
            assert [name for name, c in keys.items() if c["foreign_key"]] == [], model

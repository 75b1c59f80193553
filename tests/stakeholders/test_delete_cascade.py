"""Deleting a person removes their ties and coverage with them; every row that goes gets
its own audit entry, written in the same transaction as the delete."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relmap.core.models import AuditEntry
from relmap.stakeholders.models import Coverage, Stakeholder, Tie
from relmap.stakeholders.services import coverage_create, stakeholder_delete, tie_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann_on_the_map(owner: Any, account: Any, person: Any) -> dict[str, Any]:
    """Ann reports to Bob, advises Cat, Dan reports to her; Kim (ours) covers her."""
    ann, bob, cat, dan = (person(account, name) for name in ("Ann", "Bob", "Cat", "Dan"))
    kim = person(account, "Kim", side="internal")

    def tie(source: Any, target: Any, kind: str) -> Tie:
        return tie_create(actor=owner, account=account, source=source, target=target, kind=kind)

    ties = [tie(ann, bob, "reports_to"), tie(ann, cat, "advises"), tie(dan, ann, "reports_to")]
    kept = tie(bob, cat, "allied_with")
    coverage = coverage_create(actor=owner, account=account, our_person=kim, their_person=ann)
    kept_coverage = coverage_create(actor=owner, account=account, our_person=kim, their_person=bob)
    return {
        "ann": ann,
        "ties": ties,
        "kept": kept,
        "coverage": coverage,
        "kept_coverage": kept_coverage,
    }


def test_every_tie_and_coverage_row_removed_with_a_person_is_audited(
    owner: Any, account: Any, ann_on_the_map: dict[str, Any]
) -> None:
    ann, ties, link = ann_on_the_map["ann"], ann_on_the_map["ties"], ann_on_the_map["coverage"]
    ann_pk = ann.pk
    stakeholder_delete(actor=owner, stakeholder=ann)

    assert not Stakeholder.objects.filter(pk=ann_pk).exists()
    assert list(Tie.objects.values_list("pk", flat=True)) == [ann_on_the_map["kept"].pk]
    assert list(Coverage.objects.values_list("pk", flat=True)) == [
        ann_on_the_map["kept_coverage"].pk
    ]
    tie_entries = AuditEntry.objects.filter(action="relmap.tie.deleted").order_by("object_id")
    assert [e.object_id for e in tie_entries] == [t.pk for t in ties]
    for entry, tie in zip(tie_entries, ties, strict=True):
        assert (entry.actor_id, entry.account_id, entry.object_type) == (
            owner.pk,
            account.pk,
            "tie",
        )
        assert entry.before["source"] == tie.source_id
        assert entry.before["target"] == tie.target_id
        assert entry.before["kind"] == tie.kind
    coverage_entry = AuditEntry.objects.get(action="relmap.coverage.deleted")
    assert (coverage_entry.object_id, coverage_entry.account_id) == (link.pk, account.pk)
    assert coverage_entry.before["our_person"] == link.our_person_id
    assert coverage_entry.before["their_person"] == ann_pk
    assert AuditEntry.objects.filter(action="relmap.stakeholder.deleted", object_id=ann_pk).exists()


def test_a_failed_delete_leaves_no_cascade_entries(
    owner: Any, ann_on_the_map: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entries and the delete are one transaction: all of it happens, or none."""
    before = AuditEntry.objects.count()

    def broken_delete(self: Stakeholder, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Stakeholder, "delete", broken_delete)
    with pytest.raises(RuntimeError):
        stakeholder_delete(actor=owner, stakeholder=ann_on_the_map["ann"])
    assert AuditEntry.objects.count() == before
    assert Tie.objects.count() == 4


def test_the_cascade_entries_are_written_in_one_query(
    owner: Any, account: Any, person: Any
) -> None:
    """However many ties a person has, their entries cost one insert, not one each."""
    hub = person(account, "Hub")
    for index in range(30):
        tie_create(
            actor=owner,
            account=account,
            source=person(account, f"Spoke {index}"),
            target=hub,
            kind="influences",
        )
    with CaptureQueriesContext(connection) as queries:
        stakeholder_delete(actor=owner, stakeholder=hub)
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 2  # the ties' and coverage's entries, then the person's
    assert AuditEntry.objects.filter(action="relmap.tie.deleted").count() == 30

"""A person's side cannot change while coverage needs the old side.

Coverage links one of our (internal) people to one of theirs. Making a covered customer
internal, or moving one of our people who covers others to the customer side, would leave
coverage between the wrong sides; the service refuses, and so does every way in: the web
form, the map importer (and the API, in tests/api/test_side_change.py).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from relmap.core.models import AuditEntry
from relmap.stakeholders.forms import StakeholderForm
from relmap.stakeholders.mapfile import MapImportError, import_csv_files
from relmap.stakeholders.models import Coverage, Stakeholder
from relmap.stakeholders.services import coverage_create, coverage_delete, stakeholder_update

pytestmark = pytest.mark.django_db

TO_INTERNAL = (
    "Ann Archer cannot become internal: our people cover them in 2 coverage links, and "
    "coverage links one of our (internal) people to one of theirs. Remove those 2 coverage "
    "links first."
)
FROM_INTERNAL = (
    "Kim Kowalski cannot move to the customer side: as one of our people they cover others "
    "in 1 coverage link, and coverage links one of our (internal) people to one of theirs. "
    "Remove that coverage link first."
)


@pytest.fixture
def covered(owner: Any, account: Any, person: Any) -> dict[str, Stakeholder]:
    """Kim and Lee (ours) both cover Ann (customer)."""
    people = {
        "ann": person(account, "Ann Archer", ref="ann"),
        "kim": person(account, "Kim Kowalski", ref="kim", side="internal"),
        "lee": person(account, "Lee Lin", ref="lee", side="internal"),
    }
    for ours in ("kim", "lee"):
        coverage_create(
            actor=owner, account=account, our_person=people[ours], their_person=people["ann"]
        )
    return people


def refused(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return exc.value.message_dict["side"]


# The service --------------------------------------------------------------------------


def test_a_covered_customer_cannot_become_internal(
    owner: Any, covered: dict[str, Stakeholder]
) -> None:
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        stakeholder_update(actor=owner, stakeholder=covered["ann"], side="internal")
    assert refused(exc) == [TO_INTERNAL]
    assert Stakeholder.objects.get(pk=covered["ann"].pk).side == "customer"
    assert AuditEntry.objects.count() == audit_before


def test_one_of_our_people_who_covers_others_cannot_leave_our_side(
    owner: Any, covered: dict[str, Stakeholder]
) -> None:
    with pytest.raises(ValidationError) as exc:
        stakeholder_update(actor=owner, stakeholder=covered["kim"], side="customer", title="CTO")
    assert refused(exc) == [FROM_INTERNAL]
    kim = Stakeholder.objects.get(pk=covered["kim"].pk)
    assert (kim.side, kim.title) == ("internal", "")


def test_the_side_changes_once_the_coverage_is_removed(
    owner: Any, covered: dict[str, Stakeholder]
) -> None:
    for link in Coverage.objects.filter(their_person=covered["ann"]):
        coverage_delete(actor=owner, coverage=link)
    stakeholder_update(actor=owner, stakeholder=covered["ann"], side="internal")
    entry = AuditEntry.objects.get(action="relmap.stakeholder.updated")
    assert (entry.before, entry.after) == ({"side": "customer"}, {"side": "internal"})


def test_moves_between_their_sides_keep_coverage_valid(
    owner: Any, covered: dict[str, Stakeholder]
) -> None:
    stakeholder_update(actor=owner, stakeholder=covered["ann"], side="partner")
    assert Stakeholder.objects.get(pk=covered["ann"].pk).side == "partner"
    assert Coverage.objects.filter(their_person=covered["ann"]).count() == 2


def test_people_without_coverage_change_side_freely(owner: Any, account: Any, person: Any) -> None:
    dan = person(account, "Dan")
    stakeholder_update(actor=owner, stakeholder=dan, side="internal")
    stakeholder_update(actor=owner, stakeholder=dan, side="supplier")
    assert Stakeholder.objects.get(pk=dan.pk).side == "supplier"


# The web form -------------------------------------------------------------------------


def test_the_edit_form_shows_the_refusal_on_the_side_field(
    client: Client, owner: Any, account: Any, covered: dict[str, Stakeholder]
) -> None:
    ann = covered["ann"]
    data = {
        name: "" if value is None else value
        for name, value in StakeholderForm.initial_for(ann).items()
    }
    client.force_login(owner)
    audit_before = AuditEntry.objects.count()
    response = client.post(
        reverse("stakeholders:person", kwargs={"account_pk": account.pk, "pk": ann.pk}),
        {**data, "side": "internal"},
        headers={"HX-Request": "true", "HX-Target": "person-panel"},
    )
    assert response.status_code == 422
    assert TO_INTERNAL in html.unescape(response.content.decode())
    assert Stakeholder.objects.get(pk=ann.pk).side == "customer"
    assert AuditEntry.objects.count() == audit_before


# The map importer ---------------------------------------------------------------------


def run_import(
    owner: Any, tmp_path: Path, people: str, coverage: str | None = None, *, prune: bool = False
) -> Any:
    (tmp_path / "people.csv").write_text(people, encoding="utf-8")
    if coverage is not None:
        (tmp_path / "coverage.csv").write_text(coverage, encoding="utf-8")
    return import_csv_files(
        actor=owner,
        account_name="Northwind Health",
        people=tmp_path / "people.csv",
        coverage=tmp_path / "coverage.csv" if coverage is not None else None,
        prune=prune,
    )


ANN_INTERNAL = (
    "id,name,side\nann,Ann Archer,internal\nkim,Kim Kowalski,internal\nlee,Lee Lin,internal\n"
)


def test_an_import_that_makes_a_covered_person_internal_is_refused(
    owner: Any, tmp_path: Path, covered: dict[str, Stakeholder]
) -> None:
    audit_before = AuditEntry.objects.count()
    with pytest.raises(MapImportError) as exc:
        run_import(owner, tmp_path, ANN_INTERNAL)
    assert [str(e) for e in exc.value.errors] == [
        f"people.csv line 2: {TO_INTERNAL} Coverage on the map that the files leave out is "
        "kept unless you import with prune."
    ]
    assert Stakeholder.objects.get(pk=covered["ann"].pk).side == "customer"
    assert AuditEntry.objects.count() == audit_before


def test_an_import_that_keeps_the_stranded_coverage_in_its_file_is_refused(
    owner: Any, tmp_path: Path, covered: dict[str, Stakeholder]
) -> None:
    with pytest.raises(MapImportError) as exc:
        run_import(owner, tmp_path, ANN_INTERNAL, "our,their\nkim,ann\nlee,ann\n")
    # The person's row, and each coverage row that the new side makes wrong.
    assert [str(e) for e in exc.value.errors] == [
        f"people.csv line 2: {TO_INTERNAL}",
        *(
            f"coverage.csv line {line}: 'ann' is one of our own people; coverage is a "
            "relationship with a customer, supplier or partner person."
            for line in (2, 3)
        ),
    ]
    assert Stakeholder.objects.get(pk=covered["ann"].pk).side == "customer"


def test_an_import_with_prune_removes_the_coverage_then_changes_the_side(
    owner: Any, tmp_path: Path, covered: dict[str, Stakeholder]
) -> None:
    report = run_import(owner, tmp_path, ANN_INTERNAL, "our,their\n", prune=True)
    assert (report.people.updated, report.coverage.removed) == (1, 2)
    assert Stakeholder.objects.get(pk=covered["ann"].pk).side == "internal"
    assert not Coverage.objects.exists()
    assert AuditEntry.objects.filter(action="relmap.coverage.deleted").count() == 2


def test_a_team_member_on_the_map_stays_internal(owner: Any, account: Any, make_user: Any) -> None:
    from relmap.accounts.services import team_member_add

    user = make_user("tess", first_name="Tess", last_name="Taylor")
    membership = team_member_add(actor=owner, account=account, user=user, role="delivery")
    person = membership.stakeholder
    assert person is not None
    with pytest.raises(ValidationError) as refused:
        stakeholder_update(actor=owner, stakeholder=person, side="customer")
    assert refused.value.message_dict["side"] == [
        f"{person.name} stands for Tess Taylor of our account team on the map, so stays on "
        "the internal side. Remove them from the account team first."
    ]
    person.refresh_from_db()
    assert person.side == "internal"

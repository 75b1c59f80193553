"""Importing a map from CSV and JSON: all or nothing, every problem reported, idempotent."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from relmap.accounts.models import Account
from relmap.accounts.services import membership_set
from relmap.core.models import AuditEntry
from relmap.stakeholders.mapfile import (
    ImportReport,
    MapImportError,
    import_csv_files,
    import_json_file,
)
from relmap.stakeholders.models import Coverage, Stakeholder, Tie
from relmap.stakeholders.services import tie_create

pytestmark = pytest.mark.django_db

NORTHWIND = Path(__file__).resolve().parents[1] / "fixtures" / "maps" / "northwind"

PEOPLE_HEADER = "id,name,side,power,interest\n"


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run_import(
    actor: Any,
    tmp_path: Path,
    people: str | bytes,
    ties: str | bytes | None = None,
    coverage: str | bytes | None = None,
    *,
    account: str = "Northwind Health",
    prune: bool = False,
) -> ImportReport:
    return import_csv_files(
        actor=actor,
        account_name=account,
        people=write(tmp_path, "people.csv", people),
        ties=write(tmp_path, "ties.csv", ties) if ties is not None else None,
        coverage=write(tmp_path, "coverage.csv", coverage) if coverage is not None else None,
        prune=prune,
    )


def import_errors(actor: Any, tmp_path: Path, *args: Any, **kwargs: Any) -> list[str]:
    """Run an import that must fail and return its errors; check nothing was written."""
    audit_before = AuditEntry.objects.count()
    people_before = Stakeholder.objects.count()
    with pytest.raises(MapImportError) as exc:
        run_import(actor, tmp_path, *args, **kwargs)
    assert AuditEntry.objects.count() == audit_before
    assert Stakeholder.objects.count() == people_before
    return [str(e) for e in exc.value.errors]


def import_northwind(actor: Any, directory: Path = NORTHWIND, **kwargs: Any) -> ImportReport:
    return import_csv_files(
        actor=actor,
        account_name=kwargs.pop("account", "Northwind Health"),
        people=directory / "people.csv",
        ties=directory / "ties.csv",
        coverage=directory / "coverage.csv",
        **kwargs,
    )


def copy_northwind(tmp_path: Path) -> Path:
    target = tmp_path / "northwind"
    shutil.copytree(NORTHWIND, target)
    return target


def person(account: Account, ref: str) -> Stakeholder:
    return Stakeholder.objects.get(account=account, ref=ref)


# A good map ---------------------------------------------------------------------------


def test_it_imports_a_realistic_map_with_every_tie_type(owner: Any) -> None:
    report = import_northwind(owner)

    account = report.account
    assert report.account_created
    assert account.owner_id == owner.pk
    assert (report.people.created, report.ties.created, report.coverage.created) == (13, 20, 4)
    assert set(Tie.objects.filter(account=account).values_list("kind", flat=True)) == {
        "reports_to",
        "dotted_line",
        "influences",
        "advises",
        "allied_with",
        "in_conflict_with",
    }
    sofia = person(account, "nw-03")
    assert (sofia.attitude, sofia.trust, sofia.roles) == (1, 4, ["decision_maker", "sponsor"])
    assert person(account, "nw-06").attitude is None  # "unknown"
    assert person(account, "nw-07").attitude is None  # blank
    assert person(account, "nw-01").attitude == 0  # neutral is not unknown
    assert person(account, "nw-06").name == "Amélie Roux"
    liam = person(account, "nw-10")
    assert (liam.status, str(liam.status_changed_on)) == ("left", "2025-11-30")
    # The reports_to column and the ties.csv row give the same line once, with the notes.
    line = Tie.objects.get(account=account, source__ref="nw-02", kind="reports_to")
    assert (line.target.ref, line.strength, line.notes) == ("nw-01", 4, "Weekly 1:1, Mondays")
    assert Coverage.objects.filter(account=account, our_person__ref="us-01").count() == 2


def test_every_object_is_audited_and_the_import_summed_up(owner: Any) -> None:
    report = import_northwind(owner)

    actions = list(
        AuditEntry.objects.filter(account_id=report.account.pk).values_list("action", flat=True)
    )
    assert actions.count("relmap.stakeholder.created") == 13
    assert actions.count("relmap.tie.created") == 20
    assert actions.count("relmap.coverage.created") == 4
    summary = AuditEntry.objects.get(action="relmap.map.imported")
    assert summary.actor_id == owner.pk
    assert summary.after["people"] == {"created": 13, "updated": 0, "unchanged": 0, "removed": 0}


def test_importing_the_same_files_twice_changes_nothing(owner: Any) -> None:
    import_northwind(owner)
    audit_count = AuditEntry.objects.count()
    stamps = dict(Stakeholder.objects.values_list("ref", "updated_at"))

    with CaptureQueriesContext(connection) as queries:
        report = import_northwind(owner)

    assert report.writes == 0
    assert (report.people.unchanged, report.ties.unchanged, report.coverage.unchanged) == (
        13,
        20,
        4,
    )
    assert AuditEntry.objects.count() == audit_count
    assert dict(Stakeholder.objects.values_list("ref", "updated_at")) == stamps
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "Nothing changed" in report.summary()


def test_a_changed_row_on_reimport_is_updated_and_audited(owner: Any, tmp_path: Path) -> None:
    import_northwind(owner)
    directory = copy_northwind(tmp_path)
    people = (directory / "people.csv").read_text(encoding="utf-8")
    edited = people.replace(
        "nw-05,Aisha Okafor,Procurement Lead,Finance,customer,nw-02,"
        "aisha.okafor@northwind.example,3,3,-2",
        "nw-05,Aisha Okafor,Head of Procurement,Finance,customer,nw-02,"
        "aisha.okafor@northwind.example,3,3,0",
    )
    assert edited != people
    (directory / "people.csv").write_text(edited, encoding="utf-8")

    report = import_northwind(owner, directory)

    assert (report.people.updated, report.people.unchanged) == (1, 12)
    aisha = person(report.account, "nw-05")
    assert (aisha.title, aisha.attitude) == ("Head of Procurement", 0)
    entry = AuditEntry.objects.get(action="relmap.stakeholder.updated", object_id=aisha.pk)
    assert entry.before == {"title": "Procurement Lead", "attitude": -2}
    assert entry.after == {"title": "Head of Procurement", "attitude": 0}
    assert AuditEntry.objects.filter(action="relmap.map.imported").count() == 2


def test_header_names_are_case_insensitive_and_trimmed(owner: Any, tmp_path: Path) -> None:
    report = run_import(
        owner,
        tmp_path,
        " ID ,Name,  POWER,Interest ,Attitude,Time Zone\nann,Ann Lee,5,4,+1,Europe/London\n",
        "FROM,To,TYPE\n",
    )
    ann = person(report.account, "ann")
    assert (ann.power, ann.interest, ann.attitude, ann.time_zone) == (5, 4, 1, "Europe/London")


def test_a_utf8_bom_is_accepted(owner: Any, tmp_path: Path) -> None:
    report = run_import(owner, tmp_path, "\ufeffid,name\nann,Zoë Ångström\n".encode())
    assert person(report.account, "ann").name == "Zoë Ångström"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("+2", 2), ("1", 1), ("0", 0), ("-1", -1), ("-2", -2), ("", None), ("Unknown", None)],
)
def test_attitude_accepts_the_scale_and_unknown(
    owner: Any, tmp_path: Path, cell: str, expected: int | None
) -> None:
    report = run_import(owner, tmp_path, f"id,name,attitude,trust\nann,Ann,{cell},\n")
    ann = person(report.account, "ann")
    assert ann.attitude == expected
    assert ann.trust is None


def test_absent_columns_leave_attributes_as_they_are(owner: Any, tmp_path: Path) -> None:
    run_import(owner, tmp_path, "id,name,title,power\nann,Ann,CFO,5\n")
    report = run_import(owner, tmp_path, "id,name\nann,Ann\n")
    ann = person(report.account, "ann")
    assert (ann.title, ann.power) == ("CFO", 5)
    assert report.writes == 0


def test_it_imports_into_an_existing_account_the_user_can_edit(
    member: Any, account: Any, tmp_path: Path
) -> None:
    report = run_import(member, tmp_path, "id,name\nann,Ann\n", account=account.name)
    assert not report.account_created
    assert report.account.pk == account.pk


def test_a_read_only_member_cannot_import(
    owner: Any, member: Any, account: Any, tmp_path: Path
) -> None:
    membership_set(actor=owner, account=account, user=member, role="viewer")
    with pytest.raises(PermissionDenied):
        run_import(member, tmp_path, "id,name\nann,Ann\n", account=account.name)
    assert not Stakeholder.objects.exists()


def test_an_outsider_cannot_import_into_another_teams_account(
    outsider: Any, account: Any, tmp_path: Path
) -> None:
    with pytest.raises(Http404, match="No account named 'Northwind Health'"):
        run_import(outsider, tmp_path, "id,name\nann,Ann\n", account=account.name)
    assert not Stakeholder.objects.exists()


# Prune --------------------------------------------------------------------------------


def test_people_and_ties_left_out_are_kept_unless_pruned(owner: Any, tmp_path: Path) -> None:
    people = "id,name,reports_to\nann,Ann,\nbob,Bob,ann\ncat,Cat,ann\n"
    run_import(owner, tmp_path, people, "from,to,type\nbob,cat,advises\n")
    smaller = "id,name,reports_to\nann,Ann,\nbob,Bob,ann\n"

    kept = run_import(owner, tmp_path, smaller, "from,to,type\n")
    assert kept.writes == 0
    assert Tie.objects.count() == 3

    pruned = run_import(owner, tmp_path, smaller, "from,to,type\n", prune=True)
    assert (pruned.people.removed, pruned.ties.removed) == (1, 2)
    cat = person(pruned.account, "cat")
    assert cat.status == "left"  # remembered, not deleted
    assert list(Tie.objects.values_list("source__ref", "kind", "target__ref")) == [
        ("bob", "reports_to", "ann")
    ]
    assert AuditEntry.objects.filter(action="relmap.tie.deleted").count() == 2


def test_a_new_manager_for_someone_already_on_the_map_needs_prune(
    owner: Any, tmp_path: Path
) -> None:
    run_import(owner, tmp_path, "id,name,reports_to\nann,Ann,\nbob,Bob,ann\ncat,Cat,\n")
    moved = "id,name,reports_to\nann,Ann,\nbob,Bob,cat\ncat,Cat,\n"

    errors = import_errors(owner, tmp_path, moved)
    assert errors == [
        "people.csv line 3: Bob (bob) already reports to Ann (ann); a person has one line "
        "manager. Record a second reporting line as a dotted line. That line is on the map "
        "but not in the files; import with prune to remove what the files leave out."
    ]

    report = run_import(owner, tmp_path, moved, prune=True)
    assert report.ties.created == report.ties.removed == 1
    assert Tie.objects.get(kind="reports_to").target.ref == "cat"


# Bad files: the precise error and nothing written -------------------------------------


def test_a_missing_required_column_is_reported_once(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(owner, tmp_path, "id,title\nann,CFO\nbob,CIO\n")
    assert errors == ["people.csv line 1: the required column 'name' is missing."]
    assert not Account.objects.filter(name="Northwind Health").exists()


def test_a_missing_column_in_ties_is_reported_once(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(owner, tmp_path, "id,name\na,A\nb,B\n", "from,to\na,b\nb,a\n")
    assert errors == ["ties.csv line 1: the required column 'type' is missing."]


def test_an_unknown_column_is_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(owner, tmp_path, "id,name,atitude\nann,Ann,1\n")
    assert len(errors) == 1
    assert errors[0].startswith("people.csv line 1: unknown column 'atitude'; the columns are: ")


def test_an_unknown_id_in_ties_is_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(
        owner,
        tmp_path,
        "id,name\nann,Ann\nbob,Bob\n",
        "from,to,type\nann,bob,advises\nann,zed,influences\n",
    )
    assert errors == ["ties.csv line 3: to 'zed' is not an id in the people file."]


def test_an_unknown_id_in_reports_to_and_coverage_is_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(
        owner,
        tmp_path,
        "id,name,side,reports_to\nann,Ann,customer,boss\nkim,Kim,internal,\n",
        None,
        "our,their\nkim,ann\nkim,nobody\n",
    )
    assert errors == [
        "people.csv line 2: reports_to 'boss' is not an id in the people file.",
        "coverage.csv line 3: their 'nobody' is not an id in the people file.",
    ]


@pytest.mark.parametrize(
    ("people", "ties", "coverage", "expected"),
    [
        (
            "id,name,side\nann,Ann,vendor\n",
            None,
            None,
            "people.csv line 2: side 'vendor' is not one of: customer, supplier, partner, "
            "internal.",
        ),
        (
            "id,name,status\nann,Ann,retired\n",
            None,
            None,
            "people.csv line 2: status 'retired' is not one of: active, changed_role, left.",
        ),
        (
            "id,name,seniority\nann,Ann,intern\n",
            None,
            None,
            "people.csv line 2: seniority 'intern' is not one of: executive, senior, mid, junior.",
        ),
        (
            "id,name,roles\nann,Ann,champion;kingmaker\n",
            None,
            None,
            "people.csv line 2: unknown role 'kingmaker'; roles are separated by ';' and each "
            "is one of: economic_buyer, decision_maker, technical_evaluator, user, influencer, "
            "gatekeeper, champion, blocker, sponsor.",
        ),
        (
            "id,name\nann,Ann\nbob,Bob\n",
            "from,to,type\nann,bob,mentors\n",
            None,
            "ties.csv line 2: type 'mentors' is not one of: reports_to, dotted_line, "
            "influences, advises, allied_with, in_conflict_with.",
        ),
        (
            "id,name,side\nkim,Kim,internal\nann,Ann,customer\n",
            None,
            "our,their,current_depth\nkim,ann,best_friend\n",
            "coverage.csv line 2: current_depth 'best_friend' is not one of: vendor, "
            "credible_source, problem_solver, trusted_advisor.",
        ),
    ],
    ids=["side", "status", "seniority", "role", "tie-type", "depth"],
)
def test_a_bad_enum_value_is_reported(
    owner: Any, tmp_path: Path, people: str, ties: str | None, coverage: str | None, expected: str
) -> None:
    assert import_errors(owner, tmp_path, people, ties, coverage) == [expected]


@pytest.mark.parametrize("power", ["0", "7"])
def test_power_outside_one_to_five_is_reported(owner: Any, tmp_path: Path, power: str) -> None:
    errors = import_errors(owner, tmp_path, f"{PEOPLE_HEADER}ann,Ann,customer,{power},3\n")
    assert errors == [f"people.csv line 2: power must be from 1 (low) to 5 (high); got {power}."]


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("interest", "high", "interest must be a whole number; got 'high'."),
        ("trust", "6", "trust must be from 1 (low) to 5 (high), or blank for unknown; got 6."),
        (
            "attitude",
            "3",
            "attitude must be -2 (opponent), -1 (sceptic), 0 (neutral), "
            "+1 (supporter) or +2 (champion), or blank/unknown; got '3'.",
        ),
        (
            "attitude",
            "0.5",
            "attitude must be -2 (opponent), -1 (sceptic), 0 (neutral), "
            "+1 (supporter) or +2 (champion), or blank/unknown; got '0.5'.",
        ),
        ("power", "4.5", "power must be a whole number; got '4.5'."),
        (
            "status_changed_on",
            "30/11/2025",
            "status_changed_on must be a date written YYYY-MM-DD; got '30/11/2025'.",
        ),
        ("email", "not-an-address", "email: Enter a valid email address."),
    ],
)
def test_bad_numbers_and_values_are_reported(
    owner: Any, tmp_path: Path, column: str, value: str, expected: str
) -> None:
    errors = import_errors(owner, tmp_path, f"id,name,{column}\nann,Ann,{value}\n")
    assert errors == [f"people.csv line 2: {expected}"]


def test_tie_strength_outside_the_scale_is_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(
        owner, tmp_path, "id,name\nann,Ann\nbob,Bob\n", "from,to,type,strength\nann,bob,advises,9\n"
    )
    assert errors == ["ties.csv line 2: strength must be from 1 (weak) to 5 (strong); got 9."]


def test_a_duplicate_id_is_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(owner, tmp_path, "id,name\nann,Ann\nbob,Bob\nann,Anne\n")
    assert errors == [
        "people.csv line 4: id 'ann' is used twice (first on line 2); every person needs "
        "their own id."
    ]


def test_a_reporting_cycle_is_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(
        owner, tmp_path, "id,name,reports_to\nann,Ann,bob\nbob,Bob,cat\ncat,Cat,ann\n"
    )
    assert errors == [
        "people.csv line 4: Cat (cat) cannot report to Ann (ann): Ann (ann) already reports, "
        "directly or through others, to Cat (cat) (a reporting cycle)."
    ]


def test_two_managers_in_ties_are_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(
        owner,
        tmp_path,
        "id,name\nann,Ann\nbob,Bob\ncat,Cat\n",
        "from,to,type\nann,bob,reports_to\nann,cat,reports_to\n",
    )
    assert errors == [
        "ties.csv line 3: Ann (ann) already reports to Bob (bob); a person has one line "
        "manager. Record a second reporting line as a dotted line."
    ]


def test_a_reports_to_row_contradicting_the_people_column_is_reported(
    owner: Any, tmp_path: Path
) -> None:
    errors = import_errors(
        owner,
        tmp_path,
        "id,name,reports_to\nann,Ann,bob\nbob,Bob,\ncat,Cat,\n",
        "from,to,type\nann,cat,reports_to\n",
    )
    assert errors == [
        "ties.csv line 2: 'ann' reports to 'bob' in people.csv line 2 (column reports_to) "
        "but to 'cat' here; a person has one line manager (use dotted_line for a second line)."
    ]


def test_a_self_tie_is_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(owner, tmp_path, "id,name\nann,Ann\n", "from,to,type\nann,ann,advises\n")
    assert errors == ["ties.csv line 2: 'ann' cannot be tied to themself."]


def test_duplicate_tie_rows_are_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(
        owner,
        tmp_path,
        "id,name\nann,Ann\nbob,Bob\n",
        "from,to,type\nann,bob,advises\nbob,ann,allied_with\nann,bob,advises\nann,bob,allied_with\n",
    )
    assert errors == [
        "ties.csv line 4: the same advises tie between 'ann' and 'bob' is already on line 2.",
        "ties.csv line 5: the same allied_with tie between 'ann' and 'bob' is already on "
        "line 3 (this type has no direction).",
    ]


def test_coverage_from_a_non_internal_person_is_reported(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(
        owner,
        tmp_path,
        "id,name,side\nann,Ann,customer\nbob,Bob,partner\n",
        None,
        "our,their,strength\nann,bob,3\n",
    )
    assert errors == [
        "coverage.csv line 2: 'ann' is not one of our people (side is customer); coverage "
        "starts from an internal person."
    ]


def test_a_file_that_is_not_utf8_is_named(owner: Any, tmp_path: Path) -> None:
    latin1 = "id,name\nann,Ann\nzoe,Zoë Müller\n".encode("latin-1")
    errors = import_errors(owner, tmp_path, latin1)
    assert errors == [
        "people.csv: the file is not UTF-8 text (line 3 has the byte 0xEB, which UTF-8 does "
        "not allow). Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again."
    ]


@pytest.mark.parametrize("content", ["", "\n\n", "\ufeff"])
def test_an_empty_file_is_reported(owner: Any, tmp_path: Path, content: str) -> None:
    errors = import_errors(owner, tmp_path, "id,name\nann,Ann\n", content)
    assert errors == ["ties.csv: the file is empty."]


def test_a_people_file_with_only_a_header_is_reported(owner: Any, tmp_path: Path) -> None:
    assert import_errors(owner, tmp_path, "id,name\n") == [
        "people.csv: there are no people to import."
    ]


def test_every_bad_row_is_reported_with_its_physical_line(owner: Any, tmp_path: Path) -> None:
    people = (
        "id,name,power,rationale\n"
        'ann,Ann,5,"Long rationale\nover two lines"\n'
        "bob,Bob,0,\n"
        ",Nobody,3,\n"
        "\n"
        "cat,Cat,six,\n"
    )
    ties = "from,to,type\nann,bob,advises\nann,dan,advises\nbob,ann,rivals\n"
    errors = import_errors(owner, tmp_path, people, ties)
    assert errors == [
        "people.csv line 4: power must be from 1 (low) to 5 (high); got 0.",
        "people.csv line 5: id is blank; it is required.",
        "people.csv line 7: power must be a whole number; got 'six'.",
        "ties.csv line 3: to 'dan' is not an id in the people file.",
        "ties.csv line 4: type 'rivals' is not one of: reports_to, dotted_line, influences, "
        "advises, allied_with, in_conflict_with.",
    ]


def test_ties_to_a_person_whose_row_is_bad_are_not_blamed(owner: Any, tmp_path: Path) -> None:
    errors = import_errors(
        owner, tmp_path, "id,name,power\nann,Ann,9\nbob,Bob,3\n", "from,to,type\nann,bob,advises\n"
    )
    assert errors == ["people.csv line 2: power must be from 1 (low) to 5 (high); got 9."]


def test_nothing_is_written_to_an_existing_map_when_a_row_is_bad(
    owner: Any, account: Any, person: Any, tmp_path: Path
) -> None:
    ann = person(account, "Ann", ref="ann", title="CFO")
    import_errors(
        owner,
        tmp_path,
        "id,name,title,power\nann,Ann,CEO,3\nbob,Bob,,8\n",
        account=account.name,
    )
    ann.refresh_from_db()
    assert ann.title == "CFO"


# JSON -----------------------------------------------------------------------------------


def test_a_json_map_imports_like_the_csv_files(owner: Any, tmp_path: Path) -> None:
    document = """{
  "format": "relmap-map",
  "version": 1,
  "account": {"kind": "partner", "industry": "Healthcare"},
  "people": [
    {"id": "ann", "name": "Ann", "power": 5, "attitude": null, "roles": ["sponsor"]},
    {"id": "bob", "name": "Bob", "reports_to": "ann", "attitude": "+1"},
    {"id": "kim", "name": "Kim", "side": "internal"}
  ],
  "ties": [{"from": "bob", "to": "ann", "type": "influences", "strength": 4}],
  "coverage": [{"our": "kim", "their": "ann", "current_depth": "credible_source"}]
}
"""
    report = import_json_file(
        actor=owner, account_name="Umbrella", path=write(tmp_path, "map.json", document)
    )
    assert (report.people.created, report.ties.created, report.coverage.created) == (3, 2, 1)
    assert (report.account.kind, report.account.industry) == ("partner", "Healthcare")
    ann = person(report.account, "ann")
    assert (ann.power, ann.attitude, ann.roles) == (5, None, ["sponsor"])
    assert person(report.account, "bob").attitude == 1


def test_json_errors_name_the_line_of_the_object(owner: Any, tmp_path: Path) -> None:
    document = """{
  "format": "relmap-map",
  "version": 1,
  "people": [
    {"id": "ann", "name": "Ann"},
    {"id": "bob",
     "name": "Bob", "power": 7}
  ],
  "ties": [
    {"from": "ann", "to": "zed", "type": "advises"}
  ]
}
"""
    with pytest.raises(MapImportError) as exc:
        import_json_file(actor=owner, account_name="X", path=write(tmp_path, "map.json", document))
    assert [str(e) for e in exc.value.errors] == [
        "map.json line 6: power must be from 1 (low) to 5 (high); got 7.",
        "map.json line 10: to 'zed' is not an id in the people file.",
    ]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            '{"format": "relmap-map", "version": 1, "people": [}',
            "map.json line 1: is not valid JSON",
        ),
        ('{"format": "other", "people": []}', "map.json line 1: is not a relmap map"),
        ("[1, 2]", "map.json line 1: must hold one JSON object."),
    ],
)
def test_a_broken_json_file_is_reported(
    owner: Any, tmp_path: Path, document: str, expected: str
) -> None:
    with pytest.raises(MapImportError) as exc:
        import_json_file(actor=owner, account_name="X", path=write(tmp_path, "map.json", document))
    assert str(exc.value.errors[0]).startswith(expected)
    assert not Account.objects.exists()


# A real network -------------------------------------------------------------------------


def krackhardt_files(directory: Path, data: Path) -> tuple[Path, Path]:
    """Krackhardt's 21 managers as relmap files: "A names B for advice" is B advises A."""
    nodes = list(csv.DictReader((data / "nodes.csv").open(encoding="utf-8")))
    people = io.StringIO()
    writer = csv.writer(people)
    writer.writerow(["id", "name", "title", "department", "power"])
    titles = {"1": "Chief Executive", "2": "Vice-President", "3": "Manager"}
    for node in nodes:
        power = {"1": 5, "2": 4, "3": 3}[node["level"]]
        writer.writerow(
            [
                f"m{node['id']}",
                f"Manager {node['id']}",
                titles[node["level"]],
                f"Dept {node['dept']}",
                power,
            ]
        )
    ties = io.StringIO()
    writer = csv.writer(ties)
    writer.writerow(["from", "to", "type"])
    for row in csv.DictReader((data / "reports_to.csv").open(encoding="utf-8")):
        writer.writerow([f"m{row['from']}", f"m{row['to']}", "reports_to"])
    for row in csv.DictReader((data / "advice.csv").open(encoding="utf-8")):
        writer.writerow([f"m{row['to']}", f"m{row['from']}", "advises"])
    return (
        write(directory, "people.csv", people.getvalue()),
        write(directory, "ties.csv", ties.getvalue()),
    )


def test_it_imports_krackhardts_high_tech_managers(
    owner: Any, tmp_path: Path, krackhardt: Path
) -> None:
    people, ties = krackhardt_files(tmp_path, krackhardt)
    report = import_csv_files(actor=owner, account_name="High-Tech", people=people, ties=ties)

    assert (report.people.created, report.ties.created) == (21, 20 + 190)
    account = report.account
    # Manager 7 is the CEO: the root of the hierarchy.
    assert not Tie.objects.filter(account=account, kind="reports_to", source__ref="m7").exists()
    assert Tie.objects.filter(account=account, kind="reports_to", target__ref="m7").count() == 4
    # Manager 1 names manager 2 as an adviser: 2 advises 1.
    assert Tie.objects.filter(
        account=account, kind="advises", source__ref="m2", target__ref="m1"
    ).exists()
    again = import_csv_files(actor=owner, account_name="High-Tech", people=people, ties=ties)
    assert again.writes == 0


def test_a_symmetric_tie_on_the_map_matches_the_row_either_way_round(
    owner: Any, account: Any, person: Any, tmp_path: Path
) -> None:
    ann = person(account, "Ann", ref="ann")
    bob = person(account, "Bob", ref="bob")
    tie_create(actor=owner, account=account, source=bob, target=ann, kind="allied_with")
    report = run_import(
        owner,
        tmp_path,
        "id,name\nann,Ann\nbob,Bob\n",
        "from,to,type\nann,bob,allied_with\n",
        account=account.name,
    )
    assert report.writes == 0
    assert Tie.objects.count() == 1


def test_a_semicolon_separated_file_is_explained(owner: Any, tmp_path: Path) -> None:
    assert import_errors(owner, tmp_path, "id;name;power\nann;Ann;3\n") == [
        "people.csv line 1: the values are separated by ';'; save the file with commas "
        "between values."
    ]

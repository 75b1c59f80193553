"""Exports write what imports read: a round trip through a new account changes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from relmap.stakeholders.mapfile import export_map, import_csv_files, import_json_file, map_document
from relmap.stakeholders.selectors import load_map
from relmap.stakeholders.services import coverage_create, tie_create

pytestmark = pytest.mark.django_db

NORTHWIND = Path(__file__).resolve().parents[1] / "fixtures" / "maps" / "northwind"


@pytest.fixture
def northwind(owner: Any) -> Any:
    return import_csv_files(
        actor=owner,
        account_name="Northwind Health",
        people=NORTHWIND / "people.csv",
        ties=NORTHWIND / "ties.csv",
        coverage=NORTHWIND / "coverage.csv",
    ).account


def read_all(paths: list[Path]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


def test_csv_round_trip_into_a_new_account_gives_identical_files(
    owner: Any, northwind: Any, tmp_path: Path
) -> None:
    first = export_map(northwind, fmt="csv", out_dir=tmp_path / "first")
    assert [p.name for p in first] == ["people.csv", "ties.csv", "coverage.csv"]

    report = import_csv_files(
        actor=owner,
        account_name="Northwind Copy",
        people=first[0],
        ties=first[1],
        coverage=first[2],
    )
    assert (report.people.created, report.ties.created, report.coverage.created) == (13, 20, 4)
    second = export_map(report.account, fmt="csv", out_dir=tmp_path / "second")

    assert read_all(second) == read_all(first)


def test_json_round_trip_into_a_new_account_gives_an_identical_file(
    owner: Any, northwind: Any, tmp_path: Path
) -> None:
    (first,) = export_map(northwind, fmt="json", out_dir=tmp_path / "first")
    report = import_json_file(actor=owner, account_name="Northwind Copy", path=first)
    (second,) = export_map(report.account, fmt="json", out_dir=tmp_path / "second")

    assert second.read_bytes() == first.read_bytes()
    again = import_json_file(actor=owner, account_name="Northwind Copy", path=second)
    assert again.writes == 0


def test_the_json_file_keeps_unknown_apart_from_neutral(northwind: Any, tmp_path: Path) -> None:
    (path,) = export_map(northwind, fmt="json", out_dir=tmp_path)
    document = json.loads(path.read_text(encoding="utf-8"))

    assert (document["format"], document["version"]) == ("relmap-map", 1)
    assert set(document) == {"format", "version", "account", "people", "ties", "coverage"}
    people = {p["id"]: p for p in document["people"]}
    assert people["nw-06"]["attitude"] is None
    assert people["nw-01"]["attitude"] == 0
    assert people["nw-02"]["roles"] == ["economic_buyer", "decision_maker"]
    assert people["nw-10"]["status_changed_on"] == "2025-11-30"
    assert {"from": "nw-02", "to": "nw-01", "type": "reports_to", "strength": 4,
            "notes": "Weekly 1:1, Mondays"} in document["ties"]  # fmt: skip


def test_the_csv_files_use_the_import_columns(northwind: Any, tmp_path: Path) -> None:
    people, ties, coverage = export_map(northwind, fmt="csv", out_dir=tmp_path)
    assert people.read_text(encoding="utf-8").splitlines()[0] == (
        "id,name,title,department,side,email,power,interest,attitude,trust,roles,seniority,"
        "location,time_zone,language,status,status_changed_on,cultural_notes,"
        "communication_preferences,motivations,political_agenda,rationale"
    )
    assert ties.read_text(encoding="utf-8").splitlines()[0] == "from,to,type,strength,notes"
    assert coverage.read_text(encoding="utf-8").splitlines()[0] == (
        "our,their,current_depth,desired_depth,strength,notes"
    )
    assert "nw-02,Rajiv Menon" in people.read_text(encoding="utf-8")


def test_people_created_in_the_app_get_a_stable_id(
    owner: Any, account: Any, person: Any, tmp_path: Path
) -> None:
    ann = person(account, "Ann", ref=f"p{9999}")  # an id that looks like a generated one
    bob = person(account, "Bob", side="internal")
    tie_create(actor=owner, account=account, source=bob, target=ann, kind="advises")
    coverage_create(actor=owner, account=account, our_person=bob, their_person=ann)

    document = map_document(load_map(account))
    ids = [p["id"] for p in document["people"]]
    assert ids == ["p9999", f"p{bob.pk}"]
    assert document["ties"][0]["from"] == f"p{bob.pk}"

    # The export re-imports into a new account unchanged.
    (path,) = export_map(account, fmt="json", out_dir=tmp_path)
    copy = import_json_file(actor=owner, account_name="Copy", path=path)
    assert map_document(load_map(copy.account)) == document


def test_export_reads_the_map_in_a_fixed_number_of_queries(
    owner: Any, northwind: Any, person: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(3):
        small = map_document(load_map(northwind))
    helen = load_map(northwind).stakeholders[0]
    for n in range(10):
        extra = person(northwind, f"Extra {n}", ref=f"x{n}")
        tie_create(actor=owner, account=northwind, source=extra, target=helen, kind="advises")
    with django_assert_num_queries(3):
        bigger = map_document(load_map(northwind))
    assert len(bigger["people"]) == len(small["people"]) + 10


def test_an_export_of_people_made_in_the_app_reimports_into_the_same_map_unchanged(
    owner: Any, account: Any, person: Any, tmp_path: Path
) -> None:
    ann = person(account, "Ann")  # created in the app: no id of its own
    bob = person(account, "Bob", side="internal")
    coverage_create(actor=owner, account=account, our_person=bob, their_person=ann)
    (path,) = export_map(account, fmt="json", out_dir=tmp_path)

    report = import_json_file(actor=owner, account_name=account.name, path=path, prune=True)

    assert report.writes == 0
    assert report.people.unchanged == 2

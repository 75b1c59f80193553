"""``relmap import-map``: a summary on success; every error and nothing written on failure."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relmap.accounts.models import Account
from relmap.core.models import AuditEntry
from relmap.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db


def bad_files(directory: Path) -> list[str]:
    people = directory / "people.csv"
    people.write_text("id,name,power\na,Ann,3\nb,Bob,7\nc,Cat,0\n", encoding="utf-8")
    ties = directory / "ties.csv"
    ties.write_text("from,to,type\na,a,advises\n", encoding="utf-8")
    return ["--people", str(people), "--ties", str(ties)]


def test_it_imports_the_csv_files_and_prints_a_summary(
    owner: Any, run: Any, northwind_files: list[str]
) -> None:
    result = run(
        "import_map", "--account", "Northwind Health", "--user", "olivia", *northwind_files
    )

    assert result.stdout.splitlines() == [
        "Imported people.csv, ties.csv, coverage.csv into 'Northwind Health' (new account).",
        "  People: 13 created, 0 updated, 0 unchanged.",
        "  Ties: 20 created, 0 updated, 0 unchanged.",
        "  Coverage: 4 created, 0 updated, 0 unchanged.",
    ]
    assert Account.objects.get(name="Northwind Health").owner_id == owner.pk


def test_a_second_run_reports_that_nothing_changed(
    northwind: str, run: Any, northwind_files: list[str]
) -> None:
    count = AuditEntry.objects.count()
    result = run("import_map", "--account", northwind, "--user", "olivia", *northwind_files)
    assert "People: 0 created, 0 updated, 13 unchanged." in result.stdout
    assert "Nothing changed" in result.stdout
    assert AuditEntry.objects.count() == count


def test_it_imports_a_json_file(owner: Any, run: Any, tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(
        '{"format": "relmap-map", "version": 1, "people": [{"id": "a", "name": "Ann"}]}',
        encoding="utf-8",
    )
    result = run("import_map", "--account", "Acme", "--json", str(path), "--user", "olivia")
    assert "Imported map.json into 'Acme' (new account)." in result.stdout


def test_every_error_is_printed_and_nothing_is_written(owner: Any, tmp_path: Path) -> None:
    err = io.StringIO()
    with pytest.raises(CommandError, match="3 problems found; nothing was imported"):
        call_command(
            "import_map", "--account", "Acme", "--user", "olivia", *bad_files(tmp_path), stderr=err
        )
    assert err.getvalue().splitlines() == [
        "people.csv line 3: power must be from 1 (low) to 5 (high); got 7.",
        "people.csv line 4: power must be from 1 (low) to 5 (high); got 0.",
        "ties.csv line 2: 'a' cannot be tied to themself.",
    ]
    assert not Account.objects.exists()
    assert not Stakeholder.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_only_superuser_acts_when_no_user_is_named(
    superuser: Any, run: Any, northwind_files: list[str]
) -> None:
    run("import_map", "--account", "Acme", *northwind_files)
    assert Account.objects.get(name="Acme").owner_id == superuser.pk
    assert AuditEntry.objects.filter(action="relmap.map.imported", actor=superuser).exists()


def test_without_a_superuser_the_user_must_be_named(
    owner: Any, run: Any, northwind_files: list[str]
) -> None:
    with pytest.raises(CommandError, match="Say who is acting with --user USERNAME"):
        run("import_map", "--account", "Acme", *northwind_files)


def test_an_unknown_user_is_refused(run: Any, northwind_files: list[str]) -> None:
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run("import_map", "--account", "Acme", "--user", "nobody", *northwind_files)


def test_an_outsider_cannot_import_into_another_teams_account(
    outsider: Any, account: Any, run: Any, northwind_files: list[str]
) -> None:
    with pytest.raises(CommandError, match="No account named 'Northwind Health'"):
        run("import_map", "--account", account.name, "--user", "oscar", *northwind_files)
    assert not Stakeholder.objects.exists()


def test_json_and_csv_cannot_be_mixed(owner: Any, run: Any, northwind_files: list[str]) -> None:
    with pytest.raises(CommandError, match="either --json or the CSV files"):
        run(
            "import_map", "--account", "A", "--user", "olivia", "--json", "m.json", *northwind_files
        )

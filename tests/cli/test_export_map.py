"""``relmap export-map``: files that import-map reads back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_it_writes_the_three_csv_files(northwind: str, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = run("export_map", northwind, "--format", "csv", "--out", str(out), "--user", "olivia")

    assert sorted(p.name for p in out.iterdir()) == ["coverage.csv", "people.csv", "ties.csv"]
    assert result.stdout.count("Wrote ") == 3
    assert len((out / "people.csv").read_text(encoding="utf-8").splitlines()) == 1 + 13


def test_it_writes_json_that_imports_back_unchanged(
    northwind: str, run: Any, tmp_path: Path
) -> None:
    run("export_map", northwind, "--format", "json", "--out", str(tmp_path), "--user", "olivia")
    document = json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))
    assert len(document["people"]) == 13

    result = run(
        "import_map", "--account", northwind, "--json", str(tmp_path / "map.json"),
        "--user", "olivia",
    )  # fmt: skip
    assert "Nothing changed" in result.stdout


def test_an_outsider_cannot_export_another_teams_account(
    northwind: str, outsider: Any, run: Any, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="No account named 'Northwind Health'"):
        run("export_map", northwind, "--out", str(tmp_path / "x"), "--user", "oscar")
    assert not (tmp_path / "x").exists()

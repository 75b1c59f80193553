"""The installed ``relmap`` console script runs the commands end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NORTHWIND = Path(__file__).resolve().parents[1] / "fixtures" / "maps" / "northwind"
RELMAP = Path(sys.executable).parent / "relmap"


def test_the_relmap_entry_point_imports_and_analyses_a_map(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'relmap.sqlite3'}",
        "RELMAP_DATA_DIR": str(tmp_path),
        "DJANGO_SUPERUSER_PASSWORD": "correct-horse-battery",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def relmap(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
            [str(RELMAP), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=check,
        )

    relmap("migrate", "--no-input")
    relmap("createsuperuser", "--no-input", "--username", "admin", "--email", "a@example.com")
    imported = relmap(
        "import-map", "--account", "Northwind Health",
        "--people", str(NORTHWIND / "people.csv"),
        "--ties", str(NORTHWIND / "ties.csv"),
        "--coverage", str(NORTHWIND / "coverage.csv"),
    )  # fmt: skip
    assert "People: 13 created" in imported.stdout

    analysed = relmap("analyze", "Northwind Health", "--format", "json")
    assert len(json.loads(analysed.stdout)["stakeholders"]) == 13

    bad = tmp_path / "people.csv"
    bad.write_text("id,name,power\na,Ann,9\n", encoding="utf-8")
    failed = relmap("import-map", "--account", "Other", "--people", str(bad), check=False)
    assert failed.returncode != 0
    assert "people.csv line 2: power must be from 1 (low) to 5 (high); got 9." in failed.stderr


def test_help_names_commands_the_way_they_are_typed() -> None:
    # ``relmap help import-map`` must show the command's options, not "Unknown command".
    shown = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(RELMAP), "help", "import-map"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    assert "--account NAME" in shown.stdout

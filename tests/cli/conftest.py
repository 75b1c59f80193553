"""Fixtures for the command-line tests: a realistic map and a way to run a command."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

NORTHWIND = Path(__file__).resolve().parents[1] / "fixtures" / "maps" / "northwind"


@dataclass(frozen=True)
class Output:
    stdout: str
    stderr: str


@pytest.fixture
def run() -> Callable[..., Output]:
    """``run("import_map", "--account", "X", ...)`` with stdout and stderr captured."""

    def call(*args: str, **options: Any) -> Output:
        out, err = io.StringIO(), io.StringIO()
        call_command(*args, stdout=out, stderr=err, **options)
        return Output(out.getvalue(), err.getvalue())

    return call


@pytest.fixture
def northwind_files() -> list[str]:
    """The import-map arguments for the Northwind fixture map."""
    return [
        "--people",
        str(NORTHWIND / "people.csv"),
        "--ties",
        str(NORTHWIND / "ties.csv"),
        "--coverage",
        str(NORTHWIND / "coverage.csv"),
    ]


@pytest.fixture
def northwind(owner: Any, run: Callable[..., Output], northwind_files: list[str]) -> str:
    """The fixture map imported by ``owner`` into "Northwind Health"; returns the name."""
    run("import_map", "--account", "Northwind Health", "--user", owner.username, *northwind_files)
    return "Northwind Health"

"""Migrations are named for what they do (CONVENTIONS.md) and match the models. (Every
test run also applies the whole chain to an empty database: pytest-django migrates it.)"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[2] / "src" / "relmap"
UNNAMED = re.compile(r"^\d{4}_(initial|auto_\d{8}_\d{4})$")


def test_every_migration_has_a_descriptive_name() -> None:
    names = [
        f"{path.parent.parent.name}/{path.stem}" for path in sorted(SRC.glob("*/migrations/0*.py"))
    ]
    assert names, "no migrations found"
    assert [name for name in names if UNNAMED.match(name.split("/")[1])] == []


def test_every_relmap_app_has_migrations() -> None:
    relmap_apps = [
        config.label for config in apps.get_app_configs() if config.name.startswith("relmap.")
    ]
    assert sorted(relmap_apps) == sorted(
        path.parent.parent.name for path in SRC.glob("*/migrations/0001_*.py")
    )


@pytest.mark.django_db
def test_the_models_match_the_migrations() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()

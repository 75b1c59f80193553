"""``relmap ingest``: exit codes, output, access."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from relmap.engagement.models import IngestRun, Interaction

from .conftest import FIXTURES, IngestWorld

pytestmark = pytest.mark.django_db


def ingest(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_ingests_files_and_prints_a_summary_per_file(world: IngestWorld) -> None:
    out, _ = ingest(
        "--account",
        str(world.account.pk),
        "--user",
        "mateo",
        str(FIXTURES / "activity.csv"),
        str(FIXTURES / "calendar.ics"),
    )
    assert "activity.csv (csv): 4 read, 2 added" in out
    assert "implausible date" in out
    assert "calendar.ics (ics): 1 read, 1 added" in out
    assert Interaction.objects.count() == 3
    again, _ = ingest(
        "--account",
        world.account.name,
        "--actor",
        "mateo",
        "--no-progress",
        str(FIXTURES / "activity.csv"),
    )
    assert "0 added, 2 already present" in again


def test_a_refused_file_makes_the_command_fail_but_keeps_the_others(
    world: IngestWorld, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command(
            "ingest",
            "--account",
            str(world.account.pk),
            "--user",
            "olivia",
            str(broken),
            str(FIXTURES / "activity.csv"),
            stdout=StringIO(),
            stderr=err,
        )
    assert "broken.ics: refused" in err.getvalue()
    assert Interaction.objects.count() == 2
    missing = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "ingest",
            "--account",
            str(world.account.pk),
            "--user",
            "olivia",
            str(tmp_path / "nope.csv"),
            stdout=StringIO(),
            stderr=missing,
        )
    assert "cannot be read" in missing.getvalue()


def test_access_is_checked_like_everywhere(world: IngestWorld) -> None:
    with pytest.raises(CommandError, match="No such account"):
        ingest(
            "--account", str(world.account.pk), "--user", "oscar", str(FIXTURES / "activity.csv")
        )
    with pytest.raises(CommandError, match="read-only"):
        ingest("--account", str(world.account.pk), "--user", "vera", str(FIXTURES / "activity.csv"))
    with pytest.raises(CommandError, match="No user"):
        ingest(
            "--account", str(world.account.pk), "--user", "nobody", str(FIXTURES / "activity.csv")
        )
    with pytest.raises(CommandError, match="not a date"):
        ingest(
            "--account",
            str(world.account.pk),
            "--user",
            "olivia",
            "--window-from",
            "soon",
            str(FIXTURES / "calendar.ics"),
        )
    assert IngestRun.objects.count() == 0


def test_the_console_script_exits_non_zero_on_a_refused_file(
    world: IngestWorld, tmp_path: Path
) -> None:
    from relmap.cli import main

    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"colour\nred\n")
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", "--account", str(world.account.pk), "--user", "olivia", str(bad)])
    assert exit_info.value.code == 1

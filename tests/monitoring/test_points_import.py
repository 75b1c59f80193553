"""KPI values in from CSV, and the `relmap kpi` command: list, add, import."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relmap.core.csvfiles import SourceFile
from relmap.core.models import AuditEntry
from relmap.monitoring import services
from relmap.monitoring.models import Kpi, KpiPoint
from relmap.monitoring.points_import import PointsImportError, import_points_csv

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)
GOOD = (
    "kpi,on,value,note\n"
    "Retention,2026-03-31,91.5,Q1\n"
    "retention,2026-06-30,93,\n"
    "Share of wallet,2026-05-31,24,\n"
)


@pytest.fixture
def kpis(owner: Any, account: Any) -> dict[str, Kpi]:
    return {
        kind: services.kpi_create(actor=owner, account=account, kind=kind, today=TODAY)
        for kind in ("retention", "share_of_wallet", "nps")
    }


def run(owner: Any, account: Any, text: str) -> Any:
    return import_points_csv(
        actor=owner, source=SourceFile("kpis.csv", text.encode()), account=account, today=TODAY
    )


def test_values_are_recorded_once_and_a_correction_replaces(
    owner: Any, account: Any, kpis: dict[str, Kpi]
) -> None:
    report = run(owner, account, GOOD)
    assert (report.created, report.changed, report.unchanged) == (3, 0, 0)
    assert list(kpis["retention"].points.values_list("on", "value", "source", "note")) == [
        (dt.date(2026, 3, 31), 91.5, "import", "Q1"),
        (dt.date(2026, 6, 30), 93.0, "import", ""),
    ]
    again = run(owner, account, GOOD)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 3)
    assert "Nothing changed" in again.summary()
    assert AuditEntry.objects.filter(action="relmap.kpi.point_set").count() == 3
    fixed = run(owner, account, GOOD.replace("wallet,2026-05-31,24", "wallet,2026-05-31,25"))
    assert (fixed.created, fixed.changed, fixed.unchanged) == (0, 1, 2)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Churn,2026-05-31,3,",
            "does not follow a KPI named 'Churn' (it follows: NPS, Retention, Share of wallet)",
        ),
        ("NPS,2026-05-31,30,", "computed from the survey responses"),
        ("Retention,2026-07-01,90,", "in the future"),
        ("Retention,31/05/2026,90,", "on '31/05/2026' is not a date"),
        ("Retention,2026-05-31,ninety,", "value 'ninety' is not a number"),
        ("Retention,2026-05-31,nan,", "not a finite number"),
        ("Retention,2026-05-31,120,", "above 100"),
        ("Share of wallet,2026-04-30,-2,", "below 0"),
        ("Retention,2026-03-31,92,", "given twice (line 2 too)"),
        (",2026-05-31,3,", "kpi is blank"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(
    owner: Any, account: Any, kpis: dict[str, Kpi], row: str, message: str
) -> None:
    with pytest.raises(PointsImportError) as caught:
        run(owner, account, GOOD + row + "\n")
    (error,) = caught.value.errors
    assert error.line == 5
    assert message in error.message
    assert not KpiPoint.objects.filter(source="import").exists()


def test_the_command_adds_lists_and_imports(owner: Any, account: Any, tmp_path: Path) -> None:
    base = ("--account", "Northwind Health", "--user", "olivia")
    out = StringIO()
    call_command(
        "kpi",
        "add",
        *base,
        "--kind",
        "retention",
        "--baseline",
        "88",
        "--baseline-on",
        "2026-01-31",
        "--target",
        "95",
        "--target-on",
        "2026-12-31",
        stdout=out,
    )
    assert "Northwind Health now follows Retention (%)." in out.getvalue()
    with pytest.raises(CommandError, match="worse than the baseline"):
        call_command(
            "kpi",
            "add",
            *base,
            "--kind",
            "complaints",
            "--baseline",
            "2",
            "--baseline-on",
            "2026-01-31",
            "--target",
            "5",
            "--target-on",
            "2026-12-31",
        )
    values = tmp_path / "values.csv"
    values.write_text("kpi,on,value\nRetention,2026-02-28,89\n")
    out = StringIO()
    call_command("kpi", "import", str(values), *base, stdout=out)
    assert "1 new" in out.getvalue()
    out = StringIO()
    call_command("kpi", "list", *base, stdout=out)
    assert (
        "Retention [%]: 89 on 2026-02-28; baseline 88 (2026-01-31); target 95 by 2026-12-31."
        in (out.getvalue())
    )
    # One value, in February: the next was due within 45 days.
    assert (
        "Late: last value 2026-02-28; one value so far, so the next was expected by 2026-04-14."
        in out.getvalue()
    )
    with pytest.raises(CommandError, match="--survey is for survey responses"):
        call_command("kpi", "import", str(values), *base, "--survey", "nps")
    with pytest.raises(CommandError, match="1 problem found"):
        call_command("kpi", "import", str(tmp_path / "missing.csv"), *base, stderr=StringIO())


def test_the_command_keeps_outsiders_out_and_viewers_to_reading(
    owner: Any, account: Any, make_user: Any
) -> None:
    from relmap.accounts.services import membership_set

    membership_set(actor=owner, account=account, user=make_user("vera"), role="viewer")
    make_user("oscar")
    with pytest.raises(CommandError, match="No account named"):
        call_command("kpi", "list", "--account", "Northwind Health", "--user", "oscar")
    out = StringIO()
    call_command("kpi", "list", "--account", "Northwind Health", "--user", "vera", stdout=out)
    assert "follows no KPI yet" in out.getvalue()
    with pytest.raises(CommandError, match="read-only"):
        call_command(
            "kpi", "add", "--account", "Northwind Health", "--user", "vera", "--kind", "retention"
        )
    assert not Kpi.objects.exists()

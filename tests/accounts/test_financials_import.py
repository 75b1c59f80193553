"""Importing financial periods from CSV: all or nothing, every bad line reported, and
importing the same file twice writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from relmap.accounts.financials_import import FinancialsImportError, import_financials_csv
from relmap.accounts.models import FinancialPeriod
from relmap.accounts.portfolio_services import financial_period_set
from relmap.accounts.services import membership_set
from relmap.core.csvfiles import SourceFile
from relmap.core.models import AuditEntry

pytestmark = pytest.mark.django_db

HEADER = "account,period_start,period_end,revenue,gross_margin,cost_to_serve\n"


def source(text: str, name: str = "financials.csv") -> SourceFile:
    return SourceFile(name, text.encode("utf-8"))


def errors_of(exc: pytest.ExceptionInfo[FinancialsImportError]) -> list[str]:
    return [str(e) for e in exc.value.errors]


def test_it_records_every_period_and_reports_it(owner: Any, account: Any) -> None:
    report = import_financials_csv(
        actor=owner,
        source=source(
            HEADER + "Northwind Health,2026-01-01,2026-03-31,100000,30000,5000\n"
            "Northwind Health,2026-04-01,2026-06-30,120000.50,36000,\n"
        ),
    )
    periods = list(FinancialPeriod.objects.filter(account=account).order_by("period_start"))
    assert [(p.revenue, p.cost_to_serve) for p in periods] == [
        (Decimal("100000.00"), Decimal("5000.00")),
        (Decimal("120000.50"), Decimal("0.00")),
    ]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert report.accounts == ["Northwind Health"]
    assert "2 created" in report.summary()
    assert AuditEntry.objects.filter(action="relmap.financials.imported").count() == 1


def test_importing_the_same_file_twice_writes_nothing(owner: Any, account: Any) -> None:
    text = HEADER + "Northwind Health,2026-01-01,2026-03-31,100000,30000,5000\n"
    import_financials_csv(actor=owner, source=source(text))
    audited = AuditEntry.objects.count()
    report = import_financials_csv(actor=owner, source=source(text))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert "Nothing changed" in report.summary()
    assert AuditEntry.objects.count() == audited


def test_a_changed_row_updates_the_period_with_the_same_start(owner: Any, account: Any) -> None:
    import_financials_csv(
        actor=owner, source=source(HEADER + "Northwind Health,2026-01-01,2026-03-31,100,30,5\n")
    )
    report = import_financials_csv(
        actor=owner, source=source(HEADER + "Northwind Health,2026-01-01,2026-03-31,150,30,5\n")
    )
    assert report.updated == 1
    assert FinancialPeriod.objects.get(account=account).revenue == Decimal(150)


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(
    owner: Any, account: Any, other_account: Any
) -> None:
    text = (
        HEADER
        + "Northwind Health,2026-01-01,2026-03-31,100,30,5\n"  # 2: fine
        + "Nowhere Ltd,2026-01-01,2026-03-31,100,30,5\n"  # 3: unknown account
        + "Globex Rail,2026-01-01,2026-03-31,100,30,5\n"  # 4: another team's account
        + "Northwind Health,2026-13-01,2026-03-31,100,30,5\n"  # 5: bad date
        + "Northwind Health,2026-09-01,2026-07-31,100,30,5\n"  # 6: ends before it starts
        + "Northwind Health,2026-10-01,2026-12-31,-5,0,0\n"  # 7: negative revenue
        + "Northwind Health,2027-01-01,2027-03-31,100,130,0\n"  # 8: margin above revenue
        + "Northwind Health,2026-02-01,2026-04-30,100,30,5\n"  # 9: overlaps line 2
        + "Northwind Health,2026-01-01,2026-03-31,100,30,5\n"  # 10: duplicate of line 2
        + "Northwind Health,2027-04-01,2027-06-30,lots,30,5\n"  # 11: not an amount
    )
    with pytest.raises(FinancialsImportError) as exc:
        import_financials_csv(actor=owner, source=source(text))
    errors = errors_of(exc)
    lines = [e.line for e in exc.value.errors]
    assert lines == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "no account named 'Nowhere Ltd'" in errors[0]
    assert "no account named 'Globex Rail'" in errors[1]  # does not leak that it exists
    assert "YYYY-MM-DD" in errors[2]
    assert "ends (2026-07-31) before it starts" in errors[3]
    assert "revenue cannot be negative" in errors[4]
    assert "more than revenue" in errors[5]
    assert "overlaps 2026-01-01 to 2026-03-31 on line 2" in errors[6]
    assert "already on line 2" in errors[7]
    assert "must be an amount" in errors[8]
    assert all(e.startswith("financials.csv line ") for e in errors)
    assert not FinancialPeriod.objects.exists()
    assert "nothing was imported" in str(exc.value)


def test_a_period_overlapping_one_already_recorded_is_refused(owner: Any, account: Any) -> None:
    financial_period_set(
        actor=owner,
        account=account,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
        revenue=Decimal(100),
        gross_margin=Decimal(30),
    )
    with pytest.raises(FinancialsImportError) as exc:
        import_financials_csv(
            actor=owner,
            source=source(HEADER + "Northwind Health,2026-03-01,2026-05-31,100,30,5\n"),
        )
    assert "overlaps 2026-01-01 to 2026-03-31, already recorded" in errors_of(exc)[0]


def test_a_file_that_is_not_utf8_is_refused(owner: Any, account: Any) -> None:
    data = (HEADER + "Northwind Health,2026-01-01,2026-03-31,100,30,5\n").encode("utf-8")
    data = data.replace(b"Northwind", "Nørthwind".encode("latin-1"))
    with pytest.raises(FinancialsImportError) as exc:
        import_financials_csv(actor=owner, source=SourceFile("latin.csv", data))
    assert "not UTF-8" in errors_of(exc)[0]


def test_a_viewer_cannot_import(owner: Any, account: Any, make_user: Any) -> None:
    viewer = make_user("vera")
    membership_set(actor=owner, account=account, user=viewer, role="viewer")
    with pytest.raises(FinancialsImportError) as exc:
        import_financials_csv(
            actor=viewer,
            source=source(HEADER + "Northwind Health,2026-01-01,2026-03-31,100,30,5\n"),
        )
    assert "read-only access to 'Northwind Health'" in errors_of(exc)[0]
    assert not FinancialPeriod.objects.exists()


def test_into_one_account_the_account_column_may_be_left_out(owner: Any, account: Any) -> None:
    text = "Period Start,PERIOD_END,Revenue,Gross Margin\n2026-01-01,2026-03-31,100,30\n"
    report = import_financials_csv(actor=owner, source=source(text), account=account)
    assert report.created == 1
    with pytest.raises(FinancialsImportError) as exc:
        import_financials_csv(actor=owner, source=source(text))
    assert "'account' is missing" in errors_of(exc)[0]


def test_a_row_for_another_account_is_refused_when_importing_into_one(
    owner: Any, account: Any
) -> None:
    with pytest.raises(FinancialsImportError) as exc:
        import_financials_csv(
            actor=owner,
            source=source(HEADER + "Globex Rail,2026-01-01,2026-03-31,100,30,5\n"),
            account=account,
        )
    assert "imported into 'Northwind Health'" in errors_of(exc)[0]


def test_unknown_columns_are_named(owner: Any, account: Any) -> None:
    with pytest.raises(FinancialsImportError) as exc:
        import_financials_csv(
            actor=owner,
            source=source("account,start,period_end,revenue,gross_margin\n"),
        )
    errors = " ".join(errors_of(exc))
    assert "unknown column 'start'" in errors
    assert "'period_start' is missing" in errors

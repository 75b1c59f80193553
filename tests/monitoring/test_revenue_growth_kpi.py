"""The revenue-growth KPI, computed from the account's financial periods and recomputed
whenever they change (set, delete, import); values entered by hand are refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from relmap.accounts.financials_import import import_financials_csv
from relmap.accounts.models import FinancialPeriod
from relmap.accounts.portfolio_services import financial_period_delete, financial_period_set
from relmap.accounts.services import account_create
from relmap.core.csvfiles import SourceFile
from relmap.monitoring import services
from relmap.monitoring.models import Kpi
from relmap.monitoring.points_import import PointsImportError, import_points_csv

pytestmark = pytest.mark.django_db

# Quarters: 2023 brings 1,000, 2024 1,100, then Q1 2025 410 (tests/analytics has the
# same figures worked by hand).
QUARTERS = (
    ("2023-01-01", "2023-03-31", 200),
    ("2023-04-01", "2023-06-30", 250),
    ("2023-07-01", "2023-09-30", 250),
    ("2023-10-01", "2023-12-31", 300),
    ("2024-01-01", "2024-03-31", 250),
    ("2024-04-01", "2024-06-30", 250),
    ("2024-07-01", "2024-09-30", 300),
    ("2024-10-01", "2024-12-31", 300),
    ("2025-01-01", "2025-03-31", 410),
)


def record(owner: Any, account: Any, start: str, end: str, revenue: float) -> FinancialPeriod:
    period, _ = financial_period_set(
        actor=owner,
        account=account,
        period_start=dt.date.fromisoformat(start),
        period_end=dt.date.fromisoformat(end),
        revenue=Decimal(revenue),
        gross_margin=Decimal(revenue) * Decimal("0.3"),
    )
    return period


def growth_kpi(owner: Any, account: Any) -> Kpi:
    return services.kpi_create(actor=owner, account=account, kind="revenue_growth")


def points(kpi: Kpi) -> list[tuple[dt.date, float, str]]:
    return [(p.on, p.value, p.source) for p in kpi.points.order_by("on")]


def test_points_are_computed_at_each_period_end_with_a_full_previous_year(
    owner: Any, account: Any
) -> None:
    for quarter in QUARTERS:
        record(owner, account, *quarter)
    kpi = growth_kpi(owner, account)
    assert (kpi.name, kpi.unit, kpi.direction) == ("Revenue growth", "% a year", "higher")
    assert points(kpi) == [
        (dt.date(2024, 12, 31), 10.0, "computed"),  # 1,100 against 1,000
        (dt.date(2025, 3, 31), 20.0, "computed"),  # 1,260 against 1,050
    ]
    assert kpi.points.get(on=dt.date(2025, 3, 31)).note == (
        "Revenue growth +20.0 % a year: 1,260 in the year to 2025-03-31 against 1,050 in "
        "the year to 2024-03-31 (periods from 2023-04-01)."
    )


def test_changing_or_deleting_a_period_recomputes_the_kpi(owner: Any, account: Any) -> None:
    kpi = growth_kpi(owner, account)
    assert points(kpi) == []
    for quarter in QUARTERS:
        record(owner, account, *quarter)
    assert [v for _, v, _ in points(kpi)] == [10.0, 20.0]
    # Q1 2025 up from 410 to 515: 1,365 against 1,050 = +30 %.
    q1 = record(owner, account, "2025-01-01", "2025-03-31", 515)
    assert points(kpi)[-1] == (dt.date(2025, 3, 31), 30.0, "computed")
    financial_period_delete(actor=owner, period=q1)
    assert points(kpi) == [(dt.date(2024, 12, 31), 10.0, "computed")]
    # A missing quarter in 2023 takes the point away rather than showing a fall.
    q3 = FinancialPeriod.objects.get(account=account, period_start=dt.date(2023, 7, 1))
    financial_period_delete(actor=owner, period=q3)
    assert points(kpi) == []


def test_an_import_recomputes_each_account_it_changed_once(
    owner: Any, account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    kpi = growth_kpi(owner, account)
    other = account_create(actor=owner, name="Contoso", owner=owner)
    theirs = growth_kpi(owner, other)
    refreshed: list[int] = []
    refresh = services.refresh_computed

    def counting(k: Kpi, **kw: Any) -> int:
        refreshed.append(k.pk)
        return refresh(k, **kw)

    monkeypatch.setattr(services, "refresh_computed", counting)
    lines = ["account,period_start,period_end,revenue,gross_margin,cost_to_serve"]
    lines += [f"Northwind Health,{s},{e},{r},{r * 0.3},0" for s, e, r in QUARTERS]
    report = import_financials_csv(
        actor=owner, source=SourceFile("financials.csv", ("\n".join(lines) + "\n").encode())
    )
    assert report.created == len(QUARTERS)
    assert refreshed == [kpi.pk]  # not once per row, and not Contoso's
    assert [v for _, v, _ in points(kpi)] == [10.0, 20.0]
    assert points(theirs) == []


def test_only_period_ends_up_to_today_have_points(owner: Any, account: Any) -> None:
    for quarter in QUARTERS:
        record(owner, account, *quarter)
    kpi = growth_kpi(owner, account)
    assert services.refresh_computed(kpi, today=dt.date(2025, 3, 30)) == 1
    assert points(kpi) == [(dt.date(2024, 12, 31), 10.0, "computed")]


def test_a_value_entered_by_hand_is_refused(owner: Any, account: Any) -> None:
    for quarter in QUARTERS:
        record(owner, account, *quarter)
    kpi = growth_kpi(owner, account)
    message = (
        "Revenue growth is computed from the account's financial periods; record those instead."
    )
    with pytest.raises(ValidationError) as exc:
        services.kpi_point_set(actor=owner, kpi=kpi, on=dt.date(2025, 3, 31), value=12)
    assert exc.value.messages == [message]
    with pytest.raises(ValidationError, match="computed from the account's financial periods"):
        services.kpi_point_delete(actor=owner, point=kpi.points.earliest("on"))
    csv = "kpi,on,value,note\nRevenue growth,2025-03-31,12,\n"
    with pytest.raises(PointsImportError) as imported:
        import_points_csv(actor=owner, source=SourceFile("kpis.csv", csv.encode()), account=account)
    assert message in str(imported.value.errors[0])
    assert [v for _, v, _ in points(kpi)] == [10.0, 20.0]

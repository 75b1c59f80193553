"""KPIs with baseline, target and target date; their points; NPS and CSAT computed from the
responses as a monthly series."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from relmap.core.csvfiles import SourceFile
from relmap.core.models import AuditEntry
from relmap.monitoring import services
from relmap.monitoring.models import Kpi, KpiPoint
from relmap.monitoring.responses_import import import_responses_csv

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)


def kpi(owner: Any, account: Any, kind: str = "retention", **kw: Any) -> Kpi:
    return services.kpi_create(actor=owner, account=account, kind=kind, today=TODAY, **kw)


def test_a_built_in_kpi_brings_its_name_unit_and_direction(owner: Any, account: Any) -> None:
    k = kpi(
        owner,
        account,
        "complaints",
        baseline=6,
        baseline_on=dt.date(2026, 1, 31),
        target=2,
        target_on=dt.date(2026, 12, 31),
    )
    assert (k.name, k.unit, k.direction) == ("Complaints", "opened a month", "lower")
    entry = AuditEntry.objects.get(action="relmap.kpi.created")
    assert entry.after["baseline"] == 6
    assert entry.after["target_on"] == "2026-12-31"


def test_a_custom_kpi_needs_a_name_and_a_direction(owner: Any, account: Any) -> None:
    with pytest.raises(ValidationError, match="custom KPI needs a name"):
        kpi(owner, account, "custom")
    k = kpi(owner, account, "custom", name="Tickets closed in a day", unit="%", direction="higher")
    assert k.kind == "custom"
    kpi(owner, account, "custom", name="Escalations", unit="a quarter", direction="lower")


def test_one_of_each_built_in_kind_and_unique_names(owner: Any, account: Any) -> None:
    kpi(owner, account, "retention")
    with pytest.raises(ValidationError, match="already follows this KPI"):
        kpi(owner, account, "retention", name="Retention again")
    with pytest.raises(ValidationError, match="already has a KPI named 'Retention'"):
        kpi(owner, account, "custom", name="Retention", unit="%", direction="higher")
    assert Kpi.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"baseline": 120, "baseline_on": dt.date(2026, 1, 1)}, "above 100"),
        ({"baseline": -1, "baseline_on": dt.date(2026, 1, 1)}, "below 0"),
        ({"baseline": 80}, "needs the day it was measured"),
        ({"baseline_on": dt.date(2026, 1, 1)}, "needs the baseline value"),
        ({"baseline": 80, "baseline_on": dt.date(2026, 7, 1)}, "in the future"),
        ({"target": 90}, "needs the day it is due"),
        (
            {
                "baseline": 80,
                "baseline_on": dt.date(2026, 1, 1),
                "target": 70,
                "target_on": dt.date(2027, 1, 1),
            },
            "worse than the baseline",
        ),
        (
            {
                "baseline": 80,
                "baseline_on": dt.date(2026, 1, 1),
                "target": 80,
                "target_on": dt.date(2027, 1, 1),
            },
            "nothing to improve",
        ),
        (
            {
                "baseline": 80,
                "baseline_on": dt.date(2026, 1, 1),
                "target": 90,
                "target_on": dt.date(2025, 1, 1),
            },
            "due after the baseline",
        ),
        ({"baseline": float("nan"), "baseline_on": dt.date(2026, 1, 1)}, "finite number"),
    ],
)
def test_bad_baselines_and_targets_are_refused(
    owner: Any, account: Any, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        kpi(owner, account, "retention", **data)
    assert not Kpi.objects.exists()


def test_an_update_is_audited_with_only_what_changed(owner: Any, account: Any) -> None:
    k = kpi(owner, account, "share_of_wallet")
    services.kpi_update(
        actor=owner, kpi=k, baseline=22, baseline_on=dt.date(2026, 1, 31), today=TODAY
    )
    entry = AuditEntry.objects.get(action="relmap.kpi.updated")
    assert entry.before == {"baseline": None, "baseline_on": None}
    assert entry.after == {"baseline": 22, "baseline_on": "2026-01-31"}
    services.kpi_update(actor=owner, kpi=k, baseline=22, today=TODAY)  # nothing changes
    assert AuditEntry.objects.filter(action="relmap.kpi.updated").count() == 1
    with pytest.raises(ValidationError, match="Cannot change kind"):
        services.kpi_update(actor=owner, kpi=k, kind="retention")


def test_points_are_set_per_day_checked_and_audited(owner: Any, account: Any) -> None:
    k = kpi(owner, account, "retention")
    point, changed = services.kpi_point_set(
        actor=owner, kpi=k, on=dt.date(2026, 3, 31), value=91.5, today=TODAY
    )
    assert changed
    _, again = services.kpi_point_set(
        actor=owner, kpi=k, on=dt.date(2026, 3, 31), value=91.5, today=TODAY
    )
    assert not again
    services.kpi_point_set(actor=owner, kpi=k, on=dt.date(2026, 3, 31), value=93, today=TODAY)
    assert list(k.points.values_list("on", "value")) == [(dt.date(2026, 3, 31), 93.0)]
    entries = AuditEntry.objects.filter(action="relmap.kpi.point_set").order_by("pk")
    assert [e.before for e in entries] == [{}, {"value": 91.5, "note": ""}]
    with pytest.raises(ValidationError, match="above 100"):
        services.kpi_point_set(actor=owner, kpi=k, on=dt.date(2026, 4, 30), value=101, today=TODAY)
    with pytest.raises(ValidationError, match="in the future"):
        services.kpi_point_set(actor=owner, kpi=k, on=dt.date(2026, 7, 1), value=90, today=TODAY)
    services.kpi_point_delete(actor=owner, point=point)
    assert not KpiPoint.objects.exists()


def test_deleting_a_kpi_takes_its_points_and_says_how_many(owner: Any, account: Any) -> None:
    k = kpi(owner, account, "product_usage")
    services.kpi_point_set(actor=owner, kpi=k, on=dt.date(2026, 5, 31), value=140, today=TODAY)
    services.kpi_delete(actor=owner, kpi=k)
    assert not KpiPoint.objects.exists()
    assert AuditEntry.objects.get(action="relmap.kpi.deleted").before["points"] == 1


def test_nps_is_a_monthly_series_computed_from_the_responses(owner: Any, account: Any) -> None:
    rows = ["respondent,answered_on,score,survey"]
    # Five respondents in April, all promoters; in June two of them turn detractors.
    rows += [f"p{i}@x.example,2026-04-10,10,nps" for i in range(5)]
    rows += ["p0@x.example,2026-06-05,2,nps", "p1@x.example,2026-06-06,4,nps"]
    nps = kpi(owner, account, "nps")
    assert not nps.points.exists()
    import_responses_csv(
        actor=owner,
        source=SourceFile("nps.csv", ("\n".join(rows) + "\n").encode()),
        account=account,
        today=TODAY,
    )
    series = list(nps.points.values_list("on", "value", "source"))
    assert series == [
        (dt.date(2026, 4, 30), 100.0, "computed"),
        (dt.date(2026, 5, 31), 100.0, "computed"),
        (dt.date(2026, 6, 30), 20.0, "computed"),  # 3 promoters - 2 detractors of 5
    ]
    assert "NPS +20.0" in nps.points.get(on=dt.date(2026, 6, 30)).note
    with pytest.raises(ValidationError, match="computed from the survey responses"):
        services.kpi_point_set(actor=owner, kpi=nps, on=dt.date(2026, 6, 1), value=10, today=TODAY)


def test_month_ends_cover_every_month_and_stop_at_the_last_day() -> None:
    assert services.month_ends(dt.date(2025, 11, 15), dt.date(2026, 2, 10)) == [
        dt.date(2025, 11, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 10),
    ]

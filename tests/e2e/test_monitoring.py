"""Monitoring in a real browser, on the demo account: every KPI chart is drawn by ECharts
with its baseline and target lines, and a value recorded on the page joins the series."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from relmap.accounts.models import Account
from relmap.monitoring.history import health_between
from relmap.monitoring.models import Kpi, MapReview

pytestmark = pytest.mark.e2e


def test_kpi_charts_and_recording_a_value(
    page: Page, live_server: Any, demo: None, login: Callable[[str], None]
) -> None:
    account = Account.objects.get(name="Northbridge Logistics")
    usage = Kpi.objects.get(account=account, kind="product_usage")
    login("demo")
    page.goto(f"{live_server.url}/accounts/{account.pk}/monitoring/")
    charts = page.locator(".kpi-chart")
    expect(charts).to_have_count(8)  # seven KPIs and the health trend
    card = page.locator(f"#kpi-{usage.pk}")
    chart = card.locator(".kpi-chart svg")
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("Baseline")
    expect(chart).to_contain_text("Target")
    expect(page.get_by_test_id("nps-explanation")).to_contain_text(
        "respondents (each one's latest answer)"
    )

    card.get_by_text("Record a value").click()
    today = timezone.localdate().isoformat()
    card.locator(f"#point-{usage.pk}-on").fill(today)
    card.locator(f"#point-{usage.pk}-value").fill("1250")
    card.get_by_role("button", name="Record").click()
    card = page.locator(f"#kpi-{usage.pk}")
    expect(card.get_by_test_id("kpi-status")).to_have_text("Target met")
    assert usage.points.get(on=timezone.localdate()).value == 1250


def test_the_diff_between_two_reviews(
    page: Page, live_server: Any, demo: None, login: Callable[[str], None]
) -> None:
    from relmap.monitoring.history import review_create
    from relmap.stakeholders.models import Stakeholder
    from relmap.stakeholders.services import stakeholder_update

    account = Account.objects.get(name="Northbridge Logistics")
    demo_user = account.owner
    half_year, quarter = MapReview.objects.filter(account=account).order_by("reviewed_at")
    first = review_create(actor=demo_user, account=account, notes="Start of the quarter")
    cfo = Stakeholder.objects.get(account=account, ref="nb-cfo")
    stakeholder_update(actor=demo_user, stakeholder=cfo, attitude=1, interest=5)
    second = review_create(actor=demo_user, account=account, notes="End of the quarter")

    login("demo")
    page.goto(f"{live_server.url}/accounts/{account.pk}/monitoring/history/")
    page.locator("#since").select_option(f"review-{first.pk}")
    page.locator("#until").select_option(f"review-{second.pk}")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_test_id("diff-title")).to_contain_text("From the review of")
    shifts = page.locator('[data-diff="shift"]')
    expect(shifts).to_have_count(2)
    expect(shifts.first).to_contain_text("Daniel Reyes: attitude -1 → +1")
    expect(page.locator('[data-diff="shift"][data-direction="up"]')).to_have_count(2)
    expect(page.locator("#grid-moves-chart svg")).to_be_visible()
    expect(page.locator("#grid-moves-chart svg")).to_contain_text("Daniel Reyes")

    # The demo's two past reviews: the health each kept, and what moved it.
    page.locator("#since").select_option(f"review-{half_year.pk}")
    page.locator("#until").select_option(f"review-{quarter.pk}")
    page.get_by_role("button", name="Compare").click()
    change = page.get_by_test_id("health-change")
    expect(change).to_be_visible()
    expected = health_between(account, half_year, quarter)
    assert expected.change.delta is not None
    expect(change).to_contain_text(f"{expected.change.before:.1f} → {expected.change.after:.1f}")
    expect(change.locator("tbody tr")).to_have_count(len(expected.change.components))


def test_the_health_breakdown(
    page: Page, live_server: Any, demo: None, login: Callable[[str], None]
) -> None:
    from relmap.monitoring.health import account_health

    account = Account.objects.get(name="Northbridge Logistics")
    expected = account_health(account)
    assert expected.score is not None
    login("demo")
    page.goto(f"{live_server.url}/accounts/{account.pk}/monitoring/#health")
    expect(page.get_by_test_id("health-score")).to_have_text(f"{expected.score:.1f}")
    table = page.get_by_test_id("health-breakdown")
    expect(table.locator("tbody tr")).to_have_count(10)
    coverage = next(c for c in expected.components if c.name == "coverage")
    row = table.locator('[data-component="coverage"]')
    expect(row).to_contain_text("Coverage of powerful stakeholders")
    expect(row).to_contain_text(f"{coverage.contribution:.1f}")
    expect(row).to_contain_text(coverage.explanation)
    fresh = table.locator('[data-component="freshness"]')
    expect(fresh).to_contain_text("reviewed 61 days ago")

"""The portfolio in a real browser: re-scoring an account on its "Value & tier" page
moves it to another quadrant of the KAM portfolio matrix on the dashboard; the matrix
(an ECharts chart) draws the bubbles from the data endpoint, follows the orientation
setting, shows details on hover or keyboard focus and opens the account on click; the
value page draws its charts and redraws the what-if after each change; an outsider gets
"not found"."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from relmap.accounts import selectors
from relmap.accounts.portfolio_services import (
    criteria_install_defaults,
    financial_period_set,
    portfolio_settings_set,
    scores_set,
)
from relmap.accounts.services import account_create

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "relmap-e2e-password"


def user(username: str) -> User:
    return User.objects.create_user(username=username, password=PASSWORD)


def score(actor: User, account: Any, attractiveness: int, strength: int) -> None:
    scores_set(
        actor=actor,
        account=account,
        scores={
            c.pk: (Decimal(attractiveness if c.axis == "attractiveness" else strength), "seed")
            for c in selectors.criteria()
        },
    )


@pytest.fixture
def portfolio() -> dict[str, Any]:
    owner = user("kam")
    user("stranger")
    criteria_install_defaults(actor=owner)
    anchor = account_create(actor=owner, name="Anchor Retail", owner=owner)
    score(owner, anchor, 8, 8)
    mover = account_create(actor=owner, name="Mover Freight", owner=owner)
    score(owner, mover, 8, 3)  # attractive, but we are weak there: Star
    for month in (1, 4, 7, 10):
        start = dt.date(2025, month, 1)
        financial_period_set(
            actor=owner,
            account=mover,
            period_start=start,
            period_end=(start + dt.timedelta(days=95)).replace(day=1) - dt.timedelta(days=1),
            revenue=Decimal(250_000),
            gross_margin=Decimal(90_000),
            cost_to_serve=Decimal(10_000),
        )
    return {"owner": owner, "anchor": anchor, "mover": mover}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/accounts/")


def bubble(page: Page, account_id: int) -> Any:
    """The link the matrix script lays over an account's bubble (keyboard, screen readers)."""
    return page.locator(f'#matrix-bubbles a.bubble[data-account="{account_id}"]')


def centre(box: Any) -> tuple[float, float]:
    return float(box["x"]) + float(box["width"]) / 2, float(box["y"]) + float(box["height"]) / 2


def inside(box: Any, rect: Any) -> bool:
    """Whether the centre of ``box`` lies in ``rect`` (Playwright bounding boxes)."""
    cx, cy = centre(box)
    x, y, width, height = (float(rect[k]) for k in ("x", "y", "width", "height"))
    return x <= cx <= x + width and y <= cy <= y + height


# A quadrant's box on the page, as ECharts lays it out: the quadrant's score ranges (from
# the page's frame payload) through the chart's own data-to-pixel mapping.
QUADRANT_BOX = """(key) => {
  const el = document.getElementById("portfolio-matrix");
  const chart = echarts.getInstanceByDom(el);
  const frame = JSON.parse(document.getElementById(el.dataset.frame).textContent);
  const q = frame.quadrants.find((q) => q.key === key);
  const a = chart.convertToPixel({ gridIndex: 0 }, [q.strength[0], q.attractiveness[0]]);
  const b = chart.convertToPixel({ gridIndex: 0 }, [q.strength[1], q.attractiveness[1]]);
  const page = el.getBoundingClientRect();
  return {
    x: page.left + Math.min(a[0], b[0]), y: page.top + Math.min(a[1], b[1]),
    width: Math.abs(a[0] - b[0]), height: Math.abs(a[1] - b[1]),
  };
}"""


def quadrant_box(page: Page, key: str) -> Any:
    return page.evaluate(QUADRANT_BOX, key)


def tooltip(page: Page) -> Any:
    return page.locator("#portfolio-matrix .matrix-tooltip")


def test_rescoring_moves_the_account_to_another_quadrant(
    page: Page, live_server: Any, portfolio: dict[str, Any]
) -> None:
    mover = portfolio["mover"]
    log_in(page, live_server.url, "kam")

    page.goto(f"{live_server.url}/portfolio/")
    expect(page.get_by_role("heading", name="KAM portfolio matrix (McDonald)")).to_be_visible()
    expect(bubble(page, mover.pk)).to_have_attribute("data-quadrant", "star")
    before = bubble(page, mover.pk).bounding_box()
    assert before
    assert inside(before, quadrant_box(page, "star"))
    # The chart really draws the bubble there: hovering that point shows its tooltip.
    page.mouse.move(*centre(before))
    expect(tooltip(page)).to_be_visible()
    expect(tooltip(page)).to_contain_text("Mover Freight")
    expect(tooltip(page)).to_contain_text("Tier Star")

    page.goto(f"{live_server.url}/accounts/{mover.pk}/value/")
    expect(page.locator("#quadrant-label")).to_have_text("Star")
    for criterion in selectors.criteria("strength"):
        page.locator(f"#id_score_{criterion.pk}").fill("9")
    page.get_by_role("button", name="Save scores").click()
    expect(
        page.get_by_text("Mover Freight is now Strategic in the portfolio matrix.")
    ).to_be_visible()
    expect(page.locator("#quadrant-label")).to_have_text("Strategic")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Portfolio").click()
    moved = bubble(page, mover.pk)
    expect(moved).to_have_attribute("data-quadrant", "strategic")
    after = moved.bounding_box()
    assert after
    assert inside(after, quadrant_box(page, "strategic"))
    assert not inside(after, quadrant_box(page, "star"))
    assert centre(after) != centre(before)

    page.mouse.move(*centre(after))
    expect(tooltip(page)).to_be_visible()
    expect(tooltip(page)).to_contain_text("Mover Freight")
    expect(tooltip(page)).to_contain_text("Tier Strategic")
    expect(tooltip(page)).to_contain_text("CLV GBP")

    page.mouse.click(*centre(after))
    page.wait_for_url(f"**/accounts/{mover.pk}/value/")


def test_a_keyboard_user_reaches_each_bubble(
    page: Page, live_server: Any, portfolio: dict[str, Any]
) -> None:
    mover = portfolio["mover"]
    log_in(page, live_server.url, "kam")
    page.goto(f"{live_server.url}/portfolio/")
    link = bubble(page, mover.pk)
    expect(link).to_have_attribute("aria-label", re.compile(r"^Mover Freight\. Attractiveness"))
    link.focus()
    expect(tooltip(page)).to_be_visible()
    expect(tooltip(page)).to_contain_text("Mover Freight")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/accounts/{mover.pk}/value/")


def test_the_matrix_follows_the_orientation_setting(
    page: Page, live_server: Any, portfolio: dict[str, Any]
) -> None:
    anchor = portfolio["anchor"]  # strength 8, attractiveness 8: strategic
    log_in(page, live_server.url, "kam")
    page.goto(f"{live_server.url}/portfolio/")
    expect(bubble(page, anchor.pk)).to_have_attribute("data-quadrant", "strategic")
    strategic, star = quadrant_box(page, "strategic"), quadrant_box(page, "star")
    assert strategic["x"] < star["x"]  # McDonald's classic: high strength on the left
    left = bubble(page, anchor.pk).bounding_box()
    assert left
    assert inside(left, strategic)

    portfolio_settings_set(actor=portfolio["owner"], high_strength_left=False)
    page.reload()
    expect(bubble(page, anchor.pk)).to_have_attribute("data-quadrant", "strategic")
    strategic, star = quadrant_box(page, "strategic"), quadrant_box(page, "star")
    assert strategic["x"] > star["x"]
    right = bubble(page, anchor.pk).bounding_box()
    assert right
    assert inside(right, strategic)
    assert centre(right)[0] > centre(left)[0]
    page.mouse.move(*centre(right))
    expect(tooltip(page)).to_contain_text("Anchor Retail")


def test_filters_redraw_the_matrix_and_the_table(
    page: Page, live_server: Any, portfolio: dict[str, Any]
) -> None:
    log_in(page, live_server.url, "kam")
    page.goto(f"{live_server.url}/portfolio/")
    expect(page.locator("#matrix-bubbles a.bubble")).to_have_count(2)
    page.get_by_label("Tier", exact=True).select_option("star")
    expect(page.locator("#matrix-bubbles a.bubble")).to_have_count(1)
    expect(page.locator("#portfolio-table tbody tr")).to_have_count(1)
    assert "tier=star" in page.url


def test_the_value_page_draws_its_charts_and_the_what_if_recomputes_clv(
    page: Page, live_server: Any, portfolio: dict[str, Any]
) -> None:
    mover = portfolio["mover"]
    log_in(page, live_server.url, "kam")
    page.goto(f"{live_server.url}/accounts/{mover.pk}/value/")
    for chart in ("#matrix-trail", "#revenue-chart", "#whatif-chart"):
        expect(page.locator(f"{chart} svg")).to_be_visible()  # drawn by ECharts, in SVG
    page.locator("#whatif-retention").fill("0.9")
    # m = 4 x 80,000 = 320,000; r = 0.9, d = 0.1: CLV = 320,000 x 0.9 / 0.2 = 1,440,000.
    expect(page.locator("#whatif [data-clv-infinite]")).to_have_text("1,440,000")
    # htmx swapped the what-if in: its chart is drawn again, marking the new r.
    expect(page.locator("#whatif-chart svg")).to_be_visible()
    expect(page.locator("#whatif-chart svg")).to_contain_text("r 0.90")


def test_an_outsider_gets_not_found(
    page: Page, live_server: Any, portfolio: dict[str, Any]
) -> None:
    log_in(page, live_server.url, "stranger")
    response = page.goto(f"{live_server.url}/accounts/{portfolio['mover'].pk}/value/")
    assert response is not None
    assert response.status == 404
    page.goto(f"{live_server.url}/portfolio/")
    expect(page.locator("#matrix-bubbles a.bubble")).to_have_count(0)
    expect(page.get_by_text("Mover Freight")).to_have_count(0)

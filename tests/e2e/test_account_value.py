"""The "Value & tier" page in a real browser: saving scores goes through htmx, so the page
stays put while the header, the matrix place and its trail chart follow the new scores;
a bad score is refused next to its field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from relmap.accounts import selectors
from relmap.accounts.portfolio_services import criteria_install_defaults, scores_set
from relmap.accounts.services import account_create

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "relmap-e2e-password"

# The trail chart's points as ECharts holds them: [strength, attractiveness] each.
TRAIL_POINTS = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById("matrix-trail"));
  return chart ? chart.getOption().series[0].data.map((d) => d.value) : null;
}"""


@pytest.fixture
def star() -> Any:
    """An account placed as a Star: attractive (8), but we are weak there (3)."""
    owner = User.objects.create_user(username="kam", password=PASSWORD)
    criteria_install_defaults(actor=owner)
    account = account_create(actor=owner, name="Mover Freight", owner=owner)
    scores_set(
        actor=owner,
        account=account,
        scores={
            c.pk: (Decimal(8 if c.axis == "attractiveness" else 3), "first look")
            for c in selectors.criteria()
        },
    )
    return account


def open_value_page(page: Page, base: str, account: Any) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill("kam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/accounts/")
    page.goto(f"{base}/accounts/{account.pk}/value/")


def test_saving_scores_moves_the_account_without_reloading_the_page(
    page: Page, live_server: Any, star: Any
) -> None:
    open_value_page(page, live_server.url, star)
    expect(page.locator("#quadrant-label")).to_have_text("Star")
    expect(page.locator("#matrix-trail svg")).to_be_visible()
    assert page.evaluate(TRAIL_POINTS) == [[3, 8]]
    page.evaluate("window.relmapStillHere = true")  # gone if the page reloads

    for criterion in selectors.criteria("strength"):
        page.locator(f"#id_score_{criterion.pk}").fill("9")
    page.get_by_role("button", name="Save scores").click()

    expect(page.locator("#scores .flash")).to_have_text(
        "Scores saved. Mover Freight is now Strategic in the portfolio matrix."
    )
    expect(page.locator("#quadrant-label")).to_have_text("Strategic")
    expect(page.locator("#tier-badge")).to_have_text("Tier: Strategic")
    expect(page.locator("#placement .placement-label")).to_contain_text("Strategic")
    expect(page.locator("#placement .history-list li")).to_have_count(2)
    expect(page.locator("#matrix-trail svg")).to_be_visible()
    page.wait_for_function(f"({TRAIL_POINTS})()?.length === 2")
    assert page.evaluate(TRAIL_POINTS) == [[3, 8], [9, 8]]
    assert page.evaluate("window.relmapStillHere") is True
    assert page.url.endswith(f"/accounts/{star.pk}/value/")


def test_a_bad_score_is_refused_next_to_its_field(page: Page, live_server: Any, star: Any) -> None:
    open_value_page(page, live_server.url, star)
    page.evaluate("window.relmapStillHere = true")
    first = selectors.criteria("strength")[0]
    page.locator(f"#id_score_{first.pk}").fill("11")
    page.get_by_role("button", name="Save scores").click()
    expect(page.locator("#scores .field-error")).to_have_text(
        "A score must be a number from 0 (worst) to 10 (best), in steps of 0.1."
    )
    expect(page.locator(f"#id_score_{first.pk}")).to_have_value("11")
    expect(page.locator("#quadrant-label")).to_have_text("Star")
    assert page.evaluate("window.relmapStillHere") is True
    star.refresh_from_db()
    assert star.quadrant == "star"

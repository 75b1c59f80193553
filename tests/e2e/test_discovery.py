"""Consultative discovery in a real browser, on the demo account: the flags say which need
has no proposal and which proposal answers no need; an initiative advances a stage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from relmap.accounts.models import Account
from relmap.discovery.models import Initiative

pytestmark = pytest.mark.e2e


def test_discovery_flags_and_an_initiative_advancing(
    page: Page, live_server: Any, demo: None, login: Callable[[str], None]
) -> None:
    account = Account.objects.get(name="Northbridge Logistics")
    eu = Initiative.objects.get(account=account, title="EU sites: Hamburg and Rotterdam")
    login("demo")
    page.goto(f"{live_server.url}/accounts/{account.pk}/discovery/")
    flags = page.locator("#flags")
    # The plan's older needs have no proposal either; the demo's proposal without a need
    # is the only one of its kind.
    expect(flags.locator('[data-flag="proposal_without_need"]')).to_have_count(1)
    expect(flags).to_contain_text("Planners re-key every load into the tracker by hand")
    expect(flags).to_contain_text("Driver app with fuel-saving league tables")

    item = page.locator(f"#initiative-{eu.pk}")
    expect(item.locator('[aria-current="step"]')).to_contain_text("Research")
    item.get_by_role("button", name="Advance to diagnose").click()
    expect(page.locator(f"#initiative-{eu.pk}").locator('[aria-current="step"]')).to_contain_text(
        "Diagnose"
    )
    eu.refresh_from_db()
    assert eu.stage == "diagnose"

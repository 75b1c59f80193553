"""The account page in a real browser: the three views, the findings, drag and drop on
the grid, the person panel, and access for someone from another team."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from relmap.accounts.models import Account
from relmap.core.models import AuditEntry
from relmap.stakeholders.models import PositionHistory, Stakeholder

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]

DOCS = Path(__file__).resolve().parents[2] / "docs"


def open_account(page: Page, login: Callable[[str], None], query: str = "") -> Account:
    """Log in as the demo user and open Northbridge from the list (``query`` is added)."""
    login("demo")
    account = Account.objects.get(name="Northbridge Logistics")
    page.get_by_role("link", name="Northbridge Logistics").click()
    page.wait_for_url(f"**/accounts/{account.pk}/**")
    if query:
        page.goto(page.url.split("?")[0] + "?" + query)
    return account


def test_demo_user_sees_the_three_views_and_the_findings(
    page: Page, login: Callable[[str], None]
) -> None:
    account = open_account(page, login)
    expect(page.get_by_role("heading", name="Northbridge Logistics", level=1)).to_be_visible()
    expect(page.locator("#cy-org canvas").first).to_be_visible()
    findings = page.locator("#findings .finding")
    expect(findings.first).to_be_visible()
    assert findings.count() >= 3
    expect(page.locator("#findings .severity.sev-high")).to_be_visible()

    page.get_by_role("tab", name="Influence network").click()
    expect(page.locator("#cy-network canvas").first).to_be_visible()
    expect(page.get_by_text("Unknown (not assessed)")).to_be_visible()

    page.get_by_role("tab", name="Power/interest grid").click()
    expect(page.get_by_text("Mendelow's power/interest grid")).to_be_visible()
    chips = page.locator("#grid-board .chip")
    expect(chips.first).to_be_visible()
    assert chips.count() == account.stakeholders.count()
    assert "view=grid" in page.url


def test_filters_fade_people_and_go_into_the_url(page: Page, login: Callable[[str], None]) -> None:
    account = open_account(page, login, "view=grid")
    page.get_by_label("Side").select_option("internal")
    internal = account.stakeholders.filter(side="internal").count()
    expect(page.locator("#filter-count")).to_have_text(
        f"Showing {internal} of {account.stakeholders.count()} people"
    )
    assert "side=internal" in page.url
    assert page.locator("#grid-board .chip:not(.is-faded)").count() == internal
    page.reload()
    expect(page.get_by_label("Side")).to_have_value("internal")
    assert page.locator("#grid-board .chip:not(.is-faded)").count() == internal


def test_dragging_a_person_on_the_grid_saves_the_move(
    page: Page, login: Callable[[str], None]
) -> None:
    # Source and target both on screen: a drag that scrolls the page loses its source.
    page.set_viewport_size({"width": 1400, "height": 1800})
    open_account(page, login, "view=grid")
    person = (
        Stakeholder.objects.filter(account__name="Northbridge Logistics", side="customer")
        .exclude(power=1, interest=5)
        .first()
    )
    assert person is not None
    history = PositionHistory.objects.filter(stakeholder=person).count()
    chip = page.locator(f'#grid-board .chip[data-person="{person.pk}"]')
    target = page.locator('#grid-board .cell[data-power="1"][data-interest="5"]')

    chip.drag_to(target)

    expect(page.locator("#grid-status")).to_contain_text(f"{person.name} moved to power 1")
    person.refresh_from_db()
    assert (person.power, person.interest) == (1, 5)
    assert PositionHistory.objects.filter(stakeholder=person).count() == history + 1
    assert AuditEntry.objects.filter(action="relmap.stakeholder.moved", object_id=person.pk)
    page.reload()
    expect(target.locator(f'.chip[data-person="{person.pk}"]')).to_be_visible()


def test_the_side_panel_shows_a_person_and_edits_inline(
    page: Page, login: Callable[[str], None]
) -> None:
    open_account(page, login, "view=grid")
    person = Stakeholder.objects.get(account__name="Northbridge Logistics", name="Grace Liu")
    page.locator(f'#grid-board .chip[data-person="{person.pk}"]').click()
    panel = page.locator("#person-panel")
    expect(panel.get_by_role("heading", name="Grace Liu", exact=True)).to_be_visible()
    expect(panel.get_by_text("How do we reach Grace Liu?")).to_be_visible()
    expect(panel.get_by_role("heading", name="Position history")).to_be_visible()
    assert f"person={person.pk}" in page.url
    expect(page.locator(f'#grid-board .chip[data-person="{person.pk}"]')).to_have_class(
        "chip att-1 is-selected"
    )

    panel.get_by_role("link", name="Edit").click()
    panel.get_by_label("Power").fill("7")
    panel.get_by_role("button", name="Save").click()
    expect(
        panel.get_by_text("Power must be a whole number from 1 (low) to 5 (high).")
    ).to_be_visible()
    person.refresh_from_db()
    assert person.power != 7

    panel.get_by_label("Power").fill(str(person.power))
    panel.get_by_label("Title").fill("Head of Operations Analytics")
    panel.get_by_role("button", name="Save").click()
    expect(panel.get_by_text("Saved.")).to_be_visible()
    expect(panel.get_by_text("Head of Operations Analytics").first).to_be_visible()
    person.refresh_from_db()
    assert person.title == "Head of Operations Analytics"


def test_a_finding_selects_the_people_it_names(page: Page, login: Callable[[str], None]) -> None:
    open_account(page, login)
    link = page.locator("#findings .finding-people a").first
    name = link.inner_text()
    link.click()
    expect(
        page.locator("#person-panel").get_by_role("heading", name=name, exact=True)
    ).to_be_visible()


def test_screenshot_of_the_account_page(page: Page, login: Callable[[str], None]) -> None:
    """The README shows this picture; regenerate it with ``pytest -k screenshot``."""
    account = open_account(page, login)
    person = Stakeholder.objects.get(account=account, name="Grace Liu")
    page.goto(page.url.split("?")[0] + f"?view=network&person={person.pk}")
    expect(
        page.locator("#person-panel").get_by_role("heading", name="Grace Liu", exact=True)
    ).to_be_visible()
    expect(page.locator('#cy-network[data-ready="true"]')).to_be_visible()
    page.wait_for_timeout(300)
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "screenshot-map.png"))


def test_someone_from_another_team_cannot_see_the_account(
    page: Page, login: Callable[[str], None], live_server: Any
) -> None:
    account = Account.objects.get(name="Northbridge Logistics")
    login("rival")
    expect(page.get_by_role("link", name="Solent Marine")).to_be_visible()
    expect(page.get_by_role("link", name="Northbridge Logistics")).to_have_count(0)
    response = page.goto(f"{live_server.url}/accounts/{account.pk}/")
    assert response is not None
    assert response.status == 404

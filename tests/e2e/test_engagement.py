"""Engagement in a real browser, on the demo account: upload an .ics invitation and
resolve its unknown attendee in the review queue; log an interaction and see the computed
strength and the coverage matrix change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from relmap.accounts.models import Account
from relmap.engagement.models import Interaction, Participant, UnknownAddress
from relmap.stakeholders.models import Stakeholder

pytestmark = pytest.mark.e2e


def _ics(start: dt.datetime) -> str:
    stamp = start.strftime("%Y%m%dT%H%M%SZ")
    end = (start + dt.timedelta(hours=1)).strftime("%Y%m%dT%H%M%SZ")
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//relmap tests//EN",
            "BEGIN:VEVENT",
            "UID:e2e-fleet-workshop@fleetwise.example",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{stamp}",
            f"DTEND:{end}",
            "SUMMARY:Fleet data workshop",
            "ORGANIZER;CN=Alex Morgan:mailto:alex.morgan@fleetwise.example",
            "ATTENDEE;CN=Stuart Cole;PARTSTAT=ACCEPTED:mailto:stuart.cole@northbridge-logist",
            " ics.example",
            "ATTENDEE;CN=Wendy Okoro;PARTSTAT=ACCEPTED:mailto:Wendy.Okoro@northbridge-logistics",
            " .example",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


def test_an_ics_upload_and_its_unknown_attendee_resolved(
    page: Page, live_server: Any, demo: None, login: Callable[[str], None], tmp_path: Path
) -> None:
    account = Account.objects.get(name="Northbridge Logistics")
    calendar = tmp_path / "workshop.ics"
    calendar.write_text(_ics(dt.datetime.now(dt.UTC) - dt.timedelta(days=2)))
    login("demo")
    page.goto(f"{live_server.url}/accounts/{account.pk}/ingest/")
    page.get_by_label("Files", exact=True).set_input_files(str(calendar))
    page.get_by_role("button", name="Ingest").click()
    expect(page.get_by_text("workshop.ics").first).to_be_visible()
    workshop = Interaction.objects.get(account=account, subject="Fleet data workshop")
    assert set(workshop.participants.values_list("stakeholder__name", flat=True)) == {
        "Alex Morgan",
        "Stuart Cole",
    }

    page.goto(f"{live_server.url}/accounts/{account.pk}/ingest/review/")
    address = UnknownAddress.objects.get(
        account=account, email="wendy.okoro@northbridge-logistics.example"
    )
    row = page.locator(f"#address-{address.pk}")
    expect(row).to_contain_text("wendy.okoro@northbridge-logistics.example")
    expect(row.get_by_label("Name")).to_have_value("Wendy Okoro")
    row.get_by_label("Title").fill("Fleet Data Analyst")
    row.get_by_role("button", name="Create").click()
    expect(page.locator(f"#address-{address.pk}")).to_have_count(0)

    wendy = Stakeholder.objects.get(account=account, name="Wendy Okoro")
    assert wendy.email == "wendy.okoro@northbridge-logistics.example"
    assert wendy.title == "Fleet Data Analyst"
    assert Participant.objects.filter(interaction=workshop, stakeholder=wendy).exists()


def test_logging_an_interaction_changes_strength_and_the_coverage_matrix(
    page: Page, live_server: Any, demo: None, login: Callable[[str], None]
) -> None:
    account = Account.objects.get(name="Northbridge Logistics")
    alex = Stakeholder.objects.get(account=account, ref="us-kam")
    counsel = Stakeholder.objects.get(account=account, ref="nb-gc")
    matrix = f"{live_server.url}/accounts/{account.pk}/strength/"
    cell = page.locator(f'#coverage-matrix td[data-our="{alex.pk}"][data-their="{counsel.pk}"]')
    login("demo")
    page.goto(matrix)
    expect(page.locator("#coverage-matrix")).to_be_visible()
    expect(cell).to_have_count(0)  # nobody of ours has met the General Counsel

    page.goto(f"{live_server.url}/accounts/{account.pk}/engagement/interactions/new/")
    page.get_by_label("Kind").select_option("meeting")
    page.get_by_label("Subject").fill("Contract terms walk-through")
    page.locator("#id_date").fill(
        (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).date().isoformat()
    )
    page.locator("#id_time").fill("10:30")
    page.locator("#id_time_zone").fill("Europe/Berlin")
    page.get_by_label("Richard Hale, General Counsel").check()
    expect(page.get_by_label("Alex Morgan, Key Account Director")).to_be_checked()
    page.get_by_label("Who initiated it").select_option(label="Alex Morgan, Key Account Director")
    page.get_by_label("Outcome quality").select_option("4")
    page.get_by_label("Notes").fill("Richard accepted our liability cap.")
    page.get_by_role("button", name="Log interaction").click()
    expect(page.get_by_text("Interaction logged.")).to_be_visible()
    expect(page.get_by_text("Contract terms walk-through")).to_be_visible()

    page.goto(matrix)
    expect(cell).to_have_count(1)
    expect(cell).to_contain_text("no coverage")
    score = int(cell.locator("a").inner_text().split("\n")[0].split("manual")[0].split("no")[0])
    assert score > 0
    cell.locator("a").click()
    expect(page.locator("#pair-explanation")).to_contain_text("1")

"""The "Value & tier" page's forms with htmx: each write answers with its own section
(saying what was saved, or with the errors in place and nothing written) and, out of
band, the sections the change shows in. Without htmx the same posts redirect back to the
page (test_account_value.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relmap.accounts import selectors
from relmap.accounts.models import FinancialPeriod, StageChange
from relmap.core.models import AuditEntry

from .conftest import World, htmx
from .test_account_value import Unchanged, csv_file, scores, url

pytestmark = pytest.mark.django_db

SECTION = re.compile(r'<(?:section|p) class="[^"]*" id="([a-z-]+)"( hx-swap-oob="true")?')


def parts(content: str) -> tuple[list[str], list[str]]:
    """The sections of an htmx answer: (swapped into the target, swapped out of band)."""
    found = SECTION.findall(content)
    return [i for i, oob in found if not oob], [i for i, oob in found if oob]


def post(client: Client, w: World, name: str, target: str, data: Any, **extra: Any) -> Any:
    return client.post(url(w, name, **extra), data, headers=htmx(target))


@pytest.fixture
def owner_client(client: Client, vw: World) -> Client:
    client.force_login(vw.owner)
    return client


def test_saving_scores_moves_the_account_in_place(owner_client: Client, vw: World) -> None:
    response = post(owner_client, vw, "scores_save", "scores", scores("8", "attractiveness", "3"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert parts(content) == (["scores"], ["value-meta", "placement", "tier"])
    assert '<p class="flash" role="status">Scores saved. Northwind Health is now Star' in content
    assert '<strong id="quadrant-label">Star</strong>' in content  # the header
    assert "<dt>From the matrix</dt><dd>Star</dd>" in content  # the tier section
    trail = re.search(
        r'<script id="matrix-trail-data" type="application/json">(.*?)</script>', content
    )
    assert trail
    assert [p["quadrant"] for p in json.loads(trail.group(1))["points"]] == ["star"]

    again = post(owner_client, vw, "scores_save", "scores", scores("8"))
    trail = re.search(
        r'<script id="matrix-trail-data" type="application/json">(.*?)</script>',
        again.content.decode(),
    )
    assert trail
    assert [p["quadrant"] for p in json.loads(trail.group(1))["points"]] == ["star", "strategic"]
    vw.account.refresh_from_db()
    assert vw.account.quadrant == "strategic"
    # The message was shown in place: it does not wait for the next page as well.
    assert "is now Strategic" not in owner_client.get(url(vw)).content.decode()


def test_a_bad_score_is_refused_in_its_section(owner_client: Client, vw: World) -> None:
    data = scores("7")
    first = selectors.criteria()[0]
    data[f"score_{first.pk}"] = "11"
    with Unchanged():
        response = post(owner_client, vw, "scores_save", "scores", data)
    assert response.status_code == 422
    content = response.content.decode()
    assert parts(content) == (["scores"], [])  # nothing changed elsewhere
    assert "A score must be a number from 0 (worst) to 10 (best), in steps of 0.1." in content
    assert 'value="11"' in content  # what was typed stays, to correct it
    assert not vw.account.scores.exists()


def test_a_tier_override_is_saved_in_place_and_needs_a_reason(
    owner_client: Client, vw: World
) -> None:
    with Unchanged():
        refused = post(owner_client, vw, "tier_save", "tier", {"tier_override": "strategic"})
    assert refused.status_code == 422
    assert parts(refused.content.decode()) == (["tier"], [])
    assert "Say why the tier is overridden." in refused.content.decode()

    data = {"tier_override": "strategic", "tier_override_reason": "Group-wide roll-out"}
    response = post(owner_client, vw, "tier_save", "tier", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert parts(content) == (["tier"], ["value-meta"])
    assert "Tier overridden to Strategic." in content
    assert "Tier: Strategic" in content  # the header's badge
    assert "(overridden: Group-wide roll-out)" in content


def test_a_stage_change_is_recorded_in_place(owner_client: Client, vw: World) -> None:
    data = {"stage": "expansion", "changed_on": "2025-03-01", "note": "Second site"}
    response = post(owner_client, vw, "stage_save", "lifecycle", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert parts(content) == (["lifecycle"], ["value-meta"])
    assert "Stage recorded: Expansion from 2025-03-01." in content
    assert "Lifecycle stage: Expansion" in content
    assert "Stage: <strong>Expansion</strong>" in content  # the header
    assert "Move from bow-tie to diamond" in content  # the stage's guidance

    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    with Unchanged():
        refused = post(
            owner_client,
            vw,
            "stage_save",
            "lifecycle",
            {"stage": "commitment", "changed_on": tomorrow},
        )
    assert refused.status_code == 422
    assert parts(refused.content.decode()) == (["lifecycle"], [])
    assert "A stage change cannot be dated in the future." in refused.content.decode()
    assert StageChange.objects.count() == 1


def test_clv_inputs_are_saved_in_place(owner_client: Client, vw: World) -> None:
    with Unchanged():
        refused = post(
            owner_client,
            vw,
            "inputs_save",
            "value",
            {"retention_rate": "1.2", "discount_rate": "0.1", "clv_horizon_years": "3"},
        )
    assert refused.status_code == 422
    assert parts(refused.content.decode()) == (["value"], [])
    assert "Retention rate must be a fraction from 0 to 0.999" in refused.content.decode()

    data = {"retention_rate": "0.9", "discount_rate": "0.1", "clv_horizon_years": "3"}
    response = post(owner_client, vw, "inputs_save", "value", data)
    content = response.content.decode()
    assert parts(content) == (["value"], [])
    assert "CLV inputs saved." in content
    assert "630,000" in content  # 140,000 x 0.9 / (1 + 0.1 - 0.9), no horizon
    assert 'id="whatif"' in content  # the what-if comes along, at the new rates


def test_a_period_is_added_edited_and_deleted_in_place(owner_client: Client, vw: World) -> None:
    data = {
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "revenue": "200000",
        "gross_margin": "50000",
        "cost_to_serve": "5000",
    }
    response = post(owner_client, vw, "financials_save", "financials", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert parts(content) == (["financials"], ["value"])
    assert "Figures for 2026-01-01 to 2026-03-31 saved." in content
    assert "200,000.00" in content  # the new row
    assert FinancialPeriod.objects.count() == 5

    period = FinancialPeriod.objects.get(period_start=dt.date(2026, 1, 1))
    editing = owner_client.get(url(vw) + f"?period={period.pk}", headers=htmx("financials"))
    assert parts(editing.content.decode()) == (["financials"], [])
    assert "Edit the period from" in editing.content.decode()
    assert 'value="2026-01-01"' in editing.content.decode()
    assert 'value="200000.00"' in editing.content.decode()

    deleted = post(owner_client, vw, "financials_delete", "financials", {}, pk=period.pk)
    assert deleted.status_code == 200
    assert parts(deleted.content.decode()) == (["financials"], ["value"])
    assert "Figures for 2026-01-01 to 2026-03-31 deleted." in deleted.content.decode()
    assert not FinancialPeriod.objects.filter(pk=period.pk).exists()


def test_bad_figures_are_refused_in_place(owner_client: Client, vw: World) -> None:
    data = {
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "revenue": "1000",
        "gross_margin": "1500",
        "cost_to_serve": "0",
    }
    with Unchanged():
        response = post(owner_client, vw, "financials_save", "financials", data)
    assert response.status_code == 422
    content = response.content.decode()
    assert parts(content) == (["financials"], [])
    assert "Gross margin cannot be more than revenue." in content
    assert 'value="1500"' in content

    text = "period_start,period_end,revenue,gross_margin,cost_to_serve\nsomeday,2026-09-30,1,1,0\n"
    with Unchanged():
        upload = post(
            owner_client, vw, "financials_upload", "financials", {"file": csv_file(text, "bad.csv")}
        )
    assert upload.status_code == 422
    assert parts(upload.content.decode()) == (["financials"], [])
    assert "bad.csv line 2:" in upload.content.decode()
    assert "Nothing was imported." in upload.content.decode()


def test_a_csv_imported_with_htmx_updates_the_value(owner_client: Client, vw: World) -> None:
    text = (
        "period_start,period_end,revenue,gross_margin,cost_to_serve\n"
        "2026-01-01,2026-03-31,150000,60000,6000\n"
    )
    response = post(owner_client, vw, "financials_upload", "financials", {"file": csv_file(text)})
    assert response.status_code == 200
    assert parts(response.content.decode()) == (["financials"], ["value"])
    assert "1 created" in response.content.decode()


def test_every_form_but_the_teams_posts_with_htmx_and_still_works_without(
    owner_client: Client, vw: World
) -> None:
    content = owner_client.get(url(vw)).content.decode()
    for name, target in (
        ("scores_save", "scores"),
        ("tier_save", "tier"),
        ("stage_save", "lifecycle"),
        ("inputs_save", "value"),
        ("financials_save", "financials"),
        ("financials_upload", "financials"),
    ):
        action = url(vw, name)
        assert f'action="{action}"' in content  # the plain post, without JavaScript
        assert f'hx-post="{action}" ' in content
        assert re.search(rf'hx-post="{re.escape(action)}"[^>]* hx-target="#{target}"', content)
    team = reverse("portfolio:team_add", kwargs={"account_pk": vw.account.pk})
    assert f'hx-post="{team}"' not in content


def test_a_read_only_member_cannot_write_with_htmx(client: Client, vw: World) -> None:
    client.force_login(vw.viewer)
    before = AuditEntry.objects.count()
    response = post(client, vw, "scores_save", "scores", scores("8"))
    assert response.status_code == 403
    assert AuditEntry.objects.count() == before

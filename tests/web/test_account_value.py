"""An account's "Value & tier" page: scores that move it in the matrix, tier override,
lifecycle stage, financials (form and CSV), CLV inputs, the retention what-if and the
account team. Bad input is shown next to its field and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relmap.accounts import selectors
from relmap.accounts.models import Account, AccountMembership, FinancialPeriod, StageChange
from relmap.analytics.value import retention_what_if
from relmap.core.models import AuditEntry
from relmap.stakeholders.models import Stakeholder

from .conftest import World, htmx

pytestmark = pytest.mark.django_db


def url(w: World, name: str = "value", **extra: Any) -> str:
    return reverse(f"portfolio:{name}", kwargs={"account_pk": w.account.pk, **extra})


def scores(value: str, axis: str | None = None, other: str = "") -> dict[str, str]:
    data = {}
    for c in selectors.criteria():
        data[f"score_{c.pk}"] = value if axis in (None, c.axis) else other
        data[f"rationale_{c.pk}"] = f"{c.name} evidence"
    return data


class Unchanged:
    """Asserts that nothing was written between ``with`` and its end."""

    def __enter__(self) -> Unchanged:
        self.before = AuditEntry.objects.count()
        return self

    def __exit__(self, *exc: object) -> None:
        assert AuditEntry.objects.count() == self.before


def test_the_page_shows_placement_value_stage_and_team(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    content = client.get(url(vw)).content.decode()
    assert "KAM portfolio matrix (McDonald)" in content
    assert "Not yet placed" in content
    assert "Recommended strategies" in content
    assert "Score the account on attractiveness" in content  # identification guidance
    assert "CLV = m · r / (1 + d \u2212 r)" in content
    assert "Gupta &amp; Lehmann" in content
    assert "460,000" in content  # annual revenue
    assert 'id="whatif"' in content
    assert "mateo" in content
    assert "Sales" in content


def test_scores_move_the_account_to_another_quadrant(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    response = client.post(url(vw, "scores_save"), scores("8", "attractiveness", other="3"))
    assert response.status_code == 302
    vw.account.refresh_from_db()
    assert vw.account.quadrant == "star"
    response = client.post(url(vw, "scores_save"), scores("8"), follow=True)
    vw.account.refresh_from_db()
    assert vw.account.quadrant == "strategic"
    content = response.content.decode()
    assert "Northwind Health is now Strategic in the portfolio matrix." in content
    assert "Attractiveness 8/10" in content  # the axis' explanation
    assert "Invest, grow" in content  # the quadrant policy
    assert len(response.context["history"]) == 2  # star, then strategic


def payload(content: str, script_id: str) -> Any:
    """A chart's data as the page hands it to charts.js (json_script)."""
    match = re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', content)
    assert match, f"no {script_id} on the page"
    return json.loads(match.group(1))


def test_the_charts_get_their_data_from_the_page(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    client.post(url(vw, "scores_save"), scores("8", "attractiveness", other="3"))
    client.post(url(vw, "scores_save"), scores("8"))
    content = client.get(url(vw) + "?retention=0.9").content.decode()

    trail = payload(content, "matrix-trail-data")
    assert 'data-chart="trail" data-payload="matrix-trail-data"' in content
    assert [(p["quadrant"], p["attractiveness"], p["strength"]) for p in trail["points"]] == [
        ("star", 8.0, 3.0),
        ("strategic", 8.0, 8.0),
    ]
    assert trail["frame"]["high_strength_left"] is True

    revenue = payload(content, "revenue-chart-data")
    assert 'data-chart="revenue" data-payload="revenue-chart-data"' in content
    assert revenue["currency"] == "GBP"
    assert [p["revenue"] for p in revenue["periods"]] == [100_000, 110_000, 120_000, 130_000]
    assert revenue["periods"][0]["label"] == "Period to 31 Mar 2025"

    whatif = payload(content, "whatif-chart-data")
    assert 'data-chart="whatif" data-payload="whatif-chart-data"' in content
    assert whatif["rates"] == [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]
    assert whatif["chosen"] == 0.9
    ((_r, clv_inf, clv_fin),) = retention_what_if(140_000, 0.1, [0.9], 5)
    assert whatif["infinite"][8] == pytest.approx(clv_inf)
    assert whatif["finite"][8] == pytest.approx(clv_fin)


def test_a_score_of_eleven_is_refused_next_to_its_field(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    data = scores("7")
    first = selectors.criteria()[0]
    data[f"score_{first.pk}"] = "11"
    with Unchanged():
        response = client.post(url(vw, "scores_save"), data)
    assert response.status_code == 422
    errors = response.context["forms"]["scores"].errors
    assert errors[f"score_{first.pk}"] == [
        "A score must be a number from 0 (worst) to 10 (best), in steps of 0.1."
    ]
    assert not vw.account.scores.exists()


def test_a_score_without_a_rationale_is_refused_next_to_its_rationale(
    client: Client, vw: World
) -> None:
    client.force_login(vw.owner)
    data = scores("7")
    first = selectors.criteria()[0]
    data[f"rationale_{first.pk}"] = "   "
    with Unchanged():
        response = client.post(url(vw, "scores_save"), data)
    assert response.status_code == 422
    errors = response.context["forms"]["scores"].errors
    assert errors[f"rationale_{first.pk}"] == [
        "The score of 7 needs a rationale: say why, with the evidence."
    ]
    assert "say why, with the evidence" in response.content.decode()
    assert not vw.account.scores.exists()
    # Removing a score (blank) needs no rationale.
    data[f"score_{first.pk}"] = ""
    assert client.post(url(vw, "scores_save"), data).status_code == 302
    assert vw.account.scores.count() == len(selectors.criteria()) - 1


def test_an_override_needs_a_reason(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    with Unchanged():
        response = client.post(url(vw, "tier_save"), {"tier_override": "strategic"})
    assert response.status_code == 422
    assert response.context["forms"]["tier"].errors["tier_override_reason"] == [
        "Say why the tier is overridden."
    ]
    vw.account.refresh_from_db()
    assert vw.account.tier_override == ""
    ok = client.post(
        url(vw, "tier_save"),
        {"tier_override": "strategic", "tier_override_reason": "Group-wide roll-out"},
    )
    assert ok.status_code == 302
    vw.account.refresh_from_db()
    assert (vw.account.tier, vw.account.tier_override_reason) == (
        "strategic",
        "Group-wide roll-out",
    )


def test_a_stage_change_is_dated_and_guided(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    response = client.post(
        url(vw, "stage_save"),
        {"stage": "expansion", "changed_on": "2025-03-01", "note": "Second site"},
        follow=True,
    )
    vw.account.refresh_from_db()
    assert vw.account.lifecycle_stage == "expansion"
    content = response.content.decode()
    assert "Lifecycle stage: Expansion" in content
    assert "Move from bow-tie to diamond" in content
    assert "Second site" in content


def test_a_stage_change_in_the_future_is_refused(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with Unchanged():
        response = client.post(
            url(vw, "stage_save"), {"stage": "commitment", "changed_on": tomorrow.isoformat()}
        )
    assert response.status_code == 422
    assert response.context["forms"]["stage"].errors["changed_on"] == [
        "A stage change cannot be dated in the future."
    ]
    assert not StageChange.objects.exists()


def test_a_margin_above_revenue_is_refused(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    data = {
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "revenue": "1000",
        "gross_margin": "1500",
        "cost_to_serve": "0",
    }
    with Unchanged():
        response = client.post(url(vw, "financials_save"), data)
    assert response.status_code == 422
    assert response.context["forms"]["financials"].errors["gross_margin"] == [
        "Gross margin cannot be more than revenue."
    ]
    assert FinancialPeriod.objects.count() == 4


def test_a_period_ending_before_it_starts_is_refused(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    data = {
        "period_start": "2026-03-31",
        "period_end": "2026-01-01",
        "revenue": "1000",
        "gross_margin": "100",
        "cost_to_serve": "0",
    }
    with Unchanged():
        response = client.post(url(vw, "financials_save"), data)
    assert "A period cannot end before it starts." in response.content.decode()


def test_a_period_is_edited_and_deleted(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    period = FinancialPeriod.objects.get(period_start=dt.date(2025, 1, 1))
    page = client.get(url(vw) + f"?period={period.pk}")
    assert page.context["forms"]["financials"].initial["revenue"] == Decimal(100_000)
    data = {
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "revenue": "90000",
        "gross_margin": "30000",
        "cost_to_serve": "4000",
    }
    assert client.post(url(vw, "financials_save"), data).status_code == 302
    period.refresh_from_db()
    assert period.revenue == Decimal(90_000)
    client.post(url(vw, "financials_delete", pk=period.pk))
    assert not FinancialPeriod.objects.filter(pk=period.pk).exists()


def csv_file(text: str, name: str = "figures.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_csv_is_imported_once(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    text = (
        "period_start,period_end,revenue,gross_margin,cost_to_serve\n"
        "2026-01-01,2026-03-31,150000,60000,6000\n"
        "2026-04-01,2026-06-30,160000,61000,6000\n"
    )
    first = client.post(url(vw, "financials_upload"), {"file": csv_file(text)}, follow=True)
    assert "2 created" in first.content.decode()
    assert FinancialPeriod.objects.count() == 6
    with Unchanged():
        again = client.post(url(vw, "financials_upload"), {"file": csv_file(text)}, follow=True)
    assert "Nothing changed" in again.content.decode()


def test_a_bad_csv_lists_every_line_and_writes_nothing(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    text = (
        "period_start,period_end,revenue,gross_margin,cost_to_serve\n"
        "2026-01-01,2026-03-31,150000,60000,6000\n"
        "2026-04-01,2026-06-30,100,500,0\n"
        "someday,2026-09-30,1,1,0\n"
    )
    with Unchanged():
        response = client.post(url(vw, "financials_upload"), {"file": csv_file(text, "bad.csv")})
    assert response.status_code == 422
    errors = response.context["forms"]["upload"].errors["file"]
    assert any(e.startswith("bad.csv line 3:") for e in errors)
    assert any(e.startswith("bad.csv line 4:") for e in errors)
    assert errors[-1] == "Nothing was imported."
    assert FinancialPeriod.objects.count() == 4


def test_clv_inputs_are_checked_at_the_boundary(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    with Unchanged():
        response = client.post(
            url(vw, "inputs_save"),
            {"retention_rate": "1.2", "discount_rate": "0.1", "clv_horizon_years": "0"},
        )
    assert response.status_code == 422
    errors = response.context["forms"]["inputs"].errors
    assert errors["retention_rate"] == [
        "Retention rate must be a fraction from 0 to 0.999 (e.g. 0.8 for 80 percent)."
    ]
    assert errors["clv_horizon_years"] == ["The CLV horizon must be 1 to 30 years."]
    ok = client.post(
        url(vw, "inputs_save"),
        {"retention_rate": "0.9", "discount_rate": "0.08", "clv_horizon_years": "3"},
    )
    assert ok.status_code == 302
    vw.account.refresh_from_db()
    assert (vw.account.retention_rate, vw.account.clv_horizon_years) == (Decimal("0.9"), 3)


def test_the_what_if_recomputes_clv_for_the_chosen_retention(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    response = client.get(url(vw) + "?retention=0.9", headers=htmx("whatif"))
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="whatif"')
    assert "<html" not in content
    margin = selectors.value_of(vw.account).annual_contribution
    assert margin is not None
    assert margin == pytest.approx(140_000)  # 4 x (40,000 - 5,000)
    ((_r, clv_inf, clv_fin),) = retention_what_if(margin, 0.1, [0.9], 5)
    assert f"{clv_inf:,.0f}" in content  # 140,000 x 0.9 / 0.2 = 630,000
    assert f"{clv_fin:,.0f}" in content
    assert content.count("<tr") == 11  # header + r = 0.50 ... 0.95
    bad = client.get(url(vw) + "?retention=1.5", headers=htmx("whatif"))
    assert "Retention must be a fraction from 0 to 0.99." in bad.content.decode()


def test_a_team_member_joins_the_team_and_the_map(
    client: Client, vw: World, make_user: Any
) -> None:
    lawyer = make_user("lars", first_name="Lars", last_name="Lund")
    client.force_login(vw.owner)
    response = client.post(url(vw, "team_add"), {"username": "lars", "role": "legal"}, follow=True)
    assert "Lars Lund joined the team as Legal" in response.content.decode()
    membership = AccountMembership.objects.get(account=vw.account, user=lawyer)
    assert membership.role == "legal"
    assert membership.stakeholder_id is not None
    person = Stakeholder.objects.get(pk=membership.stakeholder_id)
    assert (person.side, person.account_id) == ("internal", vw.account.pk)
    client.post(url(vw, "team_remove", user_pk=lawyer.pk))
    assert not AccountMembership.objects.filter(user=lawyer).exists()
    assert Stakeholder.objects.filter(pk=person.pk).exists()  # people stay on the map


def test_a_new_function_shows_on_the_map(client: Client, vw: World, make_user: Any) -> None:
    make_user("lars", first_name="Lars", last_name="Lund")
    client.force_login(vw.owner)
    client.post(url(vw, "team_add"), {"username": "lars", "role": "legal"})
    response = client.post(url(vw, "team_add"), {"username": "lars", "role": "finance"})
    assert response.status_code == 302
    membership = AccountMembership.objects.get(account=vw.account, user__username="lars")
    assert membership.role == "finance"
    person = Stakeholder.objects.get(membership=membership)
    assert (person.title, person.department) == ("Finance", "Finance")
    assert AuditEntry.objects.filter(
        action="relmap.stakeholder.updated", object_id=person.pk, after__title="Finance"
    ).exists()


def test_an_unknown_username_is_refused(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    with Unchanged():
        response = client.post(url(vw, "team_add"), {"username": "nobody", "role": "legal"})
    assert response.status_code == 422
    assert response.context["forms"]["team"].errors["username"] == [
        "Nobody has the username 'nobody'."
    ]


def test_the_owner_cannot_be_removed(client: Client, vw: World) -> None:
    client.force_login(vw.owner)
    with Unchanged():
        response = client.post(url(vw, "team_remove", user_pk=vw.owner.pk), follow=True)
    assert "The account owner cannot leave the team" in response.content.decode()
    assert Account.objects.get(pk=vw.account.pk).memberships.filter(user=vw.owner).exists()


def test_a_read_only_member_sees_no_forms(client: Client, vw: World) -> None:
    client.force_login(vw.viewer)
    content = client.get(url(vw)).content.decode()
    assert "Read only" in content
    assert "Save tier" not in content
    assert "Upload a CSV" not in content
    assert "Add to the team" not in content

"""A map past its review cadence is flagged stale wherever the account appears: the
accounts list, the account's map, the portfolio table and its CSV. The cadence is the
tier's (portfolio tier policies), else the monitoring setting. Findings lists carry a
"Raise an action" link to the improvement action form, for those who may edit."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relmap.accounts.portfolio_services import tier_override_set
from relmap.accounts.services import account_create
from relmap.monitoring.health import review_cadence_default_set
from relmap.monitoring.history import review_create
from relmap.monitoring.models import MapReview
from relmap.monitoring.staleness import staleness_of
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


def reviewed_days_ago(actor: Any, account: Any, days: int) -> None:
    review = review_create(actor=actor, account=account)
    MapReview.objects.filter(pk=review.pk).update(
        reviewed_at=review.reviewed_at - dt.timedelta(days=days)
    )


def state_cell(body: str, account: Any) -> str:
    """The row of ``account`` in a table of accounts."""
    start = body.index(f'data-account="{account.pk}"')
    return body[start : body.index("</tr>", start)]


@pytest.fixture
def three(owner: Any, superuser: Any, account: Any) -> dict[str, Any]:
    """Northwind (no tier) never reviewed; Acme (star: every 90 days) reviewed 100 days
    ago; Tiny (streamline: every 365 days) reviewed 100 days ago."""
    acme = account_create(actor=owner, name="Acme Foods", owner=owner)
    tiny = account_create(actor=owner, name="Tiny Traders", owner=owner)
    tier_override_set(actor=superuser, account=acme, tier="star", reason="New market")
    tier_override_set(actor=superuser, account=tiny, tier="streamline", reason="Small")
    reviewed_days_ago(owner, acme, 100)
    reviewed_days_ago(owner, tiny, 100)
    acme.refresh_from_db()
    tiny.refresh_from_db()
    return {"northwind": account, "acme": acme, "tiny": tiny}


def test_the_cadence_is_the_tiers_else_the_setting(superuser: Any, three: dict[str, Any]) -> None:
    states = staleness_of(three.values())
    northwind, acme, tiny = (states[a.pk] for a in three.values())
    assert northwind.stale
    assert northwind.last_review is None
    assert acme.stale
    assert acme.cadence_days == 90
    assert "star tier" in acme.cadence_source
    assert not tiny.stale
    assert tiny.cadence_days == 365
    assert tiny.due_on == timezone.localdate() - dt.timedelta(days=100) + dt.timedelta(365)
    reviewed_days_ago(superuser, three["northwind"], 100)
    assert staleness_of([three["northwind"]])[three["northwind"].pk].stale  # 90 by default
    review_cadence_default_set(actor=superuser, days=120)
    assert not staleness_of([three["northwind"]])[three["northwind"].pk].stale


def test_the_accounts_list_flags_stale_maps(
    client: Client, owner: Any, three: dict[str, Any]
) -> None:
    client.force_login(owner)
    body = client.get(reverse("accounts:list")).content.decode()
    assert "Map never reviewed" in state_cell(body, three["northwind"])
    assert "Map review overdue" in state_cell(body, three["acme"])
    tiny = state_cell(body, three["tiny"])
    assert 'data-stale="false"' in tiny
    assert "Reviewed" in tiny
    assert "2 of your 3 accounts have maps past their review cadence" in body
    history = reverse("monitoring:history", kwargs={"account_pk": three["acme"].pk})
    assert f'href="{history}#reviews"' in state_cell(body, three["acme"])


def test_the_map_page_shows_the_review_state(
    client: Client, owner: Any, three: dict[str, Any]
) -> None:
    client.force_login(owner)
    for key, text in (("acme", "Map review overdue"), ("tiny", "Reviewed")):
        url = reverse("stakeholders:map", kwargs={"account_pk": three[key].pk})
        body = client.get(url).content.decode()
        head = body[body.index('id="map-review"') :][:600]
        assert text in head


def test_the_portfolio_table_and_its_csv_flag_stale_maps(
    client: Client, owner: Any, three: dict[str, Any]
) -> None:
    client.force_login(owner)
    body = client.get(reverse("portfolio:dashboard")).content.decode()
    assert "Map review overdue" in state_cell(body, three["acme"])
    assert 'data-stale="false"' in state_cell(body, three["tiny"])
    export = client.get(reverse("portfolio:dashboard") + "?format=csv").content.decode()
    rows = {r["account"]: r for r in csv.DictReader(io.StringIO(export))}
    reviewed_on = (timezone.localdate() - dt.timedelta(days=100)).isoformat()
    assert rows["Acme Foods"]["map_stale"] == "yes"
    assert rows["Acme Foods"]["map_last_reviewed"] == reviewed_on
    assert rows["Tiny Traders"]["map_stale"] == "no"
    assert rows["Northwind Health"]["map_last_reviewed"] == ""
    assert rows["Northwind Health"]["map_review_due"] == ""
    assert rows["Northwind Health"]["map_stale"] == "yes"


def test_an_outsider_sees_no_review_state_of_others(
    client: Client, outsider: Any, three: dict[str, Any]
) -> None:
    client.force_login(outsider)
    body = client.get(reverse("accounts:list")).content.decode()
    assert "Acme Foods" not in body
    assert "Map review overdue" not in body
    export = client.get(reverse("portfolio:dashboard") + "?format=csv").content.decode()
    assert list(csv.DictReader(io.StringIO(export))) == []


def test_map_findings_raise_an_action_in_one_click(client: Client, world: World) -> None:
    map_url = reverse("stakeholders:map", kwargs={"account_pk": world.account.pk})
    client.force_login(world.member)
    response = client.get(map_url)
    body = response.content.decode()
    finding = response.context["finding_groups"][0]["items"][0]["finding"]
    home = reverse("monitoring:home", kwargs={"account_pk": world.account.pk})
    assert f'href="{home}?raise_finding=' in body
    raised = client.get(home, {"raise_finding": finding.title})
    form = raised.context["forms"]["action"]
    assert form.initial["description"] == finding.title
    assert form.initial["origin"] == "finding"
    assert raised.context["raising"]  # the form is open
    client.force_login(world.viewer)  # read only: no link
    assert "raise_finding" not in client.get(map_url).content.decode()
    assert not client.get(home, {"raise_finding": finding.title}).context["raising"]


def test_engagement_findings_raise_an_action(client: Client, world: World) -> None:
    client.force_login(world.owner)
    response = client.get(reverse("engagement:home", kwargs={"account_pk": world.account.pk}))
    findings = response.context["touchpoints"].findings
    assert findings  # nobody has been engaged on this map
    assert "raise_finding=" in response.content.decode()


def test_only_portfolio_managers_get_the_link_to_change_the_weights(
    client: Client, world: World, superuser: Any
) -> None:
    home = reverse("monitoring:home", kwargs={"account_pk": world.account.pk})
    settings = reverse("monitoring_settings:page")
    client.force_login(superuser)
    assert f'href="{settings}#weights"' in client.get(home).content.decode()
    client.force_login(world.owner)  # owns the account, does not manage the portfolio
    assert f'href="{settings}#weights"' not in client.get(home).content.decode()

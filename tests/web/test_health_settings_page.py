"""The monitoring settings page: the health score's weights (one per component, adding up
to 100, or nothing is saved), restoring the default weights, and the default review
cadence of accounts without a tier.

Like the portfolio settings: everyone logged in reads the page; sales leaders and
administrators change it; account managers, team members, viewers and outsiders get 403
on every write and anonymous users are sent to log in. A URL added to the namespace but
missing from ROUTES fails ``test_every_url_of_the_page_is_in_the_table``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils.html import escape

from relmap.analytics.health import COMPONENTS, DEFAULT_WEIGHTS, LABELS, MEASURES
from relmap.core.models import AuditEntry
from relmap.monitoring.health import account_health, health_weights_set
from relmap.monitoring.models import MonitoringSettings

from .conftest import World

pytestmark = pytest.mark.django_db

PAGE = reverse("monitoring_settings:page")
WEIGHTS = reverse("monitoring_settings:weights_save")
DEFAULTS = reverse("monitoring_settings:weights_defaults")
CADENCE = reverse("monitoring_settings:cadence_save")

ONLY_COVERAGE = dict.fromkeys(COMPONENTS, 0) | {"coverage": 100}


def weights_post(**changes: Any) -> dict[str, Any]:
    """The form's data: the default weights, with ``changes``."""
    return {name: str(weight) for name, weight in DEFAULT_WEIGHTS.items()} | {
        name: str(value) for name, value in changes.items()
    }


def saved() -> tuple[dict[str, float], int, int]:
    """What the page could change: the weights, the cadence, and the audit log's length."""
    row = MonitoringSettings.load()
    return dict(row.health_weights), row.default_review_cadence_days, AuditEntry.objects.count()


@dataclass
class People:
    w: World
    leader: Any
    outsider: Any
    superuser: Any

    def get(self, persona: str) -> Any:
        return getattr(self, persona, None) or getattr(self.w, persona)


@pytest.fixture
def people(world: World, make_user: Any, outsider: Any, superuser: Any) -> People:
    from relmap.accounts.models import SalesTeam

    leader = make_user("lena")
    SalesTeam.objects.create(name="Key accounts", leader=leader).members.add(world.owner)
    return People(world, leader, outsider, superuser)


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    data: Callable[[], dict[str, Any]] = field(default=lambda: {})
    success: int = 200

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}"

    def call(self, client: Client) -> Any:
        url = reverse(self.name)
        return client.get(url) if self.method == "GET" else client.post(url, self.data())


ROUTES = [
    Route("monitoring_settings:page", "GET"),
    Route(
        "monitoring_settings:weights_save",
        "POST",
        data=lambda: weights_post(**ONLY_COVERAGE),
        success=302,
    ),
    Route("monitoring_settings:weights_defaults", "POST", success=302),
    Route(
        "monitoring_settings:cadence_save",
        "POST",
        data=lambda: {"default_review_cadence_days": "30"},
        success=302,
    ),
]
WRITES = [r for r in ROUTES if r.method == "POST"]
MANAGERS = ["leader", "superuser"]
OTHERS = ["owner", "member", "viewer", "outsider"]


def ids(routes: list[Route]) -> list[str]:
    return [r.id for r in routes]


def test_every_url_of_the_page_is_in_the_table() -> None:
    _prefix, sub = get_resolver().namespace_dict["monitoring_settings"]
    names = {f"monitoring_settings:{key}" for key in sub.reverse_dict if isinstance(key, str)}
    missing = names - {r.name for r in ROUTES}
    assert not missing, f"Add these URLs to ROUTES in {__file__}: {sorted(missing)}"


def test_every_component_says_what_it_measures() -> None:
    assert set(MEASURES) == set(COMPONENTS)


# Reading --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS + OTHERS)
def test_everyone_logged_in_reads_each_component_its_weight_and_default(
    client: Client, people: People, persona: str
) -> None:
    health_weights_set(
        actor=people.superuser, weights=dict(DEFAULT_WEIGHTS) | {"coverage": 25, "csat": 0}
    )
    client.force_login(people.get(persona))
    response = client.get(PAGE)
    assert response.status_code == 200
    content = response.content.decode()
    for name in COMPONENTS:
        assert LABELS[name] in content
        assert escape(MEASURES[name]) in content
    rows = {c["name"]: c for c in response.context["components"]}
    assert (rows["coverage"]["weight"], rows["coverage"]["default"]) == (25, 20)
    assert (rows["csat"]["weight"], rows["csat"]["default"]) == (0, 5)
    assert "Accounts with a tier follow their tier" in content
    assert reverse("portfolio:settings") + "#policies" in content
    assert people.w.account.name not in content


@pytest.mark.parametrize("persona", MANAGERS + OTHERS)
def test_only_leaders_and_administrators_get_the_forms(
    client: Client, people: People, persona: str
) -> None:
    client.force_login(people.get(persona))
    content = client.get(PAGE).content.decode()
    manages = persona in MANAGERS
    assert ("Save the weights" in content) is manages
    assert ('name="coverage"' in content) is manages
    assert ("Restore the default weights" in content) is manages
    assert ("Save the cadence" in content) is manages
    assert ("Read only:" in content) is not manages


def test_the_portfolio_settings_link_to_the_page(client: Client, people: People) -> None:
    client.force_login(people.w.owner)
    assert f'href="{PAGE}"' in client.get(reverse("portfolio:settings")).content.decode()


# The weights ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_a_leader_or_administrator_saves_the_weights(
    client: Client, people: People, persona: str
) -> None:
    actor = people.get(persona)
    client.force_login(actor)
    response = client.post(WEIGHTS, weights_post(coverage="12.5", attitude="22.5"))
    assert response.status_code == 302
    assert response["Location"] == PAGE + "#weights"
    weights = MonitoringSettings.load().health_weights
    assert (weights["coverage"], weights["attitude"], weights["nps"]) == (12.5, 22.5, 10.0)
    entry = AuditEntry.objects.get(action="relmap.health.weights_changed")
    assert entry.actor_id == actor.pk
    assert (entry.before["coverage"], entry.after["coverage"]) == (20, 12.5)
    page = client.get(PAGE)
    assert "Health weights saved" in page.content.decode()
    assert {c["name"]: c["weight"] for c in page.context["components"]}["coverage"] == 12.5


def test_the_saved_weights_are_those_of_every_accounts_score(
    client: Client, people: People
) -> None:
    client.force_login(people.leader)
    client.post(WEIGHTS, weights_post(**ONLY_COVERAGE))
    # Ann (power 5) is covered, Cat (power 4) is not: coverage 50, the only weight left.
    assert account_health(people.w.account).score == 50.0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"coverage": "10"}, "The weights: the weights add up to 90, not 100."),
        ({"coverage": "-10", "attitude": "45"}, "negative weight(s): coverage"),
        ({"coverage": "twenty"}, "A weight is a number of percent, such as 15"),
        ({"coverage": ""}, "A weight is a number of percent, such as 15"),
    ],
    ids=["sum-90", "negative", "text", "empty"],
)
def test_bad_weights_are_shown_with_what_was_typed_and_nothing_is_saved(
    client: Client, people: People, changes: dict[str, str], message: str
) -> None:
    before = saved()
    client.force_login(people.leader)
    response = client.post(WEIGHTS, weights_post(**changes))
    assert response.status_code == 422
    content = response.content.decode()
    assert message in content
    for name, value in changes.items():
        if value:
            assert f'name="{name}" value="{value}"' in content
    assert saved() == before


def test_the_total_of_what_was_typed_is_shown(client: Client, people: People) -> None:
    client.force_login(people.leader)
    response = client.post(WEIGHTS, weights_post(coverage="10"))
    assert response.context["entered_total"] == 90
    assert '<td class="num is-bad" data-total>90 %</td>' in response.content.decode()


def test_the_default_weights_are_restored(client: Client, people: People) -> None:
    health_weights_set(actor=people.superuser, weights=ONLY_COVERAGE)
    client.force_login(people.leader)
    assert "The weights differ from the defaults." in client.get(PAGE).content.decode()
    response = client.post(DEFAULTS)
    assert response.status_code == 302
    assert MonitoringSettings.load().health_weights == dict(DEFAULT_WEIGHTS)
    entry = AuditEntry.objects.filter(action="relmap.health.weights_changed").latest("id")
    assert entry.actor_id == people.leader.pk
    assert entry.before["coverage"] == 100
    content = client.get(PAGE).content.decode()
    assert "The default health weights are restored." in content
    assert "The weights are the defaults." in content


def test_restoring_the_defaults_when_they_are_in_use_changes_nothing(
    client: Client, people: People
) -> None:
    before = saved()
    client.force_login(people.leader)
    assert client.post(DEFAULTS).status_code == 302
    assert saved() == before
    assert "nothing changed" in client.get(PAGE).content.decode()


# The default review cadence -------------------------------------------------------------


@pytest.mark.parametrize("persona", MANAGERS)
def test_a_leader_or_administrator_saves_the_default_review_cadence(
    client: Client, people: People, persona: str
) -> None:
    actor = people.get(persona)
    client.force_login(actor)
    response = client.post(CADENCE, {"default_review_cadence_days": "45"})
    assert response.status_code == 302
    assert response["Location"] == PAGE + "#cadence"
    assert MonitoringSettings.load().default_review_cadence_days == 45
    entry = AuditEntry.objects.get(action="relmap.monitoring.review_cadence_changed")
    assert entry.actor_id == actor.pk
    assert (entry.before, entry.after) == (
        {"default_review_cadence_days": 90},
        {"default_review_cadence_days": 45},
    )
    content = client.get(PAGE).content.decode()
    assert "Default review cadence saved." in content
    assert "Now every 45 days (default 90)" in content


@pytest.mark.parametrize("days", ["0", "4000", "weekly", "", "7.5"])
def test_a_bad_cadence_is_shown_with_what_was_typed_and_nothing_is_saved(
    client: Client, people: People, days: str
) -> None:
    before = saved()
    client.force_login(people.superuser)
    response = client.post(CADENCE, {"default_review_cadence_days": days})
    assert response.status_code == 422
    content = response.content.decode()
    assert "The default review cadence is a whole number of days from 1 to 3650." in content
    if days:
        assert f'value="{days}"' in content
    assert saved() == before


# Who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("route", WRITES, ids=ids(WRITES))
@pytest.mark.parametrize("persona", OTHERS)
def test_account_managers_team_members_and_outsiders_change_nothing(
    client: Client, people: People, route: Route, persona: str
) -> None:
    health_weights_set(actor=people.superuser, weights=ONLY_COVERAGE)  # something to restore
    before = saved()
    client.force_login(people.get(persona))
    response = route.call(client)
    assert response.status_code == 403
    assert b"Only sales leaders and administrators change" in response.content
    assert saved() == before


@pytest.mark.parametrize("route", WRITES, ids=ids(WRITES))
@pytest.mark.parametrize("persona", MANAGERS)
def test_leaders_and_administrators_use_every_write(
    client: Client, people: People, route: Route, persona: str
) -> None:
    health_weights_set(
        actor=people.superuser, weights=dict(DEFAULT_WEIGHTS) | {"coverage": 15, "csat": 10}
    )
    before = AuditEntry.objects.count()
    client.force_login(people.get(persona))
    assert route.call(client).status_code == route.success
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.latest("id").actor_id == people.get(persona).pk


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_anonymous_users_are_sent_to_log_in(client: Client, people: People, route: Route) -> None:
    before = saved()
    response = route.call(client)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert saved() == before


def test_writes_need_a_csrf_token(people: People) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.superuser)
    before = saved()
    assert client.post(WEIGHTS, weights_post(**ONLY_COVERAGE)).status_code == 403
    assert saved() == before

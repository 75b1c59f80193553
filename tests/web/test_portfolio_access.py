"""Every URL of the portfolio namespace (dashboard, settings, "Value & tier"), for every
persona.

Account pages: owner and team member allowed; outsider 404 (nothing leaks); anonymous
users sent to log in; a read-only viewer and a sales-team leader (who sees the members'
accounts read only) may read but get 403 on writes. Portfolio-wide settings: everyone
logged in reads them; sales leaders and administrators change them (the rule of
:func:`relmap.core.visibility.can_manage_portfolio`, as in the API), everyone else
logged in gets 403 and anonymous users are sent to log in. A URL added to the namespace
but missing from ROUTES fails ``test_every_portfolio_url_is_in_the_table``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from relmap.core.models import AuditEntry

from .conftest import World

pytestmark = pytest.mark.django_db


@dataclass
class Portfolio:
    w: World
    leader: Any
    period: Any
    criteria: list[Any]
    colleague: Any


@pytest.fixture
def pw(world: World, make_user: Any) -> Portfolio:
    from relmap.accounts import selectors
    from relmap.accounts.models import SalesTeam
    from relmap.accounts.portfolio_services import (
        criteria_install_defaults,
        financial_period_set,
    )

    leader = make_user("lena")
    SalesTeam.objects.create(name="Key accounts", leader=leader).members.add(world.owner)
    criteria_install_defaults(actor=world.owner)
    period, _ = financial_period_set(
        actor=world.owner,
        account=world.account,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
        revenue=Decimal(100_000),
        gross_margin=Decimal(40_000),
        cost_to_serve=Decimal(5_000),
    )
    colleague = make_user("carla")
    return Portfolio(world, leader, period, selectors.criteria(), colleague)


Kwargs = Callable[[Portfolio], dict[str, Any]]


def on_account(p: Portfolio) -> dict[str, Any]:
    return {"account_pk": p.w.account.pk}


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    kwargs: Kwargs | None = None
    data: Callable[[Portfolio], dict[str, Any]] = field(default=lambda p: {})
    success: int = 200
    # "account": an account's page; "portfolio": portfolio-wide (settings are changed by
    # sales leaders and administrators only).
    scope: str = "account"

    @property
    def needs_edit(self) -> bool:
        return self.method == "POST"

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}"

    def url(self, p: Portfolio) -> str:
        return reverse(self.name, kwargs=self.kwargs(p) if self.kwargs else None)

    def call(self, client: Client, p: Portfolio) -> Any:
        if self.method == "GET":
            return client.get(self.url(p))
        return client.post(self.url(p), self.data(p))


def criteria_post(p: Portfolio) -> dict[str, Any]:
    rows = [c for c in p.criteria if c.axis == "strength"]
    data: dict[str, Any] = {
        "strength-TOTAL_FORMS": len(rows),
        "strength-INITIAL_FORMS": len(rows),
    }
    for i, c in enumerate(rows):
        data[f"strength-{i}-id"] = c.pk
        data[f"strength-{i}-name"] = c.name
        data[f"strength-{i}-weight"] = c.weight
    return data


def score_post(p: Portfolio, value: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for c in p.criteria:
        data[f"score_{c.pk}"] = value
        data[f"rationale_{c.pk}"] = "why"
    return data


def policies_post(p: Portfolio) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for tier, cadence in (("strategic", 14), ("star", 21), ("status", 45), ("streamline", 90)):
        data.update(
            {
                f"{tier}-touchpoint_cadence_days": cadence,
                f"{tier}-review_cadence_days": 90,
                f"{tier}-coverage_depth": "vendor",
                f"{tier}-min_team_size": 1,
            }
        )
    return data


ROUTES = [
    Route("portfolio:dashboard", "GET", scope="portfolio"),
    Route("portfolio:data", "GET", scope="portfolio"),
    Route("portfolio:settings", "GET", scope="portfolio"),
    Route(
        "portfolio:criteria_save",
        "POST",
        lambda p: {"axis": "strength"},
        data=criteria_post,
        success=302,
        scope="portfolio",
    ),
    Route("portfolio:criteria_defaults", "POST", success=302, scope="portfolio"),
    Route(
        "portfolio:cutoffs_save",
        "POST",
        data=lambda p: {
            "attractiveness_cutoff": "6",
            "strength_cutoff": "5",
            "orientation": "right",
        },
        success=302,
        scope="portfolio",
    ),
    Route("portfolio:policies_save", "POST", data=policies_post, success=302, scope="portfolio"),
    Route("portfolio:value", "GET", on_account),
    Route(
        "portfolio:scores_save",
        "POST",
        on_account,
        data=lambda p: score_post(p, "7"),
        success=302,
    ),
    Route(
        "portfolio:tier_save",
        "POST",
        on_account,
        data=lambda p: {"tier_override": "strategic", "tier_override_reason": "CEO sponsor"},
        success=302,
    ),
    Route(
        "portfolio:stage_save",
        "POST",
        on_account,
        data=lambda p: {"stage": "exploration", "changed_on": "2025-02-01", "note": "first deal"},
        success=302,
    ),
    Route(
        "portfolio:inputs_save",
        "POST",
        on_account,
        data=lambda p: {"retention_rate": "0.85", "discount_rate": "0.08", "clv_horizon_years": 4},
        success=302,
    ),
    Route(
        "portfolio:financials_save",
        "POST",
        on_account,
        data=lambda p: {
            "period_start": "2025-04-01",
            "period_end": "2025-06-30",
            "revenue": "120000",
            "gross_margin": "45000",
            "cost_to_serve": "6000",
        },
        success=302,
    ),
    Route(
        "portfolio:financials_upload",
        "POST",
        on_account,
        data=lambda p: {"file": csv_upload()},
        success=302,
    ),
    Route(
        "portfolio:financials_delete",
        "POST",
        lambda p: {**on_account(p), "pk": p.period.pk},
        success=302,
    ),
    Route(
        "portfolio:team_add",
        "POST",
        on_account,
        data=lambda p: {"username": "carla", "role": "legal"},
        success=302,
    ),
    Route(
        "portfolio:team_remove",
        "POST",
        lambda p: {**on_account(p), "user_pk": p.w.viewer.pk},
        success=302,
    ),
]


def csv_upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = (
        "period_start,period_end,revenue,gross_margin,cost_to_serve\n"
        "2025-07-01,2025-09-30,130000,50000,7000\n"
    )
    return SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv")


ACCOUNT = [r for r in ROUTES if r.scope == "account"]
ACCOUNT_READS = [r for r in ACCOUNT if not r.needs_edit]
ACCOUNT_WRITES = [r for r in ACCOUNT if r.needs_edit]
PORTFOLIO_READS = [r for r in ROUTES if r.scope == "portfolio" and not r.needs_edit]
SETTINGS_WRITES = [r for r in ROUTES if r.scope == "portfolio" and r.needs_edit]


def ids(routes: list[Route]) -> list[str]:
    return [r.id for r in routes]


def test_every_portfolio_url_is_in_the_table() -> None:
    _prefix, sub = get_resolver().namespace_dict["portfolio"]
    names = {f"portfolio:{key}" for key in sub.reverse_dict if isinstance(key, str)}
    missing = names - {r.name for r in ROUTES}
    assert not missing, f"Add these URLs to ROUTES in {__file__}: {sorted(missing)}"


@pytest.mark.parametrize("route", ACCOUNT, ids=ids(ACCOUNT))
@pytest.mark.parametrize("persona", ["owner", "member"])
def test_team_members_may_use_the_account_pages(
    client: Client, pw: Portfolio, route: Route, persona: str
) -> None:
    client.force_login(getattr(pw.w, persona))
    response = route.call(client, pw)
    assert response.status_code == route.success, response.content[:800]


@pytest.mark.parametrize("route", ACCOUNT, ids=ids(ACCOUNT))
def test_an_outsider_gets_not_found(
    client: Client, pw: Portfolio, outsider: Any, route: Route
) -> None:
    client.force_login(outsider)
    before = AuditEntry.objects.count()
    assert route.call(client, pw).status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_anonymous_users_are_sent_to_log_in(client: Client, pw: Portfolio, route: Route) -> None:
    before = AuditEntry.objects.count()
    response = route.call(client, pw)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    "route", ACCOUNT_READS + PORTFOLIO_READS, ids=ids(ACCOUNT_READS + PORTFOLIO_READS)
)
@pytest.mark.parametrize("persona", ["viewer", "leader"])
def test_viewers_and_leaders_can_read(
    client: Client, pw: Portfolio, route: Route, persona: str
) -> None:
    client.force_login(pw.leader if persona == "leader" else pw.w.viewer)
    assert route.call(client, pw).status_code == 200


@pytest.mark.parametrize("route", ACCOUNT_WRITES, ids=ids(ACCOUNT_WRITES))
@pytest.mark.parametrize("persona", ["viewer", "leader"])
def test_viewers_and_leaders_cannot_write(
    client: Client, pw: Portfolio, route: Route, persona: str
) -> None:
    client.force_login(pw.leader if persona == "leader" else pw.w.viewer)
    before = AuditEntry.objects.count()
    response = route.call(client, pw)
    assert response.status_code == 403
    assert b"read-only access" in response.content
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", PORTFOLIO_READS, ids=ids(PORTFOLIO_READS))
def test_an_outsider_reads_the_portfolio_pages_without_our_accounts(
    client: Client, pw: Portfolio, outsider: Any, route: Route
) -> None:
    client.force_login(outsider)
    response = route.call(client, pw)
    assert response.status_code == 200
    assert pw.w.account.name.encode() not in response.content


@pytest.mark.parametrize("route", SETTINGS_WRITES, ids=ids(SETTINGS_WRITES))
@pytest.mark.parametrize("persona", ["owner", "member", "viewer", "outsider"])
def test_account_managers_and_team_members_may_not_change_portfolio_settings(
    client: Client, pw: Portfolio, outsider: Any, route: Route, persona: str
) -> None:
    client.force_login(outsider if persona == "outsider" else getattr(pw.w, persona))
    before = AuditEntry.objects.count()
    response = route.call(client, pw)
    assert response.status_code == 403
    assert b"Only sales leaders and administrators" in response.content
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("route", SETTINGS_WRITES, ids=ids(SETTINGS_WRITES))
def test_a_sales_leader_may_change_portfolio_settings(
    client: Client, pw: Portfolio, route: Route
) -> None:
    from relmap.accounts.models import SelectionCriterion

    if route.name == "portfolio:criteria_defaults":
        # Something to install: the fixture installed the recommended criteria already.
        SelectionCriterion.objects.filter(axis="attractiveness").delete()
    client.force_login(pw.leader)
    before = AuditEntry.objects.count()
    response = route.call(client, pw)
    assert response.status_code == route.success, response.content[:800]
    assert AuditEntry.objects.count() > before
    assert AuditEntry.objects.order_by("-id")[0].actor_id == pw.leader.pk


@pytest.mark.parametrize("persona", ["leader", "owner"])
def test_the_settings_page_offers_forms_to_those_who_may_save_them(
    client: Client, pw: Portfolio, persona: str
) -> None:
    client.force_login(pw.leader if persona == "leader" else pw.w.owner)
    content = client.get(reverse("portfolio:settings")).content.decode()
    manages = persona == "leader"
    assert ("Save tier policies" in content) is manages
    assert ("Read only:" in content) is not manages


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_an_administrator_may_use_it(
    client: Client, pw: Portfolio, superuser: Any, route: Route
) -> None:
    client.force_login(superuser)
    assert route.call(client, pw).status_code == route.success


def test_settings_writes_need_a_csrf_token(pw: Portfolio, superuser: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    response = client.post(reverse("portfolio:criteria_defaults"))
    assert response.status_code == 403


def test_a_period_of_another_account_is_not_found(
    client: Client, pw: Portfolio, other_account: Any, outsider: Any
) -> None:
    from relmap.accounts.portfolio_services import financial_period_set

    theirs, _ = financial_period_set(
        actor=outsider,
        account=other_account,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 3, 31),
        revenue=Decimal(10),
        gross_margin=Decimal(1),
    )
    client.force_login(pw.w.owner)
    url = reverse(
        "portfolio:financials_delete", kwargs={"account_pk": pw.w.account.pk, "pk": theirs.pk}
    )
    assert client.post(url).status_code == 404
    assert type(theirs).objects.filter(pk=theirs.pk).exists()

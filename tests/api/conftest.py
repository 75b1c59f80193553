"""Fixtures of the API tests: a small map on ``account``, clients for each persona."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from relmap.accounts.services import membership_set
from relmap.api.services import token_create
from relmap.stakeholders.services import coverage_create, tie_create

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


@dataclass(frozen=True)
class Map:
    """Ids on ``account``: Ann reports to Bob, Kim (ours) covers Ann; Zed is elsewhere."""

    account: int
    ann: int
    bob: int
    cat: int
    kim: int
    zed: int
    tie: int
    coverage: int
    other_account: int


@pytest.fixture
def viewer(make_user: Callable[..., Any], owner: Any, account: Any) -> Any:
    """On ``account``'s team with read-only access."""
    user = make_user("vera")
    membership_set(actor=owner, account=account, user=user, role="viewer")
    return user


@pytest.fixture
def mapped(owner: Any, account: Any, other_account: Any, person: Any) -> Map:
    ann = person(account, "Ann Archer", title="CFO", power=5, interest=4, roles=["economic_buyer"])
    bob = person(account, "Bob Baker", title="CEO", power=5, interest=2, department="Board")
    cat = person(account, "Cat Chen", power=2, interest=5, roles=["champion", "user"])
    kim = person(account, "Kim Kowalski", side="internal")
    zed = person(other_account, "Zed Zimmer")
    tie = tie_create(actor=owner, account=account, source=ann, target=bob, kind="reports_to")
    coverage = coverage_create(
        actor=owner, account=account, our_person=kim, their_person=ann, strength=4
    )
    return Map(
        account=account.pk,
        ann=ann.pk,
        bob=bob.pk,
        cat=cat.pk,
        kim=kim.pk,
        zed=zed.pk,
        tie=tie.pk,
        coverage=coverage.pk,
        other_account=other_account.pk,
    )


@pytest.fixture
def bearer() -> Callable[[Any], Client]:
    """A client that authenticates as ``user`` with a fresh API token."""

    def make(user: Any) -> Client:
        _token, raw = token_create(actor=user, user=user, name="tests")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


@pytest.fixture
def session() -> Callable[[Any], Client]:
    """A client logged in as ``user`` through the Django session."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


Call = Callable[..., "Response"]


@pytest.fixture
def call() -> Call:
    """``call(client, method, url, body=None)``: send ``body`` as JSON with any method."""

    def send(client: Client, method: str, url: str, body: Any = None) -> Response:
        if body is None:
            return client.generic(method, url)
        return client.generic(method, url, json.dumps(body), content_type="application/json")

    return send


@pytest.fixture
def messages() -> Callable[[Response], str]:
    """An error response's detail and every field message, for asserting on wording."""

    def text(response: Response) -> str:
        data = response.json()
        return " ".join([data["detail"], *(e["message"] for e in data.get("errors", []))])

    return text


@dataclass(frozen=True)
class World:
    """``mapped`` plus what the portfolio, selection, financials, team and plan endpoints
    need: criteria, a financial period, a colleague on the team (``colleague``) and a user
    who is not (``newcomer``), and a plan on ``account`` with one item per section and a
    whitespace cell."""

    map: Map
    colleague: int
    newcomer: int
    criterion: int
    period: int
    offering: int
    unit: int
    items: dict[str, int]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.map, name)


@pytest.fixture
def world(
    mapped: Map, owner: Any, member: Any, account: Any, make_user: Callable[..., Any]
) -> World:
    import datetime as dt
    from decimal import Decimal

    from relmap.accounts.models import SelectionCriterion
    from relmap.accounts.portfolio_services import (
        criteria_install_defaults,
        financial_period_set,
    )
    from relmap.planning import services as plans
    from relmap.stakeholders.models import Stakeholder

    colleague = make_user("cole")
    membership_set(actor=owner, account=account, user=colleague, role="delivery")
    newcomer = make_user("nina")
    criteria_install_defaults(actor=owner)
    period, _ = financial_period_set(
        actor=owner,
        account=account,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
        revenue=Decimal(100_000),
        gross_margin=Decimal(30_000),
        cost_to_serve=Decimal(4_000),
    )
    plan = plans.plan_get_or_create(actor=owner, account=account)
    ann = Stakeholder.objects.get(pk=mapped.ann)
    add = plans.plan_item_create
    need = add(actor=owner, plan=plan, section_name="needs", kind="pain_point", text="Empty miles")
    objective = add(
        actor=owner,
        plan=plan,
        section_name="objectives",
        title="Grow the fleet roll-out",
        metric="Vehicles live",
        baseline=Decimal(40),
        target=Decimal(400),
        deadline=dt.date(2027, 6, 30),
        owner=owner,
        mutual=True,
        customer_owner=ann,
    )
    items = {
        "needs": need.pk,
        "objectives": objective.pk,
        "strategies": add(
            actor=owner, plan=plan, section_name="strategies", title="Land and expand"
        ).pk,
        "actions": add(
            actor=owner,
            plan=plan,
            section_name="actions",
            title="Pilot review",
            owner=member,
            due_on=dt.date(2026, 1, 15),
        ).pk,
        "resources": add(actor=owner, plan=plan, section_name="resources", title="Data team").pk,
        "milestones": add(
            actor=owner,
            plan=plan,
            section_name="milestones",
            title="QBR",
            due_on=dt.date(2026, 3, 1),
        ).pk,
        "value_points": add(
            actor=owner, plan=plan, section_name="value_points", text="Fewer empty miles"
        ).pk,
        "swot": add(
            actor=owner, plan=plan, section_name="swot", quadrant="threat", text="Rival"
        ).pk,
    }
    unit = add(actor=owner, plan=plan, section_name="business_units", name="Freight")
    items["business_units"] = unit.pk
    offering = plans.offering_create(actor=owner, name="Telematics")
    plans.whitespace_set(
        actor=owner, plan=plan, business_unit=unit, offering=offering, status="sold"
    )
    return World(
        map=mapped,
        colleague=colleague.pk,
        newcomer=newcomer.pk,
        criterion=SelectionCriterion.objects.order_by("id").first().pk,  # type: ignore[union-attr]
        period=period.pk,
        offering=offering.pk,
        unit=unit.pk,
        items=items,
    )


@pytest.fixture
def leader(make_user: Callable[..., Any], owner: Any) -> Any:
    """Leads a sales team with ``owner`` in it: sees owner's accounts, read-only."""
    from relmap.accounts.models import SalesTeam

    user = make_user("lena")
    SalesTeam.objects.create(name="UK Key Accounts", leader=user).members.add(owner)
    return user

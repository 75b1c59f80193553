"""The account plan in a real browser: edit an objective's target inline, then find the
old and the new target side by side in the comparison of the two latest revisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from relmap.planning import services
from relmap.planning.models import Objective, PlanRevision

from ..conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def planned(transactional_db: None, account: Any, owner: Any, member: Any, person: Any) -> Any:
    """Northwind Health with a plan worth reading, built through the services."""
    ann = person(account, "Ann Archer", title="CFO", power=5, interest=4)
    plan = services.plan_get_or_create(actor=owner, account=account)

    def add(section: str, **data: Any) -> Any:
        return services.plan_item_create(actor=owner, plan=plan, section_name=section, **data)

    need = add("needs", kind="pain_point", text="Late deliveries", stakeholder=ann)
    point = add("value_points", text="Next-day route re-planning")
    services.value_point_link_needs(actor=owner, point=point, needs=[need])
    objective = add(
        "objectives",
        title="Grow spend",
        metric="Annual spend",
        unit="£k",
        baseline=Decimal("120"),
        target=Decimal("180"),
        deadline=dt.date(2031, 12, 31),
        owner=owner,
        mutual=True,
        customer_owner=ann,
    )
    add(
        "actions",
        title="Book the QBR",
        objective=objective,
        owner=member,
        due_on=dt.date(2031, 3, 1),
    )
    add("milestones", title="Quarterly business review", due_on=dt.date(2031, 4, 1))
    return objective


def htmx_settled(page: Page) -> None:
    """Wait until htmx has swapped and settled what it fetched: only then are the new
    forms wired to htmx (a click before that submits the form the plain way)."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def log_in(page: Page, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/accounts/")


def test_edit_a_target_inline_then_compare_the_two_latest_revisions(
    page: Page, live_server: Any, planned: Objective
) -> None:
    objective = planned
    log_in(page, live_server, "olivia")
    page.get_by_role("link", name="Northwind Health").click()
    page.get_by_role("link", name="Account plan").click()
    expect(page.get_by_role("heading", name="Account plan: Northwind Health")).to_be_visible()
    revision = objective.plan.revision
    expect(page.locator("#plan-head")).to_contain_text(f"Revision {revision}")

    row = page.locator(f'#plan-objectives tr[data-item="{objective.pk}"]')
    expect(row).to_contain_text("120 → 180 £k")
    row.get_by_role("link", name="Edit “Grow spend”").click()
    form = page.locator("#plan-objectives form.plan-edit-form")
    expect(form.get_by_label("Title")).to_be_focused()  # ready to type
    htmx_settled(page)
    target = form.get_by_label("Target")
    expect(target).to_have_value("180.00")
    target.fill("200")
    form.get_by_role("button", name="Save").click()

    expect(page.locator("#plan-objectives .flash")).to_have_text("Saved “Grow spend”.")
    expect(row).to_contain_text("120 → 200 £k")
    expect(page.locator("#plan-head")).to_contain_text(f"Revision {revision + 1}")
    objective.refresh_from_db()
    assert objective.target == Decimal("200")
    assert PlanRevision.objects.filter(plan=objective.plan).count() == revision + 1

    page.get_by_role("link", name="Revisions", exact=True).click()
    expect(page.get_by_role("heading", name="Plan revisions")).to_be_visible()
    expect(page.get_by_label(f"Compare from revision {revision}", exact=True)).to_be_checked()
    expect(page.get_by_label(f"Compare to revision {revision + 1}", exact=True)).to_be_checked()
    page.get_by_role("button", name="Compare selected").click()

    expect(
        page.get_by_role("heading", name=f"Revision {revision} → revision {revision + 1}")
    ).to_be_visible()
    expect(page.locator(".compare-summary")).to_have_text("1 objective changed.")
    changed = page.locator('[data-section="objectives"] tr', has_text="Target")
    expect(changed.locator(".diff-before")).to_have_text("180")
    expect(changed.locator(".diff-after")).to_have_text("200")


def test_a_bad_target_is_refused_in_place(page: Page, live_server: Any, planned: Objective) -> None:
    objective = planned
    log_in(page, live_server, "olivia")
    page.goto(f"{live_server.url}/accounts/{objective.account_id}/plan/")
    revisions = PlanRevision.objects.filter(plan=objective.plan).count()
    page.locator(f'#plan-objectives tr[data-item="{objective.pk}"]').get_by_role(
        "link", name="Edit “Grow spend”"
    ).click()
    form = page.locator("#plan-objectives form.plan-edit-form")
    expect(form).to_be_visible()
    htmx_settled(page)
    form.get_by_label("Target").fill("120")
    form.get_by_role("button", name="Save").click()
    expect(form.locator(".field-error")).to_have_text(
        "The target equals the baseline: say what should change."
    )
    objective.refresh_from_db()
    assert objective.target == Decimal("180")
    assert PlanRevision.objects.filter(plan=objective.plan).count() == revisions


def test_the_whitespace_select_saves_on_change(
    page: Page, live_server: Any, planned: Objective
) -> None:
    objective = planned
    plan = objective.plan
    unit = services.plan_item_create(
        actor=plan.account.owner, plan=plan, section_name="business_units", name="Logistics"
    )
    offering = services.offering_create(actor=plan.account.owner, name="Route planning")
    log_in(page, live_server, "mateo")
    page.goto(f"{live_server.url}/accounts/{plan.account_id}/plan/#plan-whitespace")
    select = page.get_by_label("Logistics: Route planning")
    select.focus()
    select.select_option("open")
    expect(page.locator("#plan-whitespace .flash")).to_have_text(
        "Logistics / Route planning: open."
    )
    expect(page.locator(f"#ws-{unit.pk}-{offering.pk}")).to_have_value("open")
    expect(page.locator(f"#ws-{unit.pk}-{offering.pk}")).to_be_focused()
    latest = plan.revisions.first()
    assert latest is not None
    assert latest.change == "Whitespace: Logistics / Route planning open"

"""The account plan page: its sections, pickers, warnings and htmx fragments."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relmap.planning import services
from relmap.planning.models import AccountPlan, PlanRevision

from .conftest import PlanWorld, htmx

pytestmark = pytest.mark.django_db


def plan_url(account: Any) -> str:
    return reverse("planning:plan", kwargs={"account_pk": account.pk})


def options(content: str, select_id: str) -> list[str]:
    """The option labels of ``<select id=select_id>``."""
    match = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', content, re.S)
    assert match, f"no select #{select_id}"
    return [label.strip() for label in re.findall(r"<option[^>]*>(.*?)</option>", match.group(1))]


@pytest.fixture
def owner_client(client: Client, plan_world: PlanWorld) -> Client:
    client.force_login(plan_world.owner)
    return client


def test_an_editors_first_visit_starts_the_plan(client: Client, account: Any, owner: Any) -> None:
    client.force_login(owner)
    response = client.get(plan_url(account))
    assert response.status_code == 200
    plan = AccountPlan.objects.get(account=account)
    assert plan.revision == 1
    assert PlanRevision.objects.get(plan=plan).change == "Plan started"
    assert b"Revision 1" in response.content
    client.get(plan_url(account))
    assert PlanRevision.objects.filter(plan=plan).count() == 1  # started once only


def test_a_reader_finds_no_plan_yet_and_starts_none(
    client: Client, account: Any, owner: Any, make_user: Any
) -> None:
    from relmap.accounts.services import membership_set

    viewer = make_user("vera")
    membership_set(actor=owner, account=account, user=viewer, role="viewer")
    client.force_login(viewer)
    for name in ("planning:plan", "planning:revisions"):
        response = client.get(reverse(name, kwargs={"account_pk": account.pk}))
        assert response.status_code == 200
        assert b"No plan yet" in response.content
    compare = client.get(reverse("planning:compare", kwargs={"account_pk": account.pk}))
    assert compare.status_code == 404
    assert not AccountPlan.objects.filter(account=account).exists()


def test_the_sections_come_in_a_planners_order(owner_client: Client, plan_world: PlanWorld) -> None:
    content = owner_client.get(plan_url(plan_world.account)).content.decode()
    ids = [
        "plan-head",
        "plan-needs",
        "plan-value_points",
        "plan-objectives",
        "plan-strategies",
        "plan-actions",
        "plan-resources",
        "plan-milestones",
        "plan-swot",
        "plan-whitespace",
    ]
    positions = [content.index(f'id="{i}"') for i in ids]
    assert positions == sorted(positions)
    for text in ("Late deliveries", "Grow spend", "Land the logistics division", "Book the QBR"):
        assert text in content
    assert "120 → <strong>180</strong> £k" in content


def test_the_header_says_who_saved_last_and_what(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    services.plan_update(
        actor=w.member, plan=w.plan, value_proposition="Fewer late lorries.", status="active"
    )
    content = owner_client.get(plan_url(w.account)).content.decode()
    head = content[content.index('id="plan-head"') : content.index('id="plan-needs"')]
    assert f"Revision {w.plan.revision}" in head
    assert "Last saved by <strong>mateo</strong>" in head
    assert "Plan: status, value proposition" in head
    assert "Fewer late lorries." in head
    assert ">Active<" in head
    assert "No review date" in head


def test_overdue_actions_and_objectives_past_deadline_stand_out(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    past = timezone.localdate() - dt.timedelta(days=3)
    add = services.plan_item_create
    late = add(actor=w.owner, plan=w.plan, section_name="actions", title="Late one", due_on=past)
    done = add(
        actor=w.owner,
        plan=w.plan,
        section_name="actions",
        title="Done one",
        due_on=past,
        status="done",
    )
    services.plan_item_update(
        actor=w.owner, item=w.objective, section_name="objectives", deadline=past
    )
    content = owner_client.get(plan_url(w.account)).content.decode()
    assert re.search(rf'<tr data-item="{late.pk}" class="is-overdue">', content)
    assert re.search(rf'<tr data-item="{done.pk}" class="is-closed">', content)
    assert re.search(rf'<tr data-item="{w.objective.pk}" class="is-overdue">', content)
    assert "Past deadline" in content
    assert re.search(r"Overdue actions</span><span class=\"kpi-value\">1<", content)


def test_pickers_offer_the_team_their_people_and_this_plans_objectives(
    owner_client: Client, plan_world: PlanWorld, other_account: Any, outsider: Any, person: Any
) -> None:
    w = plan_world
    person(other_account, "Olga Other")
    other_plan = services.plan_get_or_create(actor=outsider, account=other_account)
    services.plan_item_create(
        actor=outsider,
        plan=other_plan,
        section_name="objectives",
        title="Their objective",
        metric="m",
        baseline=1,
        target=2,
        deadline=dt.date(2031, 1, 1),
    )
    content = owner_client.get(plan_url(w.account)).content.decode()
    owners = options(content, "new-objectives-owner")
    assert owners[1:] == ["mateo", "olivia", "vera"]  # the team, not the outsider
    people = options(content, "new-objectives-customer_owner")
    assert people[1:] == ["Ann Archer, CFO"]  # their side only: no Uma (ours), no Olga
    assert options(content, "new-strategies-objective")[1:] == ["Grow spend"]
    assert options(content, "new-needs-stakeholder")[1:] == ["Ann Archer, CFO"]


def test_value_points_show_the_needs_they_answer(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    content = owner_client.get(plan_url(w.account)).content.decode()
    assert "Not answered yet" in content
    assert "Not linked to a goal or pain point" in content
    services.value_point_link_needs(actor=w.owner, point=w.point, needs=[w.need])
    content = owner_client.get(plan_url(w.account)).content.decode()
    assert (
        '<span class="need-chip need-pain_point" title="Pain point">Late deliveries</span>'
        in content
    )
    assert "Not answered yet" not in content
    assert re.search(
        rf'<input type="checkbox" name="needs" value="{w.need.pk}"[^>]*checked', content
    )


def test_the_whitespace_map_is_a_grid_of_status_selects(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    services.whitespace_set(
        actor=w.owner, plan=w.plan, business_unit=w.unit, offering=w.offering, status="open"
    )
    content = owner_client.get(plan_url(w.account)).content.decode()
    select_id = f"ws-{w.unit.pk}-{w.offering.pk}"
    assert options(content, select_id) == ["—", "Sold", "In progress", "Open", "Not a fit"]
    assert re.search(rf'id="{select_id}".*?<option value="open" selected>', content, re.S)
    assert '<th scope="col">Route planning</th>' in content
    # Offerings are portfolio-wide: a team member who leads no team cannot add one here.
    assert "Add one of our offerings" not in content


def test_a_read_only_member_sees_the_plan_without_controls(
    client: Client, plan_world: PlanWorld
) -> None:
    client.force_login(plan_world.viewer)
    content = client.get(plan_url(plan_world.account)).content.decode()
    assert "Grow spend" in content
    assert "Read only" in content
    for control in (
        "Edit plan",
        ">Edit<",
        ">Remove<",
        "Add an objective",
        "<select",
        'name="needs"',
    ):
        assert control not in content, control
    assert '<span class="ws-label">Not assessed</span>' in content


def test_htmx_gets_the_section_it_swaps(owner_client: Client, plan_world: PlanWorld) -> None:
    response = owner_client.get(plan_url(plan_world.account), headers=htmx("plan-objectives"))
    text = response.content.decode()
    assert "<html" not in text
    assert text.strip().startswith('<section id="plan-objectives"')
    assert 'id="plan-actions"' not in text


def test_the_edit_link_turns_a_row_into_its_form(
    owner_client: Client, plan_world: PlanWorld
) -> None:
    w = plan_world
    url = reverse(
        "planning:item_edit",
        kwargs={"account_pk": w.account.pk, "section": "objectives", "pk": w.objective.pk},
    )
    text = owner_client.get(url, headers=htmx("plan-objectives")).content.decode()
    assert text.strip().startswith('<section id="plan-objectives"')
    field = re.search(rf'<input [^>]*id="edit-objectives-{w.objective.pk}-target"[^>]*>', text)
    assert field
    assert 'value="180.00"' in field.group(0)
    deadline = re.search(rf'<input [^>]*id="edit-objectives-{w.objective.pk}-deadline"[^>]*>', text)
    assert deadline  # a date input wants ISO dates, whatever the locale
    assert 'type="date"' in deadline.group(0)
    assert 'value="2031-12-31"' in deadline.group(0)
    # Without htmx the whole page comes back, with the row open for editing.
    page = owner_client.get(url).content.decode()
    assert "<html" in page
    assert f'id="edit-objectives-{w.objective.pk}-title"' in page


def test_the_map_page_links_to_the_plan(owner_client: Client, plan_world: PlanWorld) -> None:
    content = owner_client.get(
        reverse("stakeholders:map", kwargs={"account_pk": plan_world.account.pk})
    ).content.decode()
    assert f'href="{plan_url(plan_world.account)}"' in content

"""A review milestone is dated when it was held (``completed_on``), not when it was due:
set by the service when it is marked done (today unless given, never in the future),
cleared when it is reopened, and shown on the plan page, in the API and in the Markdown
export."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.planning import selectors, services
from relmap.planning.markdown import plan_markdown
from relmap.planning.models import Milestone, PlanRevision

from .conftest import PlanWorld, htmx

pytestmark = pytest.mark.django_db


def mark(w: PlanWorld, **data: Any) -> Milestone:
    services.plan_item_update(actor=w.owner, item=w.milestone, section_name="milestones", **data)
    return Milestone.objects.get(pk=w.milestone.pk)


def test_a_review_marked_done_is_dated_today_not_on_its_due_date(plan_world: PlanWorld) -> None:
    w = plan_world
    assert w.milestone.due_on == dt.date(2031, 4, 1)  # due years ahead
    milestone = mark(w, done=True)
    assert milestone.completed_on == timezone.localdate()
    latest = selectors.revision(w.plan, w.plan.revision)
    assert latest.snapshot["sections"]["milestones"][0]["completed_on"] == (
        timezone.localdate().isoformat()
    )


def test_the_day_it_was_held_can_be_given(plan_world: PlanWorld) -> None:
    milestone = mark(plan_world, done=True, completed_on=dt.date(2026, 3, 2))
    assert milestone.completed_on == dt.date(2026, 3, 2)


def test_a_review_held_in_the_future_is_refused_and_nothing_written(
    plan_world: PlanWorld,
) -> None:
    w = plan_world
    before = PlanRevision.objects.count(), AuditEntry.objects.count()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        mark(w, done=True, completed_on=tomorrow)
    assert error.value.message_dict == {
        "completed_on": ["A review cannot be held in the future: give the day it took place."]
    }
    assert (PlanRevision.objects.count(), AuditEntry.objects.count()) == before
    assert Milestone.objects.get(pk=w.milestone.pk).completed_on is None


def test_reopening_a_review_clears_its_date(plan_world: PlanWorld) -> None:
    w = plan_world
    mark(w, done=True, completed_on=dt.date(2026, 3, 2))
    assert mark(w, done=False).completed_on is None
    # A date without "done" means nothing: it is not kept either.
    assert mark(w, completed_on=dt.date(2026, 3, 2)).completed_on is None


def url(name: str, w: PlanWorld, **kwargs: Any) -> str:
    return reverse(f"planning:{name}", kwargs={"account_pk": w.account.pk, **kwargs})


def test_the_plan_page_shows_when_a_review_was_held(client: Client, plan_world: PlanWorld) -> None:
    w = plan_world
    client.force_login(w.owner)
    edit = url("item_edit", w, section="milestones", pk=w.milestone.pk)
    form = {"title": "Quarterly business review", "due_on": "2031-04-01", "done": "on"}
    response = client.post(
        edit, {**form, "completed_on": "2026-03-02"}, headers=htmx("plan-milestones")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'held <time datetime="2026-03-02">2 Mar 2026</time>' in content
    assert Milestone.objects.get(pk=w.milestone.pk).completed_on == dt.date(2026, 3, 2)

    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    refused = client.post(edit, {**form, "completed_on": future}, headers=htmx("plan-milestones"))
    assert refused.status_code == 422
    assert "A review cannot be held in the future" in refused.content.decode()
    assert Milestone.objects.get(pk=w.milestone.pk).completed_on == dt.date(2026, 3, 2)


def test_the_edit_form_offers_the_date(client: Client, plan_world: PlanWorld) -> None:
    w = plan_world
    mark(w, done=True, completed_on=dt.date(2026, 3, 2))
    client.force_login(w.owner)
    page = client.get(url("item_edit", w, section="milestones", pk=w.milestone.pk))
    content = page.content.decode()
    assert "Held on" in content
    assert 'value="2026-03-02"' in content


def test_the_markdown_export_says_when_each_review_was_held(plan_world: PlanWorld) -> None:
    w = plan_world
    mark(w, done=True, completed_on=dt.date(2026, 3, 2))
    services.plan_item_create(
        actor=w.owner,
        plan=w.plan,
        section_name="milestones",
        title="Annual review",
        due_on=dt.date(2031, 12, 1),
    )
    text = plan_markdown(selectors.load_plan(w.plan), today=dt.date(2026, 6, 1))
    assert "- [x] 2031-04-01 Quarterly business review (held 2026-03-02)" in text
    assert "- [ ] 2031-12-01 Annual review\n" in text


def test_the_api_takes_and_gives_the_date(client: Client, plan_world: PlanWorld) -> None:
    w = plan_world
    client.force_login(w.owner)
    base = f"/api/accounts/{w.account.pk}/plan/milestones"

    def send(method: str, path: str, body: Any) -> Any:
        return client.generic(method, path, json.dumps(body), content_type="application/json")

    created = send("POST", base, {"title": "Kick-off", "due_on": "2031-01-10", "done": True})
    assert created.status_code == 201, created.content
    assert created.json()["completed_on"] == timezone.localdate().isoformat()

    item = f"{base}/{w.milestone.pk}"
    patched = send("PATCH", item, {"done": True, "completed_on": "2026-03-02"})
    assert patched.status_code == 200, patched.content
    assert (patched.json()["done"], patched.json()["completed_on"]) == (True, "2026-03-02")

    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    refused = send("PATCH", item, {"completed_on": future})
    assert refused.status_code == 422
    assert "A review cannot be held in the future" in refused.content.decode()

    reopened = send("PATCH", item, {"done": False})
    assert reopened.json()["completed_on"] is None


def test_the_migration_dates_reviews_already_done(plan_world: PlanWorld) -> None:
    from django.apps import apps

    migration = importlib.import_module("relmap.planning.migrations.0002_milestone_completed_on")
    w = plan_world
    today = timezone.localdate()
    past = services.plan_item_create(
        actor=w.owner,
        plan=w.plan,
        section_name="milestones",
        title="QBR",
        due_on=dt.date(2025, 1, 6),
    )
    # As the rows stood before the migration: done, with no date.
    Milestone.objects.filter(pk__in=[w.milestone.pk, past.pk]).update(done=True, completed_on=None)
    migration.date_done_milestones(apps, None)
    dates = dict(Milestone.objects.values_list("pk", "completed_on"))
    assert dates[past.pk] == dt.date(2025, 1, 6)  # held when due
    assert dates[w.milestone.pk] == today  # due in 2031: never a date in the future

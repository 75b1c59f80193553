"""The admin shows, but never writes, what the services write.

Services validate across rows and audit every change; a plain ModelAdmin would bypass
both. Every model written through services is therefore read-only in the admin (no add,
change or delete, every field read-only), still listed and searchable for staff. Sales
teams have no service yet, so the admin stays where they are managed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse

from relmap.accounts.models import (
    Account,
    AccountMembership,
    FinancialPeriod,
    SalesTeam,
    SelectionCriterion,
)
from relmap.accounts.portfolio_services import criteria_install_defaults, financial_period_set
from relmap.api.models import ApiToken
from relmap.api.services import token_create
from relmap.core.csvfiles import SourceFile
from relmap.core.models import AuditEntry
from relmap.discovery import services as discovery
from relmap.discovery.models import DiscoverySession, Initiative, Proposal, Question, ResearchNote
from relmap.engagement import services as engagement
from relmap.engagement.ingest.service import ingest_file
from relmap.engagement.models import (
    EngagementPlan,
    IngestRun,
    Interaction,
    RelationshipStrength,
    UnknownAddress,
)
from relmap.monitoring import services as monitoring
from relmap.monitoring.actions import action_create
from relmap.monitoring.history import review_create
from relmap.monitoring.models import (
    Complaint,
    Feedback,
    ImprovementAction,
    Kpi,
    KpiPoint,
    MapReview,
    SurveyResponse,
)
from relmap.monitoring.responses_import import import_responses_csv
from relmap.planning.models import AccountPlan, Offering, PlanRevision
from relmap.planning.services import offering_create, plan_get_or_create
from relmap.stakeholders.models import Coverage, PositionHistory, Stakeholder, Tie
from relmap.stakeholders.services import coverage_create, tie_create

pytestmark = pytest.mark.django_db

READ_ONLY: list[type[models.Model]] = [
    Stakeholder,
    Tie,
    Coverage,
    PositionHistory,
    Account,
    SelectionCriterion,
    FinancialPeriod,
    AccountPlan,
    PlanRevision,
    Offering,
    AuditEntry,
    Interaction,
    EngagementPlan,
    UnknownAddress,
    IngestRun,
    RelationshipStrength,
    ResearchNote,
    Question,
    Initiative,
    DiscoverySession,
    Proposal,
    SurveyResponse,
    Kpi,
    KpiPoint,
    Complaint,
    Feedback,
    MapReview,
    ImprovementAction,
]


@pytest.fixture
def everything(owner: Any, account: Any, person: Any) -> None:
    """One row of every registered model, written through the services."""
    ann = person(account, "Ann Archer", title="CFO")
    kim = person(account, "Kim Kowalski", side="internal")
    tie_create(actor=owner, account=account, source=kim, target=ann, kind="advises")
    coverage_create(actor=owner, account=account, our_person=kim, their_person=ann)
    criteria_install_defaults(actor=owner)
    financial_period_set(
        actor=owner,
        account=account,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 3, 31),
        revenue=Decimal(1000),
        gross_margin=Decimal(300),
    )
    plan_get_or_create(actor=owner, account=account)
    offering_create(actor=owner, name="Fleet telematics")
    token_create(actor=owner, user=owner, name="ci script")
    engagement.plan_create(
        actor=owner, account=account, stakeholder=ann, owner=kim, objective="Sponsor"
    )
    ann.email, kim.email = "ann@northwind.example", "kim@us.example"
    ann.save()
    kim.save()
    csv = (
        "occurred_at,kind,initiator,participants\n"
        "2026-01-05T09:00:00+00:00,meeting,kim@us.example,"
        "kim@us.example;ann@northwind.example;new@northwind.example\n"
    )
    run = ingest_file(actor=owner, account=account, name="activity.csv", data=csv.encode())
    assert run.ok, run.report
    engagement.after_interactions_changed(account)
    discovery.research_note_create(actor=owner, account=account, title="Annual report")
    initiative = discovery.initiative_create(actor=owner, account=account, title="Routing")
    discovery.session_create(
        actor=owner, account=account, stakeholders=[ann], title="Intro", held_on=dt.date(2026, 1, 6)
    )
    discovery.proposal_create(actor=owner, account=account, title="Pilot", initiative=initiative)
    responses = "respondent,answered_on,score,survey\nann@northwind.example,2026-01-07,9,nps\n"
    import_responses_csv(
        actor=owner, source=SourceFile("nps.csv", responses.encode()), account=account
    )
    retention = monitoring.kpi_create(actor=owner, account=account, kind="retention")
    monitoring.kpi_point_set(actor=owner, kpi=retention, on=dt.date(2026, 1, 31), value=92)
    monitoring.complaint_create(
        actor=owner,
        account=account,
        category="billing",
        severity="low",
        summary="A late invoice",
        opened_on=dt.date(2026, 1, 8),
    )
    monitoring.feedback_create(
        actor=owner,
        account=account,
        source="meeting",
        quote="A great quarter",
        received_on=dt.date(2026, 1, 9),
    )
    review_create(actor=owner, account=account, notes="A first look")
    action_create(
        actor=owner, account=account, description="Meet the CFO", due_on=dt.date(2026, 2, 1)
    )


@pytest.fixture
def staff(client: Client, superuser: Any) -> Client:
    client.force_login(superuser)
    return client


def admin_url(model: type[models.Model], view: str, *args: Any) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def test_every_registered_model_is_covered_here() -> None:
    """A model newly registered in the admin must be placed in one of the lists below."""
    assert set(admin.site._registry) - {ApiToken, SalesTeam} == set(READ_ONLY) | {
        # Django's own, managed in the admin by design.
        *(m for m in admin.site._registry if m._meta.app_label == "auth")
    }


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_it_lists_and_shows_but_never_writes(
    staff: Client, superuser: Any, everything: None, model: type[models.Model]
) -> None:
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = superuser

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)
    assert set(model_admin.get_readonly_fields(request, obj)) == {
        f.name for f in model._meta.fields
    }
    search = "a" if model_admin.search_fields else ""
    assert staff.get(admin_url(model, "changelist"), {"q": search}).status_code == 200
    assert staff.get(admin_url(model, "change", obj.pk)).status_code == 200

    rows, entries = model._default_manager.count(), AuditEntry.objects.count()
    assert staff.get(admin_url(model, "add")).status_code == 403
    assert staff.post(admin_url(model, "add"), {}).status_code == 403
    assert staff.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    assert staff.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    staff.post(admin_url(model, "changelist"), bulk)
    assert model._default_manager.count() == rows
    assert AuditEntry.objects.count() == entries


def test_the_team_on_an_account_page_is_read_only(
    staff: Client, superuser: Any, account: Any
) -> None:
    request = RequestFactory().get("/admin/")
    request.user = superuser
    (memberships,) = admin.site._registry[Account].get_inline_instances(request, account)
    assert memberships.model is AccountMembership
    assert not memberships.has_add_permission(request, account)
    assert not memberships.has_change_permission(request, account)
    assert not memberships.has_delete_permission(request, account)
    page = staff.get(admin_url(Account, "change", account.pk)).content.decode()
    assert "Key account manager" in page  # the team is shown, read-only


def test_a_token_can_be_revoked_but_not_edited(staff: Client, owner: Any, everything: None) -> None:
    token = ApiToken.objects.get()
    response = staff.post(admin_url(ApiToken, "change", token.pk), {"name": "x", "user": 1})
    assert response.status_code == 403
    token.refresh_from_db()
    assert (token.name, token.user_id) == ("ci script", owner.pk)


def test_sales_teams_have_no_service_and_stay_managed_in_the_admin(
    staff: Client, owner: Any
) -> None:
    response = staff.post(
        admin_url(SalesTeam, "add"), {"name": "Enterprise", "leader": owner.pk, "members": []}
    )
    assert response.status_code == 302
    assert SalesTeam.objects.filter(name="Enterprise").exists()

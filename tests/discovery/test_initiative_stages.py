"""Initiatives move research → diagnose → propose → confirm: forward one stage at a time,
back with a reason; every move is dated, recorded and audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relmap.core.models import AuditEntry
from relmap.discovery import services
from relmap.discovery.models import Initiative, StageChange

from .conftest import DiscoveryWorld

pytestmark = pytest.mark.django_db


def test_a_new_initiative_starts_in_research_with_its_entry_recorded(dw: DiscoveryWorld) -> None:
    assert dw.initiative.stage == "research"
    assert dw.initiative.stage_entered_on == timezone.localdate()
    (change,) = StageChange.objects.filter(initiative=dw.initiative)
    assert (change.from_stage, change.to_stage) == ("", "research")


def test_it_moves_forward_one_stage_at_a_time(dw: DiscoveryWorld) -> None:
    for stage in ("diagnose", "propose", "confirm"):
        services.initiative_move(actor=dw.owner, initiative=dw.initiative, stage=stage)
    dw.initiative.refresh_from_db()
    assert dw.initiative.stage == "confirm"
    changes = list(
        StageChange.objects.filter(initiative=dw.initiative).values_list("from_stage", "to_stage")
    )
    assert changes == [
        ("", "research"),
        ("research", "diagnose"),
        ("diagnose", "propose"),
        ("propose", "confirm"),
    ]
    entry = AuditEntry.objects.filter(action="relmap.initiative.stage_changed").latest("id")
    assert entry.before["stage"] == "propose"
    assert entry.after["stage"] == "confirm"
    assert entry.actor_id == dw.owner.pk
    assert entry.account_id == dw.account.pk


def test_skipping_diagnosis_is_refused(dw: DiscoveryWorld) -> None:
    with pytest.raises(ValidationError) as caught:
        services.initiative_move(actor=dw.owner, initiative=dw.initiative, stage="propose")
    assert caught.value.message_dict["stage"] == [
        "Move one stage at a time: diagnose comes before propose. Diagnose before you propose."
    ]
    dw.initiative.refresh_from_db()
    assert dw.initiative.stage == "research"
    assert StageChange.objects.filter(initiative=dw.initiative).count() == 1


def test_going_back_needs_a_reason(dw: DiscoveryWorld) -> None:
    services.initiative_move(actor=dw.owner, initiative=dw.initiative, stage="diagnose")
    services.initiative_move(actor=dw.owner, initiative=dw.initiative, stage="propose")
    with pytest.raises(ValidationError, match="Say why the initiative goes back to research"):
        services.initiative_move(actor=dw.owner, initiative=dw.initiative, stage="research")
    change = services.initiative_move(
        actor=dw.owner,
        initiative=dw.initiative,
        stage="research",
        reason="  A new CFO changed the priorities.  ",
    )
    assert change.reason == "A new CFO changed the priorities."
    dw.initiative.refresh_from_db()
    assert dw.initiative.stage == "research"


def test_the_same_stage_an_unknown_stage_and_bad_dates_are_refused(dw: DiscoveryWorld) -> None:
    with pytest.raises(ValidationError, match="already at research"):
        services.initiative_move(actor=dw.owner, initiative=dw.initiative, stage="research")
    with pytest.raises(ValidationError, match="Unknown stage 'closed'"):
        services.initiative_move(actor=dw.owner, initiative=dw.initiative, stage="closed")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        services.initiative_move(
            actor=dw.owner, initiative=dw.initiative, stage="diagnose", on=tomorrow
        )
    last_year = timezone.localdate() - dt.timedelta(days=365)
    with pytest.raises(ValidationError, match="cannot move before that"):
        services.initiative_move(
            actor=dw.owner, initiative=dw.initiative, stage="diagnose", on=last_year
        )
    assert StageChange.objects.filter(initiative=dw.initiative).count() == 1


def test_the_page_shows_the_stepper_and_advances_the_stage(
    client: Client, dw: DiscoveryWorld
) -> None:
    client.force_login(dw.member)
    home = reverse("discovery:home", kwargs={"account_pk": dw.account.pk})
    page = client.get(home).content.decode()
    assert 'class="step step-current" aria-current="step">Research' in page
    assert "Advance to diagnose" in page
    url = reverse(
        "discovery:initiative_move", kwargs={"account_pk": dw.account.pk, "pk": dw.initiative.pk}
    )
    response = client.post(url, {"stage": "propose"})
    assert response.status_code == 422
    assert "diagnose comes before propose" in response.content.decode()
    assert client.post(url, {"stage": "diagnose"}).status_code == 302
    page = client.get(home).content.decode()
    assert 'class="step step-done">Research' in page
    assert 'aria-current="step">Diagnose' in page
    assert Initiative.objects.get(pk=dw.initiative.pk).stage == "diagnose"

"""The health score from the database: inputs read from the map, plans, surveys and
reviews; a day's score kept once; weights changed only when valid, audited; `relmap
health`."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from relmap.analytics.health import DEFAULT_WEIGHTS
from relmap.core.models import AuditEntry
from relmap.monitoring import health
from relmap.monitoring.history import review_create
from relmap.monitoring.models import HealthSnapshot, MonitoringSettings
from relmap.stakeholders.services import coverage_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(owner: Any, account: Any, person: Any) -> dict[str, Any]:
    ann = person(account, "Ann Archer", power=5, interest=4, attitude=2, roles=["champion"])
    bob = person(account, "Bob Brown", power=4, interest=2, attitude=-2, roles=["blocker"])
    person(account, "Cat Chen", power=2, interest=2)
    uma = person(account, "Uma Us", side="internal")
    coverage_create(actor=owner, account=account, our_person=uma, their_person=ann)
    return {"ann": ann, "bob": bob, "uma": uma}


def test_the_inputs_come_from_the_map_and_the_reviews(
    owner: Any, account: Any, mapped: dict[str, Any]
) -> None:
    inputs = health.inputs_for(account)
    assert len(inputs.people) == 3  # theirs, active
    assert sum(p.covered for p in inputs.people) == 1
    assert sum(p.champion for p in inputs.people) == 1
    assert sum(p.blocker for p in inputs.people) == 1
    assert inputs.days_since_review is None
    assert inputs.review_cadence_days == 90  # no tier: the default
    review_create(actor=owner, account=account)
    assert health.inputs_for(account).days_since_review == 0
    result = health.account_health(account)
    parts = {c.name: c for c in result.components}
    assert parts["coverage"].value == 50.0
    assert parts["champion"].value == 100.0
    assert parts["freshness"].value == 100.0
    assert parts["nps"].value is None  # no survey yet: left out
    assert result.score is not None


def test_a_days_score_is_kept_once(account: Any, mapped: dict[str, Any]) -> None:
    today = timezone.localdate()
    first = health.health_record(account, today)
    again = health.health_record(account, today)
    assert first.pk == again.pk
    assert HealthSnapshot.objects.count() == 1
    assert {c["name"] for c in again.components} >= {"coverage", "freshness"}
    health.health_record(account, today - dt.timedelta(days=1))
    assert [s.on for s in health.health_trend(account)] == [today - dt.timedelta(days=1), today]


def test_weights_are_validated_audited_and_for_leaders_only(
    owner: Any, superuser: Any, account: Any, mapped: dict[str, Any]
) -> None:
    only_coverage = dict.fromkeys(DEFAULT_WEIGHTS, 0) | {"coverage": 100}
    with pytest.raises(PermissionDenied):
        health.health_weights_set(actor=owner, weights=only_coverage)  # not a leader
    with pytest.raises(ValidationError, match="add up to 110, not 100"):
        health.health_weights_set(actor=superuser, weights=dict(DEFAULT_WEIGHTS) | {"coverage": 30})
    with pytest.raises(ValidationError, match="negative weight"):
        health.health_weights_set(
            actor=superuser, weights=dict(DEFAULT_WEIGHTS) | {"coverage": -10, "attitude": 45}
        )
    assert MonitoringSettings.load().health_weights == dict(DEFAULT_WEIGHTS)
    health.health_weights_set(actor=superuser, weights=only_coverage)
    assert health.account_health(account).score == 50.0
    entry = AuditEntry.objects.get(action="relmap.health.weights_changed")
    assert entry.after["coverage"] == 100.0
    assert entry.before["coverage"] == 20


def test_relmap_health_prints_the_breakdown(account: Any, mapped: dict[str, Any]) -> None:
    out = StringIO()
    call_command("health", "Northwind Health", "--user", "olivia", stdout=out)
    text = out.getvalue()
    assert text.startswith("Northwind Health: health ")
    assert "Coverage of powerful stakeholders       50.0 x 30.8 % = 15.4" in text
    assert "left out: too few NPS responses" in text
    assert HealthSnapshot.objects.count() == 1
    call_command("health", "Northwind Health", "--user", "olivia", "--no-record", stdout=StringIO())
    assert HealthSnapshot.objects.count() == 1


def test_relmap_health_keeps_outsiders_out(account: Any, outsider: Any) -> None:
    with pytest.raises(CommandError, match="No account named"):
        call_command("health", "Northwind Health", "--user", "oscar")
    assert not HealthSnapshot.objects.exists()


def test_relmap_health_all_keeps_every_visible_accounts_score(
    owner: Any, account: Any, outsider: Any, mapped: dict[str, Any]
) -> None:
    from relmap.accounts.services import account_create

    theirs = account_create(actor=outsider, name="Globex Rail", owner=outsider)
    account_create(actor=owner, name="Acme Foods", owner=owner)
    out = StringIO()
    call_command("health", "--all", "--user", "olivia", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "  0.0  Acme Foods"  # never reviewed, nobody on the map
    assert lines[1].endswith("  Northwind Health")
    assert lines[-1] == "2 accounts: kept."
    assert set(HealthSnapshot.objects.values_list("account__name", flat=True)) == {
        "Acme Foods",
        "Northwind Health",
    }
    # Again the same day: today's scores are replaced, not added; others' stay out.
    call_command("health", "--all", "--user", "olivia", stdout=StringIO())
    assert HealthSnapshot.objects.count() == 2
    assert not HealthSnapshot.objects.filter(account=theirs).exists()
    with pytest.raises(CommandError, match="Name one account, or give --all"):
        call_command("health", "Northwind Health", "--all", "--user", "olivia")
    with pytest.raises(CommandError, match="Name one account, or give --all"):
        call_command("health", "--user", "olivia")

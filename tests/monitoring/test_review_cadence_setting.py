"""The default review cadence (accounts without a tier): changed only by sales leaders and
administrators, a whole number of days from 1 to 3650, audited; review_cadence and the
health score's freshness then use it for untiered accounts, never for tiered ones."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from relmap.accounts.models import SalesTeam
from relmap.accounts.portfolio_services import tier_override_set
from relmap.accounts.selectors import tier_policies
from relmap.core.models import AuditEntry
from relmap.monitoring import health
from relmap.monitoring.models import MonitoringSettings

pytestmark = pytest.mark.django_db

ACTION = "relmap.monitoring.review_cadence_changed"


@pytest.fixture
def leader(make_user: Any, owner: Any) -> Any:
    """Leads the sales team the owner is on: manages the portfolio."""
    user = make_user("lena")
    SalesTeam.objects.create(name="Key accounts", leader=user).members.add(owner)
    return user


def test_a_sales_leader_changes_it_and_it_is_audited(leader: Any) -> None:
    settings = health.review_cadence_default_set(actor=leader, days=30)
    assert settings.default_review_cadence_days == 30
    assert MonitoringSettings.load().default_review_cadence_days == 30
    entry = AuditEntry.objects.get(action=ACTION)
    assert entry.actor_id == leader.pk
    assert entry.account_id is None
    assert entry.before == {"default_review_cadence_days": 90}
    assert entry.after == {"default_review_cadence_days": 30}


def test_an_administrator_changes_it(superuser: Any) -> None:
    health.review_cadence_default_set(actor=superuser, days=3650)
    assert MonitoringSettings.load().default_review_cadence_days == 3650


@pytest.mark.parametrize("persona", ["owner", "member", "outsider", "nobody"])
def test_account_managers_and_others_may_not(
    request: pytest.FixtureRequest, account: Any, persona: str
) -> None:
    actor = None if persona == "nobody" else request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="Only sales leaders and administrators"):
        health.review_cadence_default_set(actor=actor, days=30)
    assert MonitoringSettings.load().default_review_cadence_days == 90
    assert not AuditEntry.objects.filter(action=ACTION).exists()


@pytest.mark.parametrize("days", [0, -7, 3651, 40000, "30", 30.0, True, None], ids=repr)
def test_anything_but_a_whole_number_of_days_from_1_to_3650_is_refused(
    superuser: Any, days: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        health.review_cadence_default_set(actor=superuser, days=days)
    assert caught.value.message_dict == {
        "default_review_cadence_days": [
            "The default review cadence is a whole number of days from 1 to 3650."
        ]
    }
    assert MonitoringSettings.load().default_review_cadence_days == 90
    assert not AuditEntry.objects.filter(action=ACTION).exists()


def test_untiered_accounts_then_follow_the_new_default(superuser: Any, account: Any) -> None:
    assert account.tier == ""
    assert health.review_cadence(account.tier)[0] == 90
    health.review_cadence_default_set(actor=superuser, days=21)
    days, source = health.review_cadence(account.tier)
    assert (days, source) == (21, "the default review cadence (the account has no tier yet)")
    assert health.inputs_for(account).review_cadence_days == 21


def test_tiered_accounts_keep_their_tiers_cadence(superuser: Any, account: Any) -> None:
    tier_override_set(actor=superuser, account=account, tier="strategic", reason="CEO sponsor")
    health.review_cadence_default_set(actor=superuser, days=21)
    expected = tier_policies()["strategic"].review_cadence_days
    assert expected != 21
    assert health.review_cadence(account.tier)[0] == expected
    assert health.inputs_for(account).review_cadence_days == expected

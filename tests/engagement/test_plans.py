"""Engagement plans: the proposed strategy, departures from it, owners, cadence, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmap.accounts.models import TierPolicy
from relmap.core.models import AuditEntry
from relmap.engagement import selectors, services
from relmap.engagement.models import EngagementPlan, EngagementSettings
from relmap.stakeholders.services import stakeholder_update

from .conftest import Eng

pytestmark = pytest.mark.django_db


def make_plan(e: Eng, person: Any = None, **data: Any) -> EngagementPlan:
    return services.plan_create(
        actor=e.owner,
        account=e.account,
        stakeholder=person or e.ann,
        owner=data.pop("owner", e.olive),
        objective=data.pop("objective", "Sponsor the renewal"),
        **data,
    )


def test_an_empty_strategy_takes_the_proposal_and_its_channels(eng: Eng) -> None:
    plan = make_plan(eng)
    proposal = selectors.proposal_for(eng.account, eng.ann)
    assert plan.strategy == proposal.text
    assert plan.strategy_code == "key_players:supportive"
    assert plan.channels == list(proposal.channels)
    entry = AuditEntry.objects.get(action="relmap.engagement_plan.created")
    assert entry.after["strategy_code"] == "key_players:supportive"
    assert entry.account_id == eng.account.pk


def test_a_different_strategy_needs_a_reason(eng: Eng) -> None:
    with pytest.raises(ValidationError) as exc:
        make_plan(eng, strategy="Take her to the races.")
    assert "strategy_reason" in exc.value.message_dict
    assert "Partner and equip" in exc.value.message_dict["strategy_reason"][0]
    assert not EngagementPlan.objects.exists()
    plan = make_plan(eng, strategy="Take her to the races.", strategy_reason="She loves racing.")
    assert plan.strategy_reason == "She loves racing."


def test_the_owner_is_one_of_our_current_people_and_not_the_person(eng: Eng) -> None:
    with pytest.raises(ValidationError, match="not one of our people"):
        make_plan(eng, owner=eng.ben)
    stakeholder_update(actor=eng.owner, stakeholder=eng.uma, status="left")
    with pytest.raises(ValidationError, match="has left"):
        make_plan(eng, owner=eng.uma)
    with pytest.raises(ValidationError, match="themself"):
        make_plan(eng, person=eng.olive, owner=eng.olive)


def test_no_plan_for_someone_who_left_and_one_plan_each(eng: Eng) -> None:
    with pytest.raises(ValidationError, match="has left"):
        make_plan(eng, person=eng.cy)
    make_plan(eng)
    with pytest.raises(ValidationError, match="already has an engagement plan"):
        make_plan(eng)


def test_channels_are_checked(eng: Eng) -> None:
    with pytest.raises(ValidationError, match="Unknown channel carrier_pigeon"):
        make_plan(eng, channels=["email", "carrier_pigeon"])
    with pytest.raises(ValidationError, match="listed twice"):
        make_plan(eng, channels=["email", "email"])


def test_another_accounts_owner_is_refused(eng: Eng, other_account: Any, person: Any) -> None:
    stranger = person(other_account, "Sam Stranger", side="internal")
    with pytest.raises(ValidationError, match="not on this account's map"):
        make_plan(eng, owner=stranger)


def test_update_back_to_the_proposal_needs_no_reason_and_is_audited(eng: Eng) -> None:
    plan = make_plan(eng, strategy="Golf.", strategy_reason="He plays.")
    services.plan_update(actor=eng.owner, plan=plan, strategy="", strategy_reason="")
    plan.refresh_from_db()
    assert plan.strategy == selectors.proposal_for(eng.account, eng.ann).text
    entry = AuditEntry.objects.filter(action="relmap.engagement_plan.updated").get()
    assert entry.before["strategy"] == "Golf."
    with pytest.raises(ValidationError, match="Say why"):
        services.plan_update(actor=eng.owner, plan=plan, strategy="Something else")
    with pytest.raises(ValidationError, match="no field stakeholder"):
        services.plan_update(actor=eng.owner, plan=plan, stakeholder=eng.ben)


def test_cadence_defaults_from_the_tier_and_a_setting_without_one(eng: Eng) -> None:
    plan = make_plan(eng)
    row = selectors.account_touchpoints(eng.account).rows[0]
    # No tier yet: the engagement setting (30 days), x 0.75 for a supportive key player.
    assert EngagementSettings.objects.get(pk=1).default_cadence_days == 30
    assert row.cadence_days == 22
    assert "default cadence" in row.cadence_reason
    eng.account.tier_override = "strategic"
    eng.account.save()
    TierPolicy.objects.create(
        tier="strategic",
        touchpoint_cadence_days=20,
        review_cadence_days=90,
        coverage_depth="trusted_advisor",
    )
    row = selectors.account_touchpoints(eng.account).rows[0]
    assert row.cadence_days == 15
    assert "strategic tier" in row.cadence_reason
    services.plan_update(actor=eng.owner, plan=plan, cadence_days=9)
    row = selectors.account_touchpoints(eng.account).rows[0]
    assert (row.cadence_days, row.cadence_reason) == (9, "set on this plan")


def test_a_plan_whose_person_moved_is_flagged_stale(eng: Eng) -> None:
    make_plan(eng)
    assert not selectors.account_touchpoints(eng.account).rows[0].strategy_is_stale
    stakeholder_update(actor=eng.owner, stakeholder=eng.ann, attitude=-2)
    row = selectors.account_touchpoints(eng.account).rows[0]
    assert row.strategy_is_stale
    assert row.proposal.code == "key_players:opposed"


def test_due_and_overdue_follow_the_last_interaction(eng: Eng) -> None:
    make_plan(eng, cadence_days=10)
    plan_b = make_plan(eng, person=eng.ben, owner=eng.uma, cadence_days=10)
    services.interaction_create(
        actor=eng.owner,
        account=eng.account,
        kind="call",
        occurred_at=timezone.now() - dt.timedelta(days=20),
        participants=[(eng.ann, "attendee"), (eng.olive, "organizer")],
    )
    touch = selectors.account_touchpoints(eng.account)
    ann = next(r for r in touch.rows if r.plan.stakeholder_id == eng.ann.pk)
    ben = next(r for r in touch.rows if r.plan.pk == plan_b.pk)
    assert ann.due.status == "overdue"
    assert ann.due.overdue_days == 10
    assert ben.last_touch is None
    assert ben.due.status == "due"
    assert [p.pk for p in touch.unplanned] == []  # Cy left; ours are not listed


def test_my_touchpoints_lists_the_plans_i_own_and_who_has_none(
    eng: Eng, person: Any, member: Any
) -> None:
    dan = person(eng.account, "Dan Dale", power=5, interest=5)
    make_plan(eng)
    make_plan(eng, person=eng.ben, owner=eng.uma)
    mine = selectors.my_touchpoints(eng.owner)
    assert [r.plan.stakeholder_id for r in mine.rows] == [eng.ann.pk]
    assert [p.pk for p in mine.unplanned] == [dan.pk]
    assert mine.unlinked_accounts == []
    # The member is on the team but not on the map: told so, and owns nothing.
    theirs = selectors.my_touchpoints(member)
    assert theirs.rows == []
    assert theirs.unlinked_accounts == [eng.account]


def test_my_touchpoints_of_an_outsider_is_empty(eng: Eng, outsider: Any) -> None:
    make_plan(eng)
    mine = selectors.my_touchpoints(outsider)
    assert (mine.rows, mine.unplanned, mine.unlinked_accounts) == ([], [], [])


def test_deleting_a_plan_is_audited(eng: Eng) -> None:
    plan = make_plan(eng)
    services.plan_delete(actor=eng.owner, plan=plan)
    assert not EngagementPlan.objects.exists()
    assert AuditEntry.objects.filter(action="relmap.engagement_plan.deleted").count() == 1


def test_the_account_lists_engagement_findings(eng: Eng) -> None:
    stakeholder_update(actor=eng.owner, stakeholder=eng.ann, attitude=2)
    services.interaction_create(
        actor=eng.owner,
        account=eng.account,
        kind="meeting",
        occurred_at=timezone.now() - dt.timedelta(days=120),
        participants=[(eng.ann, "attendee"), (eng.olive, "organizer")],
    )
    found = {
        (f.kind, person)
        for f in selectors.account_touchpoints(eng.account).findings
        for person in f.people
    }
    assert ("silent_champion", eng.ann.pk) in found
    assert ("key_player_without_plan", eng.ann.pk) in found
    assert ("powerful_unmet", eng.ben.pk) in found  # power 4, never met
    assert all(person != eng.cy.pk for _, person in found)  # left: not a finding

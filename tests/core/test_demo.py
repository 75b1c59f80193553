"""The demo: a key account that shows every kind of finding, a portfolio that fills
every quadrant with a full plan on Northbridge, and loading it twice changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from relmap.accounts.models import (
    Account,
    AccountMembership,
    CriterionScore,
    FinancialPeriod,
    SelectionCriterion,
    StageChange,
)
from relmap.accounts.portfolio_selectors import effort_findings_for
from relmap.accounts.selectors import value_of
from relmap.core.models import AuditEntry
from relmap.core.visibility import accounts_visible_to, can_edit_account
from relmap.planning.models import Objective, PlanRevision, ValuePoint
from relmap.planning.selectors import load_plan, overdue_actions
from relmap.stakeholders.models import Stakeholder, Tie
from relmap.stakeholders.selectors import analyse_account

pytestmark = pytest.mark.django_db

EVERY_FINDING_KIND = {
    "informal_influencer",
    "champion",
    "blocker",
    "unknown",
    "empty_seat",
    "uncovered_stakeholder",
    "weak_coverage",
    "single_threaded",
    "junior_coverage",
}


def test_the_demo_is_a_realistic_key_account() -> None:
    call_command("load_demo")
    account = Account.objects.get(name="Northbridge Logistics")
    people = Stakeholder.objects.filter(account=account)
    assert people.filter(side="customer").count() >= 40
    assert people.filter(side="customer").values("department").distinct().count() >= 6
    assert people.filter(side="internal").exists()
    assert people.filter(side="partner").exists()
    assert people.filter(attitude__isnull=True).exists()
    assert people.filter(status="left").exists()
    ties = Tie.objects.filter(account=account)
    assert {"reports_to", "dotted_line", "influences", "advises", "allied_with"} <= set(
        ties.values_list("kind", flat=True)
    )
    assert "in_conflict_with" in set(ties.values_list("kind", flat=True))


def test_the_demo_shows_every_kind_of_finding() -> None:
    call_command("load_demo")
    account = Account.objects.get(name="Northbridge Logistics")
    analysis = analyse_account(account).analysis
    assert {f.kind for f in analysis.findings} >= EVERY_FINDING_KIND


def test_demo_access_is_scoped_to_each_team() -> None:
    call_command("load_demo")
    demo = User.objects.get(username="demo")
    rival = User.objects.get(username="rival")
    lead = User.objects.get(username="lead")
    mine = set(accounts_visible_to(demo).values_list("name", flat=True))
    assert "Northbridge Logistics" in mine
    assert "Solent Marine" not in mine
    assert list(accounts_visible_to(rival).values_list("name", flat=True)) == ["Solent Marine"]
    # The leader of demo's sales team sees demo's portfolio, read-only.
    assert set(accounts_visible_to(lead).values_list("name", flat=True)) == mine
    northbridge = Account.objects.get(name="Northbridge Logistics")
    assert not can_edit_account(lead, northbridge)
    assert lead.check_password("relmap-demo")


def test_loading_the_demo_twice_changes_nothing() -> None:
    call_command("load_demo")
    counts = (
        Stakeholder.objects.count(),
        Tie.objects.count(),
        AuditEntry.objects.count(),
        FinancialPeriod.objects.count(),
        PlanRevision.objects.count(),
    )
    call_command("load_demo")
    assert (
        Stakeholder.objects.count(),
        Tie.objects.count(),
        AuditEntry.objects.count(),
        FinancialPeriod.objects.count(),
        PlanRevision.objects.count(),
    ) == counts


def test_the_demo_portfolio_fills_every_quadrant() -> None:
    call_command("load_demo")
    demo = User.objects.get(username="demo")
    owned = Account.objects.filter(owner=demo)
    assert owned.count() >= 25
    assert set(owned.values_list("quadrant", flat=True)) == {
        "strategic",
        "star",
        "status",
        "streamline",
    }
    criteria = SelectionCriterion.objects.count()
    for account in owned:
        scores = CriterionScore.objects.filter(account=account)
        assert scores.count() == criteria, account.name
        assert all(s.rationale for s in scores), account.name
        assert StageChange.objects.filter(account=account).exists(), account.name
        assert FinancialPeriod.objects.filter(account=account).count() >= 8, account.name
    assert owned.exclude(tier_override="").count() >= 2
    assert all(a.tier_override_reason for a in owned.exclude(tier_override=""))
    people = [Stakeholder.objects.filter(account=a).count() for a in owned]
    assert 0 in people


def test_the_demo_shows_effort_that_does_not_follow_tier() -> None:
    call_command("load_demo")
    kinds = {f.kind for f in effort_findings_for(User.objects.get(username="demo"))}
    assert {"flat_effort", "over_served", "under_served"} <= kinds


def test_northbridge_has_a_full_plan_and_three_years_of_figures() -> None:
    call_command("load_demo")
    account = Account.objects.get(name="Northbridge Logistics")
    loaded = load_plan(account.plan)
    for name, items in loaded.sections.items():
        assert items, f"the {name} section is empty"
    objectives = [o for o in loaded.sections["objectives"] if isinstance(o, Objective)]
    assert any(o.mutual and o.customer_owner_id for o in objectives)
    assert all(p.needs.exists() for p in ValuePoint.objects.filter(plan=account.plan))
    assert overdue_actions(account.plan).exists()
    units, offerings = len(loaded.sections["business_units"]), len(loaded.offerings)
    assert (units, offerings) >= (5, 6)
    assert len(loaded.cells) == units * offerings
    assert FinancialPeriod.objects.filter(account=account).count() == 12
    assert value_of(account).growth_pct is not None
    links = dict(
        AccountMembership.objects.filter(account=account, stakeholder__isnull=False).values_list(
            "user__username", "stakeholder__ref"
        )
    )
    assert links == {"demo": "us-kam", "nikhil": "us-se"}


def test_northbridge_has_eighteen_months_of_monitoring() -> None:
    from relmap.monitoring.models import Complaint, Feedback, Kpi, SurveyResponse
    from relmap.monitoring.selectors import account_nps, kpis_of

    call_command("load_demo")
    account = Account.objects.get(name="Northbridge Logistics")
    views = {v.kpi.kind: v for v in kpis_of(account)}
    assert set(views) == {
        "nps",
        "csat",
        "complaints",
        "retention",
        "share_of_wallet",
        "product_usage",
        "revenue_growth",
    }
    for view in views.values():
        assert view.kpi.baseline is not None
        assert view.kpi.target is not None
    # A year and a half of values: monthly ones from 18 months back to this month (the
    # complaints count whole months only).
    assert len(views["retention"].points) == 19
    assert len(views["complaints"].points) == 18
    assert (views["retention"].points[-1].on - views["retention"].points[0].on).days > 500
    assert SurveyResponse.objects.filter(account=account, survey="nps").count() == 36
    assert account_nps(account).enough
    assert Complaint.objects.filter(account=account, resolved_on__isnull=True).exists()
    assert Feedback.objects.filter(account=account).count() >= 10
    # The dip and the recovery: complaints peaked in the pilot's troubled months.
    peak = max(views["complaints"].points, key=lambda p: p.value)
    assert peak.value >= 2
    assert Kpi.objects.filter(account=account).count() == 7
    # Revenue growth computed from the account's quarters: a year on year figure for
    # each quarter end with a full year before it.
    assert views["revenue_growth"].points
    assert all(p.source == "computed" for p in views["revenue_growth"].points)


def test_northbridge_has_two_past_reviews_and_a_health_score() -> None:
    from relmap.monitoring.history import diff_between, health_between
    from relmap.monitoring.models import HealthSnapshot, MapReview

    call_command("load_demo")
    account = Account.objects.get(name="Northbridge Logistics")
    older, newer = MapReview.objects.filter(account=account).order_by("reviewed_at")
    assert (newer.reviewed_at - older.reviewed_at).days >= 100
    between = diff_between(account, since=older, until=newer)
    assert {p.name for p in between.joined} == {"Grace Liu", "Callum Reid"}
    assert any(s.name == "Daniel Reyes" and s.rating == "attitude" for s in between.shifts)
    assert not diff_between(account, since=newer).empty
    # The health kept since the first review (every fortnight and on each review's day,
    # from the map that review kept) and today's: a trend, and a change between reviews.
    kept = list(HealthSnapshot.objects.filter(account=account))
    assert kept[0].on == timezone.localdate(older.reviewed_at)
    assert kept[-1].on == timezone.localdate()
    assert len(kept) >= 12
    assert timezone.localdate(newer.reviewed_at) in {k.on for k in kept}
    change = health_between(account, older, newer).change
    assert change.delta is not None
    assert change.delta > 0  # the recovery: the CFO came round, more people covered


def test_northbridge_shows_whether_its_actions_worked() -> None:
    from relmap.monitoring.actions import actions_of

    call_command("load_demo")
    account = Account.objects.get(name="Northbridge Logistics")
    verdicts = {a.description: (a.status, r.verdict) for a, r in actions_of(account)}
    assert verdicts["Weekly support call with the Doncaster and Glasgow sites"] == (
        "done",
        "improved",
    )
    assert verdicts["Driver-app training in German for Hamburg"] == ("open", "not_evaluable")


def test_the_demo_contacts_keep_their_rhythm_whatever_the_day_it_is_loaded() -> None:
    """A contact that would fall on a weekend is held on the Friday before, so no thread
    has a gap longer than its rhythm plus two days, on any day of the week."""
    import datetime as dt
    import itertools
    from collections import defaultdict

    from relmap.core.demo_engagement import THREADS, _rows
    from relmap.stakeholders.choices import Side

    people = {
        ref: Stakeholder(name=ref.replace("-", " ").title(), side=Side.CUSTOMER, ref=ref)
        for thread in THREADS
        for ref in thread.ours + thread.theirs + ((thread.initiator,) if thread.initiator else ())
    }
    for person in people.values():
        person.email = f"{person.ref}@example.com"
    for offset in range(7):
        today = dt.date(2026, 11, 30) + dt.timedelta(days=offset)
        days: dict[int, list[dt.date]] = defaultdict(list)
        for row in _rows(people, today):
            day = dt.datetime.fromisoformat(row[1]).date()
            assert day.weekday() < 5, row
            assert day <= today
            days[int(row[0].split("-")[1])].append(day)
        for number, thread in enumerate(THREADS):
            held = sorted(days[number])
            assert len(held) == len(set(held))
            gaps = [(b - a).days for a, b in itertools.pairwise(held)]
            assert max(gaps) <= thread.every_days + 2, (thread.subject, today)


def test_the_demo_engagement_plans_are_a_mix_of_on_time_and_overdue() -> None:
    from relmap.engagement.selectors import account_touchpoints

    call_command("load_demo")
    rows = account_touchpoints(Account.objects.get(name="Northbridge Logistics")).rows
    status = {r.plan.stakeholder.name: r.due.status for r in rows}
    assert status["Marcus Webb"] == "overdue"  # the champion gone quiet since the summer
    assert status["Rachel Stone"] == "overdue"  # the security answers, promised and late
    assert status["Priya Raman"] != "overdue"  # the COO's monthly programme review
    assert status["Tom Lindqvist"] != "overdue"  # the CIO's architecture reviews

"""Northbridge's monitoring: 18 months of KPIs, survey responses, complaints and feedback,
dated relative to today and written through the real import paths and services.

The story: the Doncaster pilot's first months went badly (a data-feed outage, late
installs, a flurry of complaints in months five to eight, NPS falling below zero); a
recovery plan brought complaints down and NPS back up (from -25 to about +33), but CSAT
still carries the bad months, retention and share of wallet are short of their targets
and driver adoption is behind — something for the improvement actions to work on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.analytics import mapdiff
from relmap.core.csvfiles import SourceFile
from relmap.monitoring import actions, history, services
from relmap.monitoring.health import account_health, health_record
from relmap.monitoring.models import Kpi, MapReview
from relmap.monitoring.points_import import import_points_csv
from relmap.monitoring.responses_import import import_responses_csv
from relmap.stakeholders.models import Stakeholder

MONTHS = 18
# Who answers the relationship (NPS) survey, by the ids of the map file.
RESPONDENTS = (
    "nb-ops-uk",
    "nb-cfo",
    "nb-plan",
    "nb-site-don",
    "nb-site-glw",
    "nb-fleet-safe",
    "nb-cs",
    "nb-ops-an",
    "nb-fin-fpa",
    "nb-proc-dir",
    "nb-it-int",
    "nb-fleet-eng",
)
# NPS answers by wave (every six months, oldest first): the pilot's dip and the recovery.
WAVES = (
    (9, 6, 8, 9, 7, 10, 8, 8, 7, 5, 8, 7),
    (8, 4, 7, 9, 6, 8, 6, 8, 7, 3, 7, 7),
    (9, 5, 9, 10, 8, 9, 8, 9, 8, 4, 8, 9),
)
COMPLAINTS = (
    # (months ago, category, severity, summary, days to resolve or None)
    (16, "delivery", "medium", "Telematics units for the Doncaster trailers arrived late", 9),
    (13, "product", "high", "Vehicle positions froze for two hours during the morning peak", 2),
    (12, "service", "medium", "Support took three days to answer a driver-app login fault", 4),
    (12, "product", "high", "Data feed to the planning system dropped overnight", 3),
    (11, "billing", "low", "Invoice charged for 40 units not yet installed", 12),
    (11, "service", "high", "No one on call during the Glasgow go-live weekend", 6),
    (10, "product", "critical", "Driver-behaviour scores wrong after a firmware update", 8),
    (10, "relationship", "medium", "Quarterly review cancelled twice at short notice", 15),
    (9, "delivery", "medium", "Installer missed two appointments at Glasgow", 5),
    (7, "product", "medium", "ETA feed lagged ten minutes behind the vehicles", 6),
    (5, "billing", "low", "Purchase-order number missing from invoices", 3),
    (3, "service", "low", "Training materials only in English for the Hamburg site", 21),
    (1, "product", "medium", "Geofence alerts fire twice at the Leeds hub", None),
)
FEEDBACK = (
    (
        15,
        "meeting",
        "nb-ops-uk",
        "pilot, safety",
        "If the pilot proves the safety case, I will take it to the board myself.",
    ),
    (
        12,
        "support",
        "nb-plan",
        "data feed, reliability",
        "My planners lost a morning again. We cannot run on a feed that drops.",
    ),
    (
        11,
        "email",
        "nb-proc-dir",
        "pricing",
        "We are paying for units that are not on the vehicles yet.",
    ),
    (
        10,
        "business_review",
        "nb-cfo",
        "value, payback",
        "Show me the payback per site, not the average.",
    ),
    (
        8,
        "meeting",
        "nb-site-don",
        "support, recovery",
        "The weekly call with your team has made a real difference.",
    ),
    (
        6,
        "survey",
        "nb-fleet-safe",
        "safety",
        "Harsh-braking events are down by a third at Doncaster.",
    ),
    (
        4,
        "business_review",
        "nb-ops-uk",
        "value, roll-out",
        "The board has seen the Doncaster numbers. Now make Glasgow look the same.",
    ),
    (
        3,
        "call",
        "nb-site-ham",
        "training, language",
        "My drivers need the app and the training in German.",
    ),
    (
        2,
        "survey",
        "nb-ops-an",
        "data, reporting",
        "The fuel report is the first thing I open on Monday.",
    ),
    (
        1,
        "meeting",
        "nb-cs",
        "etas, customer service",
        "Proactive ETAs cut our where-is-my-delivery calls by a fifth.",
    ),
)


def _past_reviews(account: Account, owner: User, today: dt.date) -> None:
    """Two reviews of the past: six and two months ago. The demo's map is loaded today,
    so the maps those reviews kept are the map as it is with what has changed since
    taken back: the CFO was opposed (-2) and less interested six months ago; the Senior
    Operations Analyst and the Driver Safety Manager were not on the map yet; the Head of
    Transport Planning was neutral; Marcus Webb's influence on the CFO had not been seen;
    our Customer Success Manager had not met Kate Brennan."""
    state = history.current_state(account)
    by_ref = dict(Stakeholder.objects.filter(account=account).values_list("ref", "id"))

    def earlier(
        base: mapdiff.MapState, changes: dict[str, dict[str, Any]], gone: tuple[str, ...]
    ) -> mapdiff.MapState:
        people = dict(base.people)
        for ref, values in changes.items():
            pk = by_ref.get(ref)
            if pk in people:
                people[pk] = dataclasses.replace(people[pk], **values)
        for ref in gone:
            people.pop(by_ref.get(ref, 0), None)
        keep = set(people)
        ties = {k: v for k, v in base.ties.items() if k[0] in keep and k[1] in keep}
        coverage = {k: v for k, v in base.coverage.items() if k[0] in keep and k[1] in keep}
        return mapdiff.MapState(people, ties, coverage)

    two_months = earlier(state, {"nb-plan": {"attitude": 0}}, ())
    webb, cfo = by_ref.get("nb-ops-uk"), by_ref.get("nb-cfo")
    two_months.ties = {k: v for k, v in two_months.ties.items() if (k[0], k[1]) != (webb, cfo)}
    csm, kate = by_ref.get("us-csm"), by_ref.get("nb-site-don")
    two_months.coverage.pop((csm or 0, kate or 0), None)
    six_months = earlier(
        two_months,
        {"nb-cfo": {"attitude": -2, "interest": 2}, "nb-proc-dir": {"power": 3}},
        ("nb-ops-an", "nb-fleet-safe"),
    )
    now = timezone.now()
    for state_then, days, notes in (
        (six_months, 182, "Half-year review after the pilot's go-live: the CFO is against us."),
        (two_months, 61, "Quarterly review: the recovery plan is working."),
    ):
        MapReview.objects.create(
            account=account,
            reviewed_by=owner,
            reviewed_at=now - dt.timedelta(days=days),
            notes=notes,
            snapshot=state_then.to_json(),
        )
    # The health kept since the first review, every fortnight and on each review's day,
    # computed by the real formula from the map each review kept and the surveys and
    # reviews up to that day (as `relmap health --all` run from cron would have kept it).
    for days in sorted({*range(182, 0, -14), 61}, reverse=True):
        state_then = six_months if days > 61 else two_months
        day = today - dt.timedelta(days=days)
        health_record(account, day, result=account_health(account, day, state=state_then))


def _actions(account: Account, owner: User, today: dt.date) -> None:
    """What the team did about it: a weekly support call after the pilot's troubled
    months (complaints fell: judged "improved"), an executive sponsor for every site
    director (done a month ago; NPS is up on the two values since), and driver-app
    training in German, overdue."""
    complaints = Kpi.objects.get(account=account, kind="complaints")
    nps = Kpi.objects.get(account=account, kind="nps")
    usage = Kpi.objects.get(account=account, kind="product_usage")
    for kpi, text, origin, due_months, done_months in (
        (complaints, "Weekly support call with the Doncaster and Glasgow sites", "kpi", 9, 8),
        (nps, "Executive sponsor for every site director", "finding", 2, 1),
        (usage, "Driver-app training in German for Hamburg", "kpi", 1, None),
    ):
        action = actions.action_create(
            actor=owner,
            account=account,
            description=text,
            due_on=_months_ago(today, due_months, 20),
            owner=owner,
            kpi=kpi,
            origin=origin,
            origin_detail=f"{kpi.name} KPI" if origin == "kpi" else "Powerful people nobody meets",
            window_days=120,
        )
        if done_months is not None:
            actions.action_update(
                actor=owner,
                action=action,
                status="done",
                completed_on=_months_ago(today, done_months, 5),
            )


def _months_ago(today: dt.date, n: int, day: int = 15) -> dt.date:
    """The ``day`` of the month ``n`` months before ``today``'s (after it when negative)."""
    year, month = divmod(today.year * 12 + today.month - 1 - n, 12)
    return dt.date(year, month + 1, min(day, 28))


def load_monitoring(*, account: Account, owner: User) -> None:
    """Create Northbridge's monitoring once (nothing if it follows a KPI already)."""
    if Kpi.objects.filter(account=account).exists():
        return
    today = timezone.localdate()
    rng = random.Random(7)  # noqa: S311 - demo data, seeded to be the same every time
    people = dict(Stakeholder.objects.filter(account=account).values_list("ref", "name"))
    start = _months_ago(today, MONTHS, 1)

    def kpi(kind: str, baseline: float, target: float) -> Kpi:
        return services.kpi_create(
            actor=owner,
            account=account,
            kind=kind,
            baseline=baseline,
            baseline_on=start,
            target=target,
            target_on=_months_ago(today, -6, 28),
        )

    # Survey responses first, so that the NPS and CSAT KPIs compute from them.
    lines = ["respondent,stakeholder,answered_on,score,comment,survey"]
    for wave, scores in enumerate(WAVES):
        asked = _months_ago(today, 16 - 6 * wave, 10)
        for ref, score in zip(RESPONDENTS, scores, strict=True):
            name = people.get(ref)
            if name:
                answered = asked + dt.timedelta(days=rng.randrange(0, 10))
                lines.append(f'"{name}","{name}",{min(answered, today)},{score},,nps')
    for months_ago in range(MONTHS, 0, -1):
        trouble = 8 <= months_ago <= 13
        for _ in range(3):
            ref = rng.choice(RESPONDENTS)
            name = people.get(ref)
            if name:
                score = rng.choice((2, 3, 3, 4) if trouble else (4, 4, 5, 5, 5, 3))
                answered = _months_ago(today, months_ago, rng.randrange(1, 28))
                lines.append(f'"{name}","{name}",{answered},{score},,csat')
    import_responses_csv(
        actor=owner,
        source=SourceFile("northbridge-surveys.csv", ("\n".join(lines) + "\n").encode()),
        account=account,
    )
    kpi("nps", 8, 35)
    kpi("csat", 62, 80)

    for months_ago, category, severity, summary, days in COMPLAINTS:
        opened = _months_ago(today, months_ago, rng.randrange(1, 28))
        resolved = opened + dt.timedelta(days=days) if days is not None else None
        if resolved is not None and resolved > today:
            resolved = None
        services.complaint_create(
            actor=owner,
            account=account,
            category=category,
            severity=severity,
            summary=summary,
            opened_on=opened,
            resolved_on=resolved,
            resolution="Fixed and confirmed with the site." if resolved else "",
        )
    kpi("complaints", 3, 1)
    kpi("revenue_growth", 10, 15)  # computed from the account's financial periods

    retention = kpi("retention", 88, 95)
    wallet = kpi("share_of_wallet", 18, 30)
    usage = kpi("product_usage", 240, 1200)
    values = ["kpi,on,value,note"]
    for months_ago in range(MONTHS, -1, -1):
        on = min(_months_ago(today, months_ago, 28), today)
        step = MONTHS - months_ago
        dip = 3 if 8 <= months_ago <= 12 else 0
        values.append(f"{retention.name},{on},{88 + step * 0.2 - dip:.1f},")
        values.append(f"{usage.name},{on},{240 + step * 32 + rng.randrange(-15, 15)},")
        if months_ago % 3 == 0:
            values.append(f"{wallet.name},{on},{18 + step * 0.45:.1f},quarterly estimate")
    import_points_csv(
        actor=owner,
        source=SourceFile("northbridge-kpis.csv", ("\n".join(values) + "\n").encode()),
        account=account,
    )

    _actions(account, owner, today)
    _past_reviews(account, owner, today)
    health_record(account, today)

    for months_ago, source, ref, themes, quote in FEEDBACK:
        stakeholder = Stakeholder.objects.filter(account=account, ref=ref).first()
        services.feedback_create(
            actor=owner,
            account=account,
            source=source,
            stakeholder=stakeholder,
            received_on=min(_months_ago(today, months_ago, 12), today),
            themes=themes,
            quote=quote,
        )

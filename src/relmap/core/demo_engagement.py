"""A year of Northbridge interactions, and engagement plans for its key players.

The year is written as a CSV activity export (docs/ingest-formats.md) and ingested
through the real ingestion path, so relationship strength, the tie and attitude
suggestions and the review queue all come from the same code as real use. Dates run
back from the day the demo is loaded, so the demo always looks current. Every
interaction follows a story the map already tells:

- the account director's weekly rhythm with Marcus Webb (Operations Director UK, our
  champion) stops five months ago: **a silent champion**, rated a trusted advisor by
  hand while the computed strength has decayed;
- nobody talks to the CEO, the Operations Director Europe or the General Counsel, and the
  CFO hears from us twice a year: **coverage gaps** on powerful people;
- the procurement director is rated a weak relationship yet trades e-mails with us every
  week of the tender: the manual rating and the computed strength disagree;
- Grace Liu, Ravi Menon and Emma Clarke sit in every monthly operations review together:
  a suggested informal tie;
- the CIO's meeting notes read warmly though his attitude is recorded as neutral, and
  the Head of Information Security's read as hostile: attitude suggestions to confirm;
- Derek Mills left in the spring; his thread went quiet with him.

A seeded random number generator fixes the minutes and the choice of notes, so two
loads on the same day give the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.engagement import services as engagement
from relmap.engagement.ingest.service import ingest_file
from relmap.engagement.models import EngagementPlan, Interaction
from relmap.stakeholders.choices import Side
from relmap.stakeholders.models import Stakeholder
from relmap.stakeholders.services import stakeholder_update

DOMAINS = {
    Side.CUSTOMER: "northbridge-logistics.example",
    Side.PARTNER: "kestrel-integration.example",
    Side.INTERNAL: "fleetwise.example",
}
WARM = (
    "Constructive session; they were pleased with the pilot figures and keen to extend.",
    "Good discussion, clear next steps and real enthusiasm for the roll-out plan.",
    "Very positive: they thanked the team for the quick fix and praised the dashboards.",
    "Helpful review; agreed the data is useful and asked for the Hamburg figures.",
)
NEUTRAL = (
    "Walked through the status report and the open actions.",
    "Reviewed the schedule for the next sites.",
    "Went through the invoice queries and the service levels for the quarter.",
)
HOSTILE = (
    "Raised serious concerns about data residency again; frustrated and unconvinced.",
    "Angry that the penetration test report was late; threatened to stop the integration.",
    "Rejected the proposed security controls as inadequate, very critical of our answers.",
)
CIO_NOTES = (
    "Tom was impressed by the open API and excited about retiring the old tracker.",
    "Great conversation: Tom loves the architecture and wants to present it to the board.",
    "Tom was enthusiastic and supportive; he offered to sponsor the integration work.",
)


@dataclass(frozen=True)
class Thread:
    """A recurring kind of contact: who, how often, from when to when (days ago)."""

    kind: str
    channel: str
    subject: str
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    every_days: int
    start_ago: int = 360
    stop_ago: int = 0
    initiator: str = ""  # a ref; blank: our first person
    notes: tuple[str, ...] = NEUTRAL
    minutes: int = 45


THREADS = (
    # The account director and the UK operations director: weekly, until it stopped.
    Thread(
        "call",
        "phone",
        "Weekly operations check-in",
        ("us-kam",),
        ("nb-ops-uk",),
        7,
        stop_ago=150,
        notes=WARM,
        minutes=30,
    ),
    Thread(
        "meeting",
        "in_person",
        "Roll-out steering group",
        ("us-kam", "us-dlv"),
        ("nb-ops-uk", "nb-coo", "nb-fleet"),
        28,
        stop_ago=150,
        notes=WARM,
        minutes=90,
    ),
    # The COO: monthly with the account director, quarterly business reviews with our CRO.
    Thread(
        "meeting",
        "in_person",
        "Monthly programme review",
        ("us-kam",),
        ("nb-coo",),
        30,
        notes=WARM,
        minutes=60,
    ),
    Thread(
        "business_review",
        "in_person",
        "Quarterly business review",
        ("us-kam", "us-exec", "us-csm"),
        ("nb-coo", "nb-ops-exc", "nb-fin-fpa"),
        91,
        minutes=120,
        notes=NEUTRAL,
    ),
    # The operations review: the same three customer people every month.
    Thread(
        "meeting",
        "video",
        "Monthly operations review",
        ("us-csm",),
        ("nb-ops-an", "nb-ops-exc", "nb-plan"),
        30,
        minutes=60,
        notes=WARM,
    ),
    # Doncaster, the pilot site: weekly customer-success calls, site visits.
    Thread(
        "call",
        "video",
        "Pilot site weekly",
        ("us-csm",),
        ("nb-site-don",),
        7,
        initiator="nb-site-don",
        notes=WARM,
        minutes=30,
    ),
    Thread(
        "site_visit",
        "in_person",
        "Doncaster site visit",
        ("us-dlv", "us-csm"),
        ("nb-site-don", "nb-fleet-safe"),
        60,
        minutes=180,
        notes=WARM,
    ),
    # IT: the solutions engineer and the integration team; the CIO now and then.
    Thread(
        "call",
        "video",
        "Integration stand-up",
        ("us-se",),
        ("nb-it-int", "nb-it-dev"),
        14,
        minutes=30,
    ),
    Thread(
        "meeting",
        "video",
        "Architecture review",
        ("us-se", "us-prod"),
        ("nb-cio", "nb-it-arch"),
        45,
        notes=CIO_NOTES,
        minutes=60,
    ),
    Thread(
        "meeting",
        "video",
        "Security review",
        ("us-se",),
        ("nb-it-sec", "nb-it-sec2"),
        60,
        start_ago=300,
        notes=HOSTILE,
        minutes=60,
    ),
    # Procurement: weekly e-mails through the tender, rated weak by hand.
    Thread(
        "email",
        "email",
        "Tender clarifications",
        ("us-kam",),
        ("nb-proc-dir",),
        7,
        start_ago=200,
        initiator="nb-proc-dir",
    ),
    Thread(
        "email", "email", "Tender clarifications", ("us-kam",), ("nb-proc-dir",), 9, start_ago=196
    ),
    # The CFO: twice a year. Derek Mills: until he left in the spring.
    Thread(
        "meeting",
        "in_person",
        "Budget review",
        ("us-kam",),
        ("nb-cfo",),
        180,
        start_ago=300,
        minutes=45,
    ),
    Thread("call", "phone", "Catch-up", ("us-kam",), ("nb-ops-old",), 21, stop_ago=240, notes=WARM),
    # A monthly newsletter: one e-mail to many, a broadcast rather than a relationship.
    Thread(
        "email",
        "email",
        "Fleetwise product newsletter",
        ("us-prod",),
        ("nb-fleet", "nb-fleet-eng", "nb-plan", "nb-plan-2", "nb-cs", "nb-ops-exc"),
        30,
    ),
)
# Engagement plans: (their ref, our owner ref, objective, next step, next step in days,
# cadence in days or None for the proposal). The cadences set are those of the meetings
# already held with them; Marcus keeps the proposal, which the silence since the summer
# has missed, and the CFO is asked for more than the twice-yearly budget review.
PLANS = (
    (
        "nb-coo",
        "us-kam",
        "Sponsor the group-wide roll-out at the board",
        "Share the Q3 results pack",
        5,
        30,
    ),
    ("nb-ops-uk", "us-kam", "Keep Marcus championing the UK roll-out", "", 0, None),
    ("nb-cio", "us-se", "Make IT an ally of the integration", "Architecture sign-off", 20, 45),
    (
        "nb-it-sec",
        "us-se",
        "Turn the security objections into agreed controls",
        "Send the data-residency answers",
        -10,
        60,
    ),
    ("nb-cfo", "us-kam", "Build the business case with the CFO", "", 0, 90),
)


def _email(person: Stakeholder) -> str:
    local = ".".join(part.lower() for part in person.name.replace("'", "").split())
    return f"{local}@{DOMAINS.get(Side(person.side), DOMAINS[Side.CUSTOMER])}"


def _give_emails(actor: User, account: Account) -> dict[str, Stakeholder]:
    """Every demo person gets an e-mail address (ingestion matches on them)."""
    people = {s.ref: s for s in Stakeholder.objects.filter(account=account)}
    for person in people.values():
        if not person.email:
            stakeholder_update(actor=actor, stakeholder=person, email=_email(person))
    return people


def _rows(people: dict[str, Stakeholder], today: dt.date) -> Iterator[list[str]]:
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    for number, thread in enumerate(THREADS):
        ago = thread.start_ago
        while ago > thread.stop_ago:
            day = today - dt.timedelta(days=ago)
            # A contact that would fall on a weekend is held on the Friday before, so a
            # thread keeps its rhythm whatever day the demo is loaded on.
            day -= dt.timedelta(days=max(0, day.weekday() - 4))
            hour, minute = rng.choice((9, 10, 11, 14, 15, 16)), rng.choice((0, 15, 30))
            at = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=dt.UTC)
            everyone = [people[r] for r in thread.ours + thread.theirs]
            initiator = people[thread.initiator or thread.ours[0]]
            yield [
                f"demo-{number}-{day.isoformat()}",
                at.isoformat(),
                thread.kind,
                thread.channel,
                thread.subject,
                str(thread.minutes) if thread.kind != "email" else "",
                initiator.email,
                ";".join(p.email for p in everyone),
                str(rng.choice((3, 4, 4, 5))) if thread.kind != "email" else "",
                rng.choice(thread.notes) if thread.kind != "email" else "",
            ]
            ago -= thread.every_days


def demo_csv(people: dict[str, Stakeholder], today: dt.date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "key",
            "occurred_at",
            "kind",
            "channel",
            "subject",
            "duration_minutes",
            "initiator",
            "participants",
            "outcome_quality",
            "notes",
        ]
    )
    writer.writerows(_rows(people, today))
    return out.getvalue().encode()


DEMO_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//relmap demo//EN
BEGIN:VEVENT
UID:demo-hamburg-kickoff@fleetwise.example
DTSTAMP:{stamp}
DTSTART:{start}
DTEND:{end}
SUMMARY:Hamburg site kick-off
ORGANIZER;CN=Alex Morgan:mailto:alex.morgan@fleetwise.example
ATTENDEE;CN=Jonas Becker;PARTSTAT=ACCEPTED:mailto:jonas.becker@northbridge-logistics.example
ATTENDEE;CN=Lena Vogel;PARTSTAT=ACCEPTED:mailto:lena.vogel@northbridge-logistics.example
ATTENDEE;CN=Katrin Weber;PARTSTAT=ACCEPTED:mailto:katrin.weber@northbridge-logistics.example
END:VEVENT
END:VCALENDAR
"""


def demo_ics(today: dt.date) -> bytes:
    """One calendar invitation with an attendee nobody has on the map (Katrin Weber, the
    Hamburg site's new planner), so the review queue has something to resolve."""
    start = dt.datetime.combine(today - dt.timedelta(days=3), dt.time(9, 0), tzinfo=dt.UTC)
    fmt = "%Y%m%dT%H%M%SZ"
    text = DEMO_ICS.format(
        stamp=start.strftime(fmt),
        start=start.strftime(fmt),
        end=(start + dt.timedelta(hours=1)).strftime(fmt),
    )
    return text.replace("\n", "\r\n").encode()


def load_engagement(*, account: Account, owner: User) -> None:
    """Ingest Northbridge's year and create the plans, once."""
    if Interaction.objects.filter(account=account).exists():
        return
    today = timezone.localdate()
    people = _give_emails(owner, account)
    for name, data in (
        ("northbridge-activity.csv", demo_csv(people, today)),
        ("hamburg-kickoff.ics", demo_ics(today)),
    ):
        run = ingest_file(actor=owner, account=account, name=name, data=data)
        if not run.ok:
            raise RuntimeError(f"The demo file {name} was refused: {run.report}")
    engagement.after_interactions_changed(account)
    for theirs, ours, objective, step, in_days, cadence in PLANS:
        if EngagementPlan.objects.filter(stakeholder=people[theirs]).exists():
            continue
        engagement.plan_create(
            actor=owner,
            account=account,
            stakeholder=people[theirs],
            owner=people[ours],
            objective=objective,
            next_step=step,
            next_step_on=today + dt.timedelta(days=in_days) if step else None,
            cadence_days=cadence,
        )

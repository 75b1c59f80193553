"""Northbridge's consultative discovery: research, one session, needs and proposals.

The story: before proposing the group-wide roll-out, the account director researched
the group's results and held a discovery session with the COO and the senior
operations analyst. The COO voiced an explicit need (cut empty running); the analyst's
answers revealed a latent one (planners re-key the same loads twice) that no proposal
answers yet; and a driver-app proposal our product team pushed answers no need at all —
both are flagged, as the method wants.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.discovery import services as discovery
from relmap.discovery.models import Initiative, Question
from relmap.stakeholders.models import Stakeholder

# (category, the question if the bank has none of the category, the answer, who gave it):
# the first bank question of each category is asked.
ANSWERS = (
    (
        "situation",
        "How is load planning organised across the sites today?",
        "Fourteen sites, about 1,900 vehicles; each site plans its own loads in a spreadsheet "
        "fed from the ERP.",
        "nb-ops-an",
    ),
    (
        "problem",
        "Where does the planning cost you most?",
        "Roughly a quarter of our miles are driven empty, and it is worst between the northern "
        "sites.",
        "nb-coo",
    ),
    (
        "implication",
        "What does that empty running cost, and who notices it?",
        "Empty running costs us about £2.4m a year in fuel and driver hours, and it is the first "
        "thing our two biggest retail customers ask about in their carbon reporting.",
        "nb-coo",
    ),
    (
        "need_payoff",
        "What would it be worth if planners saw return loads across sites?",
        "If planners could see the return loads across sites, I'd expect half of those empty "
        "miles to go. Mind you, the planners re-key every load into the tracker by hand first.",
        "nb-ops-an",
    ),
)


def load_discovery(*, account: Account, owner: User) -> None:
    """Create Northbridge's discovery once (nothing if it has an initiative already)."""
    if Initiative.objects.filter(account=account).exists():
        return
    people = {s.ref: s for s in Stakeholder.objects.filter(account=account)}
    today = timezone.localdate()
    discovery.research_note_create(
        actor=owner,
        account=account,
        title="Annual report: margin pressure and carbon targets",
        body="Operating margin fell from 4.1% to 3.2%; the group commits to a 30% cut in "
        "Scope 1 emissions by 2030. Fuel is the second biggest cost after people.",
        source="Northbridge Logistics annual report",
        noted_on=today - dt.timedelta(days=75),
    )
    discovery.research_note_create(
        actor=owner,
        account=account,
        title="Sector: retailers ask carriers for emissions per load",
        body="Two of Northbridge's top five customers now require emissions per delivered "
        "load in their supplier scorecards.",
        source="Trade press",
        noted_on=today - dt.timedelta(days=60),
    )
    roll_out = discovery.initiative_create(
        actor=owner,
        account=account,
        title="Cut empty running across the UK sites",
        description="Cross-site visibility of return loads, from the telematics data.",
    )
    discovery.initiative_move(
        actor=owner, initiative=roll_out, stage="diagnose", on=roll_out.stage_entered_on
    )
    discovery.initiative_create(
        actor=owner,
        account=account,
        title="EU sites: Hamburg and Rotterdam",
        description="Whether the EU operation has the same problem; nobody has asked yet.",
    )
    bank: dict[str, Question] = {}
    for first in Question.objects.filter(active=True, parent__isnull=True):
        bank.setdefault(first.category, first)  # the first of each category
    session = discovery.session_create(
        actor=owner,
        account=account,
        stakeholders=[people["nb-coo"], people["nb-ops-an"]],
        title="Discovery: planning and empty running",
        held_on=today - dt.timedelta(days=40),
        held_by=owner,
        initiative=roll_out,
        notes="Priya brought Grace, who runs the numbers the executives use.",
    )
    asked = {}
    for category, text, answer, ref in ANSWERS:
        question: Question | None = bank.get(category)
        asked[category] = discovery.asked_add(
            actor=owner,
            session=session,
            question=question,
            text="" if question else text,
            category="" if question else category,
            answer=answer,
            answered_by=people[ref],
        )
    explicit = discovery.need_capture(
        actor=owner,
        account=account,
        kind="pain_point",
        text="Cut empty running between sites",
        explicitness="explicit",
        asked=asked["implication"],
        business_impact="About £2.4m a year in fuel and driver hours; customers' carbon "
        "scorecards.",
        initiatives=[roll_out],
    )
    discovery.need_capture(
        actor=owner,
        account=account,
        kind="pain_point",
        text="Planners re-key every load into the tracker by hand",
        explicitness="latent",
        asked=asked["need_payoff"],
        business_impact="Planner time, and errors that hide return loads.",
        initiatives=[roll_out],
    )
    discovery.proposal_create(
        actor=owner,
        account=account,
        title="Cross-site return-load board",
        description="A shared view of open return legs from live vehicle positions.",
        initiative=roll_out,
        needs=[explicit],
    )
    discovery.proposal_create(
        actor=owner,
        account=account,
        title="Driver app with fuel-saving league tables",
        description="Our product team's idea; nobody at Northbridge has asked for it.",
        initiative=roll_out,
    )

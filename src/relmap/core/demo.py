"""The demo: a realistic, fictional key account and a second, small one.

Northbridge Logistics is a UK third-party logistics group evaluating our fleet-telematics
platform for a group-wide roll-out. Its map (``demo_data/northbridge/*.csv``, in the
import format of docs/import-format.md) is built so that every kind of finding shows: a
formal hierarchy with informal influence that disagrees with it (an operations analyst the
executives lean on), a blocker in IT security, powerful people whose attitude nobody
knows, no identified economic buyer, coverage that leans on our account director, a
decision maker covered only by a junior colleague of ours, and a former sponsor who left.
Solent Marine belongs to another user, to show that access is scoped to the account team.

Around Northbridge, "demo" runs a portfolio of 24 smaller accounts
(``demo_data/portfolio/accounts.json``) scored on the default selection criteria, with a
rationale for every score, so that all four quadrants of the KAM portfolio matrix are
filled; each has a dated lifecycle history, and three years of quarterly financials
(``demo_data/portfolio/financials.csv``, in the financials import format). Two tiers are
overridden with a reason, and effort does not follow tier everywhere (a streamline
account with a bigger team than any strategic one), so the effort findings show.
Northbridge has a full account plan (:mod:`relmap.core.demo_plan`). The user "lead"
leads the sales team "UK Key Accounts", of which "demo" is a member, and so sees demo's
portfolio read-only.

Everything is loaded through the importers and the services, so the demo leaves the same
audit trail as real use, and the files double as examples of the import formats. Loading
it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from relmap.accounts.financials_import import import_financials_csv
from relmap.accounts.models import Account, AccountMembership, SalesTeam, SelectionCriterion
from relmap.accounts.portfolio_services import (
    criteria_install_defaults,
    lifecycle_stage_set,
    scores_set,
    tier_override_set,
)
from relmap.accounts.services import account_create, account_update, team_member_add
from relmap.core.csvfiles import SourceFile
from relmap.core.demo_discovery import load_discovery
from relmap.core.demo_engagement import load_engagement
from relmap.core.demo_monitoring import load_monitoring
from relmap.core.demo_plan import build_plan
from relmap.stakeholders.choices import Side
from relmap.stakeholders.mapfile import import_csv_files, import_map, read_json_map
from relmap.stakeholders.models import Stakeholder

DEMO_PASSWORD = "relmap-demo"  # noqa: S105 - published demo credentials
DEMO_ACCOUNT = "Northbridge Logistics"
RIVAL_ACCOUNT = "Solent Marine"
DATA_DIR = Path(__file__).resolve().parent / "demo_data"
PORTFOLIO_DIR = DATA_DIR / "portfolio"
SALES_TEAM = "UK Key Accounts"
# Our people on the Northbridge map who stand for the demo's users.
TEAM_LINKS = (("demo", "us-kam", "key_account_manager"), ("nikhil", "us-se", "solution_specialist"))
# Colleagues who work some of the smaller accounts.
COLLEAGUES = (("isla", "Isla", "Grant"), ("farid", "Farid", "Haddad"))

# Rationale of a score, by criterion and band (0-3, 4-6, 7-10), filled in with the
# account's facts from accounts.json.
RATIONALES: dict[str, tuple[str, str, str]] = {
    "Size": (
        "Small: about £{revenue_k}k a year with us and little headroom in a small fleet.",
        "Mid-sized: about £{revenue_k}k a year with us; some headroom.",
        "Large: about £{revenue_k}k a year with us and room to grow across the fleet.",
    ),
    "Growth": (
        "Flat or shrinking: spend with us {growth:+d} % a year.",
        "Steady: spend with us {growth:+d} % a year.",
        "Growing fast: spend with us {growth:+d} % a year, more sites coming.",
    ),
    "Profit potential": (
        "Thin: gross margin about {margin} % and cost to serve {cts} % of revenue.",
        "Fair: gross margin about {margin} %, cost to serve {cts} % of revenue.",
        "Good: gross margin about {margin} % with cost to serve at {cts} % of revenue.",
    ),
    "Strategic fit": (
        "Outside our target sectors ({industry}); no reference value.",
        "Adjacent to our core sectors ({industry}); some reference value.",
        "Core sector for us ({industry}); a reference we can use in the market.",
    ),
    "Ease of doing business": (
        "Hard: price-led tenders, slow payment or heavy procurement.",
        "Average: formal procurement but fair terms.",
        "Easy: quick decisions, prompt payment, open with data.",
    ),
    "Share of wallet": (
        "Low: a rival holds most of their telematics and routing spend.",
        "Medium: we hold part of their spend; a rival holds the rest.",
        "High: we hold most of what they spend in our categories.",
    ),
    "Relationship quality": (
        "Thin: one or two contacts, no senior relationship.",
        "Working: operational contacts and one senior relationship.",
        "Deep: several functions related and a senior sponsor.",
    ),
    "Solution fit": (
        "Weak: our offering misses needs they rank highly.",
        "Partial: fits the core need, gaps in integration or reporting.",
        "Strong: they see our offering as the best fit for their needs.",
    ),
    "Competitor position": (
        "Weak: an incumbent is entrenched or we lose on price.",
        "Even: one of two or three credible suppliers.",
        "Strong: preferred supplier; rivals trail.",
    ),
}


def _user(username: str, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _load(*, owner: User, name: str, folder: str, industry: str, description: str) -> Account:
    account = account_create(
        actor=owner, name=name, owner=owner, industry=industry, description=description
    )
    files = DATA_DIR / folder
    import_csv_files(
        actor=owner,
        account_name=name,
        people=files / "people.csv",
        ties=files / "ties.csv",
        coverage=files / "coverage.csv",
    )
    return account


@transaction.atomic
def load_demo() -> list[str]:
    """Create the demo users and accounts; returns the accounts created (none if present)."""
    created: list[str] = []
    demo = _user("demo", "Alex", "Morgan")
    rival = _user("rival", "Jordan", "Blake")
    colleague = _user("nikhil", "Nikhil", "Rao")

    if not Account.objects.filter(name=DEMO_ACCOUNT).exists():
        _load(
            owner=demo,
            name=DEMO_ACCOUNT,
            folder="northbridge",
            industry="Third-party logistics",
            description="Group-wide roll-out of our fleet-telematics platform across 14 UK "
            "and EU sites; pilot running at Doncaster since Q1.",
        )
        created.append(DEMO_ACCOUNT)

    if not Account.objects.filter(name=RIVAL_ACCOUNT).exists():
        _load(
            owner=rival,
            name=RIVAL_ACCOUNT,
            folder="solent",
            industry="Ports and marine services",
            description="Berth scheduling pilot.",
        )
        created.append(RIVAL_ACCOUNT)

    lead = _user("lead", "Harriet", "Lane")
    colleagues = {"nikhil": colleague} | {u: _user(u, f, last) for u, f, last in COLLEAGUES}
    northbridge = Account.objects.get(name=DEMO_ACCOUNT)
    _link_team(demo, northbridge, {"demo": demo, "nikhil": colleague})
    criteria_install_defaults(actor=lead)
    created += _load_portfolio(demo, colleagues)
    import_financials_csv(actor=demo, source=SourceFile.from_path(PORTFOLIO_DIR / "financials.csv"))
    if not hasattr(northbridge, "plan"):
        build_plan(account=northbridge, owner=demo, engineer=colleague)
    load_engagement(account=northbridge, owner=demo)
    load_discovery(account=northbridge, owner=demo)
    load_monitoring(account=northbridge, owner=demo)
    # No service manages sales teams yet (they are set up in the admin).
    team, _ = SalesTeam.objects.get_or_create(name=SALES_TEAM, defaults={"leader": lead})
    team.members.add(demo)
    return created


def _link_team(actor: User, account: Account, users: dict[str, User]) -> None:
    """Put the demo's users on Northbridge's team, standing for their people on the map."""
    people = {s.ref: s for s in Stakeholder.objects.filter(account=account, side=Side.INTERNAL)}
    linked = set(
        AccountMembership.objects.filter(account=account, stakeholder__isnull=False).values_list(
            "user__username", flat=True
        )
    )
    for username, ref, role in TEAM_LINKS:
        if username not in linked:
            team_member_add(
                actor=actor,
                account=account,
                user=users[username],
                role=role,
                stakeholder=people[ref],
            )


def _load_portfolio(owner: User, colleagues: dict[str, User]) -> list[str]:
    """The smaller accounts, and the selection data of every portfolio account (scores,
    stages, overrides) for accounts that do not have it yet."""
    data = json.loads((PORTFOLIO_DIR / "accounts.json").read_text(encoding="utf-8"))
    criteria = {c.name: c.pk for c in SelectionCriterion.objects.all()}
    existing = {
        a.name: a for a in Account.objects.filter(name__in=[x["name"] for x in data["accounts"]])
    }
    scored = set(
        Account.objects.filter(name__in=list(existing), scores__isnull=False).values_list(
            "name", flat=True
        )
    )
    created: list[str] = []
    for item in data["accounts"]:
        name = item["name"]
        account = existing.get(name)
        if account is None:
            account = _create_account(owner, item)
            created.append(name)
        if name in scored:
            continue
        for member in item.get("team", []):
            team_member_add(
                actor=owner, account=account, user=colleagues[member["user"]], role=member["role"]
            )
        _select(owner, account, item, criteria)
    return created


def _create_account(owner: User, item: dict[str, Any]) -> Account:
    if not item["people"]:
        return account_create(
            actor=owner,
            name=item["name"],
            owner=owner,
            industry=item["industry"],
            description=item["description"],
        )
    document = {
        "format": "relmap-map",
        "version": 1,
        "account": {k: item[k] for k in ("name", "industry", "description")},
        "people": item["people"],
    }
    source = SourceFile(f"{item['name']}.json", json.dumps(document).encode("utf-8"))
    report = import_map(actor=owner, account_name=item["name"], parsed=read_json_map(source))
    return report.account


def _select(owner: User, account: Account, item: dict[str, Any], criteria: dict[str, int]) -> None:
    facts = {**item["facts"], "industry": item["industry"].lower()}
    scores_set(
        actor=owner,
        account=account,
        scores={
            criteria[name]: (Decimal(score), _rationale(name, score, facts))
            for name, score in item["scores"].items()
            if name in criteria
        },
    )
    for change in item["stages"]:
        lifecycle_stage_set(
            actor=owner,
            account=account,
            stage=change["stage"],
            changed_on=dt.date.fromisoformat(change["changed_on"]),
            note=change["note"],
        )
    override = item.get("tier_override")
    if override:
        tier_override_set(
            actor=owner, account=account, tier=override["tier"], reason=override["reason"]
        )
    if "retention_rate" in item:
        account_update(actor=owner, account=account, retention_rate=Decimal(item["retention_rate"]))


def _rationale(criterion: str, score: int, facts: dict[str, Any]) -> str:
    """The evidence for a score; every score needs one, so every criterion the demo
    scores has its bands in RATIONALES (a KeyError names the one missing)."""
    bands = RATIONALES[criterion]
    return bands[0 if score <= 3 else 1 if score <= 6 else 2].format(**facts)

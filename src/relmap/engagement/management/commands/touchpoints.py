"""``relmap touchpoints``: what is due, overdue and unplanned — a user's, or an account's."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relmap.engagement import selectors
from relmap.stakeholders.management import account_for, acting_user, add_user_argument

FIELDS = (
    "status",
    "due_on",
    "account",
    "stakeholder",
    "owner",
    "strategy",
    "last_touch",
    "next_step",
    "reason",
)


def _record(row: selectors.PlanRow) -> dict[str, Any]:
    plan = row.plan
    return {
        "status": row.due.status,
        "due_on": row.due.due_on.isoformat(),
        "account": plan.account.name,
        "stakeholder": plan.stakeholder.name,
        "owner": plan.owner.name,
        "strategy": row.proposal.headline if row.follows_proposal else plan.strategy,
        "last_touch": row.last_touch.date().isoformat() if row.last_touch else "",
        "next_step": plan.next_step,
        "reason": row.due.reason,
    }


class Command(BaseCommand):
    help = (
        "List engagement touchpoints, soonest due first: the plans the user owns on every "
        "account they may see, or every plan of one account (--account), with the people "
        "who have no plan and, for an account, its engagement findings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--account", metavar="NAME", help="One account's touchpoints.")
        parser.add_argument(
            "--format", choices=("text", "json", "csv"), default="text", help="Default: text."
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        if options["account"]:
            touchpoints: selectors.Touchpoints = selectors.account_touchpoints(
                account_for(user, options["account"])
            )
        else:
            touchpoints = selectors.my_touchpoints(user)
        records = [_record(r) for r in touchpoints.rows]
        unplanned = [
            {"account": p.account.name, "stakeholder": p.name, "power": p.power}
            for p in touchpoints.unplanned
        ]
        if options["format"] == "json":
            findings = [
                {"kind": f.kind, "severity": f.severity, "title": f.title}
                for f in touchpoints.findings
            ]
            payload = {"plans": records, "unplanned": unplanned, "findings": findings}
            self.stdout.write(json.dumps(payload, indent=2))
            return
        if options["format"] == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
            return
        for status in ("overdue", "due", "upcoming"):
            rows = [r for r in records if r["status"] == status]
            self.stdout.write(f"{status.capitalize()} ({len(rows)})")
            for r in rows:
                self.stdout.write(
                    f"  {r['due_on']}  {r['stakeholder']} ({r['account']}), owner {r['owner']}: "
                    f"{r['strategy']}{' — ' + r['next_step'] if r['next_step'] else ''}"
                )
        self.stdout.write(f"No plan ({len(unplanned)})")
        for p in unplanned:
            self.stdout.write(f"  {p['stakeholder']} ({p['account']}), power {p['power']}/5")
        for f in touchpoints.findings:
            self.stdout.write(f"! {f.severity}: {f.title}")

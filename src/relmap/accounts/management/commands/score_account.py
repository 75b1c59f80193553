"""``relmap score-account``: score an account on selection criteria, with rationales."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from relmap.accounts import portfolio_services, selectors
from relmap.stakeholders.management import account_for, acting_user, add_user_argument

CRITERION = re.compile(r"^(?P<name>[^=]+)=(?P<score>[^:]*)(?::(?P<rationale>.*))?$", re.S)


def parse_criterion(text: str) -> tuple[str, Decimal | None, str]:
    """``"Size=8:Spends £1.4m a year"`` → ("Size", 8, "Spends £1.4m a year");
    ``"Size="`` removes the score."""
    match = CRITERION.match(text)
    if match is None:
        raise CommandError(f"Write --criterion as NAME=SCORE:RATIONALE; got {text!r}.")
    raw = match["score"].strip()
    try:
        score = Decimal(raw) if raw else None
    except InvalidOperation:
        raise CommandError(
            f"The score of {match['name'].strip()!r} is not a number: {raw!r}."
        ) from None
    return match["name"].strip(), score, (match["rationale"] or "").strip()


class Command(BaseCommand):
    help = (
        "Score an account on selection criteria (0-10, each with a rationale) and show "
        "where that places it in the KAM portfolio matrix. Example: relmap score-account "
        '"Northbridge Logistics" --criterion "Size=8:About £1.4m a year" '
        '--criterion "Growth=7:Two new sites in 2027". An empty score (Size=) removes it.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", metavar="NAME", help="Account name.")
        parser.add_argument(
            "--criterion",
            action="append",
            default=[],
            metavar="NAME=SCORE:RATIONALE",
            help="A criterion's name (case-insensitive), its score and why (a score "
            "needs its rationale); repeat it.",
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        account = account_for(user, options["account"], for_edit=True)
        if not options["criterion"]:
            raise CommandError("Give at least one --criterion NAME=SCORE:RATIONALE.")
        by_name = {c.name.casefold(): c for c in selectors.criteria()}
        scores: dict[int, tuple[Decimal | None, str]] = {}
        for text in options["criterion"]:
            name, score, rationale = parse_criterion(text)
            criterion = by_name.get(name.casefold())
            if criterion is None:
                known = ", ".join(c.name for c in by_name.values()) or "none defined"
                raise CommandError(f"No criterion named {name!r}; the criteria are: {known}.")
            scores[criterion.pk] = (score, rationale)
        try:
            portfolio_services.scores_set(actor=user, account=account, scores=scores)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        placement = selectors.placement_of(account)
        self.stdout.write(f"{account.name}: {placement.label}")
        self.stdout.write(placement.attractiveness.explanation)
        self.stdout.write(placement.strength.explanation)

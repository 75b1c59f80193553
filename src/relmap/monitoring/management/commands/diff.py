"""``relmap diff NAME --from DATE [--to DATE]``: what changed on an account's map between
two days (or since its last review): who joined or left, role and title changes,
attitude, trust, power and interest shifts, ties and coverage gained and lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from relmap.monitoring.history import diff_between, end_of
from relmap.monitoring.models import MapReview
from relmap.stakeholders.management import account_for, acting_user, add_user_argument

LAST_REVIEW = "last-review"


def _point(text: str) -> str:
    if text == LAST_REVIEW:
        return text
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD) or {LAST_REVIEW}.") from None
    return text


def _label(point: Any) -> str:
    if point is None:
        return "now"
    if isinstance(point, MapReview):
        return f"the review of {point.reviewed_at:%Y-%m-%d}"
    return f"{point:%Y-%m-%d}"


class Command(BaseCommand):
    help = (
        "What changed on an account's map between two days: the map at the end of --from "
        "(or at its last review, --from last-review) against the map at the end of --to "
        "(default: now)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", metavar="NAME", help="The account.")
        parser.add_argument("--from", dest="since", type=_point, required=True, metavar="DATE")
        parser.add_argument("--to", dest="until", type=_point, metavar="DATE")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        account = account_for(user, options["account"])

        def resolve(text: str | None) -> Any:
            if text is None:
                return None
            if text == LAST_REVIEW:
                review = MapReview.objects.filter(account=account).first()
                if review is None:
                    raise CommandError(f"{account.name}'s map has never been reviewed.")
                return review
            return end_of(dt.date.fromisoformat(text))

        since, until = resolve(options["since"]), resolve(options["until"])
        result = diff_between(account, since=since, until=until)
        self.stdout.write(f"{account.name}: the map from {_label(since)} to {_label(until)}")
        for line in result.lines():
            self.stdout.write(f"  {line}")

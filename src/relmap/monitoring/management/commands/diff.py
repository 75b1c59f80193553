"""``relmap diff NAME --from DATE|last-review|review-ID [--to DATE|review-ID]``: what
changed on an account's map between two days or reviews: who joined or left, role and
title changes, attitude, trust, power and interest shifts, ties and coverage gained and
lost."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from relmap.monitoring.history import diff_between, health_between, parse_point, point_label
from relmap.monitoring.models import MapReview
from relmap.stakeholders.management import account_for, acting_user, add_user_argument


class Command(BaseCommand):
    help = (
        "What changed on an account's map between two days: the map at the end of --from "
        "(or at a review: last-review, review-ID) against the map at the end of --to "
        "(default: now)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", metavar="NAME", help="The account.")
        parser.add_argument("--from", dest="since", required=True, metavar="DATE")
        parser.add_argument("--to", dest="until", default="", metavar="DATE")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        account = account_for(user, options["account"])
        try:
            since = parse_point(account, options["since"])
            until = parse_point(account, options["until"])
        except (MapReview.DoesNotExist, ValueError) as exc:
            raise CommandError(str(exc)) from None
        result = diff_between(account, since=since, until=until)
        self.stdout.write(
            f"{account.name}: the map from {point_label(since)} to {point_label(until)}"
        )
        for line in result.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(f"  {health_between(account, since, until).explanation()}")

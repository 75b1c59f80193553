"""``relmap remind [--email] [--user NAME ...]``: each user's digest of maps past their
review cadence, overdue touchpoints and overdue improvement actions; printed, or sent
through Django's e-mail backend with ``--email`` (for cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relmap.monitoring.remind import digests, send


class Command(BaseCommand):
    help = (
        "Each user's reminders: maps past their review cadence, overdue touchpoints and "
        "overdue improvement actions. Prints them, or e-mails them with --email."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", action="store_true", help="Send each digest by e-mail.")
        parser.add_argument(
            "--only", nargs="+", metavar="USERNAME", help="Only these users' digests."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        found = digests(usernames=options["only"])
        if not found:
            self.stdout.write("Nothing to remind anyone of.")
            return
        sent = 0
        for digest in found:
            if options["email"]:
                if send(digest):
                    sent += 1
                else:
                    self.stderr.write(f"{digest.user.get_username()} has no e-mail address.")
            else:
                self.stdout.write(digest.text() + "\n")
        if options["email"]:
            self.stdout.write(f"Sent {sent} digest(s).")

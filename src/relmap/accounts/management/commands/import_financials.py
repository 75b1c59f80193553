"""``relmap import-financials``: record accounts' financial periods from a CSV file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from relmap.accounts.financials_import import import_financials_csv
from relmap.core.csvfiles import FileImportError, SourceFile
from relmap.stakeholders.management import account_for, acting_user, add_user_argument


class Command(BaseCommand):
    help = (
        "Import revenue, gross margin and cost to serve by period from a CSV file with the "
        "columns account, period_start, period_end, revenue, gross_margin, cost_to_serve "
        "(see docs/import-format.md). All or nothing: on any error every bad line is "
        "listed and nothing is written. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="The CSV file.")
        parser.add_argument(
            "--account",
            metavar="NAME",
            help="Import every row into this account (the account column may be left out).",
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        account = account_for(user, options["account"]) if options["account"] else None
        try:
            report = import_financials_csv(
                actor=user, source=SourceFile.from_path(options["file"]), account=account
            )
        except FileImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            count = len(exc.errors)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was imported."
            ) from None
        self.stdout.write(report.summary())

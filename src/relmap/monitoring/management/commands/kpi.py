"""``relmap kpi import FILE --account NAME [--survey nps|csat]``: record an account's
survey responses (NPS, CSAT) from a CSV file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from relmap.core.csvfiles import FileImportError, SourceFile
from relmap.monitoring.choices import Survey
from relmap.monitoring.responses_import import import_responses_csv
from relmap.stakeholders.management import account_for, acting_user, add_user_argument


class Command(BaseCommand):
    help = "Monitoring data in and out: `relmap kpi import` records survey responses."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        imports = actions.add_parser(
            "import",
            help=(
                "Import NPS or CSAT survey responses from a CSV file with the columns "
                "respondent, stakeholder, answered_on, score, comment, survey (see "
                "docs/import-format.md). All or nothing: on any error every bad line is "
                "listed and nothing is written. Importing the same file again changes "
                "nothing."
            ),
        )
        imports.add_argument("file", metavar="FILE", help="The CSV file.")
        imports.add_argument("--account", metavar="NAME", required=True, help="The account.")
        imports.add_argument(
            "--survey",
            choices=Survey.values,
            help="The survey of every row (else the file's survey column says).",
        )
        add_user_argument(imports)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        account = account_for(user, options["account"], for_edit=True)
        try:
            report = import_responses_csv(
                actor=user,
                source=SourceFile.from_path(options["file"]),
                account=account,
                survey=options["survey"],
            )
        except FileImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            count = len(exc.errors)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was imported."
            ) from None
        self.stdout.write(report.summary())

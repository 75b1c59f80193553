"""``relmap import-map``: bring an account's map in line with CSV or JSON files."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from relmap.core.csvfiles import FileImportError
from relmap.stakeholders.management import acting_user, add_user_argument
from relmap.stakeholders.mapfile import import_csv_files, import_json_file


class Command(BaseCommand):
    help = (
        "Import an account's map from people.csv (+ ties.csv, coverage.csv) or from one "
        "JSON file; see docs/import-format.md. The account is created if it does not "
        "exist. All or nothing: on any error every problem is listed and nothing is "
        "written. Importing the same files again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--account", required=True, metavar="NAME", help="Account name.")
        parser.add_argument("--people", metavar="FILE", help="people.csv (id, name, …).")
        parser.add_argument("--ties", metavar="FILE", help="ties.csv (from, to, type, …).")
        parser.add_argument(
            "--coverage", metavar="FILE", help="coverage.csv (our, their, …), optional."
        )
        parser.add_argument(
            "--json", metavar="FILE", help="A relmap-map JSON file, instead of the CSV files."
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help=(
                "Treat the files as the whole map: delete ties and coverage they leave out "
                "and mark people they leave out as having left (people are never deleted)."
            ),
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        csv_given = any(options[k] for k in ("people", "ties", "coverage"))
        if options["json"] and csv_given:
            raise CommandError("Give either --json or the CSV files (--people …), not both.")
        if not options["json"] and not options["people"]:
            raise CommandError("Give --people people.csv (with --ties, --coverage) or --json.")
        user = acting_user(options["user"])
        try:
            if options["json"]:
                report = import_json_file(
                    actor=user,
                    account_name=options["account"],
                    path=options["json"],
                    prune=options["prune"],
                )
            else:
                report = import_csv_files(
                    actor=user,
                    account_name=options["account"],
                    people=options["people"],
                    ties=options["ties"],
                    coverage=options["coverage"],
                    prune=options["prune"],
                )
        except FileImportError as exc:  # MapImportError, or a file that cannot be read
            for error in exc.errors:
                self.stderr.write(str(error))
            count = len(exc.errors)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was imported."
            ) from None
        except (Http404, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(report.summary())

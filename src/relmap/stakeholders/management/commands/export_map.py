"""``relmap export-map``: write an account's map in the format import-map reads."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relmap.stakeholders.management import account_for, acting_user, add_user_argument
from relmap.stakeholders.mapfile import FORMATS, export_map


class Command(BaseCommand):
    help = (
        "Export an account's map as map.json or as people.csv, ties.csv and coverage.csv "
        "into a directory. The files re-import unchanged with import-map."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", metavar="NAME", help="Account name.")
        parser.add_argument("--format", choices=FORMATS, default="json", help="Default: json.")
        parser.add_argument(
            "--out", required=True, metavar="DIR", help="Directory to write to (created)."
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        account = account_for(acting_user(options["user"]), options["account"])
        for path in export_map(account, fmt=options["format"], out_dir=options["out"]):
            self.stdout.write(f"Wrote {path}")

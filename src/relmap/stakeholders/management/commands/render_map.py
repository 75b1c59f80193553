"""``relmap render-map``: draw an account's map as SVG or PNG, for reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relmap.stakeholders.management import account_for, acting_user, add_user_argument
from relmap.stakeholders.render import FORMATS, VIEWS, render
from relmap.stakeholders.selectors import analyse_account


class Command(BaseCommand):
    help = (
        "Draw an account's map: the org chart from reporting lines (org), the informal "
        "influence network (network) or the power/interest grid (grid), as SVG or PNG."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", metavar="NAME", help="Account name.")
        parser.add_argument("--view", choices=VIEWS, default="org", help="Default: org.")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="Default: from the --out file's extension, else svg.",
        )
        parser.add_argument("--out", required=True, metavar="FILE", help="File to write.")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        account = account_for(acting_user(options["user"]), options["account"])
        out = Path(options["out"])
        fmt = options["format"] or ("png" if out.suffix.lower() == ".png" else "svg")
        content = render(analyse_account(account), view=options["view"], fmt=fmt)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        self.stdout.write(f"Wrote {out} ({options['view']} view, {fmt}, {len(content)} bytes)")

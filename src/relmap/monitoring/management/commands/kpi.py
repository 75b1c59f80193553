"""``relmap kpi``: an account's KPIs from the command line.

- ``relmap kpi list --account NAME``: the KPIs with baseline, target and latest value;
- ``relmap kpi add --account NAME --kind KIND [--name …] [--baseline V --baseline-on D]
  [--target V --target-on D]``: start following one;
- ``relmap kpi import FILE --account NAME [--survey nps|csat]``: KPI values (a file with
  the columns kpi, on, value, note) or survey responses (respondent, answered_on, score…),
  told apart by the header.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from relmap.core.csvfiles import FileImportError, SourceFile
from relmap.monitoring import selectors
from relmap.monitoring.choices import Direction, KpiKind, Survey
from relmap.monitoring.points_import import import_points_csv, is_points_file
from relmap.monitoring.responses_import import import_responses_csv
from relmap.monitoring.services import kpi_create
from relmap.stakeholders.management import account_for, acting_user, add_user_argument


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "An account's KPIs: list them, add one, import values or survey responses."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser("list", help="The account's KPIs and their latest values.")
        listing.add_argument("--account", metavar="NAME", required=True)
        add_user_argument(listing)

        add = actions.add_parser("add", help="Start following a KPI on an account.")
        add.add_argument("--account", metavar="NAME", required=True)
        add.add_argument("--kind", choices=KpiKind.values, required=True)
        add.add_argument("--name", default="", help="Required for a custom KPI.")
        add.add_argument("--unit", help="Default: the kind's.")
        add.add_argument("--direction", choices=Direction.values, help="Default: the kind's.")
        add.add_argument("--baseline", type=float)
        add.add_argument("--baseline-on", type=_day, metavar="YYYY-MM-DD")
        add.add_argument("--target", type=float)
        add.add_argument("--target-on", type=_day, metavar="YYYY-MM-DD")
        add_user_argument(add)

        imports = actions.add_parser(
            "import",
            help=(
                "Import KPI values (columns kpi, on, value, note) or NPS/CSAT survey "
                "responses (respondent, stakeholder, answered_on, score, comment, survey) "
                "from a CSV file (docs/import-format.md). All or nothing: on any error "
                "every bad line is listed and nothing is written. Importing the same file "
                "again changes nothing."
            ),
        )
        imports.add_argument("file", metavar="FILE", help="The CSV file.")
        imports.add_argument("--account", metavar="NAME", required=True, help="The account.")
        imports.add_argument(
            "--survey",
            choices=Survey.values,
            help="Survey responses: the survey of every row (else the survey column says).",
        )
        add_user_argument(imports)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        action = options["action"]
        account = account_for(user, options["account"], for_edit=action != "list")
        if action == "list":
            self._list(account)
        elif action == "add":
            try:
                kpi = kpi_create(
                    actor=user,
                    account=account,
                    kind=options["kind"],
                    name=options["name"],
                    unit=options["unit"],
                    direction=options["direction"],
                    baseline=options["baseline"],
                    baseline_on=options["baseline_on"],
                    target=options["target"],
                    target_on=options["target_on"],
                )
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
            self.stdout.write(f"{account.name} now follows {kpi.name} ({kpi.unit}).")
        else:
            self._import(user, account, options)

    def _list(self, account: Any) -> None:
        views = selectors.kpis_of(account)
        if not views:
            self.stdout.write(f"{account.name} follows no KPI yet.")
        for view in views:
            kpi, latest_point = view.kpi, view.latest
            latest = (
                f"{latest_point.value:g} on {latest_point.on}" if latest_point else "no values yet"
            )
            baseline = (
                f"baseline {kpi.baseline:g} ({kpi.baseline_on})"
                if kpi.baseline is not None
                else "no baseline"
            )
            target = (
                f"target {kpi.target:g} by {kpi.target_on}"
                if kpi.target is not None
                else "no target"
            )
            fresh = view.freshness(timezone.localdate())
            late = f" Late: {fresh.explanation()}." if latest_point and fresh.stale else ""
            self.stdout.write(f"{kpi.name} [{kpi.unit}]: {latest}; {baseline}; {target}.{late}")

    def _import(self, user: Any, account: Any, options: dict[str, Any]) -> None:
        try:
            source = SourceFile.from_path(options["file"])
            if is_points_file(source.data):
                if options["survey"]:
                    raise CommandError("--survey is for survey responses, not KPI values.")
                report: Any = import_points_csv(actor=user, source=source, account=account)
            else:
                report = import_responses_csv(
                    actor=user, source=source, account=account, survey=options["survey"]
                )
        except FileImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            count = len(exc.errors)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was imported."
            ) from None
        self.stdout.write(report.summary())

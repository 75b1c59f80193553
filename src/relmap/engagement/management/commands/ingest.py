"""``relmap ingest``: ingest files of interactions into an account."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]

from relmap.accounts.models import Account
from relmap.core.visibility import get_account_by_name_for_user, get_account_for_user
from relmap.engagement.ingest.service import after_ingest, ingest_file, summary, window_from_dates
from relmap.engagement.models import IngestRun
from relmap.stakeholders.management import acting_user


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Ingest interactions from calendars (.ics), mail (.mbox, .eml: headers only) and CSV "
        "activity exports into an account; see docs/ingest-formats.md. Each file is all or "
        "nothing and the same file twice changes nothing. Exits with status 1 if any file "
        "was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--account", required=True, metavar="ID", help="Account id (or its exact name)."
        )
        parser.add_argument(
            "--source", choices=["ics", "mail", "csv"], help="Kind of file (default: detect)."
        )
        parser.add_argument("--window-from", metavar="DATE", help="Expand recurring events from.")
        parser.add_argument("--window-to", metavar="DATE", help="… to this date (inclusive).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--user",
            "--actor",
            dest="user",
            metavar="USERNAME",
            help=(
                "Act as this user: access is checked and changes are audited under their "
                "name. Default: the only superuser, if there is exactly one."
            ),
        )

    def _account(self, user: Any, ref: str) -> Account:
        try:
            if ref.isdigit():
                return get_account_for_user(user, int(ref), for_edit=True)
            return get_account_by_name_for_user(user, ref, for_edit=True)
        except (Http404, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        account = self._account(user, options["account"])
        window = None
        if options["window_from"] or options["window_to"]:
            start = _date(options["window_from"]) if options["window_from"] else None
            end = _date(options["window_to"]) if options["window_to"] else None
            try:
                window = window_from_dates(start, end)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        quiet = options["no_progress"] or not sys.stderr.isatty()
        runs: list[IngestRun] = []
        for path in options["files"]:
            bar = tqdm(
                total=1, desc=str(path), unit="row", disable=quiet, file=sys.stderr, leave=False
            )

            def progress(step: str, done: int, total: int, bar: Any = bar) -> None:
                bar.set_postfix_str(step)
                if total and bar.total != total:
                    bar.reset(total=total)
                bar.n = done
                bar.refresh()

            try:
                run = ingest_file(
                    actor=user,
                    account=account,
                    name=str(path).rsplit("/", 1)[-1],
                    data=path,
                    source=options["source"],
                    window=window,
                    progress=progress,
                )
            finally:
                bar.close()
            runs.append(run)
            for line in summary(run):
                (self.stdout if run.ok else self.stderr).write(line)
        after_ingest(account, runs)
        refused = [r for r in runs if not r.ok]
        if refused:
            raise CommandError(
                f"{len(refused)} of {len(runs)} file(s) refused; nothing of them was ingested."
            )

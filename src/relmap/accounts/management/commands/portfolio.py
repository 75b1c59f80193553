"""``relmap portfolio``: every account you may see, as a table or as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from relmap.accounts.choices import LifecycleStage, Quadrant
from relmap.accounts.portfolio_selectors import (
    EFFORT_SIGNALS_NOTE,
    PortfolioFilters,
    PortfolioRow,
    effort_findings_for,
    portfolio_rows,
)
from relmap.core.csvfiles import spreadsheet_safe
from relmap.monitoring.staleness import Staleness, staleness_for
from relmap.stakeholders.management import acting_user, add_user_argument

CSV_COLUMNS = (
    "id",
    "name",
    "owner",
    "tier",
    "quadrant",
    "tier_overridden",
    "attractiveness",
    "strength",
    "stage",
    "currency",
    "annual_revenue",
    "growth_pct",
    "clv_finite",
    "clv_infinite",
    "plan_status",
    "plan_revision",
    "overdue_actions",
    "team_size",
)
# The map's review state (relmap.monitoring.staleness), after the row's own columns.
REVIEW_COLUMNS = ("map_last_reviewed", "map_review_due", "map_stale")
# Typed by people, so guarded against spreadsheet formulas (the other columns are ids,
# choice keys and numbers the command formats itself).
TEXT_COLUMNS = frozenset({"name", "owner"})


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def portfolio_csv(rows: list[PortfolioRow], reviews: Mapping[int, Staleness]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + REVIEW_COLUMNS)
    for row in rows:
        review = reviews[row.id]
        writer.writerow(
            [
                spreadsheet_safe(getattr(row, column))
                if column in TEXT_COLUMNS
                else _plain(getattr(row, column))
                for column in CSV_COLUMNS
            ]
            + [_plain(review.last_review), _plain(review.due_on), _plain(review.stale)]
        )
    return out.getvalue()


def _money(value: float | None, currency: str) -> str:
    if value is None:
        return "—"
    return f"{currency} {value / 1000:,.0f}k"


def _review_cell(review: Staleness) -> str:
    if review.last_review is None:
        return "never!"
    return f"{review.last_review}{'!' if review.stale else ''}"


def portfolio_text(rows: list[PortfolioRow], reviews: Mapping[int, Staleness]) -> str:
    header = ("Account", "Owner", "Tier", "Attr", "Str", "Stage", "Revenue/yr", "Growth",
              "CLV", "Plan", "Overdue", "Team", "Map review")  # fmt: skip
    table = [header]
    for r in rows:
        tier = (r.tier or "unplaced") + ("*" if r.tier_overridden else "")
        table.append(
            (
                r.name,
                r.owner,
                tier,
                "—" if r.attractiveness is None else f"{r.attractiveness:.1f}",
                "—" if r.strength is None else f"{r.strength:.1f}",
                r.stage,
                _money(r.annual_revenue, r.currency),
                "—" if r.growth_pct is None else f"{r.growth_pct:+.0f} %",
                _money(r.clv_finite, r.currency),
                r.plan_status or "none",
                str(r.overdue_actions),
                str(r.team_size),
                _review_cell(reviews[r.id]),
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
             for line in table]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(
        f"{len(rows)} account{'s' if len(rows) != 1 else ''}. * tier overridden. "
        "! map past its review cadence. CLV over each account's horizon "
        "(Gupta & Lehmann 2003)."
    )
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = (
        "List your portfolio: every account you may see with its tier (KAM portfolio "
        "matrix), scores, lifecycle stage, revenue, CLV, plan, team and when its map was "
        "last reviewed (! past its review cadence). --format csv "
        "writes the same rows as CSV, to stdout or --out FILE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("text", "csv"), default="text")
        parser.add_argument("--out", metavar="FILE", help="Write to FILE instead of stdout.")
        parser.add_argument("--tier", choices=Quadrant.values, help="Only this tier.")
        parser.add_argument("--stage", choices=LifecycleStage.values, help="Only this stage.")
        parser.add_argument("--search", metavar="TEXT", help="Only names containing TEXT.")
        parser.add_argument(
            "--findings",
            action="store_true",
            help="Also list where effort does not follow tier (text format).",
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = acting_user(options["user"])
        filters = PortfolioFilters(
            tier=options["tier"] or "",
            stage=options["stage"] or "",
            q=options["search"] or "",
        )
        # Neither format shows the revenue trend.
        rows = portfolio_rows(user, filters, with_trend=False)
        reviews = staleness_for((r.id, r.tier) for r in rows)
        if options["format"] == "csv":
            text = portfolio_csv(rows, reviews)
        else:
            text = portfolio_text(rows, reviews)
            if options["findings"]:
                findings = effort_findings_for(user, rows, filters=filters)
                text += f"\nEffort findings ({len(findings)}):\n{EFFORT_SIGNALS_NOTE}\n"
                text += "".join(f"- [{f.severity}] {f.title}\n" for f in findings)
        if options["out"]:
            try:
                Path(options["out"]).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {options['out']}: {exc.strerror}.") from None
            self.stdout.write(f"Wrote {len(rows)} accounts to {options['out']}")
        else:
            self.stdout.write(text, ending="")

"""``relmap analyze``: the grid, influence ranking and findings of an account's map."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from relmap.stakeholders.management import account_for, acting_user, add_user_argument
from relmap.stakeholders.mapfile import external_ids
from relmap.stakeholders.selectors import AnalysedMap, analyse_account


def analysis_document(analysed: AnalysedMap) -> dict[str, Any]:
    """The analysis as plain JSON values, people named by their import ids."""
    ids = external_ids(analysed.data.stakeholders)
    analysis = analysed.analysis
    return {
        "account": analysed.data.account.name,
        "betweenness_sampled": analysis.betweenness_sampled,
        "diamond_index": round(analysis.diamond_index, 4),
        "stakeholders": [
            {
                "id": ids[s.id],
                "name": s.name,
                "quadrant": s.quadrant,
                "quadrant_label": s.quadrant_label,
                "strategy": s.strategy,
                "influence_score": round(s.influence_score, 2),
                "influence_rank": s.influence_rank,
                "formal_score": round(s.formal_score, 2),
                "network_score": round(s.network_score, 2),
                "pagerank": round(s.pagerank, 6),
                "betweenness": round(s.betweenness, 6),
                "explanation": s.explanation,
            }
            for s in analysis.stakeholders
        ],
        "findings": [
            {
                "kind": f.kind,
                "severity": f.severity,
                "title": f.title,
                "explanation": f.explanation,
                "ids": [ids[pk] for pk in f.people if pk in ids],
            }
            for f in analysis.findings
        ],
    }


def analysis_text(analysed: AnalysedMap) -> str:
    """A report a person reads in a terminal."""
    ids = external_ids(analysed.data.stakeholders)
    analysis = analysed.analysis
    title = f"Map analysis: {analysed.data.account.name}"
    lines = [title, "=" * len(title), ""]
    people = analysis.stakeholders
    lines.append(
        f"{len(people)} people. Diamond index {analysis.diamond_index:.2f} "
        "(0 = bow-tie, 1 = diamond)."
    )
    if analysis.betweenness_sampled:
        lines.append("Betweenness is estimated from a sample of people (large map).")
    lines += ["", "Influence ranking", "-----------------"]
    width = max((len(s.name) for s in people), default=4)
    id_width = max((len(ids[s.id]) for s in people), default=2)
    lines.append(f"{'#':>3}  {'id':<{id_width}}  {'name':<{width}}  influence  quadrant")
    for s in people:
        lines.append(
            f"{s.influence_rank:>3}  {ids[s.id]:<{id_width}}  {s.name:<{width}}  "
            f"{s.influence_score:9.1f}  {s.quadrant_label}"
        )
    lines += [
        "",
        f"Findings ({len(analysis.findings)})",
        "--------" + "-" * (len(str(len(analysis.findings))) + 3),
    ]
    if not analysis.findings:
        lines.append("None: nothing on this map needs attention.")
    for finding in analysis.findings:
        lines.append(f"[{finding.severity.upper()}] {finding.title}")
        lines.append(f"    {finding.explanation}")
        if finding.people:
            lines.append(f"    People: {', '.join(ids.get(pk, '?') for pk in finding.people)}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Analyse an account's map: power/interest quadrant and influence ranking of every "
        "stakeholder, and the findings that need action, as a text report or JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("account", metavar="NAME", help="Account name.")
        parser.add_argument(
            "--format", choices=("text", "json"), default="text", help="Default: text."
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        account = account_for(acting_user(options["user"]), options["account"])
        analysed = analyse_account(account)
        if options["format"] == "json":
            self.stdout.write(json.dumps(analysis_document(analysed), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(analysis_text(analysed))

"""Import an account's map from CSV files (people, ties, coverage) or one JSON file.

The format is documented in ``docs/import-format.md``. An import runs in two phases:

1. **Read and check everything in memory.** Every file is decoded, every row parsed and
   every cross-reference resolved against the whole file set (and against what the
   account's map already holds). Every problem becomes a :class:`RowError` with the file,
   the line a spreadsheet user sees (header = line 1) and a reason in plain language.
   If there is even one, :class:`MapImportError` is raised and nothing is written.
2. **Write inside one transaction**, through the services in
   :mod:`relmap.stakeholders.services`, so that each created or changed object has its
   own audit entry; a ``relmap.map.imported`` entry on the account sums the import up.

Importing the same files again changes nothing: people match on ``id`` (the
stakeholder's ``ref``), ties on (from, to, type) and coverage on (our, their); only real
differences are written. Nothing the files leave out is removed unless ``prune=True``,
and even then people are never deleted, only marked as having left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404

from relmap.accounts.choices import AccountKind
from relmap.accounts.models import Account
from relmap.accounts.services import account_create
from relmap.core.audit import Actor, log_action
from relmap.core.csvfiles import RowError, SourceFile
from relmap.core.visibility import get_account_by_name_for_user
from relmap.stakeholders.choices import (
    SYMMETRIC_TIE_KINDS,
    Side,
    Status,
    TieKind,
)
from relmap.stakeholders.mapfile.format import MapImportError, external_ids
from relmap.stakeholders.mapfile.reading import (
    CoverageRow,
    ParsedMap,
    PersonRow,
    TieRow,
    read_csv_map,
    read_json_map,
)
from relmap.stakeholders.models import Coverage, Stakeholder, Tie
from relmap.stakeholders.rules import reports_to_problem, side_change_problem
from relmap.stakeholders.selectors import MapData, load_map
from relmap.stakeholders.services import (
    coverage_create,
    coverage_delete,
    coverage_update,
    stakeholder_create,
    stakeholder_update,
    tie_create,
    tie_delete,
    tie_update,
)


@dataclass(slots=True)
class KindCounts:
    """What an import did to one kind of object. ``removed`` counts ties and coverage
    deleted by ``prune`` and people it marked as having left."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def writes(self) -> int:
        return self.created + self.updated + self.removed

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
        }


@dataclass(slots=True)
class ImportReport:
    """The outcome of a successful import."""

    account: Account
    account_created: bool
    sources: tuple[str, ...]
    prune: bool
    people: KindCounts = field(default_factory=KindCounts)
    ties: KindCounts = field(default_factory=KindCounts)
    coverage: KindCounts = field(default_factory=KindCounts)

    @property
    def writes(self) -> int:
        return (
            int(self.account_created) + self.people.writes + self.ties.writes + self.coverage.writes
        )

    def summary(self) -> str:
        """A few lines for the person who ran the import."""
        head = f"Imported {', '.join(self.sources)} into {self.account.name!r}"
        head += " (new account)." if self.account_created else "."
        lines = [head]
        for label, counts, removed in (
            ("People", self.people, "marked as left"),
            ("Ties", self.ties, "removed"),
            ("Coverage", self.coverage, "removed"),
        ):
            text = (
                f"  {label}: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
            if self.prune:
                text += f", {counts.removed} {removed}"
            lines.append(text + ".")
        if not self.writes:
            lines.append("Nothing changed: the map already matches the files.")
        return "\n".join(lines)


# Checking against the whole map ---------------------------------------------------------


@dataclass(slots=True)
class _Plan:
    """What the write phase will do; built only when the files are valid."""

    creates: list[PersonRow] = field(default_factory=list)
    updates: list[tuple[PersonRow, Stakeholder, dict[str, Any]]] = field(default_factory=list)
    people_unchanged: int = 0
    mark_left: list[Stakeholder] = field(default_factory=list)
    tie_creates: list[TieRow] = field(default_factory=list)
    tie_updates: list[tuple[TieRow, Tie, dict[str, Any]]] = field(default_factory=list)
    ties_unchanged: int = 0
    tie_deletes: list[Tie] = field(default_factory=list)
    coverage_creates: list[CoverageRow] = field(default_factory=list)
    coverage_updates: list[tuple[CoverageRow, Coverage, dict[str, Any]]] = field(
        default_factory=list
    )
    coverage_unchanged: int = 0
    coverage_deletes: list[Coverage] = field(default_factory=list)


def _tie_key[T: (str, int)](source: T, target: T, kind: str) -> tuple[T, T, str]:
    """Ties match on (from, to, type); a tie without direction matches either way."""
    if kind in SYMMETRIC_TIE_KINDS and target < source:
        return target, source, kind
    return source, target, kind


def _changes(row_values: Mapping[str, Any], obj: models.Model) -> dict[str, Any]:
    return {name: value for name, value in row_values.items() if getattr(obj, name) != value}


@dataclass(slots=True)
class _Context:
    """Shared state while checking the files against the map."""

    parsed: ParsedMap
    existing: MapData | None
    prune: bool
    plan: _Plan = field(default_factory=_Plan)
    # A node per person: database pks for existing people, negative numbers for new
    # ones, so that the hierarchy rules run over old and new alike.
    node: dict[str, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    side: dict[str, str] = field(default_factory=dict)

    def error(self, file: str, line: int | None, message: str) -> None:
        self.parsed.errors.append(RowError(file, line, message))

    def known(self, ref: str, file: str, line: int | None, what: str) -> bool:
        if ref in self.node:
            return True
        if self.parsed.people_complete and ref not in self.parsed.failed_refs:
            self.error(file, line, f"{what} {ref!r} is not an id in the people file.")
        return False


def _plan_people(ctx: _Context) -> None:
    stakeholders = ctx.existing.stakeholders if ctx.existing else []
    # People created in the app have no ref; an export calls them p<pk>, and a re-import
    # of that export must find them again rather than add them twice.
    ids = external_ids(stakeholders)
    by_ref = {ids[s.pk]: s for s in stakeholders}
    ctx.names.update({s.pk: f"{s.name} ({s.ref or 'no id'})" for s in stakeholders})
    for index, row in enumerate(ctx.parsed.people):
        current = by_ref.get(row.ref)
        if current is None:
            ctx.plan.creates.append(row)
            ctx.node[row.ref] = -(index + 1)
            ctx.side[row.ref] = row.values.get("side", Side.CUSTOMER)
        else:
            ctx.node[row.ref] = current.pk
            ctx.side[row.ref] = row.values.get("side", current.side)
            changes = _changes({k: v for k, v in row.values.items() if k != "ref"}, current)
            if changes:
                ctx.plan.updates.append((row, current, changes))
            else:
                ctx.plan.people_unchanged += 1
        ctx.names[ctx.node[row.ref]] = f"{row.values['name']} ({row.ref})"
    if ctx.prune:
        in_file = {row.ref for row in ctx.parsed.people}
        ctx.plan.mark_left = [
            s for s in stakeholders if ids[s.pk] not in in_file and s.status != Status.LEFT
        ]


def _file_ties(ctx: _Context) -> list[TieRow]:
    """The ties the files ask for: ties rows plus the people file's reports_to column,
    each once, with references, self-ties and duplicates checked."""
    column_manager: dict[str, tuple[str, PersonRow]] = {}
    rows: list[TieRow] = []
    for person in ctx.parsed.people:
        if person.reports_to and ctx.known(
            person.reports_to, person.file, person.line, "reports_to"
        ):
            column_manager[person.ref] = (person.reports_to, person)
            rows.append(
                TieRow(person.file, person.line, person.ref, person.reports_to, "reports_to", {})
            )
    first: dict[tuple[str, str, str], TieRow] = {
        _tie_key(t.source, t.target, t.kind): t for t in rows
    }
    for tie in ctx.parsed.ties:
        ok = ctx.known(tie.source, tie.file, tie.line, "from")
        if not (ctx.known(tie.target, tie.file, tie.line, "to") and ok):
            continue
        if tie.source == tie.target:
            ctx.error(tie.file, tie.line, f"{tie.source!r} cannot be tied to themself.")
            continue
        key = _tie_key(tie.source, tie.target, tie.kind)
        if tie.kind == TieKind.REPORTS_TO and tie.source in column_manager:
            manager, person = column_manager[tie.source]
            if manager != tie.target:
                ctx.error(
                    tie.file,
                    tie.line,
                    f"{tie.source!r} reports to {manager!r} in {person.file} line "
                    f"{person.line} (column reports_to) but to {tie.target!r} here; a person "
                    "has one line manager (use dotted_line for a second line).",
                )
                continue
            if first[key].file == person.file and first[key].line == person.line:
                # The same line given both ways: this row adds its strength and notes.
                rows[rows.index(first[key])] = tie
                first[key] = tie
                continue
        if key in first:
            undirected = " (this type has no direction)" if tie.kind in SYMMETRIC_TIE_KINDS else ""
            ctx.error(
                tie.file,
                tie.line,
                f"the same {tie.kind} tie between {tie.source!r} and {tie.target!r} is "
                f"already on line {first[key].line}{undirected}.",
            )
            continue
        first[key] = tie
        rows.append(tie)
    return rows


def _plan_ties(ctx: _Context, rows: list[TieRow]) -> dict[int, int]:
    """Match file ties to the map's; returns the reporting lines the map keeps that the
    files do not mention (person pk -> manager pk)."""
    existing = ctx.existing.ties if ctx.existing else []
    by_key: dict[tuple[int, int, str], Tie] = {}
    for tie in existing:
        by_key.setdefault(_tie_key(tie.source_id, tie.target_id, tie.kind), tie)
    matched: set[int] = set()
    for row in rows:
        match = by_key.get(_tie_key(ctx.node[row.source], ctx.node[row.target], row.kind))
        if match is None:
            ctx.plan.tie_creates.append(row)
            continue
        matched.add(match.pk)
        changes = _changes(row.values, match)
        if changes:
            ctx.plan.tie_updates.append((row, match, changes))
        else:
            ctx.plan.ties_unchanged += 1
    kept_lines: dict[int, int] = {}
    for tie in existing:
        if tie.pk in matched:
            continue
        if ctx.prune:
            ctx.plan.tie_deletes.append(tie)
        elif tie.kind == TieKind.REPORTS_TO:
            kept_lines[tie.source_id] = tie.target_id
    return kept_lines


def _check_hierarchy(ctx: _Context, rows: list[TieRow], kept_lines: dict[int, int]) -> None:
    """One line manager each and no cycles, over the whole file set plus the lines the
    map keeps, in the words the services use."""
    manager_of: dict[int, int] = dict(kept_lines)
    for row in rows:
        if row.kind != TieKind.REPORTS_TO:
            continue
        person, manager = ctx.node[row.source], ctx.node[row.target]
        problem = reports_to_problem(manager_of, person, manager, ctx.names.__getitem__)
        if problem is None:
            manager_of[person] = manager
            continue
        current = manager_of.get(person)
        if current is not None and kept_lines.get(person) == current:
            problem += (
                " That line is on the map but not in the files; import with prune to remove "
                "what the files leave out."
            )
        ctx.error(row.file, row.line, problem)


def _plan_coverage(ctx: _Context) -> None:
    existing = ctx.existing.coverage if ctx.existing else []
    by_pair = {(c.our_person_id, c.their_person_id): c for c in existing}
    first: dict[tuple[str, str], CoverageRow] = {}
    matched: set[int] = set()
    for row in ctx.parsed.coverage:
        ok = ctx.known(row.our, row.file, row.line, "our")
        if not (ctx.known(row.their, row.file, row.line, "their") and ok):
            continue
        if ctx.side[row.our] != Side.INTERNAL:
            ctx.error(
                row.file,
                row.line,
                f"{row.our!r} is not one of our people (side is {ctx.side[row.our]}); "
                "coverage starts from an internal person.",
            )
            continue
        if ctx.side[row.their] == Side.INTERNAL:
            ctx.error(
                row.file,
                row.line,
                f"{row.their!r} is one of our own people; coverage is a relationship with "
                "a customer, supplier or partner person.",
            )
            continue
        pair = (row.our, row.their)
        if pair in first:
            ctx.error(
                row.file,
                row.line,
                f"the coverage of {row.their!r} by {row.our!r} is already on line "
                f"{first[pair].line}.",
            )
            continue
        first[pair] = row
        match = by_pair.get((ctx.node[row.our], ctx.node[row.their]))
        if match is None:
            ctx.plan.coverage_creates.append(row)
            continue
        matched.add(match.pk)
        changes = _changes(row.values, match)
        if changes:
            ctx.plan.coverage_updates.append((row, match, changes))
        else:
            ctx.plan.coverage_unchanged += 1
    if ctx.prune:
        ctx.plan.coverage_deletes = [c for c in existing if c.pk not in matched]


def _check_side_changes(ctx: _Context) -> None:
    """A person whose side changes must not keep coverage that needs the old side, in the
    words the services use. Coverage that ``prune`` removes first does not count."""
    existing = ctx.existing.coverage if ctx.existing else []
    removed = {c.pk for c in ctx.plan.coverage_deletes}
    kept = [c for c in existing if c.pk not in removed]
    in_files = {
        (ctx.node[r.our], ctx.node[r.their])
        for r in ctx.parsed.coverage
        if r.our in ctx.node and r.their in ctx.node
    }
    for row, current, changes in ctx.plan.updates:
        if "side" not in changes:
            continue
        covers = [c for c in kept if c.our_person_id == current.pk]
        covered_by = [c for c in kept if c.their_person_id == current.pk]
        problem = side_change_problem(
            name=current.name,
            old_side=current.side,
            new_side=changes["side"],
            covers=len(covers),
            covered_by=len(covered_by),
        )
        if problem is None:
            continue
        left_out = [
            c for c in covers + covered_by if (c.our_person_id, c.their_person_id) not in in_files
        ]
        if left_out:
            problem += (
                " Coverage on the map that the files leave out is kept unless you import "
                "with prune."
            )
        ctx.error(row.file, row.line, problem)


def _plan(parsed: ParsedMap, existing: MapData | None, *, prune: bool) -> _Plan:
    """Check the parsed files against each other and the current map; add every problem
    to ``parsed.errors`` and return what to write."""
    ctx = _Context(parsed=parsed, existing=existing, prune=prune)
    _plan_people(ctx)
    rows = _file_ties(ctx)
    kept_lines = _plan_ties(ctx, rows)
    _check_hierarchy(ctx, rows, kept_lines)
    _plan_coverage(ctx)
    _check_side_changes(ctx)
    return ctx.plan


# Writing ----------------------------------------------------------------------------------


def _find_account(actor: Actor, name: str) -> Account | None:
    """The account to import into, ``None`` if it is to be created.

    Raises :class:`~django.http.Http404` when the name belongs to an account the actor
    cannot see (saying so would leak that it exists) and
    :class:`~django.core.exceptions.PermissionDenied` for read-only team members.
    """
    if actor is None or not actor.is_authenticated:
        raise Http404(f"No account named {name!r}.")
    try:
        return get_account_by_name_for_user(actor, name, for_edit=True)
    except Http404:
        if Account.objects.filter(name=name).exists():
            raise
        return None


class _Writer:
    """Runs a plan through the services; a service's refusal becomes a row error."""

    def __init__(self, actor: Actor, account: Account, report: ImportReport) -> None:
        self.actor = actor
        self.account = account
        self.report = report
        self.people: dict[str, Stakeholder] = {}

    def _fail(self, file: str, line: int | None, exc: ValidationError) -> MapImportError:
        return MapImportError([RowError(file, line, " ".join(exc.messages))])

    def run(self, plan: _Plan, existing: MapData | None) -> None:
        actor, account, report = self.actor, self.account, self.report
        if existing is not None:
            self.people = {s.ref: s for s in existing.stakeholders if s.ref}
        # Removals first, so that a reporting line that moved is free before it is added.
        for tie in plan.tie_deletes:
            tie_delete(actor=actor, tie=tie)
        for cov in plan.coverage_deletes:
            coverage_delete(actor=actor, coverage=cov)
        report.ties.removed = len(plan.tie_deletes)
        report.coverage.removed = len(plan.coverage_deletes)

        for row in plan.creates:
            try:
                self.people[row.ref] = stakeholder_create(
                    actor=actor, account=account, **row.values
                )
            except ValidationError as exc:
                raise self._fail(row.file, row.line, exc) from exc
        for row, stakeholder, changes in plan.updates:
            try:
                stakeholder_update(actor=actor, stakeholder=stakeholder, **changes)
            except ValidationError as exc:
                raise self._fail(row.file, row.line, exc) from exc
        for stakeholder in plan.mark_left:
            stakeholder_update(actor=actor, stakeholder=stakeholder, status=Status.LEFT)
        report.people.created = len(plan.creates)
        report.people.updated = len(plan.updates)
        report.people.unchanged = plan.people_unchanged
        report.people.removed = len(plan.mark_left)

        for tie_row in plan.tie_creates:
            try:
                tie_create(
                    actor=actor,
                    account=account,
                    source=self.people[tie_row.source],
                    target=self.people[tie_row.target],
                    kind=tie_row.kind,
                    **tie_row.values,
                )
            except ValidationError as exc:
                raise self._fail(tie_row.file, tie_row.line, exc) from exc
        for tie_row, tie, changes in plan.tie_updates:
            try:
                tie_update(actor=actor, tie=tie, **changes)
            except ValidationError as exc:
                raise self._fail(tie_row.file, tie_row.line, exc) from exc
        report.ties.created = len(plan.tie_creates)
        report.ties.updated = len(plan.tie_updates)
        report.ties.unchanged = plan.ties_unchanged

        for cov_row in plan.coverage_creates:
            try:
                coverage_create(
                    actor=actor,
                    account=account,
                    our_person=self.people[cov_row.our],
                    their_person=self.people[cov_row.their],
                    **cov_row.values,
                )
            except ValidationError as exc:
                raise self._fail(cov_row.file, cov_row.line, exc) from exc
        for cov_row, cov, changes in plan.coverage_updates:
            try:
                coverage_update(actor=actor, coverage=cov, **changes)
            except ValidationError as exc:
                raise self._fail(cov_row.file, cov_row.line, exc) from exc
        report.coverage.created = len(plan.coverage_creates)
        report.coverage.updated = len(plan.coverage_updates)
        report.coverage.unchanged = plan.coverage_unchanged


def import_map(
    *, actor: Actor, account_name: str, parsed: ParsedMap, prune: bool = False
) -> ImportReport:
    """Bring ``account_name``'s map in line with ``parsed`` (see the module docstring).

    Creates the account, owned by ``actor``, when no account has that name; otherwise
    ``actor`` needs edit access to it. Raises :class:`MapImportError` listing every
    problem, in which case nothing at all has been written.
    """
    account_name = account_name.strip()
    account = _find_account(actor, account_name)
    existing = load_map(account) if account is not None else None
    errors = parsed.errors
    if not account_name:
        errors.append(RowError("account", None, "the account name is blank."))
    if not parsed.people and not errors:
        errors.append(RowError(parsed.sources[0], None, "there are no people to import."))
    plan = _plan(parsed, existing, prune=prune)
    if errors:
        order = {name: index for index, name in enumerate(parsed.sources)}
        errors.sort(key=lambda e: (order.get(e.file, len(order)), e.line or 0))
        raise MapImportError(errors)

    with transaction.atomic():
        created = account is None
        if account is None:
            try:
                account = account_create(
                    actor=actor,
                    name=account_name,
                    owner=actor,  # type: ignore[arg-type]
                    kind=parsed.account.get("kind") or AccountKind.CUSTOMER,
                    industry=parsed.account.get("industry", ""),
                    description=parsed.account.get("description", ""),
                )
            except ValidationError as exc:
                raise MapImportError([RowError("account", None, " ".join(exc.messages))]) from exc
        report = ImportReport(
            account=account, account_created=created, sources=parsed.sources, prune=prune
        )
        _Writer(actor, account, report).run(plan, existing)
        if report.writes:
            log_action(
                actor=actor,
                action="relmap.map.imported",
                obj=account,
                account_id=account.pk,
                after={
                    "files": list(parsed.sources),
                    "prune": prune,
                    "account_created": created,
                    "people": report.people.as_dict(),
                    "ties": report.ties.as_dict(),
                    "coverage": report.coverage.as_dict(),
                },
            )
    return report


def import_csv_files(
    *,
    actor: Actor,
    account_name: str,
    people: str | Path,
    ties: str | Path | None = None,
    coverage: str | Path | None = None,
    prune: bool = False,
) -> ImportReport:
    """Import ``people.csv`` with the optional ``ties.csv`` and ``coverage.csv``."""
    parsed = read_csv_map(
        people=SourceFile.from_path(people),
        ties=SourceFile.from_path(ties) if ties is not None else None,
        coverage=SourceFile.from_path(coverage) if coverage is not None else None,
    )
    return import_map(actor=actor, account_name=account_name, parsed=parsed, prune=prune)


def import_json_file(
    *, actor: Actor, account_name: str, path: str | Path, prune: bool = False
) -> ImportReport:
    """Import a ``relmap-map`` JSON file."""
    parsed = read_json_map(SourceFile.from_path(path))
    return import_map(actor=actor, account_name=account_name, parsed=parsed, prune=prune)

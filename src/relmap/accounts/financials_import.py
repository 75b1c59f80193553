"""Importing accounts' financial periods from CSV (format: docs/import-format.md).

Columns ``account, period_start, period_end, revenue, gross_margin, cost_to_serve``;
``account`` (the account's name) may be left out when the file is imported into one
account. The import is all or nothing and can be repeated:

1. Every row is read and checked, and every problem is collected with its line: unknown
   account (or one the actor cannot see), read-only access, bad dates or amounts, a
   period that ends before it starts, negative revenue or cost to serve, margin above
   revenue, two rows for the same period, periods that overlap each other or periods
   already recorded. If there is one problem, :class:`FinancialsImportError` is raised
   listing them all and nothing is written.
2. Otherwise every row goes through
   :func:`relmap.accounts.portfolio_services.financial_period_set` in one transaction.
   A period is matched on (account, period start); rows that match what is recorded
   change nothing and leave no audit entry, so importing the same file twice writes
   nothing the second time.
3. The revenue-growth KPI of every account whose periods changed is recomputed, once
   per account rather than once per row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final

from django.core.exceptions import ValidationError
from django.db import transaction

from relmap.accounts.models import Account, FinancialPeriod
from relmap.accounts.portfolio_services import financial_kpis_refresh, financial_period_set
from relmap.core.audit import Actor, log_action
from relmap.core.csvfiles import FileImportError, Record, RowError, SourceFile, read_csv
from relmap.core.visibility import accounts_visible_to, can_edit_account

COLUMNS: Final = (
    "account",
    "period_start",
    "period_end",
    "revenue",
    "gross_margin",
    "cost_to_serve",
)
REQUIRED: Final = ("period_start", "period_end", "revenue", "gross_margin")
# The model's DecimalField(max_digits=14, decimal_places=2).
MAX_AMOUNT: Final = Decimal("999999999999.99")
CENT: Final = Decimal("0.01")


class FinancialsImportError(FileImportError):
    """The financials file cannot be imported; ``errors`` lists every problem. Nothing
    was written."""


@dataclass(frozen=True, slots=True)
class FinancialRow:
    """One checked row of the file."""

    line: int | None
    account_id: int
    period_start: dt.date
    period_end: dt.date
    revenue: Decimal
    gross_margin: Decimal
    cost_to_serve: Decimal


@dataclass
class FinancialsImportReport:
    """What an import did: periods created, changed and already up to date."""

    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    accounts: list[str] = field(default_factory=list)

    @property
    def writes(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        periods = self.created + self.updated + self.unchanged
        accounts = len(self.accounts)
        head = (
            f"{self.source}: {periods} period{'s' if periods != 1 else ''} for "
            f"{accounts} account{'s' if accounts != 1 else ''}"
        )
        if not self.writes:
            return f"{head}. Nothing changed: every period was already recorded."
        return (
            f"{head}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged."
        )


class _Checker:
    """Reads the records and collects every problem with its line."""

    def __init__(self, actor: Actor, source: SourceFile, account: Account | None) -> None:
        self.actor = actor
        self.source = source
        self.account = account
        self.errors: list[RowError] = []
        self.rows: list[FinancialRow] = []
        self.names: dict[int, str] = {}
        self._editable: dict[int, bool] = {}

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(RowError(self.source.name, line, message))

    def run(self) -> None:
        records = read_csv(self.source, COLUMNS, REQUIRED, self.errors)
        if records is None:
            return
        if not records:
            self.error(None, "there are no periods to import (only a header).")
            return
        if self.account is None and not any("account" in r.cells for r in records):
            self.error(
                1,
                "the required column 'account' is missing; it may only be left out when "
                "importing into one account (--account).",
            )
            return
        visible = self._visible_accounts(records)
        for record in records:
            row = self._row(record, visible)
            if row is not None:
                self.rows.append(row)
        self._check_periods()
        self.errors.sort(key=lambda e: e.line or 0)

    def _visible_accounts(self, records: list[Record]) -> dict[str, Account]:
        """The accounts the file names that the actor may see, by name (one query)."""
        if self.account is not None:
            return {self.account.name: self.account}
        names = {r.cells.get("account", "").strip() for r in records} - {""}
        found = accounts_visible_to(self.actor).filter(name__in=sorted(names))  # type: ignore[arg-type]
        return {a.name: a for a in found}

    def _row(self, record: Record, visible: dict[str, Account]) -> FinancialRow | None:
        line, cells = record.line, record.cells
        ok = True
        name = cells.get("account", "").strip()
        if self.account is not None:
            account: Account | None = self.account
            if name and name != self.account.name:
                self.error(
                    line,
                    f"this row is for {name!r}, but the file is being imported into "
                    f"{self.account.name!r}.",
                )
                ok = False
        elif not name:
            self.error(line, "account is blank; it is required.")
            account, ok = None, False
        else:
            account = visible.get(name)
            if account is None:
                self.error(line, f"there is no account named {name!r} that you can see.")
                ok = False
            elif not self._may_edit(account):
                self.error(line, f"you have read-only access to {name!r}.")
                ok = False
        start = self._date(line, cells, "period_start")
        end = self._date(line, cells, "period_end")
        revenue = self._amount(line, cells, "revenue")
        margin = self._amount(line, cells, "gross_margin", allow_negative=True)
        cost = self._amount(line, cells, "cost_to_serve", blank=Decimal(0))
        if start is not None and end is not None and end < start:
            self.error(line, f"the period ends ({end}) before it starts ({start}).")
            ok = False
        if revenue is not None and margin is not None and margin > revenue:
            self.error(
                line, f"gross_margin ({margin}) is more than revenue ({revenue}); it cannot be."
            )
            ok = False
        if (
            not ok
            or account is None
            or start is None
            or end is None
            or revenue is None
            or margin is None
            or cost is None
        ):
            return None
        self.names[account.pk] = account.name
        return FinancialRow(line, account.pk, start, end, revenue, margin, cost)

    def _may_edit(self, account: Account) -> bool:
        if account.pk not in self._editable:
            self._editable[account.pk] = can_edit_account(self.actor, account)  # type: ignore[arg-type]
        return self._editable[account.pk]

    def _date(self, line: int | None, cells: dict[str, str], column: str) -> dt.date | None:
        value = cells.get(column, "").strip()
        if not value:
            self.error(line, f"{column} is blank; it is required.")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(line, f"{column} must be a date written YYYY-MM-DD; got {value!r}.")
            return None

    def _amount(
        self,
        line: int | None,
        cells: dict[str, str],
        column: str,
        *,
        allow_negative: bool = False,
        blank: Decimal | None = None,
    ) -> Decimal | None:
        value = cells.get(column, "").strip()
        if not value:
            if blank is not None:
                return blank
            self.error(line, f"{column} is blank; it is required.")
            return None
        try:
            amount = Decimal(value.replace(" ", "").replace("_", ""))
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite():
            self.error(line, f"{column} must be an amount such as 12500.50; got {value!r}.")
            return None
        if amount != amount.quantize(CENT):
            self.error(line, f"{column} has more than two decimal places; got {value!r}.")
            return None
        if abs(amount) > MAX_AMOUNT:
            self.error(line, f"{column} is too large; got {value!r}.")
            return None
        if amount < 0 and not allow_negative:
            self.error(line, f"{column} cannot be negative; got {value!r}.")
            return None
        return amount

    def _check_periods(self) -> None:
        """Duplicates and overlaps, within the file and with the periods recorded.

        A row replaces the recorded period with the same start, so it is checked against
        the recorded periods that no row of the file replaces.
        """
        first_line: dict[tuple[int, dt.date], int | None] = {}
        by_account: dict[int, list[FinancialRow]] = defaultdict(list)
        for row in self.rows:
            key = (row.account_id, row.period_start)
            if key in first_line:
                self.error(
                    row.line,
                    f"{self.names[row.account_id]} has a period starting {row.period_start} "
                    f"already on line {first_line[key]}; each period may appear once.",
                )
                continue
            first_line[key] = row.line
            by_account[row.account_id].append(row)
        recorded: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        for account_id, start, end in FinancialPeriod.objects.filter(
            account_id__in=list(by_account)
        ).values_list("account_id", "period_start", "period_end"):
            recorded[account_id].append((start, end))
        for account_id, rows in by_account.items():
            starts = {r.period_start for r in rows}
            kept = [(s, e) for s, e in recorded[account_id] if s not in starts]
            ordered = sorted(rows, key=lambda r: r.period_start)
            latest = ordered[0]  # the row whose period reaches furthest so far
            for row in ordered[1:]:
                if row.period_start <= latest.period_end:
                    self.error(
                        row.line,
                        f"the period {row.period_start} to {row.period_end} overlaps "
                        f"{latest.period_start} to {latest.period_end} on line {latest.line}.",
                    )
                if row.period_end > latest.period_end:
                    latest = row
            for row in rows:
                for start, end in kept:
                    if start <= row.period_end and end >= row.period_start:
                        self.error(
                            row.line,
                            f"the period {row.period_start} to {row.period_end} overlaps "
                            f"{start} to {end}, already recorded for "
                            f"{self.names[account_id]}.",
                        )
                        break


def import_financials_csv(
    *, actor: Actor, source: SourceFile, account: Account | None = None
) -> FinancialsImportReport:
    """Record the financial periods of ``source`` (see the module docstring).

    With ``account`` every row is for that account (the ``account`` column may be left
    out, and must name it when given). Raises :class:`FinancialsImportError` listing
    every problem, in which case nothing has been written.
    """
    if account is not None and not can_edit_account(actor, account):  # type: ignore[arg-type]
        raise FinancialsImportError(
            [RowError(source.name, None, f"you have read-only access to {account.name!r}.")]
        )
    checker = _Checker(actor, source, account)
    checker.run()
    if checker.errors:
        raise FinancialsImportError(checker.errors)
    report = FinancialsImportReport(source=source.name)
    accounts = {
        a.pk: a for a in Account.objects.filter(pk__in={r.account_id for r in checker.rows})
    }
    report.accounts = sorted(a.name for a in accounts.values())
    with transaction.atomic():
        touched: dict[int, int] = defaultdict(int)
        for row in checker.rows:
            target = accounts[row.account_id]
            existed = FinancialPeriod.objects.filter(
                account_id=target.pk, period_start=row.period_start
            ).exists()
            try:
                _period, written = financial_period_set(
                    actor=actor,
                    account=target,
                    period_start=row.period_start,
                    period_end=row.period_end,
                    revenue=row.revenue,
                    gross_margin=row.gross_margin,
                    cost_to_serve=row.cost_to_serve,
                    refresh_kpis=False,
                )
            except ValidationError as exc:
                raise FinancialsImportError(
                    [RowError(source.name, row.line, " ".join(exc.messages))]
                ) from exc
            if not written:
                report.unchanged += 1
                continue
            touched[target.pk] += 1
            if existed:
                report.updated += 1
            else:
                report.created += 1
        for account_id, count in touched.items():
            log_action(
                actor=actor,
                action="relmap.financials.imported",
                obj=accounts[account_id],
                account_id=account_id,
                after={"file": source.name, "periods_written": count},
            )
            financial_kpis_refresh(account=accounts[account_id])
    return report

"""Importing KPI values from CSV into one account (docs/import-format.md).

Columns ``kpi, on, value, note``: the KPI by name (as the account follows it, case
ignored), the day, the value and an optional note. All or nothing, and repeatable: every
row is checked first (an unknown KPI, or one computed from survey responses; a date that
is not a date or is in the future; a value that is not a number or is off the KPI's
range; the same KPI and day twice) and on any problem every one is listed with its line
and nothing is written. Then each point goes through
:func:`relmap.monitoring.services.kpi_point_set` in one transaction: a value already
recorded changes nothing, a different one replaces it (audited).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.core.audit import Actor
from relmap.core.csvfiles import FileImportError, RowError, SourceFile, normalise_key, read_csv
from relmap.monitoring.choices import PointSource
from relmap.monitoring.models import Kpi
from relmap.monitoring.services import check_point, kpi_point_set

COLUMNS: Final = ("kpi", "on", "value", "note")
REQUIRED: Final = ("kpi", "on", "value")
MAX_NOTE: Final = 300


class PointsImportError(FileImportError):
    """The KPI file cannot be imported; ``errors`` lists every problem. Nothing was
    written."""


@dataclass
class PointsImportReport:
    source: str
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        total = self.created + self.changed + self.unchanged
        head = f"{self.source}: {total} KPI value{'s' if total != 1 else ''}"
        if not self.created and not self.changed:
            return f"{head}. Nothing changed: every value was already recorded."
        return f"{head}: {self.created} new, {self.changed} changed, {self.unchanged} unchanged."


def is_points_file(data: bytes) -> bool:
    """Whether a CSV file is KPI values (its header has a ``kpi`` column) rather than
    survey responses: how ``relmap kpi import`` and the upload tell them apart."""
    first = data.decode("utf-8-sig", errors="replace").lstrip().split("\n", 1)[0]
    return "kpi" in {normalise_key(cell) for cell in first.split(",")}


def import_points_csv(
    *, actor: Actor, source: SourceFile, account: Account, today: dt.date | None = None
) -> PointsImportReport:
    """Check the file, then record its points (the caller has checked the actor may edit
    ``account``). Raises :class:`PointsImportError`, nothing written."""
    today = today or timezone.localdate()
    errors: list[RowError] = []
    records = read_csv(source, COLUMNS, REQUIRED, errors)
    if records is None:
        raise PointsImportError(errors)
    if not records:
        raise PointsImportError([RowError(source.name, None, "there are no KPI values.")])
    kpis = {k.name.strip().lower(): k for k in Kpi.objects.filter(account=account)}
    rows: list[tuple[Kpi, dt.date, float, str]] = []
    seen: dict[tuple[int, dt.date], int | None] = {}
    for record in records:
        line, cells = record.line, record.cells

        def error(message: str, line: int | None = line) -> None:
            errors.append(RowError(source.name, line, message))

        name = cells.get("kpi", "").strip()
        found = kpis.get(name.lower())
        if not name:
            error("kpi is blank; it is required.")
        elif found is None:
            known = ", ".join(sorted(k.name for k in kpis.values())) or "none yet"
            error(f"{account.name} does not follow a KPI named {name!r} (it follows: {known}).")
        raw_day = cells.get("on", "").strip()
        day: dt.date | None = None
        try:
            day = dt.date.fromisoformat(raw_day)
        except ValueError:
            error(f"on {raw_day!r} is not a date (YYYY-MM-DD).")
        raw_value = cells.get("value", "").strip()
        value: float | None = None
        try:
            value = float(raw_value)
        except ValueError:
            error(f"value {raw_value!r} is not a number.")
        if value is not None and not math.isfinite(value):
            error(f"value {raw_value!r} is not a finite number.")
            value = None
        note = cells.get("note", "").strip()
        if len(note) > MAX_NOTE:
            error(f"the note is longer than {MAX_NOTE} characters.")
            continue
        if found is None or day is None or value is None:
            continue
        try:
            check_point(found, day, value, today)
        except ValidationError as exc:
            error("; ".join(exc.messages))
            continue
        first = seen.setdefault((found.pk, day), line)
        if first != line:
            error(f"{found.name} on {day} is given twice (line {first} too).")
            continue
        rows.append((found, day, value, note))
    if errors:
        raise PointsImportError(sorted(errors, key=lambda e: e.line or 0))
    report = PointsImportReport(source=source.name)
    with transaction.atomic():
        existing = {
            (p.kpi_id, p.on)
            for kpi in {k.pk: k for k, *_ in rows}.values()
            for p in kpi.points.all()
        }
        for kpi, day, value, note in rows:
            _, wrote = kpi_point_set(
                actor=actor,
                kpi=kpi,
                on=day,
                value=value,
                note=note,
                source=PointSource.IMPORT,
                today=today,
            )
            if not wrote:
                report.unchanged += 1
            elif (kpi.pk, day) in existing:
                report.changed += 1
            else:
                report.created += 1
    return report

"""Importing NPS and CSAT survey responses from CSV into one account (docs/import-format.md).

Columns ``respondent, stakeholder, answered_on, score, comment, survey``; ``respondent``
(an e-mail or a name), ``answered_on`` (YYYY-MM-DD) and ``score`` are required;
``survey`` (``nps`` or ``csat``) may be left out when the import names one. The import is
all or nothing and can be repeated:

1. Every row is checked and every problem collected with its line: a score that is not a
   whole number on the survey's scale (0-10 for NPS, 1-5 for CSAT), a date that is not a
   date, is in the future or before 1990, a stakeholder who is not on the account's map,
   the same respondent twice on the same day and survey. On any problem
   :class:`ResponsesImportError` lists them all and nothing is written.
2. Otherwise the responses are written in one transaction, with one audit entry. A
   response is matched on (survey, respondent, day): one that is already recorded as it
   is changes nothing, so importing the same file twice writes nothing the second time;
   one whose score, comment or person differ is updated.

A respondent whose e-mail is a stakeholder's is linked to them when the ``stakeholder``
column is blank; given, it names the person by e-mail or by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from django.db import transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.core.audit import Actor, log_action
from relmap.core.csvfiles import FileImportError, RowError, SourceFile, read_csv
from relmap.monitoring.choices import SCALES, Survey
from relmap.monitoring.models import SurveyResponse
from relmap.stakeholders.models import Stakeholder

COLUMNS: Final = ("respondent", "stakeholder", "answered_on", "score", "comment", "survey")
REQUIRED: Final = ("respondent", "answered_on", "score")
EARLIEST: Final = dt.date(1990, 1, 1)
MAX_RESPONDENT: Final = 200


class ResponsesImportError(FileImportError):
    """The responses file cannot be imported; ``errors`` lists every problem. Nothing
    was written."""


@dataclass(frozen=True, slots=True)
class ResponseRow:
    line: int | None
    survey: str
    respondent: str
    key: str
    stakeholder_id: int | None
    answered_on: dt.date
    score: int
    comment: str


@dataclass
class ResponsesImportReport:
    source: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0  # responses tied to a person on the map

    def summary(self) -> str:
        total = self.created + self.updated + self.unchanged
        head = f"{self.source}: {total} response{'s' if total != 1 else ''}"
        if not self.created and not self.updated:
            return f"{head}. Nothing changed: every response was already recorded."
        return (
            f"{head}: {self.created} created, {self.updated} updated, {self.unchanged} "
            f"unchanged; {self.linked} from people on the map."
        )


def _people(account: Account) -> tuple[dict[str, int], dict[str, list[int]]]:
    """The account's people by e-mail and by name (lower-cased), in one query."""
    by_email: dict[str, int] = {}
    by_name: dict[str, list[int]] = {}
    for pk, email, name in Stakeholder.objects.filter(account=account).values_list(
        "pk", "email", "name"
    ):
        if email:
            by_email.setdefault(email.strip().lower(), pk)
        by_name.setdefault(name.strip().lower(), []).append(pk)
    return by_email, by_name


def check_responses(
    source: SourceFile, *, account: Account, survey: str | None = None, today: dt.date | None = None
) -> list[ResponseRow]:
    """The file's rows, checked; raises :class:`ResponsesImportError` listing every
    problem. Reads the account's people, writes nothing."""
    if survey is not None and survey not in Survey.values:
        raise ResponsesImportError(
            [RowError(source.name, None, f"unknown survey {survey!r}; use nps or csat.")]
        )
    today = today or timezone.localdate()
    errors: list[RowError] = []
    records = read_csv(source, COLUMNS, REQUIRED, errors)
    if records is None:
        raise ResponsesImportError(errors)
    if not records:
        raise ResponsesImportError([RowError(source.name, None, "there are no responses.")])
    by_email, by_name = _people(account)
    rows: list[ResponseRow] = []
    seen: dict[tuple[str, str, dt.date], int | None] = {}

    def error(line: int | None, message: str) -> None:
        errors.append(RowError(source.name, line, message))

    for record in records:
        line, cells = record.line, record.cells
        ok = True
        kind = cells.get("survey", "").strip().lower() or (survey or "")
        if not kind:
            error(line, "survey is blank; name it in the file (nps or csat) or on import.")
            ok = False
        elif kind not in Survey.values:
            error(line, f"survey {kind!r} is not nps or csat.")
            ok = False
        elif survey is not None and kind != survey:
            error(line, f"this row is a {kind} response, but a {survey} survey is imported.")
            ok = False
        respondent = cells.get("respondent", "").strip()
        if not respondent:
            error(line, "respondent is blank; it is required (an e-mail or a name).")
            ok = False
        elif len(respondent) > MAX_RESPONDENT:
            error(line, f"respondent is longer than {MAX_RESPONDENT} characters.")
            ok = False
        raw_day = cells.get("answered_on", "").strip()
        day: dt.date | None = None
        try:
            day = dt.date.fromisoformat(raw_day)
        except ValueError:
            error(line, f"answered_on {raw_day!r} is not a date (YYYY-MM-DD).")
            ok = False
        if day is not None and day > today:
            error(line, f"answered_on {day} is in the future.")
            ok = False
        elif day is not None and day < EARLIEST:
            error(line, f"answered_on {day} is before {EARLIEST}.")
            ok = False
        raw_score = cells.get("score", "").strip()
        score: int | None = None
        if not raw_score.isdigit():
            error(line, f"score {raw_score!r} is not a whole number.")
            ok = False
        elif kind in SCALES:
            low, high = SCALES[kind]
            score = int(raw_score)
            if not low <= score <= high:
                error(line, f"score {score} is off the {kind} scale ({low} to {high}).")
                ok = False
        named = cells.get("stakeholder", "").strip()
        person: int | None = None
        if named:
            person = by_email.get(named.lower())
            if person is None:
                matches = by_name.get(named.lower(), [])
                if len(matches) > 1:
                    error(
                        line,
                        f"{len(matches)} people on the map are called {named!r}; use their e-mail.",
                    )
                    ok = False
                elif matches:
                    person = matches[0]
                else:
                    error(line, f"stakeholder {named!r} is not on {account.name}'s map.")
                    ok = False
        else:
            person = by_email.get(respondent.lower())
        if not ok or day is None or score is None:
            continue
        key = respondent.lower()
        first = seen.setdefault((kind, key, day), line)
        if first != line:
            error(line, f"the same respondent answered the {kind} survey on {day} on line {first}.")
            continue
        rows.append(
            ResponseRow(
                line, kind, respondent, key, person, day, score, cells.get("comment", "").strip()
            )
        )
    if errors:
        raise ResponsesImportError(sorted(errors, key=lambda e: e.line or 0))
    return rows


def import_responses_csv(
    *,
    actor: Actor,
    source: SourceFile,
    account: Account,
    survey: str | None = None,
    today: dt.date | None = None,
) -> ResponsesImportReport:
    """Check the file, then write it in one transaction (the caller has checked the actor
    may edit ``account``). Raises :class:`ResponsesImportError`, nothing written."""
    rows = check_responses(source, account=account, survey=survey, today=today)
    report = ResponsesImportReport(source=source.name)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        existing = {
            (r.survey, r.respondent_key, r.answered_on): r
            for r in SurveyResponse.objects.select_for_update().filter(
                account=account, survey__in={r.survey for r in rows}
            )
        }
        new: list[SurveyResponse] = []
        changed: list[SurveyResponse] = []
        for row in rows:
            report.linked += row.stakeholder_id is not None
            found = existing.get((row.survey, row.key, row.answered_on))
            if found is None:
                new.append(
                    SurveyResponse(
                        account=account,
                        survey=row.survey,
                        respondent=row.respondent,
                        respondent_key=row.key,
                        stakeholder_id=row.stakeholder_id,
                        answered_on=row.answered_on,
                        score=row.score,
                        comment=row.comment,
                        imported_by_id=actor_id,
                    )
                )
                continue
            values = (row.score, row.comment, row.stakeholder_id)
            if (found.score, found.comment, found.stakeholder_id) == values:
                report.unchanged += 1
                continue
            found.score, found.comment, found.stakeholder_id = values
            found.updated_at = timezone.now()
            changed.append(found)
        SurveyResponse.objects.bulk_create(new, batch_size=1000)
        SurveyResponse.objects.bulk_update(
            changed, ["score", "comment", "stakeholder", "updated_at"], batch_size=1000
        )
        report.created, report.updated = len(new), len(changed)
        if new or changed:
            from relmap.monitoring.services import refresh_account_feedback

            refresh_account_feedback(account, today=today)
            log_action(
                actor=actor,
                action="relmap.survey_responses.imported",
                obj=account,
                account_id=account.pk,
                after={
                    "file_name": source.name,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
    return report

"""Suggestions drawn from interactions: informal ties and attitudes.

Both are only ever suggestions: a tie is created (``tie_create``) and an attitude changed
(``stakeholder_update``) only when a user accepts or confirms, through the stakeholder
services, audited. A dismissed suggestion stays dismissed when strength is recomputed.
Rules: docs/algorithms/strength.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
    SentimentIntensityAnalyzer,
)

from relmap.accounts.models import Account
from relmap.analytics import strength as formula
from relmap.core.audit import Actor, log_action
from relmap.engagement.choices import SuggestionStatus
from relmap.engagement.models import AttitudeSuggestion, Participant, TieSuggestion
from relmap.stakeholders.choices import TieKind
from relmap.stakeholders.models import Tie
from relmap.stakeholders.services import stakeholder_update, tie_create

PENDING = SuggestionStatus.PENDING
DEFAULT_TIE_KIND = TieKind.ALLIED_WITH
EVIDENCE_NOTES = 3
_analyzer: SentimentIntensityAnalyzer | None = None


def analyzer() -> SentimentIntensityAnalyzer:
    """VADER's analyser (Hutto & Gilbert 2014); its lexicon ships inside the package."""
    global _analyzer
    if _analyzer is None:
        _analyzer = SentimentIntensityAnalyzer()
    return _analyzer


# Ties --------------------------------------------------------------------------------


def refresh_tie_suggestions(account: Account, counts: dict[tuple[int, int], int]) -> int:
    """Bring the account's tie suggestions in line with ``counts`` (pairs of their people
    with at least :data:`formula.MIN_SHARED_MEETINGS` shared meetings).

    New pairs with no tie either way become pending suggestions; known ones get the new
    count whatever their status (dismissed stays dismissed); pending ones whose pair
    dropped below the threshold or gained a tie are removed. Returns how many are pending.
    """
    tied = {
        (min(a, b), max(a, b))
        for a, b in Tie.objects.filter(account_id=account.pk).values_list("source_id", "target_id")
    }
    existing = {
        (s.person_a_id, s.person_b_id): s
        for s in TieSuggestion.objects.filter(account_id=account.pk)
    }
    changed: list[TieSuggestion] = []
    stale: list[int] = []
    for pair, suggestion in existing.items():
        count = counts.get(pair)
        if suggestion.status == PENDING and (count is None or pair in tied):
            stale.append(suggestion.pk)
        elif count is not None and count != suggestion.shared_meetings:
            suggestion.shared_meetings = count
            changed.append(suggestion)
    new = [
        TieSuggestion(account=account, person_a_id=a, person_b_id=b, shared_meetings=n)
        for (a, b), n in sorted(counts.items())
        if (a, b) not in existing and (a, b) not in tied
    ]
    if stale:
        TieSuggestion.objects.filter(pk__in=stale).delete()
    if changed:
        TieSuggestion.objects.bulk_update(changed, ["shared_meetings"])
    if new:
        TieSuggestion.objects.bulk_create(new)
    return TieSuggestion.objects.filter(account_id=account.pk, status=PENDING).count()


def _decide(suggestion: Any, actor: Actor, status: str) -> None:
    suggestion.status = status
    suggestion.decided_by = actor if actor is not None and actor.is_authenticated else None
    suggestion.decided_at = timezone.now()


def _pending_or_error(suggestion: Any) -> None:
    if suggestion.status != PENDING:
        raise ValidationError(
            f"This suggestion was already {suggestion.get_status_display().lower()}."
        )


@transaction.atomic
def tie_suggestion_accept(
    *, actor: Actor, suggestion: TieSuggestion, kind: str = DEFAULT_TIE_KIND, strength: int = 3
) -> Tie:
    """Create the suggested tie (``tie_create``, audited) and mark the suggestion accepted."""
    suggestion = TieSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    _pending_or_error(suggestion)
    if kind not in (TieKind.ALLIED_WITH, TieKind.INFLUENCES, TieKind.ADVISES):
        raise ValidationError("Choose an informal tie: is allied with, influences or advises.")
    tie = tie_create(
        actor=actor,
        account=suggestion.account,
        source=suggestion.person_a,
        target=suggestion.person_b,
        kind=kind,
        strength=strength,
        notes=f"Suggested from {suggestion.shared_meetings} shared meetings.",
    )
    _decide(suggestion, actor, SuggestionStatus.ACCEPTED)
    suggestion.tie = tie
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "tie", "updated_at"])
    log_action(
        actor=actor,
        action="relmap.tie_suggestion.accepted",
        obj=suggestion,
        account_id=suggestion.account_id,
        before={"status": PENDING},
        after={"status": suggestion.status, "tie": tie.pk, "kind": kind},
    )
    return tie


@transaction.atomic
def tie_suggestion_dismiss(*, actor: Actor, suggestion: TieSuggestion) -> TieSuggestion:
    """Dismiss a tie suggestion: it stays dismissed on later recomputes."""
    suggestion = TieSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    _pending_or_error(suggestion)
    _decide(suggestion, actor, SuggestionStatus.DISMISSED)
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    log_action(
        actor=actor,
        action="relmap.tie_suggestion.dismissed",
        obj=suggestion,
        account_id=suggestion.account_id,
        before={"status": PENDING},
        after={"status": suggestion.status},
    )
    return suggestion


# Attitudes -----------------------------------------------------------------------------


def read_notes(
    account_id: int, people: set[int], *, start: dt.datetime, end: dt.datetime
) -> dict[int, list[tuple[float, str]]]:
    """VADER compound score of every non-empty note of an interaction each of ``people``
    took part in between ``start`` and ``end``: {stakeholder: [(compound, note)]}."""
    rows = (
        Participant.objects.filter(
            account_id=account_id,
            stakeholder_id__in=people,
            interaction__occurred_at__gte=start,
            interaction__occurred_at__lte=end,
        )
        .exclude(interaction__notes="")
        .values_list("stakeholder_id", "interaction__notes")
    )
    scores: dict[str, float] = {}
    found: dict[int, list[tuple[float, str]]] = defaultdict(list)
    vader = analyzer()
    for person, note in rows.iterator(chunk_size=2000):
        text = note.strip()
        if not text:
            continue  # whitespace only: nothing for the lexicon to read
        if text not in scores:
            scores[text] = float(vader.polarity_scores(text)["compound"])
        found[person].append((scores[text], text))
    return found


def suggest_attitude(notes: list[tuple[float, str]]) -> tuple[int, float] | None:
    """``(suggested attitude, mean compound)`` from scored notes, or ``None`` with fewer
    than :data:`formula.MIN_NOTES`."""
    if len(notes) < formula.MIN_NOTES:
        return None
    mean = sum(score for score, _ in notes) / len(notes)
    return formula.attitude_from_sentiment(mean), mean


def refresh_attitude_suggestions(
    account: Account,
    current: dict[int, int | None],
    theirs: set[int],
    *,
    start: dt.datetime,
    end: dt.datetime,
) -> int:
    """Refresh pending attitude suggestions from the notes in the window.

    A suggestion is kept pending only when it differs from the person's attitude; a
    suggestion the user dismissed is not raised again for the same attitude. Returns
    how many are pending.
    """
    notes = read_notes(account.pk, theirs, start=start, end=end)
    pending = {
        s.stakeholder_id: s
        for s in AttitudeSuggestion.objects.filter(account_id=account.pk, status=PENDING)
    }
    dismissed = set(
        AttitudeSuggestion.objects.filter(
            account_id=account.pk, status=SuggestionStatus.DISMISSED
        ).values_list("stakeholder_id", "suggested_attitude")
    )
    drop: list[int] = []
    for person in theirs:
        found = suggest_attitude(notes.get(person, []))
        kept = pending.get(person)
        if found is None or found[0] == current.get(person) or (person, found[0]) in dismissed:
            if kept is not None:
                drop.append(kept.pk)
            continue
        attitude, mean = found
        scored = notes[person]
        evidence = [
            {"compound": round(score, 4), "note": text[:300]}
            for score, text in sorted(scored, key=lambda item: -abs(item[0]))[:EVIDENCE_NOTES]
        ]
        suggestion = kept or AttitudeSuggestion(account=account, stakeholder_id=person)
        suggestion.suggested_attitude = attitude
        suggestion.sentiment = round(mean, 4)
        suggestion.notes_read = len(scored)
        suggestion.evidence = evidence
        suggestion.save()
    if drop:
        AttitudeSuggestion.objects.filter(pk__in=drop).delete()
    return AttitudeSuggestion.objects.filter(account_id=account.pk, status=PENDING).count()


@transaction.atomic
def attitude_suggestion_confirm(*, actor: Actor, suggestion: AttitudeSuggestion) -> None:
    """Apply the suggested attitude through ``stakeholder_update`` (audited)."""
    suggestion = AttitudeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    _pending_or_error(suggestion)
    stakeholder_update(
        actor=actor, stakeholder=suggestion.stakeholder, attitude=suggestion.suggested_attitude
    )
    _decide(suggestion, actor, SuggestionStatus.ACCEPTED)
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    log_action(
        actor=actor,
        action="relmap.attitude_suggestion.confirmed",
        obj=suggestion,
        account_id=suggestion.account_id,
        before={"status": PENDING},
        after={"status": suggestion.status, "attitude": suggestion.suggested_attitude},
    )


@transaction.atomic
def attitude_suggestion_dismiss(*, actor: Actor, suggestion: AttitudeSuggestion) -> None:
    """Dismiss: the attitude stays as it is, and the same suggestion is not raised again."""
    suggestion = AttitudeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    _pending_or_error(suggestion)
    _decide(suggestion, actor, SuggestionStatus.DISMISSED)
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    log_action(
        actor=actor,
        action="relmap.attitude_suggestion.dismissed",
        obj=suggestion,
        account_id=suggestion.account_id,
        before={"status": PENDING},
        after={"status": suggestion.status},
    )

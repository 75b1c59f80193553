"""Tie and attitude suggestions: raised by recompute, decided only by a user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from relmap.core.models import AuditEntry
from relmap.engagement import suggestions
from relmap.engagement.models import AttitudeSuggestion, TieSuggestion
from relmap.engagement.strength import recompute
from relmap.stakeholders.models import Stakeholder, Tie
from tests.engagement.strength.conftest import NOW

pytestmark = pytest.mark.django_db

HAPPY = "Great meeting, they love the proposal and are excited to move ahead!"
SAD = "Terrible call. They are angry and frustrated with the awful delays."


def meetings(eng: Any, touch: Callable[..., Any], count: int, kind: str = "meeting") -> None:
    for i in range(count):
        touch(eng.account, kind, 5 + i, eng.olive, eng.ann, eng.ben)


def test_three_shared_meetings_suggest_a_tie_and_accepting_creates_it(
    eng: Any, touch: Callable[..., Any]
) -> None:
    meetings(eng, touch, 2)
    recompute(eng.account, now=NOW)
    assert not TieSuggestion.objects.exists()
    meetings(eng, touch, 1)
    touch(eng.account, "email", 1, (eng.ann, "sender"), (eng.ben, "to"))  # mail does not count
    recompute(eng.account, now=NOW)
    suggestion = TieSuggestion.objects.get()
    assert (suggestion.person_a_id, suggestion.person_b_id) == (eng.ann.pk, eng.ben.pk)
    assert suggestion.shared_meetings == 3
    tie = suggestions.tie_suggestion_accept(
        actor=eng.owner, suggestion=suggestion, kind="influences"
    )
    assert Tie.objects.get(pk=tie.pk).kind == "influences"
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    assert suggestion.tie_id == tie.pk
    assert AuditEntry.objects.filter(action="relmap.tie.created").exists()
    assert AuditEntry.objects.filter(action="relmap.tie_suggestion.accepted").exists()
    with pytest.raises(ValidationError, match="already accepted"):
        suggestions.tie_suggestion_accept(actor=eng.owner, suggestion=suggestion)


def test_a_dismissed_tie_suggestion_stays_dismissed_and_counts_refresh(
    eng: Any, touch: Callable[..., Any]
) -> None:
    meetings(eng, touch, 3)
    recompute(eng.account, now=NOW)
    suggestion = TieSuggestion.objects.get()
    suggestions.tie_suggestion_dismiss(actor=eng.owner, suggestion=suggestion)
    meetings(eng, touch, 1)
    recompute(eng.account, now=NOW)
    suggestion.refresh_from_db()
    assert suggestion.status == "dismissed"
    assert suggestion.shared_meetings == 4
    assert not Tie.objects.exists()


def test_a_tie_on_the_map_withdraws_a_pending_suggestion(
    eng: Any, touch: Callable[..., Any]
) -> None:
    from relmap.stakeholders.services import tie_create

    meetings(eng, touch, 3)
    recompute(eng.account, now=NOW)
    tie_create(actor=eng.owner, account=eng.account, source=eng.ben, target=eng.ann, kind="advises")
    recompute(eng.account, now=NOW)
    assert not TieSuggestion.objects.exists()


def test_an_unknown_kind_is_refused(eng: Any, touch: Callable[..., Any]) -> None:
    meetings(eng, touch, 3)
    recompute(eng.account, now=NOW)
    with pytest.raises(ValidationError, match="informal tie"):
        suggestions.tie_suggestion_accept(
            actor=eng.owner, suggestion=TieSuggestion.objects.get(), kind="reports_to"
        )


def test_notes_suggest_an_attitude_only_when_it_differs_and_confirm_applies_it(
    eng: Any, touch: Callable[..., Any]
) -> None:
    for i in range(2):
        touch(eng.account, "meeting", 3 + i, eng.olive, eng.ben, notes=SAD)
    touch(eng.account, "call", 9, eng.olive, eng.ben, notes="   ")  # nothing to read
    recompute(eng.account, now=NOW)
    assert not AttitudeSuggestion.objects.exists()  # two readable notes are not enough
    touch(eng.account, "call", 10, eng.olive, eng.ben, notes=SAD)
    recompute(eng.account, now=NOW)
    suggestion = AttitudeSuggestion.objects.get()
    assert suggestion.stakeholder_id == eng.ben.pk
    assert suggestion.notes_read == 3
    assert suggestion.sentiment <= -0.5
    assert suggestion.suggested_attitude == -2
    assert Stakeholder.objects.get(pk=eng.ben.pk).attitude is None  # never a silent change
    suggestions.attitude_suggestion_confirm(actor=eng.owner, suggestion=suggestion)
    assert Stakeholder.objects.get(pk=eng.ben.pk).attitude == -2
    assert AuditEntry.objects.filter(action="relmap.stakeholder.attitude_changed").exists()
    recompute(eng.account, now=NOW)
    assert not AttitudeSuggestion.objects.filter(status="pending").exists()


def test_a_matching_attitude_raises_nothing_and_a_dismissal_sticks(
    eng: Any, touch: Callable[..., Any]
) -> None:
    for i in range(3):
        touch(eng.account, "meeting", 3 + i, eng.olive, eng.ann, eng.ben, notes=HAPPY)
    recompute(eng.account, now=NOW)
    pending = {s.stakeholder_id: s for s in AttitudeSuggestion.objects.all()}
    assert eng.ann.pk not in pending or pending[eng.ann.pk].suggested_attitude != 1
    ben = pending[eng.ben.pk]
    assert ben.suggested_attitude == 2
    suggestions.attitude_suggestion_dismiss(actor=eng.owner, suggestion=ben)
    recompute(eng.account, now=NOW)
    assert not AttitudeSuggestion.objects.filter(stakeholder=eng.ben, status="pending").exists()
    assert Stakeholder.objects.get(pk=eng.ben.pk).attitude is None

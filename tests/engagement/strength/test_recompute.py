"""recompute(): pairs from ORM-made interactions, replaced atomically, on both databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from relmap.engagement.models import EngagementSettings, RelationshipStrength
from relmap.engagement.strength import recompute
from tests.engagement.strength.conftest import NOW

pytestmark = pytest.mark.django_db


def test_the_worked_example_comes_out_of_the_database(eng: Any, touch: Callable[..., Any]) -> None:
    a, ann, ben = eng.account, eng.ann, eng.ben
    touch(a, "meeting", 0, (eng.olive, "organizer"), ann)
    touch(a, "call", 90, (eng.olive, "organizer"), ann)
    touch(a, "email", 180, (eng.olive, "sender"), (ann, "to"), (ben, "to"))
    touch(a, "email", 45, (ann, "sender"), (eng.olive, "to"))
    stats = recompute(a, now=NOW)
    assert stats.pairs == 2
    assert stats.interactions == 4
    row = RelationshipStrength.objects.get(our_person=eng.olive, their_person=ann)
    assert row.score == 39.06
    assert row.interactions == 4
    assert row.last_interaction_at == NOW
    assert row.components["reciprocity"]["ratio"] == 0.4
    assert not RelationshipStrength.objects.filter(our_person=eng.uma).exists()


def test_recompute_replaces_the_rows_and_reads_the_settings(
    eng: Any, touch: Callable[..., Any]
) -> None:
    touch(eng.account, "meeting", 90, eng.olive, eng.ann)
    recompute(eng.account, now=NOW)
    first = RelationshipStrength.objects.get(their_person=eng.ann).score
    EngagementSettings.objects.update_or_create(pk=1, defaults={"strength_half_life_days": 30})
    recompute(eng.account, now=NOW)
    rows = list(RelationshipStrength.objects.filter(account=eng.account))
    assert len(rows) == 1
    assert rows[0].score < first
    EngagementSettings.objects.filter(pk=1).update(strength_window_days=60)
    recompute(eng.account, now=NOW)
    assert not RelationshipStrength.objects.filter(account=eng.account).exists()


def test_recompute_inside_a_transaction_sees_the_new_interaction(
    eng: Any, touch: Callable[..., Any]
) -> None:
    with transaction.atomic():
        touch(eng.account, "call", 1, eng.uma, eng.ben)
        recompute(eng.account, now=NOW)
        assert RelationshipStrength.objects.filter(
            our_person=eng.uma, their_person=eng.ben
        ).exists()


def test_every_account_at_once_leaves_other_accounts_alone(
    eng: Any, other_account: Any, person: Any, touch: Callable[..., Any]
) -> None:
    ours = person(other_account, "Our Zoe", side="internal")
    theirs = person(other_account, "Zed")
    touch(other_account, "meeting", 3, ours, theirs)
    touch(eng.account, "meeting", 3, eng.olive, eng.ann)
    stats = recompute(now=NOW)
    assert stats.accounts == 2
    assert stats.pairs == 2
    recompute(eng.account, now=NOW)
    assert RelationshipStrength.objects.filter(account=other_account).count() == 1


def test_the_command_says_what_it_did(
    eng: Any, touch: Callable[..., Any], other_account: Any
) -> None:
    touch(eng.account, "meeting", 3, eng.olive, eng.ann)
    out = StringIO()
    call_command(
        "recompute_strength", "--account", "Northwind Health", "--user", "olivia", stdout=out
    )
    assert "Northwind Health: 1 interactions, 1 pairs" in out.getvalue()
    out = StringIO()
    call_command("recompute_strength", "--user", "olivia", stdout=out)  # all of hers
    assert "Recomputed 1 account(s)." in out.getvalue()
    assert other_account.name not in out.getvalue()


def test_the_command_can_rewrite_the_touches_first(
    eng: Any, touch: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change of the kinds' weights reaches existing touches only with
    --rebuild-touches; without it the stored touches keep their old weight."""
    from relmap.analytics import strength as formula
    from relmap.engagement.models import Touch

    touch(eng.account, "meeting", 3, eng.olive, eng.ann)
    before = Touch.objects.get().weighted
    monkeypatch.setitem(formula.KIND_WEIGHTS, "meeting", before / 2)
    args = ("recompute_strength", "--account", "Northwind Health", "--user", "olivia")
    call_command(*args, stdout=StringIO())
    assert Touch.objects.get().weighted == before
    call_command(*args, "--rebuild-touches", stdout=StringIO())
    assert Touch.objects.get().weighted == before / 2


def test_the_command_refuses_an_account_the_user_cannot_see(eng: Any, outsider: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No account named"):
        call_command("recompute_strength", "--account", "Northwind Health", "--user", "oscar")


def test_the_bulk_score_is_the_reference_formulas(eng: Any, touch: Callable[..., Any]) -> None:
    """The recompute sums touches per direction in SQL; the pair page rebuilds the sums per
    kind from the same touches and scores them with score_pair: both must agree, for
    meetings, calls, messages both ways, copied messages and a meeting of eight."""
    from relmap.analytics import strength as formula
    from relmap.engagement.strength import pair_components
    from relmap.engagement.touches import rebuild_account
    from relmap.stakeholders.models import Stakeholder

    a, olive, ann, ben = eng.account, eng.olive, eng.ann, eng.ben
    crowd = [Stakeholder.objects.create(account=a, name=f"Extra {i}") for i in range(6)]
    touch(a, "meeting", 3, (olive, "organizer"), ann)
    touch(a, "business_review", 20, (olive, "organizer"), ann, ben, *crowd)
    touch(a, "call", 40, (ann, "organizer"), olive)
    touch(a, "email", 10, (olive, "sender"), (ann, "to"), (ben, "cc"))
    touch(a, "email", 12, (ann, "sender"), (olive, "to"))
    touch(a, "email", 15, (eng.uma, "sender"), (olive, "cc"), (ann, "to"))
    recompute(a, now=NOW)
    rebuild_account(a.pk)  # the account-wide rebuild gives the same touches
    recompute(a, now=NOW)
    for row in RelationshipStrength.objects.filter(account=a):
        reference = pair_components(a, row.our_person_id, row.their_person_id, now=NOW)
        assert reference is not None
        assert row.score == reference.score, (row, reference.components)
        assert row.interactions == reference.interactions
        assert row.components["reciprocity"] == reference.components["reciprocity"]
        assert formula.explain(row.components, row.score)[0].startswith(f"Score {row.score:.0f}")
    ann_row = RelationshipStrength.objects.get(our_person=olive, their_person=ann)
    assert ann_row.interactions == 6
    assert ann_row.components["reciprocity"]["copied"] > 0


def test_shared_meetings_count_only_meetings_of_their_people(
    eng: Any, touch: Callable[..., Any]
) -> None:
    from relmap.engagement.strength import shared_meeting_counts

    a, ann, ben = eng.account, eng.ann, eng.ben
    for days in (1, 2, 3):
        touch(a, "meeting", days, (eng.olive, "organizer"), ann, ben)
    touch(a, "email", 4, (ann, "sender"), (ben, "to"))  # an e-mail is not a meeting
    touch(a, "meeting", 900, ann, ben)  # outside the window
    found = shared_meeting_counts(a.pk, start=NOW - dt.timedelta(days=730), end=NOW)
    low, high = sorted((ann.pk, ben.pk))
    assert found == {(low, high): 3}

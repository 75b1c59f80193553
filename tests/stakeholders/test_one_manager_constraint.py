"""One line manager per person is held by the database too, not only by the service.

The service explains the rule (tests/stakeholders/test_services.py); this checks that a
write bypassing it, or racing past its check, is refused by the database itself, on
SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from relmap.stakeholders.models import Tie

pytestmark = pytest.mark.django_db


def raw_tie(account: Any, source: Any, target: Any, kind: str) -> Tie:
    """A tie written straight to the database, as a bug or a race would."""
    return Tie.objects.create(account=account, source=source, target=target, kind=kind)


def test_the_database_refuses_a_second_line_manager(account: Any, person: Any) -> None:
    ann, bob, cat = person(account, "Ann"), person(account, "Bob"), person(account, "Cat")
    raw_tie(account, ann, bob, "reports_to")
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_tie(account, ann, cat, "reports_to")
    assert list(Tie.objects.filter(source=ann).values_list("target__name", flat=True)) == ["Bob"]


def test_the_constraint_leaves_other_ties_alone(account: Any, person: Any) -> None:
    ann, bob, cat = person(account, "Ann"), person(account, "Bob"), person(account, "Cat")
    raw_tie(account, ann, bob, "reports_to")
    raw_tie(account, cat, bob, "reports_to")  # a manager has many reports
    raw_tie(account, ann, cat, "dotted_line")  # a second line is a dotted line
    raw_tie(account, ann, bob, "dotted_line")
    raw_tie(account, ann, cat, "influences")
    assert Tie.objects.filter(source=ann).count() == 4

"""The API refuses a change of side that would leave coverage between the wrong sides,
with the service's message on the ``side`` field (see tests/stakeholders/test_side_change.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from relmap.core.models import AuditEntry
from relmap.stakeholders.models import Coverage, Stakeholder

pytestmark = pytest.mark.django_db

Call = Callable[..., Any]


def test_patching_a_covered_customer_to_internal_is_refused(
    call: Call, owner: Any, bearer: Callable[[Any], Client], mapped: Any
) -> None:
    client = bearer(owner)
    audit_before = AuditEntry.objects.count()
    response = call(
        client,
        "PATCH",
        f"/api/accounts/{mapped.account}/stakeholders/{mapped.ann}",
        {"side": "internal"},
    )
    assert response.status_code == 422
    message = (
        "Ann Archer cannot become internal: our people cover them in 1 coverage link, and "
        "coverage links one of our (internal) people to one of theirs. Remove that coverage "
        "link first."
    )
    assert response.json()["errors"] == [{"field": "side", "source": "body", "message": message}]
    assert message in response.json()["detail"]
    assert Stakeholder.objects.get(pk=mapped.ann).side == "customer"
    assert Coverage.objects.filter(pk=mapped.coverage).exists()
    assert AuditEntry.objects.count() == audit_before


def test_patching_one_of_our_people_who_covers_others_is_refused(
    call: Call, messages: Any, owner: Any, bearer: Callable[[Any], Client], mapped: Any
) -> None:
    response = call(
        bearer(owner),
        "PATCH",
        f"/api/accounts/{mapped.account}/stakeholders/{mapped.kim}",
        {"side": "partner"},
    )
    assert response.status_code == 422
    assert "Kim Kowalski cannot move to the partner side" in messages(response)
    assert Stakeholder.objects.get(pk=mapped.kim).side == "internal"


def test_a_side_change_that_strands_no_coverage_is_applied(
    call: Call, owner: Any, bearer: Callable[[Any], Client], mapped: Any
) -> None:
    response = call(
        bearer(owner),
        "PATCH",
        f"/api/accounts/{mapped.account}/stakeholders/{mapped.cat}",
        {"side": "internal"},
    )
    assert response.status_code == 200
    assert response.json()["side"] == "internal"

"""An account with a few people who have e-mail addresses, the personas on its team, and
helpers to write real files and count every engagement table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"
TODAY = dt.date(2025, 6, 1)


@dataclass
class IngestWorld:
    account: Any
    owner: Any
    member: Any
    viewer: Any
    outsider: Any
    ann: Any  # customer, ann@northwind.example
    uma: Any  # internal, uma@relmap.example
    pat: Any  # customer, pat.lee@northwind.example


@pytest.fixture
def world(
    account: Any, owner: Any, member: Any, outsider: Any, make_user: Any, person: Any
) -> IngestWorld:
    from relmap.accounts.services import membership_set

    viewer = make_user("vera")
    membership_set(actor=owner, account=account, user=viewer, role="viewer")
    ann = person(account, "Ann Archer", title="CFO", email="Ann@Northwind.example")
    uma = person(account, "Uma Us", side="internal", email="uma@relmap.example")
    pat = person(account, "Pat Lee", email="pat.lee@northwind.example")
    return IngestWorld(account, owner, member, viewer, outsider, ann, uma, pat)


def table_counts() -> dict[str, int]:
    """Rows in every engagement table, and in the audit trail."""
    from django.apps import apps

    from relmap.core.models import AuditEntry

    counts = {
        m._meta.label: m._default_manager.count()
        for m in apps.get_app_config("engagement").get_models()
    }
    counts["audit"] = AuditEntry.objects.count()
    return counts


def ics(*lines: str) -> bytes:
    """A calendar from its lines (CRLF line ends, as RFC 5545 asks)."""
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *lines, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def event(uid: str, start: str, *lines: str) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{start}", *lines, "END:VEVENT"]


def find_enron() -> Path:
    from tests.conftest import find_dataset  # type: ignore[import-not-found, unused-ignore]

    found = find_dataset("enron_priebe")
    if found is None:
        pytest.fail("The Enron data set (../shared/data/enron_priebe) is needed.", pytrace=False)
    return found

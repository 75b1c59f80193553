"""The complaint log (and the complaints KPI it feeds) and qualitative feedback."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from relmap.core.models import AuditEntry
from relmap.monitoring import services
from relmap.monitoring.models import Complaint, Feedback

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)


def complaint(owner: Any, account: Any, **kw: Any) -> Complaint:
    data: dict[str, Any] = {
        "category": "delivery",
        "severity": "high",
        "summary": "Late shipment to Leeds",
        "opened_on": dt.date(2026, 5, 4),
        **kw,
    }
    return services.complaint_create(actor=owner, account=account, today=TODAY, **data)


def test_a_complaint_is_logged_resolved_and_audited(owner: Any, account: Any, person: Any) -> None:
    ann = person(account, "Ann Archer")
    c = complaint(owner, account, stakeholder=ann)
    assert c.resolution_days is None
    services.complaint_update(
        actor=owner,
        complaint=c,
        resolved_on=dt.date(2026, 5, 11),
        resolution="Re-routed via Hull",
        today=TODAY,
    )
    c.refresh_from_db()
    assert c.resolution_days == 7
    resolved = AuditEntry.objects.get(action="relmap.complaint.resolved")
    assert resolved.before == {"resolved_on": None, "resolution": ""}
    assert resolved.after == {"resolved_on": "2026-05-11", "resolution": "Re-routed via Hull"}
    services.complaint_update(actor=owner, complaint=c, severity="critical", today=TODAY)
    assert AuditEntry.objects.get(action="relmap.complaint.updated").after == {
        "severity": "critical"
    }
    services.complaint_delete(actor=owner, complaint=c)
    assert not Complaint.objects.exists()
    assert AuditEntry.objects.get(action="relmap.complaint.deleted").before["summary"] == (
        "Late shipment to Leeds"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "weather"}, "what the complaint is about"),
        ({"severity": "apocalyptic"}, "how severe"),
        ({"summary": "  "}, "Say in a line"),
        ({"opened_on": dt.date(2026, 7, 1)}, "in the future"),
        ({"resolved_on": dt.date(2026, 5, 1)}, "resolved before it was opened"),
        ({"resolution": "Refunded"}, "needs the day it was resolved"),
    ],
)
def test_a_bad_complaint_is_refused(
    owner: Any, account: Any, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        complaint(owner, account, **data)
    assert not Complaint.objects.exists()


def test_a_complaint_from_another_accounts_person_is_refused(
    owner: Any, account: Any, other_account: Any, outsider: Any
) -> None:
    from relmap.stakeholders.services import stakeholder_create

    stranger = stakeholder_create(actor=outsider, account=other_account, name="Zed")
    with pytest.raises(ValidationError, match="not on this account's map"):
        complaint(owner, account, stakeholder=stranger)


def test_the_complaints_kpi_counts_complaints_opened_each_month(owner: Any, account: Any) -> None:
    kpi = services.kpi_create(actor=owner, account=account, kind="complaints", today=TODAY)
    complaint(owner, account, opened_on=dt.date(2026, 3, 2))
    complaint(owner, account, opened_on=dt.date(2026, 3, 20), summary="Wrong invoice")
    complaint(owner, account, opened_on=dt.date(2026, 5, 4), summary="Portal down")
    # Whole months only: June is under way on the 30th.
    assert list(kpi.points.values_list("on", "value")) == [
        (dt.date(2026, 3, 31), 2.0),
        (dt.date(2026, 4, 30), 0.0),
        (dt.date(2026, 5, 31), 1.0),
    ]
    assert kpi.points.get(on=dt.date(2026, 3, 31)).note == "2 complaints opened in March 2026."
    with pytest.raises(ValidationError, match="computed from the complaint log"):
        services.kpi_point_set(actor=owner, kpi=kpi, on=dt.date(2026, 6, 1), value=0, today=TODAY)


def test_feedback_keeps_the_quote_its_source_and_tidy_themes(
    owner: Any, account: Any, person: Any
) -> None:
    ann = person(account, "Ann Archer")
    f = services.feedback_create(
        actor=owner,
        account=account,
        source="business_review",
        stakeholder=ann,
        received_on=dt.date(2026, 6, 12),
        themes="Onboarding,  response   time, onboarding,",
        quote="The new portal saves my team a day a week.",
        today=TODAY,
    )
    assert f.themes == ["onboarding", "response time"]
    entry = AuditEntry.objects.get(action="relmap.feedback.created")
    assert entry.after["themes"] == ["onboarding", "response time"]
    services.feedback_update(actor=owner, feedback_entry=f, themes=["Pricing"], today=TODAY)
    f.refresh_from_db()
    assert f.themes == ["pricing"]
    services.feedback_delete(actor=owner, feedback_entry=f)
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"source": "rumour"}, "where the feedback came from"),
        ({"quote": " "}, "Write down what was said"),
        ({"received_on": dt.date(2026, 7, 1)}, "in the future"),
        ({"themes": [f"t{i}" for i in range(11)]}, "At most 10 themes"),
        ({"themes": ["x" * 41]}, "at most 40 characters"),
    ],
)
def test_bad_feedback_is_refused(
    owner: Any, account: Any, data: dict[str, Any], message: str
) -> None:
    values: dict[str, Any] = {
        "source": "meeting",
        "quote": "Good",
        "received_on": dt.date(2026, 6, 1),
        **data,
    }
    with pytest.raises(ValidationError, match=message):
        services.feedback_create(actor=owner, account=account, today=TODAY, **values)
    assert not Feedback.objects.exists()

"""A real data set through the real CSV path: the Enron e-mail network (Priebe et al.
2005), converted to the CSV activity format. Its known flaws must show in the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from relmap.engagement.ingest.enron import people, to_activity_csv
from relmap.engagement.ingest.service import ingest_file
from relmap.engagement.models import Interaction, Participant, UnknownAddress
from relmap.stakeholders.models import Stakeholder

from .conftest import find_enron

pytestmark = pytest.mark.django_db


@pytest.fixture
def enron_account(account: object, owner: object, person: object) -> tuple[object, Path]:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    folder = find_enron()
    for p in people(folder):
        try:
            validate_email(p.email)
        except ValidationError:  # a..martin@enron.com: real, but not valid for Django
            continue
        person(account, p.name or p.email, email=p.email, title=p.note[:200])  # type: ignore[operator]
    return account, folder


def test_a_slice_reports_its_duplicates_and_bogus_dates(
    enron_account: tuple[object, Path], owner: object
) -> None:
    account, folder = enron_account
    data = to_activity_csv(folder, limit=3000)
    run = ingest_file(actor=owner, account=account, name="enron.csv", data=data)  # type: ignore[arg-type]
    report = run.report
    reasons = {k: v["count"] for k, v in report["skipped_by_reason"].items()}
    assert report["read"] == 3000
    # The first 174 rows of the source are the ones stamped 1979-12-31 21:00.
    assert reasons["implausible_date"] == 174
    assert (
        "1979-12-31 is before 1990-01-01"
        in report["skipped_by_reason"]["implausible_date"]["examples"][0]
    )
    assert reasons["duplicate"] > 0
    assert run.added == 3000 - 174 - reasons["duplicate"] == Interaction.objects.count()
    # Only the people whose address Django's validator refuses (so who are not on the map)
    # can be queued for review.
    on_map = set(Stakeholder.objects.values_list("email", flat=True))
    queued = set(UnknownAddress.objects.values_list("email", flat=True))
    assert not queued & on_map
    assert queued <= {p.email for p in people(folder)}
    assert run.new_unknown_addresses == len(queued)
    # Self-addressed messages have one participant; the others two.
    assert Participant.objects.count() <= 2 * run.added


def test_the_whole_file_has_174_bogus_dates() -> None:
    from relmap.engagement.ingest.csvfile import parse_csv

    parsed = parse_csv(to_activity_csv(find_enron()), time_zone="UTC")
    assert parsed.read == 125_409
    assert sum(s.reason == "implausible_date" for s in parsed.skips) == 174

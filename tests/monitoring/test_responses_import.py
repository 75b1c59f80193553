"""Survey responses in from CSV: every bad row reported with nothing written, the same file
twice changes nothing, people on the map linked, and the NPS and CSAT read back."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from relmap.core.csvfiles import SourceFile
from relmap.core.models import AuditEntry
from relmap.monitoring.models import SurveyResponse
from relmap.monitoring.responses_import import ResponsesImportError, import_responses_csv
from relmap.monitoring.selectors import (
    account_csat,
    account_nps,
    nps_by_stakeholder,
    stakeholder_nps,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)
HEADER = "respondent,stakeholder,answered_on,score,comment,survey\n"
GOOD = HEADER + (
    "ann@northwind.example,,2026-06-01,10,Great onboarding,nps\n"
    "bob@northwind.example,,2026-06-02,9,,nps\n"
    "Cy Chen,Cy Chen,2026-06-03,7,,nps\n"
    "dee@northwind.example,,2026-06-04,3,Slow support,nps\n"
    "eve@northwind.example,,2026-06-05,9,,nps\n"
    "ann@northwind.example,,2026-06-10,5,,csat\n"
)


def source(text: str, name: str = "responses.csv") -> SourceFile:
    return SourceFile(name, text.encode())


def run(owner: Any, account: Any, text: str, **kw: Any) -> Any:
    return import_responses_csv(
        actor=owner, source=source(text), account=account, today=TODAY, **kw
    )


@pytest.fixture
def people(account: Any, person: Any) -> dict[str, Any]:
    return {
        "ann": person(account, "Ann Archer", email="ann@northwind.example"),
        "cy": person(account, "Cy Chen"),
    }


def test_a_good_file_is_recorded_linked_and_audited(
    owner: Any, account: Any, people: dict[str, Any]
) -> None:
    report = run(owner, account, GOOD)
    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    assert report.linked == 3  # Ann twice by e-mail, Cy by name
    ann = SurveyResponse.objects.get(survey="nps", respondent_key="ann@northwind.example")
    assert (ann.stakeholder, ann.score, ann.comment) == (people["ann"], 10, "Great onboarding")
    assert ann.imported_by == owner
    entry = AuditEntry.objects.get(action="relmap.survey_responses.imported")
    assert entry.after == {"file_name": "responses.csv", "created": 6, "updated": 0, "unchanged": 0}

    nps = account_nps(account, on=TODAY)
    # 3 promoters, 1 passive, 1 detractor of 5: 60 % - 20 % = +40.
    assert (nps.promoters, nps.passives, nps.detractors, nps.score) == (3, 1, 1, 40.0)
    assert account_csat(account, on=TODAY, min_responses=1).score == 100.0
    assert stakeholder_nps(people["ann"], on=TODAY).score == 100.0
    assert stakeholder_nps(people["cy"], on=TODAY).score == 0.0
    # Everyone on the map who answered, in one read: the same figures, most answers first.
    by_person = nps_by_stakeholder(account, on=TODAY)
    assert [(p.name, p.result.counted, p.result.score) for p in by_person] == [
        ("Ann Archer", 1, 100.0),
        ("Cy Chen", 1, 0.0),
    ]
    assert nps_by_stakeholder(account, on=TODAY + dt.timedelta(days=800)) == []


def test_the_same_file_twice_changes_nothing_and_a_correction_updates(
    owner: Any, account: Any, people: dict[str, Any]
) -> None:
    run(owner, account, GOOD)
    again = run(owner, account, GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert "Nothing changed" in again.summary()
    assert AuditEntry.objects.filter(action="relmap.survey_responses.imported").count() == 1
    corrected = run(owner, account, GOOD.replace("2026-06-04,3,", "2026-06-04,4,"))
    assert (corrected.created, corrected.updated, corrected.unchanged) == (0, 1, 5)
    assert SurveyResponse.objects.get(respondent_key="dee@northwind.example").score == 4


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("ann@x.example,,2026-06-01,11,,nps", "score 11 is off the nps scale (0 to 10)"),
        ("ann@x.example,,2026-06-01,0,,csat", "score 0 is off the csat scale (1 to 5)"),
        ("ann@x.example,,2026-06-01,ten,,nps", "score 'ten' is not a whole number"),
        ("ann@x.example,,2026-06-01,-1,,nps", "score '-1' is not a whole number"),
        ("ann@x.example,,2026-06-01,8.5,,nps", "score '8.5' is not a whole number"),
        ("ann@x.example,,2026-07-01,9,,nps", "answered_on 2026-07-01 is in the future"),
        ("ann@x.example,,1989-12-31,9,,nps", "answered_on 1989-12-31 is before 1990-01-01"),
        ("ann@x.example,,01/06/2026,9,,nps", "answered_on '01/06/2026' is not a date"),
        ("ann@x.example,,2026-06-01,9,,ces", "survey 'ces' is not nps or csat"),
        ("ann@x.example,,2026-06-01,9,,", "survey is blank"),
        (",,2026-06-01,9,,nps", "respondent is blank"),
        ("ann@x.example,Zed Zimmer,2026-06-01,9,,nps", "stakeholder 'Zed Zimmer' is not on"),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_written(
    owner: Any, account: Any, people: dict[str, Any], row: str, message: str
) -> None:
    text = GOOD + row + "\n"
    with pytest.raises(ResponsesImportError) as caught:
        run(owner, account, text)
    (error,) = caught.value.errors
    assert error.line == 8
    assert message in error.message
    assert not SurveyResponse.objects.exists()
    assert not AuditEntry.objects.filter(action="relmap.survey_responses.imported").exists()


def test_every_bad_row_is_listed_at_once(owner: Any, account: Any) -> None:
    text = HEADER + (
        "a@x.example,,2026-06-01,11,,nps\n"
        "b@x.example,,2026-06-01,9,,nps\n"
        "c@x.example,,tomorrow,9,,nps\n"
        "b@x.example,,2026-06-01,3,,nps\n"
    )
    with pytest.raises(ResponsesImportError) as caught:
        run(owner, account, text)
    assert [e.line for e in caught.value.errors] == [2, 4, 5]
    assert "on line 3" in str(caught.value.errors[2])
    assert not SurveyResponse.objects.exists()


def test_the_import_survey_must_agree_with_the_rows(owner: Any, account: Any) -> None:
    text = HEADER + "a@x.example,,2026-06-01,9,,\n"
    run(owner, account, text, survey="nps")
    assert SurveyResponse.objects.get().survey == "nps"
    with pytest.raises(ResponsesImportError, match="a nps response, but a csat survey"):
        run(owner, account, HEADER + "b@x.example,,2026-06-01,4,,nps\n", survey="csat")


def test_a_name_two_people_share_is_refused(owner: Any, account: Any, person: Any) -> None:
    person(account, "Sam Stone")
    person(account, "Sam Stone", title="Buyer")
    with pytest.raises(ResponsesImportError, match="2 people on the map are called 'Sam Stone'"):
        run(owner, account, HEADER + "sam,Sam Stone,2026-06-01,9,,nps\n")


def test_a_file_that_is_not_the_format_is_refused(owner: Any, account: Any) -> None:
    with pytest.raises(ResponsesImportError, match="required column 'score' is missing"):
        run(owner, account, "respondent,answered_on\na@x.example,2026-06-01\n")
    with pytest.raises(ResponsesImportError, match="there are no responses"):
        run(owner, account, HEADER)


def test_the_command_imports_and_lists_every_problem(
    owner: Any, account: Any, people: dict[str, Any], tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD.replace("2026-06", "2025-06"))
    out = StringIO()
    args = ("kpi", "import", str(good), "--account", "Northwind Health", "--user", "olivia")
    call_command(*args, stdout=out)
    assert "6 created" in out.getvalue()
    out = StringIO()
    call_command(*args, stdout=out)
    assert "Nothing changed" in out.getvalue()

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "a@x.example,,2025-06-01,11,,nps\n")
    err = StringIO()
    with pytest.raises(CommandError, match="1 problem found; nothing was imported"):
        call_command(
            "kpi",
            "import",
            str(bad),
            "--account",
            "Northwind Health",
            "--user",
            "olivia",
            stderr=err,
        )
    assert "bad.csv line 2: score 11 is off the nps scale" in err.getvalue()
    assert SurveyResponse.objects.count() == 6


def test_the_command_refuses_an_account_the_user_cannot_see_or_edit(
    owner: Any, account: Any, outsider: Any, make_user: Any, tmp_path: Path
) -> None:
    from relmap.accounts.services import membership_set

    viewer = make_user("vera")
    membership_set(actor=owner, account=account, user=viewer, role="viewer")
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    args = ("kpi", "import", str(good), "--account", "Northwind Health", "--user")
    with pytest.raises(CommandError, match="No account named"):
        call_command(*args, "oscar")
    with pytest.raises(CommandError, match="read-only"):
        call_command(*args, "vera")
    assert not SurveyResponse.objects.exists()

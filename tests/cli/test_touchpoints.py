"""``relmap touchpoints``: a user's or an account's touchpoints as text, JSON or CSV."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from relmap.accounts.services import team_member_add
from relmap.engagement import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(account: Any, owner: Any, person: Any) -> Any:
    me = person(account, "Olive Owner", side="internal")
    team_member_add(actor=owner, account=account, user=owner, role="sales", stakeholder=me)
    ann = person(account, "Ann Archer", power=5, interest=5)
    person(account, "Bob Brook", power=2, interest=2)
    return services.plan_create(
        actor=owner, account=account, stakeholder=ann, owner=me, objective="Sponsor"
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command("touchpoints", *args, stdout=out)
    return out.getvalue()


def test_my_touchpoints_as_text(planned: Any) -> None:
    text = run("--user", "olivia")
    assert "Due (1)" in text
    assert "Ann Archer (Northwind Health), owner Olive Owner" in text
    assert "Bob Brook (Northwind Health), power 2/5" in text


def test_an_accounts_touchpoints_as_json_and_csv(planned: Any) -> None:
    data = json.loads(run("--account", "Northwind Health", "--user", "olivia", "--format", "json"))
    assert [p["stakeholder"] for p in data["plans"]] == ["Ann Archer"]
    assert {f["title"] for f in data["findings"]} >= {"Nobody meets Ann Archer"}
    rows = run("--account", "Northwind Health", "--user", "olivia", "--format", "csv").splitlines()
    assert rows[0].startswith("status,due_on,account,stakeholder")
    assert rows[1].startswith("due,")


def test_an_outsider_cannot_see_the_account(planned: Any, outsider: Any) -> None:
    with pytest.raises(CommandError, match="No account named"):
        run("--account", "Northwind Health", "--user", outsider.username)
    assert "Ann Archer" not in run("--user", outsider.username)

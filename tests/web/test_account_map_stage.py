"""The account map's header sums up the lifecycle stage: which, since when, and the first
recommended strategy, linking to the full list on the "Value & tier" page, in one query
however long the stage history."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relmap.accounts.portfolio_services import lifecycle_stage_set
from relmap.accounts.selectors import stage_since
from relmap.analytics.lifecycle import GUIDANCE

from .conftest import World
from .test_query_budgets import BUDGETS

pytestmark = pytest.mark.django_db


def summary(client: Client, w: World) -> str:
    content = client.get(reverse("stakeholders:map", kwargs={"account_pk": w.account.pk}))
    match = re.search(
        r'<p class="stage-summary" id="stage-summary">(.*?)</p>', content.content.decode(), re.S
    )
    assert match, "the header has a stage summary"
    return " ".join(match.group(1).split())


def test_a_new_account_shows_its_stage_without_a_date(client: Client, world: World) -> None:
    client.force_login(world.viewer)  # reading is enough
    text = summary(client, world)
    assert "Stage: <strong>Identification</strong>" in text
    assert " since " not in text
    assert GUIDANCE["identification"].strategies[0] in text
    value = reverse("portfolio:value", kwargs={"account_pk": world.account.pk})
    assert f'<a href="{value}#lifecycle">All 4 strategies for this stage</a>' in text


def test_it_says_since_when_and_what_to_do_first(client: Client, world: World) -> None:
    w = world
    lifecycle_stage_set(
        actor=w.owner, account=w.account, stage="exploration", changed_on=dt.date(2024, 5, 2)
    )
    lifecycle_stage_set(
        actor=w.owner, account=w.account, stage="expansion", changed_on=dt.date(2025, 3, 1)
    )
    # The same stage again, with a note: the stage did not start again.
    lifecycle_stage_set(
        actor=w.owner,
        account=w.account,
        stage="expansion",
        changed_on=dt.date(2025, 6, 1),
        note="2nd site",
    )
    client.force_login(w.owner)
    text = summary(client, w)
    assert (
        'Stage: <strong>Expansion</strong> since <time datetime="2025-03-01">1 Mar 2025</time>'
        in text
    )
    assert GUIDANCE["expansion"].strategies[0] in text
    assert GUIDANCE["expansion"].strategies[1] not in text  # only the first, here


@pytest.mark.parametrize("changes", [0, 1, 30])
def test_the_page_stays_within_its_budget_whatever_the_history(
    client: Client, world: World, changes: int
) -> None:
    w = world
    stages = ["exploration", "expansion", "commitment"]
    for i in range(changes):
        lifecycle_stage_set(
            actor=w.owner,
            account=w.account,
            stage=stages[i % 3],
            changed_on=dt.date(2020, 1, 1) + dt.timedelta(days=30 * i),
        )
    client.force_login(w.owner)
    url = reverse("stakeholders:map", kwargs={"account_pk": w.account.pk})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == BUDGETS["account_detail"]
    with CaptureQueriesContext(connection) as queries:
        since = stage_since(w.account)
    assert len(queries) == 1
    assert since == (
        None if not changes else dt.date(2020, 1, 1) + dt.timedelta(days=30 * (changes - 1))
    )

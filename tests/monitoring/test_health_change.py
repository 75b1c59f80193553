"""The health change in the diff: each review keeps that day's health score, and the
diff between two reviews (page, API, ``relmap diff``) says how the score moved and which
components moved it."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relmap.monitoring import history
from relmap.monitoring.health import account_health
from relmap.monitoring.models import HealthSnapshot, MapReview
from relmap.stakeholders.services import coverage_create, stakeholder_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(owner: Any, account: Any, person: Any) -> dict[str, Any]:
    """A review a month ago (its score kept then), a better-covered map reviewed today."""
    ann = person(account, "Ann Archer", title="CFO", power=5, interest=4, attitude=-1)
    cat = person(account, "Cat Chen", title="CIO", power=4, interest=2, attitude=0)
    uma = person(account, "Uma Us", side="internal")
    coverage_create(actor=owner, account=account, our_person=uma, their_person=ann)
    first = history.review_create(actor=owner, account=account, notes="Before the QBR")
    month_ago = timezone.localdate() - dt.timedelta(days=30)
    MapReview.objects.filter(pk=first.pk).update(reviewed_at=first.reviewed_at - dt.timedelta(30))
    HealthSnapshot.objects.filter(account=account).update(on=month_ago)
    first.refresh_from_db()
    coverage_create(actor=owner, account=account, our_person=uma, their_person=cat)
    stakeholder_update(actor=owner, stakeholder=ann, attitude=2)
    second = history.review_create(actor=owner, account=account, notes="After the QBR")
    return {"first": first, "second": second, "month_ago": month_ago}


def test_a_review_keeps_the_days_health_score(owner: Any, account: Any) -> None:
    assert not HealthSnapshot.objects.filter(account=account).exists()
    history.review_create(actor=owner, account=account)
    kept = HealthSnapshot.objects.get(account=account)
    assert kept.on == timezone.localdate()
    assert kept.score == account_health(account).score


def test_the_diff_between_two_reviews_says_how_health_moved(
    account: Any, reviewed: dict[str, Any]
) -> None:
    then = HealthSnapshot.objects.get(account=account, on=reviewed["month_ago"])
    now = HealthSnapshot.objects.get(account=account, on=timezone.localdate())
    assert now.score is not None
    assert then.score is not None
    assert now.score > then.score
    result = history.health_between(account, reviewed["first"], reviewed["second"])
    assert result.change.before == then.score
    assert result.change.after == now.score
    assert result.change.delta == round(now.score - then.score, 1)
    moved = {c.name: c.delta for c in result.change.components}
    assert moved["coverage"] > 0  # Cat, with power 4, is covered now
    assert moved["attitude"] > 0  # Ann went from -1 to +2
    assert abs(sum(moved.values()) - (result.change.delta or 0)) <= 0.1 * len(moved)
    assert result.since_on == reviewed["month_ago"]
    assert result.until_on == timezone.localdate()
    assert f"as kept on {reviewed['month_ago']}" in result.explanation()


def test_a_day_before_any_score_was_kept_says_so(account: Any, reviewed: dict[str, Any]) -> None:
    long_ago = timezone.now() - dt.timedelta(days=400)
    result = history.health_between(account, long_ago)
    assert result.change.before is None
    assert result.change.after == account_health(account).score
    assert "no score was kept for the earlier moment" in result.explanation()
    assert "the later one computed now" in result.explanation()


def test_the_history_page_shows_the_health_change(
    client: Client, owner: Any, account: Any, reviewed: dict[str, Any]
) -> None:
    client.force_login(owner)
    url = reverse("monitoring:history", kwargs={"account_pk": account.pk})
    first, second = reviewed["first"], reviewed["second"]
    response = client.get(url + f"?since=review-{first.pk}&until=review-{second.pk}")
    body = response.content.decode()
    delta = response.context["health"].change.delta
    assert delta is not None
    assert delta > 0
    assert f'data-delta="{delta}"' in body
    assert 'data-component="coverage"' in body
    # The monitoring page says it too, since the last review.
    home = client.get(reverse("monitoring:home", kwargs={"account_pk": account.pk}))
    assert 'data-testid="since-review-health"' in home.content.decode()


def test_the_api_and_relmap_diff_give_the_health_change(
    call: Any, bearer: Any, owner: Any, account: Any, reviewed: dict[str, Any]
) -> None:
    first, second = reviewed["first"], reviewed["second"]
    expected = history.health_between(account, first, second)
    url = f"/api/accounts/{account.pk}/map-diff?since=review-{first.pk}&until=review-{second.pk}"
    health = call(bearer(owner), "GET", url).json()["health"]
    assert health["delta"] == expected.change.delta
    assert health["before_on"] == reviewed["month_ago"].isoformat()
    assert health["components"][0]["name"] == expected.change.components[0].name
    out = StringIO()
    call_command(
        "diff",
        "Northwind Health",
        "--from",
        f"review-{first.pk}",
        "--to",
        f"review-{second.pk}",
        "--user",
        "olivia",
        stdout=out,
    )
    assert expected.explanation() in out.getvalue()


def test_the_health_of_a_kept_map_is_the_live_health_of_the_same_map(
    owner: Any, account: Any, reviewed: dict[str, Any]
) -> None:
    now = account_health(account)
    same = account_health(account, state=history.current_state(account))
    assert same.score == now.score
    assert [(c.name, c.value) for c in same.components] == [
        (c.name, c.value) for c in now.components
    ]
    # A past moment with the map it had: the coverage and attitude of then, the review
    # held then (none on the day before the first review), and no engagement judgement.
    first = history.state_of(account, reviewed["first"])
    day_before = reviewed["month_ago"] - dt.timedelta(days=1)
    then = {c.name: c for c in account_health(account, day_before, state=first).components}
    assert then["coverage"].value == 50.0  # Ann covered, Cat not yet
    assert then["freshness"].explanation == "the map has never been reviewed"
    assert then["engagement"].value is None
    assert then["engagement"].explanation == "engagement plans are not kept for past moments"

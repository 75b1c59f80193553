"""Pages and endpoints of computed strength: who may read, who may write, query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relmap.engagement.models import AttitudeSuggestion, TieSuggestion
from relmap.engagement.strength import recompute
from relmap.stakeholders.services import coverage_create
from tests.engagement.strength.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(eng: Any, touch: Callable[..., Any]) -> Any:
    for i in range(3):
        touch(
            eng.account, "meeting", 2 + i, eng.olive, eng.ann, eng.ben, notes="Awful, angry, bad."
        )
    coverage_create(
        actor=eng.owner, account=eng.account, our_person=eng.uma, their_person=eng.ann, strength=5
    )
    recompute(eng.account, now=NOW)
    eng.tie = TieSuggestion.objects.get()
    eng.attitude = AttitudeSuggestion.objects.get(stakeholder=eng.ben)
    return eng


def reads(w: Any) -> list[str]:
    a = w.account.pk
    return [
        reverse("strength:matrix", args=[a]),
        reverse("strength:pair", args=[a, w.olive.pk, w.ann.pk]),
        reverse("strength:suggestions", args=[a]),
        f"/api/accounts/{a}/strength",
        f"/api/accounts/{a}/coverage-matrix",
        f"/api/accounts/{a}/tie-suggestions",
        f"/api/accounts/{a}/attitude-suggestions",
    ]


def writes(w: Any) -> list[str]:
    a = w.account.pk
    return [
        reverse("strength:recompute", args=[a]),
        reverse("strength:tie_dismiss", args=[a, w.tie.pk]),
        reverse("strength:tie_accept", args=[a, w.tie.pk]),
        reverse("strength:attitude_dismiss", args=[a, w.attitude.pk]),
        reverse("strength:attitude_confirm", args=[a, w.attitude.pk]),
        f"/api/accounts/{a}/strength/recompute",
        f"/api/accounts/{a}/tie-suggestions/{w.tie.pk}/dismiss",
        f"/api/accounts/{a}/tie-suggestions/{w.tie.pk}/accept",
        f"/api/accounts/{a}/attitude-suggestions/{w.attitude.pk}/dismiss",
        f"/api/accounts/{a}/attitude-suggestions/{w.attitude.pk}/confirm",
    ]


def post(client: Client, url: str) -> Any:
    if url.startswith("/api/"):
        return client.post(
            url, data="{}" if "accept" in url else None, content_type="application/json"
        )
    return client.post(url)


def test_the_team_reads_everything(world: Any, client: Client, viewer: Any) -> None:
    client.force_login(viewer)
    for url in reads(world):
        assert client.get(url).status_code == 200, url


def test_outsiders_get_404_everywhere(world: Any, client: Client, outsider: Any) -> None:
    client.force_login(outsider)
    for url in reads(world):
        assert client.get(url).status_code == 404, url
    for url in writes(world):
        assert post(client, url).status_code == 404, url


def test_anonymous_callers_are_sent_to_log_in(world: Any, client: Client) -> None:
    for url in reads(world) + writes(world):
        response = client.get(url) if url in reads(world) else post(client, url)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
        else:
            assert response.status_code == 302, url
            assert "/login/" in response["Location"], url


def test_viewers_may_not_write(world: Any, client: Client, viewer: Any) -> None:
    client.force_login(viewer)
    for url in writes(world):
        assert post(client, url).status_code == 403, url
    world.tie.refresh_from_db()
    assert world.tie.status == "pending"


def test_a_member_accepts_and_confirms_on_the_pages(world: Any, client: Client) -> None:
    client.force_login(world.member)
    a = world.account.pk
    response = client.post(
        reverse("strength:tie_accept", args=[a, world.tie.pk]), {"kind": "advises"}
    )
    assert response.status_code == 302
    world.tie.refresh_from_db()
    assert world.tie.status == "accepted"
    assert world.tie.tie.kind == "advises"
    person_url = reverse("stakeholders:person", args=[a, world.ben.pk])
    page = client.get(person_url).content.decode()
    assert "Suggested attitude: -" in page
    response = client.post(
        reverse("strength:attitude_confirm", args=[a, world.attitude.pk]), {"next": person_url}
    )
    assert response.status_code == 302
    assert response["Location"] == person_url
    world.ben.refresh_from_db()
    assert world.ben.attitude == world.attitude.suggested_attitude


def test_the_api_accepts_with_a_kind_and_validates_it(world: Any, client: Client) -> None:
    client.force_login(world.member)
    url = f"/api/accounts/{world.account.pk}/tie-suggestions/{world.tie.pk}/accept"
    bad = client.post(url, data={"kind": "reports_to"}, content_type="application/json")
    assert bad.status_code == 422
    ok = client.post(url, data={"kind": "influences"}, content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["status"] == "accepted"
    again = client.post(url, data={}, content_type="application/json")
    assert again.status_code in (400, 409, 422)


def test_the_matrix_shows_both_ratings_and_flags_disagreement(world: Any, client: Client) -> None:
    client.force_login(world.owner)
    page = client.get(reverse("strength:matrix", args=[world.account.pk])).content.decode()
    assert "manual 5/5" in page
    assert 'data-flag="overrated"' in page  # Uma rated 5/5 with no shared interaction
    data = client.get(f"/api/accounts/{world.account.pk}/coverage-matrix").json()
    cell = next(c for c in data["cells"] if c["our_person_id"] == world.uma.pk)
    assert cell["disagreement"] == "overrated"
    assert cell["computed"] is None
    assert data["diamond_computed"]["pairs"] >= data["diamond_manual"]["pairs"]
    strengths = client.get(f"/api/accounts/{world.account.pk}/strength").json()
    assert strengths["count"] == 2
    assert strengths["items"][0]["explanation"]


def test_the_matrix_page_costs_the_same_whatever_the_size(
    world: Any,
    client: Client,
    person: Any,
    touch: Callable[..., Any],
    django_assert_num_queries: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.owner)
    url = reverse("strength:matrix", args=[world.account.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    ours = [person(world.account, f"Our {i}", side="internal") for i in range(8)]
    theirs = [person(world.account, f"Their {i}") for i in range(20)]
    for i, them in enumerate(theirs):
        touch(world.account, "meeting", i, ours[i % 8], them, theirs[(i + 1) % 20])
        coverage_create(
            actor=world.owner, account=world.account, our_person=ours[i % 8], their_person=them
        )
    recompute(world.account, now=NOW)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)


def test_the_strength_list_is_paged_in_sql_with_a_fixed_query_count(
    world: Any, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.owner)
    url = f"/api/accounts/{world.account.pk}/strength"
    client.get(url)  # session and settings warmed up
    with CaptureQueriesContext(connection) as everything:
        full = client.get(url).json()
    with CaptureQueriesContext(connection) as one:
        page = client.get(f"{url}?limit=1").json()
    assert full["count"] == page["count"] == 2
    assert len(page["items"]) == 1
    assert page["items"][0] == full["items"][0]
    assert page["items"][0]["rating"] == min(5, int(page["items"][0]["score"] // 20) + 1)
    assert len(one.captured_queries) == len(everything.captured_queries)

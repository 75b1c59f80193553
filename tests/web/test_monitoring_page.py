"""The monitoring page: what it shows, its forms' errors in place, the import, the chart
exports, the theme filter, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from relmap.monitoring import services
from relmap.monitoring.models import KpiPoint, SurveyResponse

from .conftest import World

pytestmark = pytest.mark.django_db


def url(w: World, name: str = "monitoring:home", **kw: Any) -> str:
    return reverse(name, kwargs={"account_pk": w.account.pk, **kw})


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def page(client: Client, world: World) -> Client:
    client.force_login(world.owner)
    return client


def upload(text: str, name: str = "file.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_it_shows_kpis_with_status_and_the_nps_with_its_explanation(
    page: Client, world: World
) -> None:
    kpi = services.kpi_create(
        actor=world.owner,
        account=world.account,
        kind="retention",
        baseline=80,
        baseline_on=days_ago(200),
        target=90,
        target_on=days_ago(-165),
    )
    services.kpi_point_set(actor=world.owner, kpi=kpi, on=days_ago(5), value=88)
    services.kpi_create(actor=world.owner, account=world.account, kind="nps")
    lines = ["respondent,answered_on,score,survey"] + [
        f"p{i}@x.example,{days_ago(20)},{s},nps" for i, s in enumerate((10, 9, 9, 7, 3))
    ]
    response = page.post(url(world, "monitoring:import"), {"file": upload("\n".join(lines))})
    assert response.status_code == 200
    body = response.content.decode()
    assert "file.csv: 5 responses: 5 created" in body
    body = page.get(url(world)).content.decode()
    assert "On track" in body  # 80 % of the change, about 55 % of the time
    assert 'data-chart="option"' in body
    assert f'id="kpi-option-{kpi.pk}"' in body
    assert "NPS +40.0 = 60.0 % promoters (3) - 20.0 % detractors (1); 1 passive" in body
    assert "Computed" in body  # the NPS KPI's points


def test_a_bad_value_is_refused_in_place_and_nothing_is_written(page: Client, world: World) -> None:
    kpi = services.kpi_create(actor=world.owner, account=world.account, kind="retention")
    response = page.post(
        url(world, "monitoring:point_new", pk=kpi.pk), {"on": days_ago(1), "value": "140"}
    )
    assert response.status_code == 422
    assert "above 100, the highest a retention KPI can be" in response.content.decode()
    response = page.post(
        url(world, "monitoring:point_new", pk=kpi.pk), {"on": days_ago(1), "value": "lots"}
    )
    assert response.status_code == 422
    assert "Enter a number" in response.content.decode()
    assert not KpiPoint.objects.exists()


def test_a_bad_file_lists_every_problem_and_writes_nothing(page: Client, world: World) -> None:
    text = (
        "respondent,answered_on,score,survey\n"
        "a@x.example,2026-01-05,11,nps\n"
        f"b@x.example,{days_ago(-3)},9,nps\n"
    )
    response = page.post(url(world, "monitoring:import"), {"file": upload(text, "nps.csv")})
    assert response.status_code == 422
    body = response.content.decode()
    assert "nps.csv line 2: score 11 is off the nps scale (0 to 10)" in body
    assert f"nps.csv line 3: answered_on {days_ago(-3)} is in the future" in body
    assert not SurveyResponse.objects.exists()


def test_the_chart_exports_are_drawn_by_echarts_on_the_server(page: Client, world: World) -> None:
    kpi = services.kpi_create(
        actor=world.owner,
        account=world.account,
        kind="retention",
        baseline=80,
        baseline_on=days_ago(100),
        target=90,
        target_on=days_ago(-100),
    )
    for n, value in ((90, 81), (60, 84), (30, 86)):
        services.kpi_point_set(actor=world.owner, kpi=kpi, on=days_ago(n), value=value)
    svg = page.get(url(world, "monitoring:kpi_chart_svg", pk=kpi.pk))
    assert svg["Content-Type"] == "image/svg+xml"
    assert 'filename="Northwind Health-Retention.svg"' in svg["Content-Disposition"]
    text = svg.content.decode()
    assert text.startswith("<svg")
    for label in ("Retention", "Target", "Baseline"):
        assert f">{label}<" in text
    png = page.get(url(world, "monitoring:kpi_chart_png", pk=kpi.pk))
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_feedback_can_be_read_by_theme(page: Client, world: World) -> None:
    for quote, themes in (("Portal is slow", "performance"), ("Great onboarding", "onboarding")):
        services.feedback_create(
            actor=world.owner,
            account=world.account,
            source="meeting",
            quote=quote,
            received_on=days_ago(2),
            themes=themes,
            stakeholder=world.ann,
        )
    body = page.get(url(world) + "?theme=onboarding").content.decode()
    assert "Great onboarding" in body
    assert "Portal is slow" not in body


def test_a_complaint_from_another_account_s_person_is_refused(
    page: Client, world: World, other_account: Any, outsider: Any
) -> None:
    from relmap.stakeholders.services import stakeholder_create

    stranger = stakeholder_create(actor=outsider, account=other_account, name="Zed")
    response = page.post(
        url(world, "monitoring:complaint_new"),
        {
            "summary": "Late",
            "category": "delivery",
            "severity": "low",
            "opened_on": days_ago(1),
            "stakeholder": stranger.pk,
        },
    )
    assert response.status_code == 422
    assert "Choose someone on this account" in response.content.decode()


def test_the_page_costs_the_same_queries_with_more_data(page: Client, world: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert page.get(url(world)).status_code == 200
        return len(ctx.captured_queries)

    services.kpi_create(actor=world.owner, account=world.account, kind="retention")
    count()  # the first visit creates the settings rows it reads
    small = count()
    for kind in ("share_of_wallet", "product_usage", "complaints"):
        kpi = services.kpi_create(actor=world.owner, account=world.account, kind=kind)
        if kind != "complaints":
            for n in range(1, 6):
                services.kpi_point_set(actor=world.owner, kpi=kpi, on=days_ago(30 * n), value=n)
    for n in range(5):
        services.complaint_create(
            actor=world.owner,
            account=world.account,
            category="billing",
            severity="low",
            summary=f"Invoice {n}",
            opened_on=days_ago(n + 1),
            stakeholder=world.bob,
        )
    assert count() == small


def test_the_history_page_compares_two_reviews_with_arrows_on_the_grid(
    page: Client, world: World
) -> None:
    from relmap.monitoring.history import review_create
    from relmap.stakeholders.services import stakeholder_update

    first = review_create(actor=world.owner, account=world.account, notes="Before")
    stakeholder_update(actor=world.owner, stakeholder=world.cat, power=5, interest=5)
    stakeholder_update(actor=world.owner, stakeholder=world.ann, attitude=-1)
    second = review_create(actor=world.owner, account=world.account, notes="After")
    stakeholder_update(actor=world.owner, stakeholder=world.bob, title="Head of Finance")

    body = page.get(
        url(world, "monitoring:history") + f"?since=review-{first.pk}&until=review-{second.pk}"
    ).content.decode()
    assert "Cat Chen: power 4 → 5" in body
    assert "Ann Archer: attitude +1 → -1" in body
    assert "Head of Finance" not in body  # after the second review
    assert 'id="grid-moves"' in body
    assert '"coords": [[2, 4], [5, 5]]' in body
    # Without ``until``: from the latest review to now.
    body = page.get(url(world, "monitoring:history")).content.decode()
    assert "Bob Brown: title Controller → Head of Finance" in body
    assert page.get(url(world, "monitoring:history") + "?since=review-999999").status_code == 404
    assert page.get(url(world, "monitoring:history") + "?since=yesterday").status_code == 404
    for bad in ("review-abc", "review-", "review-99999999999999999999999"):
        assert page.get(url(world, "monitoring:history") + f"?since={bad}").status_code == 404


def test_reviewing_the_map_takes_a_snapshot(page: Client, world: World) -> None:
    from relmap.monitoring.models import MapReview

    response = page.post(url(world, "monitoring:review_new"), {"notes": " Quarterly look "})
    assert response.status_code == 302
    review = MapReview.objects.get()
    assert (review.notes, review.reviewed_by) == ("Quarterly look", world.owner)
    assert {p["name"] for p in review.snapshot["people"]} >= {"Ann Archer", "Uma Us"}


def test_raising_an_action_from_a_kpi_in_one_click_and_judging_it(
    page: Client, world: World
) -> None:
    from relmap.monitoring.models import ImprovementAction

    kpi = services.kpi_create(actor=world.owner, account=world.account, kind="retention")
    for n, value in ((80, 84), (50, 85), (20, 90), (5, 92)):
        services.kpi_point_set(actor=world.owner, kpi=kpi, on=days_ago(n), value=value)
    body = page.get(url(world) + f"?raise_kpi={kpi.pk}").content.decode()
    assert 'value="Improve Retention"' in body
    assert f'<option value="{kpi.pk}" selected>' in body
    response = page.post(
        url(world, "monitoring:action_new"),
        {
            "description": "Improve Retention",
            "kpi": kpi.pk,
            "owner": world.member.pk,
            "due_on": days_ago(-30),
            "window_days": "90",
            "origin": "kpi",
            "origin_detail": "Retention KPI",
        },
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert (action.origin, action.expected, action.owner) == ("kpi", "up", world.member)
    page.post(
        url(world, "monitoring:action_status", pk=action.pk),
        {"status": "done", "completed_on": days_ago(35)},
    )
    body = page.get(url(world)).content.decode()
    assert "Improved" in body
    assert "Mean 84.50 over 2 values in the 90 days before" in body
    bad = page.post(
        url(world, "monitoring:action_status", pk=action.pk),
        {"status": "done", "completed_on": days_ago(-3)},
    )
    assert bad.status_code == 422
    assert "is in the future" in bad.content.decode()


def test_one_page_says_what_changed_since_the_review_and_where_the_cycle_stands(
    page: Client, world: World
) -> None:
    from relmap.monitoring.history import review_create
    from relmap.stakeholders.services import stakeholder_update

    body = page.get(url(world)).content.decode()
    assert 'data-testid="stale"' in body
    assert "The map has never been reviewed" in body
    assert "No KPIs yet: monitoring by anecdote." in body
    review_create(actor=world.owner, account=world.account)
    stakeholder_update(actor=world.owner, stakeholder=world.cat, attitude=-2)
    body = page.get(url(world)).content.decode()
    assert 'data-testid="stale"' not in body
    assert "Cat Chen: attitude unknown → -2" in body
    assert 'data-step="map"' in body


def test_it_shows_the_nps_of_each_stakeholder_who_answered(page: Client, world: World) -> None:
    text = (
        "respondent,stakeholder,answered_on,score,survey\n"
        f"ann,Ann Archer,{days_ago(20)},10,nps\n"
        f"ann,Ann Archer,{days_ago(10)},3,nps\n"
        f"bob,Bob Brown,{days_ago(5)},9,nps\n"
        f"stranger@x.example,,{days_ago(5)},0,nps\n"
    )
    assert page.post(url(world, "monitoring:import"), {"file": upload(text)}).status_code == 200
    assert SurveyResponse.objects.count() == 4
    response = page.get(url(world))
    people = response.context["nps_people"]
    assert [(p.name, p.result.counted, p.result.score) for p in people] == [
        ("Ann Archer", 2, 0.0),  # one promoter, one detractor
        ("Bob Brown", 1, 100.0),
    ]
    body = response.content.decode()
    table = body[body.index('data-testid="nps-people"') :]
    assert f'data-stakeholder="{world.ann.pk}"' in table
    assert "stranger" not in table  # not on the map: counts for the account only


def test_a_kpi_is_late_by_its_own_rhythm(page: Client, world: World) -> None:
    """Quarterly values 60 days after the last quarter are not late; monthly ones are."""
    quarterly = services.kpi_create(
        actor=world.owner, account=world.account, kind="share_of_wallet"
    )
    monthly = services.kpi_create(actor=world.owner, account=world.account, kind="retention")
    for i in range(4):
        services.kpi_point_set(actor=world.owner, kpi=quarterly, on=days_ago(60 + 91 * i), value=30)
        services.kpi_point_set(actor=world.owner, kpi=monthly, on=days_ago(60 + 30 * i), value=80)
    response = page.get(url(world))
    cards = {item["view"].kpi.kind: item["freshness"] for item in response.context["kpis"]}
    assert not cards["share_of_wallet"].stale
    assert cards["retention"].stale
    body = response.content.decode()
    card = body[body.index(f'id="kpi-{monthly.pk}"') :]
    assert "Late</span> Last value" in card[: card.index("</article>")]
    monitor = body[body.index('data-step="monitor"') :]
    monitor = monitor[: monitor.index("</li>")]
    assert "Retention (last value" in monitor
    assert "Share of wallet" not in monitor

"""Portfolio-wide settings: criteria per axis (weights add up to 100 % or nothing is
saved), the recommended criteria, cut-offs and orientation, and tier policies."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relmap.accounts.models import PortfolioSettings, SelectionCriterion, TierPolicy
from relmap.accounts.portfolio_services import CriterionInput, criteria_set
from relmap.core.models import AuditEntry

pytestmark = pytest.mark.django_db

SETTINGS = reverse("portfolio:settings")


def rows(axis: str, items: list[tuple[Any, str, str]], initial: int = 0) -> dict[str, Any]:
    """Formset data: ``items`` are (id or "", name, weight)."""
    data: dict[str, Any] = {f"{axis}-TOTAL_FORMS": len(items), f"{axis}-INITIAL_FORMS": initial}
    for i, (pk, name, weight) in enumerate(items):
        data.update({f"{axis}-{i}-id": pk, f"{axis}-{i}-name": name, f"{axis}-{i}-weight": weight})
    return data


def save(client: Client, axis: str, data: dict[str, Any]) -> Any:
    return client.post(reverse("portfolio:criteria_save", kwargs={"axis": axis}), data)


def test_the_page_offers_the_recommended_criteria_when_an_axis_has_none(
    client: Client, superuser: Any
) -> None:
    client.force_login(superuser)
    content = client.get(SETTINGS).content.decode()
    assert "Install the recommended criteria" in content
    response = client.post(reverse("portfolio:criteria_defaults"))
    assert response.status_code == 302
    assert SelectionCriterion.objects.filter(axis="attractiveness").count() == 5
    assert SelectionCriterion.objects.filter(axis="strength").count() == 4
    assert "Install the recommended criteria" not in client.get(SETTINGS).content.decode()


def test_everyone_reads_the_settings_but_only_leaders_and_admins_get_forms(
    client: Client, owner: Any, superuser: Any
) -> None:
    criteria_set(
        actor=superuser, axis="strength", items=[CriterionInput("Share of wallet", Decimal(100))]
    )
    client.force_login(owner)
    content = client.get(SETTINGS).content.decode()
    assert "Share of wallet" in content
    assert "Read only:" in content
    assert "Save tier policies" not in content
    assert "Install the recommended criteria" not in content


def test_criteria_are_added_renamed_and_removed(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    response = save(
        client, "attractiveness", rows("attractiveness", [("", "Size", "60"), ("", "Growth", "40")])
    )
    assert response.status_code == 302
    size, growth = SelectionCriterion.objects.filter(axis="attractiveness").order_by("position")
    assert (size.name, size.weight) == ("Size", Decimal(60))
    data = rows(
        "attractiveness",
        [(size.pk, "Revenue potential", "70"), (growth.pk, "Growth", "30"), ("", "", "")],
        initial=2,
    )
    data["attractiveness-1-DELETE"] = "on"
    data["attractiveness-1-weight"] = "30"
    data["attractiveness-0-weight"] = "100"
    assert save(client, "attractiveness", data).status_code == 302
    assert list(SelectionCriterion.objects.values_list("name", "weight")) == [
        ("Revenue potential", Decimal(100))
    ]


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([("", "Size", "50"), ("", "Growth", "40")], "weights add up to 90 %; they must add up"),
        ([("", "Size", "110"), ("", "Growth", "-10")], "A weight cannot be negative."),
        ([("", "Size", "50"), ("", "size", "50")], "more than one criterion named"),
        ([("", "Size", "fifty")], "A weight is a number of percent"),
    ],
    ids=["sum-90", "negative", "duplicate", "not-a-number"],
)
def test_bad_weights_are_shown_and_nothing_is_saved(
    client: Client, superuser: Any, items: list[tuple[Any, str, str]], message: str
) -> None:
    criteria_set(
        actor=superuser,
        axis="attractiveness",
        items=[CriterionInput("Strategic fit", Decimal(100))],
    )
    before = (AuditEntry.objects.count(), list(SelectionCriterion.objects.values_list("name")))
    client.force_login(superuser)
    response = save(client, "attractiveness", rows("attractiveness", items))
    assert response.status_code == 422
    assert message in response.content.decode()
    after = (AuditEntry.objects.count(), list(SelectionCriterion.objects.values_list("name")))
    assert after == before


def test_the_sum_error_is_shown_above_the_axis(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    response = save(client, "strength", rows("strength", [("", "Share of wallet", "90")]))
    content = response.content.decode()
    assert 'class="alert alert-error"' in content
    assert "Strength weights add up to 90 %" in content
    assert "Nothing was saved." in content
    assert not SelectionCriterion.objects.exists()


def test_an_unknown_axis_is_not_found(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    assert save(client, "loyalty", {}).status_code == 404


def test_cutoffs_and_orientation_are_saved(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    response = client.post(
        reverse("portfolio:cutoffs_save"),
        {"attractiveness_cutoff": "6.5", "strength_cutoff": "4", "orientation": "right"},
    )
    assert response.status_code == 302
    row = PortfolioSettings.objects.get()
    assert (row.attractiveness_cutoff, row.strength_cutoff, row.high_strength_left) == (
        Decimal("6.5"),
        Decimal(4),
        False,
    )


def test_a_cutoff_off_the_scale_is_refused(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    response = client.post(
        reverse("portfolio:cutoffs_save"),
        {"attractiveness_cutoff": "11", "strength_cutoff": "5", "orientation": "left"},
    )
    assert response.status_code == 422
    assert "A cut-off must be a number from 0 to 10." in response.content.decode()
    assert not PortfolioSettings.objects.exists()


def policy_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for tier, cadence, team in (
        ("strategic", 7, 5),
        ("star", 21, 3),
        ("status", 45, 2),
        ("streamline", 120, 1),
    ):
        data.update(
            {
                f"{tier}-touchpoint_cadence_days": cadence,
                f"{tier}-review_cadence_days": 90,
                f"{tier}-coverage_depth": "problem_solver",
                f"{tier}-min_team_size": team,
            }
        )
    return {**data, **changes}


def test_tier_policies_are_saved_together(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    assert client.post(reverse("portfolio:policies_save"), policy_data()).status_code == 302
    strategic = TierPolicy.objects.get(tier="strategic")
    assert (strategic.touchpoint_cadence_days, strategic.min_team_size) == (7, 5)
    assert TierPolicy.objects.count() == 4


def test_a_bad_policy_saves_no_policy(client: Client, superuser: Any) -> None:
    client.force_login(superuser)
    response = client.post(
        reverse("portfolio:policies_save"),
        policy_data(**{"streamline-touchpoint_cadence_days": 0}),
    )
    assert response.status_code == 422
    assert "The cadence must be at least one day." in response.content.decode()
    assert not TierPolicy.objects.exists()

"""A tier policy's coverage depth is one of the coverage depths of the map: the service
says so clearly, the model's choices and a database constraint refuse anything else, so
that the dashboard (which ranks the depth) never meets one it cannot rank."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from relmap.accounts.models import TierPolicy
from relmap.accounts.portfolio_services import tier_policy_set
from relmap.accounts.selectors import tier_policies
from relmap.analytics.portfolio import DEFAULT_POLICIES
from relmap.core.models import AuditEntry
from relmap.stakeholders.choices import CoverageDepth

pytestmark = pytest.mark.django_db


def test_a_known_depth_is_saved(superuser: Any) -> None:
    policy = tier_policy_set(actor=superuser, tier="star", coverage_depth="trusted_advisor")
    assert policy.coverage_depth == "trusted_advisor"
    assert policy.get_coverage_depth_display() == "Trusted advisor"
    assert tier_policies()["star"].coverage_depth == "trusted_advisor"


@pytest.mark.parametrize("depth", ["deep", "", None, "Trusted advisor"])
def test_an_unknown_depth_is_refused_clearly_and_nothing_written(
    superuser: Any, depth: Any
) -> None:
    audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        tier_policy_set(actor=superuser, tier="star", coverage_depth=depth)
    assert error.value.message_dict == {
        "coverage_depth": [
            f"Unknown coverage depth {depth!r}; use one of vendor, credible_source, "
            "problem_solver, trusted_advisor (weakest to deepest)."
        ]
    }
    assert not TierPolicy.objects.exists()  # not even the tier's default row
    assert AuditEntry.objects.count() == audit


def test_the_model_refuses_an_unknown_depth_whatever_writes_it() -> None:
    policy = TierPolicy(
        tier="status", touchpoint_cadence_days=30, review_cadence_days=90, coverage_depth="deep"
    )
    with pytest.raises(ValidationError) as error:
        policy.full_clean()  # what a form or the admin would run
    assert "coverage_depth" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        policy.save()  # skipping validation: the database still says no
    assert not TierPolicy.objects.exists()


def test_the_dashboard_reads_saved_policies(client: Client, superuser: Any) -> None:
    tier_policy_set(actor=superuser, tier="strategic", coverage_depth="problem_solver")
    client.force_login(superuser)
    assert client.get(reverse("portfolio:dashboard")).status_code == 200


MIGRATION = "0003_tier_policy_coverage_depth_choices"


def test_the_migration_knows_the_depths_and_defaults_of_today() -> None:
    migration = importlib.import_module(f"relmap.accounts.migrations.{MIGRATION}")
    depths, defaults = migration.DEPTHS, migration.DEFAULT_DEPTHS
    assert depths == tuple(CoverageDepth.values)
    assert defaults == {tier: policy.coverage_depth for tier, policy in DEFAULT_POLICIES.items()}


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_an_unknown_depth_its_tiers_default() -> None:
    executor = MigrationExecutor(connection)
    before = [("accounts", "0002_portfolio_selection_lifecycle_financials")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("accounts", "TierPolicy")
    common = {"touchpoint_cadence_days": 14, "review_cadence_days": 90}
    old.objects.create(tier="strategic", coverage_depth="deep", **common)
    old.objects.create(tier="star", coverage_depth="vendor", **common)

    executor = MigrationExecutor(connection)  # read the graph again
    executor.migrate([("accounts", MIGRATION)])
    depths = dict(TierPolicy.objects.values_list("tier", "coverage_depth"))
    assert depths == {"strategic": "trusted_advisor", "star": "vendor"}

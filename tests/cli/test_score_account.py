"""``relmap score-account`` refuses a score without its rationale, as the web form and
the API do (the rule is the service's), and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management.base import CommandError

from relmap.accounts.models import CriterionScore
from relmap.accounts.portfolio_services import criteria_install_defaults
from relmap.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("criterion", ["Size=8", "Size=8:", "Size=8:   "])
def test_a_score_without_a_rationale_is_refused(
    owner: Any, account: Any, run: Callable[..., Any], criterion: str
) -> None:
    criteria_install_defaults(actor=owner)
    audited = AuditEntry.objects.count()
    args = ["--criterion", "Growth=6:Two new sites", "--criterion", criterion]
    with pytest.raises(CommandError, match="Size: The score of 8 needs a rationale"):
        run("score_account", "Northwind Health", *args, "--user", "olivia")
    assert not CriterionScore.objects.exists()
    assert AuditEntry.objects.count() == audited


def test_removing_a_score_needs_no_rationale(
    owner: Any, account: Any, run: Callable[..., Any]
) -> None:
    criteria_install_defaults(actor=owner)
    run("score_account", "Northwind Health", "--criterion", "Size=8:Big", "--user", "olivia")
    run("score_account", "Northwind Health", "--criterion", "Size=", "--user", "olivia")
    assert not CriterionScore.objects.exists()

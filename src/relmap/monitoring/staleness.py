"""Is an account's map past its review cadence? The seeds' common mistake of maps made
once and never updated, flagged wherever the account appears."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.accounts.selectors import tier_policies
from relmap.monitoring.health import review_cadence
from relmap.monitoring.models import MapReview, MonitoringSettings


@dataclass(frozen=True, slots=True)
class Staleness:
    last_review: dt.date | None
    cadence_days: int
    cadence_source: str
    today: dt.date

    @property
    def due_on(self) -> dt.date | None:
        return self.last_review + dt.timedelta(days=self.cadence_days) if self.last_review else None

    @property
    def stale(self) -> bool:
        return self.due_on is None or self.due_on < self.today

    def explanation(self) -> str:
        if self.last_review is None:
            return (
                f"The map has never been reviewed (a review is due every "
                f"{self.cadence_days} days, {self.cadence_source})."
            )
        state = "was due" if self.stale else "is due"
        return (
            f"Last reviewed {self.last_review}; the next review {state} on {self.due_on} "
            f"(every {self.cadence_days} days, {self.cadence_source})."
        )


def staleness_of(accounts: Iterable[Account], today: dt.date | None = None) -> dict[int, Staleness]:
    """Each account's review state, by account id (two queries, plus the tier policies)."""
    today = today or timezone.localdate()
    accounts = list(accounts)
    last = dict(
        MapReview.objects.filter(account__in=accounts)
        .values("account_id")
        .annotate(at=Max("reviewed_at"))
        .values_list("account_id", "at")
    )
    settings = MonitoringSettings.load()
    policies = tier_policies()
    out = {}
    for account in accounts:
        days, source = review_cadence(account, settings, policies)
        at = last.get(account.pk)
        out[account.pk] = Staleness(timezone.localdate(at) if at else None, days, source, today)
    return out

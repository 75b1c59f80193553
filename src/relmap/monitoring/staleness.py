"""Is an account's map past its review cadence? The seeds' common mistake of maps made
once and never updated, flagged wherever the account appears."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Max, OuterRef, QuerySet, Subquery
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


def with_last_review(accounts: QuerySet[Account]) -> QuerySet[Account]:
    """``accounts`` with ``last_map_review`` (the latest review's moment, or None) read in
    the same query, for lists that pass it on to :func:`staleness_for`."""
    latest = MapReview.objects.filter(account=OuterRef("pk")).order_by("-reviewed_at")
    return accounts.annotate(last_map_review=Subquery(latest.values("reviewed_at")[:1]))


def staleness_for(
    accounts: Iterable[tuple[int, str]],
    today: dt.date | None = None,
    *,
    last_reviews: Mapping[int, dt.datetime | None] | None = None,
) -> dict[int, Staleness]:
    """The review state of each ``(account id, tier)``, by account id: the latest review
    of every account in one query (none when ``last_reviews`` already has them, from
    :func:`with_last_review`), plus the settings and the tier policies. For pages that
    read accounts as rows (the portfolio) rather than instances."""
    today = today or timezone.localdate()
    tiers = dict(accounts)
    last = (
        dict(last_reviews)
        if last_reviews is not None
        else dict(
            MapReview.objects.filter(account_id__in=list(tiers))
            .order_by()
            .values("account_id")
            .annotate(at=Max("reviewed_at"))
            .values_list("account_id", "at")
        )
    )
    # Tiered accounts take their tier's cadence, the others the setting: read each only
    # when some account needs it.
    policies = tier_policies() if any(tiers.values()) else {}
    settings = MonitoringSettings.load() if not all(tiers.values()) else None
    out = {}
    for pk, tier in tiers.items():
        days, source = review_cadence(tier, settings, policies)
        at = last.get(pk)
        out[pk] = Staleness(timezone.localdate(at) if at else None, days, source, today)
    return out


def staleness_of(accounts: Iterable[Account], today: dt.date | None = None) -> dict[int, Staleness]:
    """Each account's review state, by account id (see :func:`staleness_for`)."""
    return staleness_for(((a.pk, a.tier) for a in accounts), today)

"""The map's history: the map now, the map at any past moment, reviews with their
snapshots, and the difference between any two of them.

The past is read back from the audit trail, the one record of every change to people,
ties and coverage (``relmap.stakeholders.services`` writes it for every create, update
and delete, the importer and cascades included): starting from the map as it is, each
change made after the moment asked about is undone, newest first — a creation removes
the row, a deletion puts back the ``before`` record, an update restores the ``before``
values. A review also keeps its own snapshot, so that comparing with a review does not
depend on the trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from relmap.accounts.models import Account
from relmap.analytics import health as formula
from relmap.analytics import mapdiff
from relmap.core.audit import Actor, log_action
from relmap.core.models import AuditEntry
from relmap.monitoring.health import (
    account_health,
    health_from_snapshot,
    health_kept_on,
    health_record,
)
from relmap.monitoring.models import MapReview
from relmap.stakeholders.models import Coverage, Stakeholder, Tie

PERSON_FIELDS = (
    "name",
    "side",
    "title",
    "department",
    "roles",
    "status",
    "power",
    "interest",
    "attitude",
    "trust",
)


def _person(pk: int, record: dict[str, Any]) -> mapdiff.Person:
    return mapdiff.Person(
        id=pk,
        name=record.get("name", f"#{pk}"),
        side=record.get("side", ""),
        title=record.get("title", "") or "",
        department=record.get("department", "") or "",
        roles=tuple(record.get("roles") or ()),
        status=record.get("status", "active"),
        power=record.get("power"),
        interest=record.get("interest"),
        attitude=record.get("attitude"),
        trust=record.get("trust"),
    )


def _record(p: mapdiff.Person) -> dict[str, Any]:
    return {f: (list(p.roles) if f == "roles" else getattr(p, f)) for f in PERSON_FIELDS}


def _load(account: Account) -> tuple[mapdiff.MapState, dict[tuple[str, int], Any]]:
    """The map as it is (three queries), and the key of each tie and coverage row by
    its id, which the audit trail names them by."""
    state = mapdiff.MapState()
    keys: dict[tuple[str, int], Any] = {}
    for row in Stakeholder.objects.filter(account=account).values("id", *PERSON_FIELDS):
        state.people[row["id"]] = _person(row["id"], row)
    for pk, s, t, k, strength in Tie.objects.filter(account=account).values_list(
        "id", "source_id", "target_id", "kind", "strength"
    ):
        state.ties[(s, t, k)] = strength
        keys[("tie", pk)] = (s, t, k)
    for pk, o, t, depth, strength in Coverage.objects.filter(account=account).values_list(
        "id", "our_person_id", "their_person_id", "current_depth", "strength"
    ):
        state.coverage[(o, t)] = mapdiff.CoverageLink(depth, strength)
        keys[("coverage", pk)] = (o, t)
    return state, keys


def current_state(account: Account) -> mapdiff.MapState:
    """The map as it is (three queries)."""
    return _load(account)[0]


def _undo(state: mapdiff.MapState, keys: dict[tuple[str, int], Any], entry: AuditEntry) -> None:
    kind, _, verb = entry.action.removeprefix("relmap.").partition(".")
    before: dict[str, Any] = entry.before or {}
    after: dict[str, Any] = entry.after or {}
    pk = entry.object_id
    if pk is None:
        return
    if kind == "stakeholder":
        if verb == "created":
            state.people.pop(pk, None)
        elif verb == "deleted":
            state.people[pk] = _person(pk, before)
        elif pk in state.people:
            old = {k: v for k, v in before.items() if k in PERSON_FIELDS}
            state.people[pk] = _person(pk, _record(state.people[pk]) | old)
    elif kind == "tie":
        _undo_tie(state, keys, pk, verb, before, after)
    elif kind == "coverage":
        _undo_coverage(state, keys, pk, verb, before, after)


def _undo_tie(
    state: mapdiff.MapState,
    keys: dict[tuple[str, int], Any],
    pk: int,
    verb: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    if verb == "created":
        key = keys.pop(("tie", pk), None) or (after["source"], after["target"], after["kind"])
        state.ties.pop(key, None)
    elif verb == "deleted":
        key = (before["source"], before["target"], before["kind"])
        state.ties[key] = before.get("strength")
        keys[("tie", pk)] = key
    elif ("tie", pk) in keys:
        source, target, kind = keys[("tie", pk)]
        strength = state.ties.pop((source, target, kind), None)
        old = (
            before.get("source", source),
            before.get("target", target),
            before.get("kind", kind),
        )
        state.ties[old] = before.get("strength", strength)
        keys[("tie", pk)] = old


def _undo_coverage(
    state: mapdiff.MapState,
    keys: dict[tuple[str, int], Any],
    pk: int,
    verb: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    if verb == "created":
        key = keys.pop(("coverage", pk), None) or (after["our_person"], after["their_person"])
        state.coverage.pop(key, None)
    elif verb == "deleted":
        key = (before["our_person"], before["their_person"])
        state.coverage[key] = mapdiff.CoverageLink(
            before.get("current_depth", ""), before.get("strength")
        )
        keys[("coverage", pk)] = key
    elif ("coverage", pk) in keys:
        key = keys[("coverage", pk)]
        link = state.coverage.get(key)
        if link is not None:
            state.coverage[key] = mapdiff.CoverageLink(
                before.get("current_depth", link.depth), before.get("strength", link.strength)
            )


def state_at(account: Account, moment: dt.datetime) -> mapdiff.MapState:
    """The map as it was at ``moment``, from the map now and the audit trail (one more
    query)."""
    state, keys = _load(account)
    entries = AuditEntry.objects.filter(
        account_id=account.pk,
        object_type__in=("stakeholder", "tie", "coverage"),
        at__gt=moment,
    ).order_by("-at", "-id")
    for entry in entries:
        _undo(state, keys, entry)
    return state


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the site's time zone."""
    start = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    return start - dt.timedelta(microseconds=1)


@transaction.atomic
def review_create(*, actor: Actor, account: Account, notes: str = "") -> MapReview:
    """Record a review of the map now, with its snapshot, and keep today's health score
    (what the diff between reviews compares); audited."""
    review = MapReview.objects.create(
        account=account,
        reviewed_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
        reviewed_at=timezone.now(),
        notes=notes.strip(),
        snapshot=current_state(account).to_json(),
    )
    log_action(
        actor=actor,
        action="relmap.map.reviewed",
        obj=review,
        account_id=account.pk,
        after={"notes": review.notes, "people": len(review.snapshot["people"])},
    )
    health_record(account)
    return review


def diff_between(
    account: Account,
    *,
    since: dt.datetime | MapReview | None,
    until: dt.datetime | MapReview | None = None,
) -> mapdiff.MapDiff:
    """What changed between two moments or reviews (``until`` default: now)."""
    return mapdiff.diff(state_of(account, since), state_of(account, until))


LAST_REVIEW = "last-review"


def parse_point(account: Account, text: str) -> dt.datetime | MapReview | None:
    """A moment of the map's history as the pages, the API and ``relmap diff`` name it:
    ``review-<id>`` (that review), ``last-review``, ``YYYY-MM-DD`` (the end of that day),
    or blank / ``now`` (``None``). Raises ``MapReview.DoesNotExist`` for a review this
    account does not have and ``ValueError`` for anything else."""
    text = text.strip()
    if not text or text == "now":
        return None
    if text == LAST_REVIEW:
        review = MapReview.objects.filter(account=account).first()
        if review is None:
            raise MapReview.DoesNotExist(f"{account.name}'s map has never been reviewed.")
        return review
    if text.startswith("review-"):
        pk = text.removeprefix("review-")
        found = (
            MapReview.objects.filter(account=account, pk=int(pk)).first()
            if pk.isdigit() and len(pk) < 19
            else None
        )
        if found is None:
            raise MapReview.DoesNotExist("No such review of this map.")
        return found
    try:
        return end_of(dt.date.fromisoformat(text))
    except ValueError:
        raise ValueError(
            f"{text!r} is not a date (YYYY-MM-DD), review-<id>, {LAST_REVIEW} or now."
        ) from None


def point_label(point: dt.datetime | MapReview | None) -> str:
    """How a moment of the history reads in a sentence."""
    if point is None:
        return "now"
    if isinstance(point, MapReview):
        return f"the review of {timezone.localtime(point.reviewed_at):%Y-%m-%d %H:%M}"
    return f"{timezone.localtime(point):%Y-%m-%d}"


@dataclass(frozen=True, slots=True)
class HealthBetween:
    """The health change between two moments of the history, and the days the scores
    compared were kept (``None``: computed now, or no score kept by then)."""

    change: formula.HealthChange
    since_on: dt.date | None
    until_on: dt.date | None
    until_live: bool

    def explanation(self) -> str:
        kept = []
        if self.since_on:
            kept.append(f"the earlier score as kept on {self.since_on}")
        if self.until_live:
            kept.append("the later one computed now")
        elif self.until_on:
            kept.append(f"the later one as kept on {self.until_on}")
        text = self.change.explanation()
        return f"{text} ({', '.join(kept)})" if kept else text


def _point_day(point: dt.datetime | MapReview) -> dt.date:
    moment = point.reviewed_at if isinstance(point, MapReview) else point
    return timezone.localdate(moment)


def health_between(
    account: Account,
    since: dt.datetime | MapReview | None,
    until: dt.datetime | MapReview | None = None,
    *,
    now: formula.Health | None = None,
) -> HealthBetween:
    """The health at each moment (the score kept on or before its day; now: computed,
    or ``now`` when the caller has it already) and what moved it
    (:func:`relmap.analytics.health.health_change`)."""

    def at(point: dt.datetime | MapReview | None) -> tuple[formula.Health | None, dt.date | None]:
        if point is None:
            return (now if now is not None else account_health(account)), None
        row = health_kept_on(account, _point_day(point))
        return (health_from_snapshot(row), row.on) if row else (None, None)

    if since is None and until is None:  # now against now: compute it once
        now = now if now is not None else account_health(account)
    before, since_on = at(since)
    after, until_on = at(until)
    return HealthBetween(
        change=formula.health_change(before, after),
        since_on=since_on,
        until_on=until_on,
        until_live=until is None,
    )


def state_of(account: Account, point: dt.datetime | MapReview | None) -> mapdiff.MapState:
    """The map at a moment, as a review kept it, or now (``None``)."""
    if point is None:
        return current_state(account)
    if isinstance(point, MapReview):
        return mapdiff.state_from_json(point.snapshot)
    return state_at(account, point)

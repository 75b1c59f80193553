"""The reminder digest: for each user, the maps past their review cadence, the overdue
touchpoints and the overdue improvement actions on the accounts they work on. Printed by
``relmap remind`` or sent through Django's e-mail backend (suitable for cron)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from relmap.accounts.models import Account, AccountMembership
from relmap.engagement.selectors import my_touchpoints
from relmap.monitoring.actions import overdue_actions
from relmap.monitoring.staleness import Staleness, staleness_of


@dataclass
class Digest:
    user: Any
    stale: list[tuple[Account, Staleness]] = field(default_factory=list)
    touchpoints: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.stale or self.touchpoints or self.actions)

    def subject(self) -> str:
        parts = []
        if self.stale:
            parts.append(f"{len(self.stale)} map(s) to review")
        if self.touchpoints:
            parts.append(f"{len(self.touchpoints)} overdue touchpoint(s)")
        if self.actions:
            parts.append(f"{len(self.actions)} overdue action(s)")
        return "relmap: " + ", ".join(parts)

    def text(self) -> str:
        name = self.user.get_full_name() or self.user.get_username()
        lines = [f"{name}:"]
        if self.stale:
            lines.append("Maps past their review cadence:")
            lines += [f"  - {a.name}: {s.explanation()}" for a, s in self.stale]
        if self.touchpoints:
            lines.append("Overdue touchpoints:")
            lines += [f"  - {t}" for t in self.touchpoints]
        if self.actions:
            lines.append("Overdue improvement actions:")
            lines += [f"  - {a}" for a in self.actions]
        return "\n".join(lines)


def digest_for(user: Any, today: dt.date | None = None) -> Digest:
    today = today or timezone.localdate()
    digest = Digest(user)
    accounts = [
        m.account
        for m in AccountMembership.objects.filter(user=user).select_related("account")
        if m.can_edit
    ]
    states = staleness_of(accounts, today)
    digest.stale = [
        (a, states[a.pk]) for a in sorted(accounts, key=lambda a: a.name) if states[a.pk].stale
    ]
    for row in my_touchpoints(user, today).overdue:
        plan = row.plan
        digest.touchpoints.append(
            f"{plan.account.name}: {plan.stakeholder.name}, due {row.due.due_on} ({row.due.reason})"
        )
    digest.actions = [
        f"{a.account.name}: {a.description} (due {a.due_on})" for a in overdue_actions(user, today)
    ]
    return digest


def digests(today: dt.date | None = None, usernames: list[str] | None = None) -> list[Digest]:
    users = get_user_model()._default_manager.filter(is_active=True).order_by("username")
    if usernames:
        users = users.filter(username__in=usernames)
    return [d for d in (digest_for(u, today) for u in users) if not d.empty]


def send(digest: Digest) -> bool:
    """E-mail one digest (False when the user has no address)."""
    if not digest.user.email:
        return False
    send_mail(digest.subject(), digest.text(), None, [digest.user.email])
    return True

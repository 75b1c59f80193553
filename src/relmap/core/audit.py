"""The one audit mechanism: services call :func:`log_action` for every write.

Action codes are dotted, ``relmap.<object>.<verb>`` (``relmap.stakeholder.updated``,
``relmap.tie.created``). ``before``/``after`` hold only plain JSON values; use
:func:`snapshot` to take them from a model instance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from relmap.core.models import AuditEntry

Actor = AbstractBaseUser | AnonymousUser | None


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Canonical text, so that 120000 and 120000.00 (as read back) compare equal.
        return format(value.normalize(), "f")
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The listed fields of ``instance`` as plain JSON values (FKs as their ids)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _plain(getattr(instance, attname))
    return out


def audit_entry(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    account_id: int | None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """One change, prepared but not saved: for :func:`log_bulk`."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry(
        actor_id=user.pk if user is not None else None,
        action=action,
        account_id=account_id,
        object_type=obj._meta.model_name or "",
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        before={k: _plain(v) for k, v in (before or {}).items()},
        after={k: _plain(v) for k, v in (after or {}).items()},
    )


def log_action(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    account_id: int | None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Record one change. Call inside the service's transaction."""
    entry = audit_entry(
        actor=actor, action=action, obj=obj, account_id=account_id, before=before, after=after
    )
    entry.save()
    return entry


def log_bulk(entries: list[AuditEntry]) -> None:
    """Write many prepared audit entries (see :func:`audit_entry`) at once, e.g. for the
    rows a delete cascades to. Call inside the service's transaction."""
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def changed(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, for compact before/after records."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audited_create(
    *, actor: Actor, obj: models.Model, fields: Iterable[str], action: str, account_id: int | None
) -> None:
    """Save a new, already validated ``obj`` and record its values."""
    obj.save()
    log_action(
        actor=actor, action=action, obj=obj, account_id=account_id, after=snapshot(obj, fields)
    )


def audited_update(
    *,
    actor: Actor,
    obj: models.Model,
    data: Mapping[str, Any],
    fields: Sequence[str],
    action: str | Callable[[dict[str, Any]], str],
    account_id: int | None,
    clean: Callable[[], None],
) -> dict[str, Any]:
    """Apply ``data`` to ``obj``, ``clean()`` it, and save and audit only real changes.

    ``action`` may depend on what changed (a callable given the changed values). Returns
    the changed fields with their new values (empty when nothing changed).
    """
    before = snapshot(obj, fields)
    for key, value in data.items():
        setattr(obj, key, value)
    clean()
    old, new = changed(before, snapshot(obj, fields))
    if new:
        obj.save()
        log_action(
            actor=actor,
            action=action if isinstance(action, str) else action(new),
            obj=obj,
            account_id=account_id,
            before=old,
            after=new,
        )
    return new


def audited_delete(
    *, actor: Actor, obj: models.Model, fields: Iterable[str], action: str, account_id: int | None
) -> None:
    """Record ``obj``'s last values, then delete it."""
    log_action(
        actor=actor, action=action, obj=obj, account_id=account_id, before=snapshot(obj, fields)
    )
    obj.delete()

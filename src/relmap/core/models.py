"""Shared model bases and the audit log every service writes to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class CompactAutoField(models.BigAutoField[int, int]):
    """A ``BigAutoField`` without SQLite's ``AUTOINCREMENT``: the key is the table's own
    rowid, handed out as one more than the largest, with no ``sqlite_sequence`` row to
    update on every insert (a third of the cost of a bulk insert into a narrow table).
    The price is that the id of the newest row can be used again after it is deleted;
    for rows nothing else points at (participants, touches) that does not matter.
    The same ``bigint`` identity as ``BigAutoField`` elsewhere."""

    def db_type_suffix(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return None
        return super().db_type_suffix(connection)


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One recorded change: who did what, when, to which object, with before and after.

    Written only through :func:`relmap.core.audit.log_action`. ``account_id`` is kept as a
    plain indexed integer rather than a foreign key so that the trail survives the
    deletion of the account it describes.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=100, db_index=True)
    account_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=50)
    object_id = models.BigIntegerField(null=True, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes = (models.Index(fields=("object_type", "object_id"), name="audit_object_idx"),)
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def changes(self) -> dict[str, tuple[Any, Any]]:
        keys = sorted(set(self.before) | set(self.after))
        return {
            key: (self.before.get(key), self.after.get(key))
            for key in keys
            if self.before.get(key) != self.after.get(key)
        }

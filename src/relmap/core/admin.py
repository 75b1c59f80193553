from __future__ import annotations

from django.contrib import admin

from relmap.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: the audit trail is written by services, never edited."""

    list_display = ("at", "actor", "action", "object_type", "object_repr", "account_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "action")
    readonly_fields = tuple(f.name for f in AuditEntry._meta.fields)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False

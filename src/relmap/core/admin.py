from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from relmap.core.models import AuditEntry


def all_field_names(model: type[models.Model]) -> tuple[str, ...]:
    """Every concrete field of ``model``, for an admin that only displays."""
    return tuple(f.name for f in model._meta.fields)


class ReadOnlyAdmin[M: models.Model](admin.ModelAdmin[M]):
    """An admin that shows rows but never writes them.

    For models that only services write: the services validate across rows (one
    manager each, coverage between the right sides…) and record an audit entry for
    every change, and a plain ModelAdmin would bypass both. Staff browse and search here
    and change things in the app, the API or the CLI.
    """

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return all_field_names(self.model)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline[M: models.Model, P: models.Model](admin.TabularInline[M, P]):
    """The inline form of :class:`ReadOnlyAdmin`."""

    extra = 0

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return all_field_names(self.model)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin[AuditEntry]):
    """The audit trail is written by services, never edited."""

    list_display = ("at", "actor", "action", "object_type", "object_repr", "account_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "action")

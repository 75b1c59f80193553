from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from relmap.api.models import ApiToken
from relmap.api.services import token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    readonly_fields = ("name", "user", "prefix", "key_hash", "created_at", "last_used_at")
    search_fields = ("name", "user__username", "prefix")
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A token is shown only when created, which the admin cannot do: use
        # `relmap create-token`.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Renaming a token or handing it to another user would bypass the audit that
        # token_create and token_revoke keep; revoke and create a new one instead.
        return False

    def delete_model(self, request: HttpRequest, obj: ApiToken) -> None:
        token_revoke(actor=request.user, token=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            token_revoke(actor=request.user, token=token)

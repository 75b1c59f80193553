from __future__ import annotations

from django.contrib import admin

from relmap.planning.models import AccountPlan, Offering, PlanRevision


@admin.register(AccountPlan)
class AccountPlanAdmin(admin.ModelAdmin[AccountPlan]):
    list_display = ("account", "status", "revision", "next_review_on")


@admin.register(PlanRevision)
class PlanRevisionAdmin(admin.ModelAdmin[PlanRevision]):
    """Read-only: revisions are written by the planning services."""

    list_display = ("plan", "number", "saved_at", "saved_by", "change")
    readonly_fields = tuple(f.name for f in PlanRevision._meta.fields)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin[Offering]):
    list_display = ("name", "position")

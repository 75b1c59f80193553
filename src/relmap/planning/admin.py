"""Account plans in the admin, read-only.

Plans, their revisions and our offerings are written only through
:mod:`relmap.planning.services`, which validate, audit and save a plan revision for every
change; the admin would bypass all three, so it only displays.
"""

from __future__ import annotations

from django.contrib import admin

from relmap.core.admin import ReadOnlyAdmin
from relmap.planning.models import AccountPlan, Offering, PlanRevision


@admin.register(AccountPlan)
class AccountPlanAdmin(ReadOnlyAdmin[AccountPlan]):
    list_display = ("account", "status", "revision", "next_review_on")
    list_filter = ("status",)
    list_select_related = ("account",)
    search_fields = ("account__name",)


@admin.register(PlanRevision)
class PlanRevisionAdmin(ReadOnlyAdmin[PlanRevision]):
    list_display = ("plan", "number", "saved_at", "saved_by", "change")
    list_select_related = ("plan__account", "saved_by")
    search_fields = ("plan__account__name", "change")


@admin.register(Offering)
class OfferingAdmin(ReadOnlyAdmin[Offering]):
    list_display = ("name", "position")
    search_fields = ("name", "description")

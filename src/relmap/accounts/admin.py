"""Accounts in the admin.

Accounts, their teams, selection criteria and financial periods are written only through
the services (:mod:`relmap.accounts.services`, :mod:`relmap.accounts.portfolio_services`),
which validate and audit every change; here they are read-only so that the admin cannot
bypass either. Sales teams have no service and no page yet, so the admin is where they are
managed.
"""

from __future__ import annotations

from django.contrib import admin

from relmap.accounts.models import (
    Account,
    AccountMembership,
    FinancialPeriod,
    SalesTeam,
    SelectionCriterion,
)
from relmap.core.admin import ReadOnlyAdmin, ReadOnlyInline


class MembershipInline(ReadOnlyInline[AccountMembership, Account]):
    model = AccountMembership


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin[Account]):
    list_display = ("name", "kind", "owner", "industry", "lifecycle_stage", "quadrant")
    list_filter = ("kind", "lifecycle_stage", "quadrant")
    list_select_related = ("owner",)
    search_fields = ("name", "industry", "owner__username")
    inlines = (MembershipInline,)


@admin.register(SelectionCriterion)
class SelectionCriterionAdmin(ReadOnlyAdmin[SelectionCriterion]):
    list_display = ("name", "axis", "weight", "position")
    list_filter = ("axis",)
    search_fields = ("name",)


@admin.register(SalesTeam)
class SalesTeamAdmin(admin.ModelAdmin[SalesTeam]):
    list_display = ("name", "leader")
    filter_horizontal = ("members",)


@admin.register(FinancialPeriod)
class FinancialPeriodAdmin(ReadOnlyAdmin[FinancialPeriod]):
    list_display = ("account", "period_start", "period_end", "revenue", "gross_margin")
    list_filter = ("account",)
    list_select_related = ("account",)
    search_fields = ("account__name",)

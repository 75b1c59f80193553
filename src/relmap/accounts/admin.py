from __future__ import annotations

from django.contrib import admin

from relmap.accounts.models import (
    Account,
    AccountMembership,
    FinancialPeriod,
    SalesTeam,
    SelectionCriterion,
)


class MembershipInline(admin.TabularInline[AccountMembership, Account]):
    model = AccountMembership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin[Account]):
    list_display = ("name", "kind", "owner", "industry")
    list_filter = ("kind",)
    search_fields = ("name",)
    inlines = (MembershipInline,)


@admin.register(SelectionCriterion)
class SelectionCriterionAdmin(admin.ModelAdmin[SelectionCriterion]):
    list_display = ("name", "axis", "weight", "position")
    list_filter = ("axis",)


@admin.register(SalesTeam)
class SalesTeamAdmin(admin.ModelAdmin[SalesTeam]):
    list_display = ("name", "leader")
    filter_horizontal = ("members",)


@admin.register(FinancialPeriod)
class FinancialPeriodAdmin(admin.ModelAdmin[FinancialPeriod]):
    list_display = ("account", "period_start", "period_end", "revenue", "gross_margin")
    list_filter = ("account",)

from __future__ import annotations

from django.contrib import admin

from relmap.stakeholders.models import Coverage, PositionHistory, Stakeholder, Tie


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin[Stakeholder]):
    list_display = (
        "name",
        "account",
        "side",
        "title",
        "department",
        "power",
        "interest",
        "attitude",
        "status",
    )
    list_filter = ("side", "status", "account")
    search_fields = ("name", "title", "department", "ref")


@admin.register(Tie)
class TieAdmin(admin.ModelAdmin[Tie]):
    list_display = ("source", "kind", "target", "strength", "account")
    list_filter = ("kind", "account")
    raw_id_fields = ("source", "target")


@admin.register(Coverage)
class CoverageAdmin(admin.ModelAdmin[Coverage]):
    list_display = ("our_person", "their_person", "current_depth", "desired_depth", "strength")
    list_filter = ("current_depth", "account")
    raw_id_fields = ("our_person", "their_person")


@admin.register(PositionHistory)
class PositionHistoryAdmin(admin.ModelAdmin[PositionHistory]):
    list_display = ("stakeholder", "power", "interest", "at", "actor")
    raw_id_fields = ("stakeholder",)

"""The map in the admin, read-only.

Every write to the map goes through :mod:`relmap.stakeholders.services`, which checks the
rules that span rows (one line manager each, no reporting cycles, coverage from our side
to theirs, side changes that would strand coverage) and records an audit entry. The admin
would bypass both, so it only lets staff browse and search; changes are made in the app,
the API, the CLI or an import.
"""

from __future__ import annotations

from django.contrib import admin

from relmap.core.admin import ReadOnlyAdmin
from relmap.stakeholders.models import Coverage, PositionHistory, Stakeholder, Tie


@admin.register(Stakeholder)
class StakeholderAdmin(ReadOnlyAdmin[Stakeholder]):
    list_display = (
        "name",
        "account",
        "side",
        "title",
        "department",
        "power",
        "interest",
        "attitude",
        "trust",
        "status",
        "status_changed_on",
    )
    list_filter = ("side", "status", "account")
    list_select_related = ("account",)
    search_fields = ("name", "title", "department", "ref", "email", "account__name")


@admin.register(Tie)
class TieAdmin(ReadOnlyAdmin[Tie]):
    list_display = ("source", "kind", "target", "strength", "account")
    list_filter = ("kind", "account")
    list_select_related = ("source", "target", "account")
    search_fields = ("source__name", "target__name", "account__name", "notes")


@admin.register(Coverage)
class CoverageAdmin(ReadOnlyAdmin[Coverage]):
    list_display = (
        "our_person",
        "their_person",
        "current_depth",
        "desired_depth",
        "strength",
        "account",
    )
    list_filter = ("current_depth", "desired_depth", "account")
    list_select_related = ("our_person", "their_person", "account")
    search_fields = ("our_person__name", "their_person__name", "account__name", "notes")


@admin.register(PositionHistory)
class PositionHistoryAdmin(ReadOnlyAdmin[PositionHistory]):
    list_display = ("stakeholder", "power", "interest", "at", "actor", "account")
    list_filter = ("account",)
    list_select_related = ("stakeholder", "actor", "account")
    search_fields = ("stakeholder__name", "account__name")

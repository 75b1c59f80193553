"""Engagement in the admin, read-only: interactions, plans, the review queue and ingest
runs are written through the services and the ingestion path, which validate and audit;
strength is computed. The admin only lets staff browse and search them."""

from __future__ import annotations

from django.contrib import admin

from relmap.core.admin import ReadOnlyAdmin
from relmap.engagement.models import (
    EngagementPlan,
    IngestRun,
    Interaction,
    RelationshipStrength,
    UnknownAddress,
)


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin[Interaction]):
    list_display = ("occurred_at", "kind", "subject", "account", "source")
    list_filter = ("kind", "source")
    list_select_related = ("account",)
    search_fields = ("subject", "notes", "account__name", "source_key")


@admin.register(EngagementPlan)
class EngagementPlanAdmin(ReadOnlyAdmin[EngagementPlan]):
    list_display = ("stakeholder", "account", "owner", "next_step_on")
    list_select_related = ("stakeholder", "account", "owner")
    search_fields = ("stakeholder__name", "account__name", "objective")


@admin.register(UnknownAddress)
class UnknownAddressAdmin(ReadOnlyAdmin[UnknownAddress]):
    list_display = ("email", "account", "status", "seen_count", "last_seen_at")
    list_filter = ("status",)
    list_select_related = ("account",)
    search_fields = ("email", "display_name", "account__name")


@admin.register(IngestRun)
class IngestRunAdmin(ReadOnlyAdmin[IngestRun]):
    list_display = ("file_name", "account", "source", "ok", "added", "skipped", "started_at")
    list_filter = ("source", "ok")
    list_select_related = ("account",)
    search_fields = ("file_name", "account__name", "sha256")


@admin.register(RelationshipStrength)
class RelationshipStrengthAdmin(ReadOnlyAdmin[RelationshipStrength]):
    list_display = ("our_person", "their_person", "account", "score", "interactions")
    list_select_related = ("our_person", "their_person", "account")
    search_fields = ("our_person__name", "their_person__name", "account__name")

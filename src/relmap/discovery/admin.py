"""Discovery in the admin, read-only: every write goes through
:mod:`relmap.discovery.services`, which check accounts and stages and audit."""

from __future__ import annotations

from django.contrib import admin

from relmap.core.admin import ReadOnlyAdmin
from relmap.discovery.models import DiscoverySession, Initiative, Proposal, Question, ResearchNote


@admin.register(ResearchNote)
class ResearchNoteAdmin(ReadOnlyAdmin[ResearchNote]):
    list_display = ("title", "account", "noted_on", "author")
    list_select_related = ("account", "author")
    search_fields = ("title", "body", "account__name")


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin[Question]):
    list_display = ("text", "category", "parent", "active")
    list_filter = ("category", "active")
    search_fields = ("text",)


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin[Initiative]):
    list_display = ("title", "account", "stage")
    list_filter = ("stage",)
    list_select_related = ("account",)
    search_fields = ("title", "account__name")


@admin.register(DiscoverySession)
class DiscoverySessionAdmin(ReadOnlyAdmin[DiscoverySession]):
    list_display = ("__str__", "account", "held_on")
    list_select_related = ("account",)
    search_fields = ("account__name", "notes")


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin[Proposal]):
    list_display = ("title", "account", "initiative")
    list_select_related = ("account", "initiative")
    search_fields = ("title", "account__name")

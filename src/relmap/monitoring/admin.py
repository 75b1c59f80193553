"""Monitoring in the admin, read-only: survey responses, KPIs and their values are
written by the services and importers, which validate and audit."""

from __future__ import annotations

from django.contrib import admin

from relmap.core.admin import ReadOnlyAdmin
from relmap.monitoring.models import (
    Complaint,
    Feedback,
    ImprovementAction,
    Kpi,
    KpiPoint,
    MapReview,
    SurveyResponse,
)


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin[SurveyResponse]):
    list_display = ("answered_on", "survey", "score", "respondent", "account")
    list_filter = ("survey",)
    list_select_related = ("account",)
    search_fields = ("respondent", "comment", "account__name")


@admin.register(Kpi)
class KpiAdmin(ReadOnlyAdmin[Kpi]):
    list_display = ("name", "account", "unit", "direction", "baseline", "target", "target_on")
    list_filter = ("kind",)
    list_select_related = ("account",)
    search_fields = ("name", "account__name")


@admin.register(KpiPoint)
class KpiPointAdmin(ReadOnlyAdmin[KpiPoint]):
    list_display = ("kpi", "on", "value", "source")
    list_filter = ("source",)
    list_select_related = ("kpi",)
    search_fields = ("kpi__name", "note")


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin[Complaint]):
    list_display = ("opened_on", "summary", "category", "severity", "resolved_on", "account")
    list_filter = ("category", "severity")
    list_select_related = ("account",)
    search_fields = ("summary", "resolution", "account__name")


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin[Feedback]):
    list_display = ("received_on", "source", "account")
    list_filter = ("source",)
    list_select_related = ("account",)
    search_fields = ("quote", "account__name")


@admin.register(MapReview)
class MapReviewAdmin(ReadOnlyAdmin[MapReview]):
    list_display = ("reviewed_at", "account", "reviewed_by")
    list_select_related = ("account", "reviewed_by")
    search_fields = ("notes", "account__name")


@admin.register(ImprovementAction)
class ImprovementActionAdmin(ReadOnlyAdmin[ImprovementAction]):
    list_display = ("description", "account", "owner", "due_on", "status")
    list_filter = ("status", "origin")
    list_select_related = ("account", "owner")
    search_fields = ("description", "account__name")

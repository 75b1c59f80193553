"""Monitoring in the admin, read-only: survey responses are written by the importer,
which validates and audits."""

from __future__ import annotations

from django.contrib import admin

from relmap.core.admin import ReadOnlyAdmin
from relmap.monitoring.models import SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ReadOnlyAdmin[SurveyResponse]):
    list_display = ("answered_on", "survey", "score", "respondent", "account")
    list_filter = ("survey",)
    list_select_related = ("account",)
    search_fields = ("respondent", "comment", "account__name")

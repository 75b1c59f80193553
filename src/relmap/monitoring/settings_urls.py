"""The site-wide monitoring settings (``/monitoring/settings/…``): the health score's
weights and the default map review cadence."""

from __future__ import annotations

from django.urls import path

from relmap.monitoring import settings_views

app_name = "monitoring_settings"

urlpatterns = [
    path("", settings_views.settings_page, name="page"),
    path("weights/", settings_views.weights_save, name="weights_save"),
    path("weights/defaults/", settings_views.weights_defaults, name="weights_defaults"),
    path("review-cadence/", settings_views.cadence_save, name="cadence_save"),
]

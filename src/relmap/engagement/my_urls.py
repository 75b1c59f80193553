"""Pages that are not under one account: "My touchpoints"."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "touchpoints"
urlpatterns: list[URLPattern] = []

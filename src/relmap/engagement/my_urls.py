"""Pages that are not under one account: "My touchpoints"."""

from __future__ import annotations

from django.urls import path

from relmap.engagement import views

app_name = "touchpoints"
urlpatterns = [path("touchpoints/", views.my_touchpoints, name="mine")]

from __future__ import annotations

from django.urls import URLPattern, path

from relmap.engagement import ingest_views as views

app_name = "ingest"
urlpatterns: list[URLPattern] = [
    path("", views.upload, name="upload"),
    path("review/", views.review_queue, name="review"),
    path("review/<int:pk>/map/", views.resolve, {"action": "map"}, name="map"),
    path("review/<int:pk>/create/", views.resolve, {"action": "create"}, name="create"),
    path("review/<int:pk>/ignore/", views.resolve, {"action": "ignore"}, name="ignore"),
]

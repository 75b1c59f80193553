"""The account page and the map edits, mounted under ``accounts/<account_pk>/``."""

from __future__ import annotations

from django.urls import path

from relmap.stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.account_map, name="map"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("people/<int:pk>/move/", views.person_move, name="person_move"),
    path("people/<int:pk>/ties/", views.tie_add, name="tie_add"),
    path("people/<int:pk>/ties/<int:tie_pk>/delete/", views.tie_remove, name="tie_remove"),
    path("people/<int:pk>/coverage/", views.coverage_add, name="coverage_add"),
    path(
        "people/<int:pk>/coverage/<int:coverage_pk>/delete/",
        views.coverage_remove,
        name="coverage_remove",
    ),
]

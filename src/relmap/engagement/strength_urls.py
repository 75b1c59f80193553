"""``accounts/<account_pk>/strength/``: coverage matrix, pair explanations, suggestions."""

from __future__ import annotations

from django.urls import URLPattern, path

from relmap.engagement import strength_views as views

app_name = "strength"
urlpatterns: list[URLPattern] = [
    path("", views.matrix, name="matrix"),
    path("pair/<int:our_pk>/<int:their_pk>/", views.pair, name="pair"),
    path("recompute/", views.recompute, name="recompute"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/ties/<int:pk>/accept/", views.tie_accept, name="tie_accept"),
    path("suggestions/ties/<int:pk>/dismiss/", views.tie_dismiss, name="tie_dismiss"),
    path(
        "suggestions/attitudes/<int:pk>/confirm/", views.attitude_confirm, name="attitude_confirm"
    ),
    path(
        "suggestions/attitudes/<int:pk>/dismiss/", views.attitude_dismiss, name="attitude_dismiss"
    ),
]

"""The account plan pages, mounted under ``accounts/<account_pk>/plan/``.

Section URLs name a section of :data:`relmap.planning.registry.SECTIONS` with hyphens
(``value-points``); any other name does not resolve, so it is a 404 before a view runs.
"""

from __future__ import annotations

from django.urls import path, register_converter

from relmap.planning import views
from relmap.planning.registry import SECTIONS


class SectionConverter:
    """``value-points`` in the URL, ``value_points`` for the view and the services."""

    regex = "|".join(name.replace("_", "-") for name in SECTIONS)

    def to_python(self, value: str) -> str:
        return value.replace("-", "_")

    def to_url(self, value: str) -> str:
        return value.replace("_", "-")


register_converter(SectionConverter, "plan_section")

app_name = "planning"

urlpatterns = [
    path("", views.plan_page, name="plan"),
    path("edit/", views.plan_edit, name="edit"),
    path("whitespace/", views.whitespace_cell, name="whitespace"),
    path("offerings/new/", views.offering_add, name="offering_create"),
    path("value-points/<int:pk>/needs/", views.value_point_needs, name="value_point_needs"),
    path("revisions/", views.revision_list, name="revisions"),
    path("revisions/compare/", views.revision_compare, name="compare"),
    path("<plan_section:section>/new/", views.item_create, name="item_create"),
    path("<plan_section:section>/<int:pk>/", views.item_edit, name="item_edit"),
    path("<plan_section:section>/<int:pk>/delete/", views.item_delete, name="item_delete"),
]

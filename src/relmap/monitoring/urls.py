from __future__ import annotations

from django.urls import path

from relmap.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("kpis/new/", views.kpi_create, name="kpi_new"),
    path("kpis/<int:pk>/", views.kpi_edit, name="kpi_edit"),
    path("kpis/<int:pk>/delete/", views.kpi_delete, name="kpi_delete"),
    path("kpis/<int:pk>/points/", views.point_create, name="point_new"),
    path("kpis/<int:pk>/points/<int:point_pk>/delete/", views.point_delete, name="point_delete"),
    path("kpis/<int:pk>/chart.svg", views.kpi_chart, {"fmt": "svg"}, name="kpi_chart_svg"),
    path("kpis/<int:pk>/chart.png", views.kpi_chart, {"fmt": "png"}, name="kpi_chart_png"),
    path("import/", views.import_file, name="import"),
    path("complaints/new/", views.complaint_create, name="complaint_new"),
    path("complaints/<int:pk>/", views.complaint_edit, name="complaint_edit"),
    path("complaints/<int:pk>/delete/", views.complaint_delete, name="complaint_delete"),
    path("feedback/new/", views.feedback_create, name="feedback_new"),
    path("feedback/<int:pk>/delete/", views.feedback_delete, name="feedback_delete"),
    path("actions/new/", views.action_create, name="action_new"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
    path("history/", views.map_history, name="history"),
    path("history/review/", views.review_new, name="review_new"),
]

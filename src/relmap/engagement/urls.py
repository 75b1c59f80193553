from __future__ import annotations

from django.urls import path

from relmap.engagement import views

app_name = "engagement"
urlpatterns = [
    path("", views.engagement_home, name="home"),
    path("plans/new/", views.plan_create, name="plan_new"),
    path("plans/<int:pk>/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("interactions/", views.interaction_list, name="interactions"),
    path("interactions/new/", views.interaction_create, name="interaction_new"),
    path("interactions/<int:pk>/", views.interaction_edit, name="interaction_edit"),
    path("interactions/<int:pk>/delete/", views.interaction_delete, name="interaction_delete"),
]

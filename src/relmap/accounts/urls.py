from __future__ import annotations

from django.urls import path

from relmap.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_create_view, name="create"),
]

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="accounts:list", permanent=False)),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("accounts/", include("relmap.accounts.urls")),
    path("accounts/<int:account_pk>/", include("relmap.stakeholders.urls")),
    path("accounts/<int:account_pk>/plan/", include("relmap.planning.urls")),
    path("accounts/<int:account_pk>/engagement/", include("relmap.engagement.urls")),
    path("accounts/<int:account_pk>/ingest/", include("relmap.engagement.ingest_urls")),
    path("accounts/<int:account_pk>/strength/", include("relmap.engagement.strength_urls")),
    path("accounts/<int:account_pk>/discovery/", include("relmap.discovery.urls")),
    path("accounts/<int:account_pk>/monitoring/", include("relmap.monitoring.urls")),
    path("monitoring/settings/", include("relmap.monitoring.settings_urls")),
    path("", include("relmap.engagement.my_urls")),
    path("", include("relmap.accounts.portfolio_urls")),
    path("api/", include("relmap.api.urls")),
]

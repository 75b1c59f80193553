"""The portfolio (``/portfolio/…``) and each account's "Value & tier" page
(``/accounts/<account_pk>/value/…``): one namespace, mounted at the site root."""

from __future__ import annotations

from django.urls import path

from relmap.accounts import value_views, views

app_name = "portfolio"

VALUE = "accounts/<int:account_pk>/value/"

urlpatterns = [
    path("portfolio/", views.portfolio, name="dashboard"),
    path("portfolio/data.json", views.portfolio_data, name="data"),
    path("portfolio/settings/", views.portfolio_settings, name="settings"),
    path(
        "portfolio/settings/recommended-criteria/",
        views.criteria_defaults,
        name="criteria_defaults",
    ),
    path("portfolio/settings/criteria/<str:axis>/", views.criteria_save, name="criteria_save"),
    path("portfolio/settings/cutoffs/", views.cutoffs_save, name="cutoffs_save"),
    path("portfolio/settings/policies/", views.policies_save, name="policies_save"),
    path(VALUE, value_views.account_value, name="value"),
    path(VALUE + "scores/", value_views.scores_save, name="scores_save"),
    path(VALUE + "tier/", value_views.tier_save, name="tier_save"),
    path(VALUE + "stage/", value_views.stage_save, name="stage_save"),
    path(VALUE + "clv-inputs/", value_views.inputs_save, name="inputs_save"),
    path(VALUE + "financials/", value_views.financials_save, name="financials_save"),
    path(VALUE + "financials/upload/", value_views.financials_upload, name="financials_upload"),
    path(
        VALUE + "financials/<int:pk>/delete/",
        value_views.financials_delete,
        name="financials_delete",
    ),
    path(VALUE + "team/", value_views.team_add, name="team_add"),
    path(VALUE + "team/<int:user_pk>/remove/", value_views.team_remove, name="team_remove"),
]

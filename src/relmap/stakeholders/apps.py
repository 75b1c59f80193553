from __future__ import annotations

from django.apps import AppConfig


class StakeholdersConfig(AppConfig):
    name = "relmap.stakeholders"
    label = "stakeholders"
    verbose_name = "Stakeholders and map"

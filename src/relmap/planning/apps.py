from __future__ import annotations

from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "relmap.planning"
    label = "planning"
    verbose_name = "Account planning"

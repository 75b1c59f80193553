from __future__ import annotations

from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "relmap.engagement"
    label = "engagement"
    verbose_name = "Engagement: plans, interactions and relationship strength"

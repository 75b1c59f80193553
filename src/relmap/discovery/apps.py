from __future__ import annotations

from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "relmap.discovery"
    label = "discovery"
    verbose_name = "Consultative discovery"

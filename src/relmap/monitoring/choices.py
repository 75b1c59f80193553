"""The words of monitoring (DESIGN.md)."""

from __future__ import annotations

from django.db import models


class Survey(models.TextChoices):
    NPS = "nps", "NPS (0 to 10: how likely to recommend us)"
    CSAT = "csat", "CSAT (1 to 5: how satisfied)"


# The answer scale of each survey (relmap.analytics.feedback).
SCALES: dict[str, tuple[int, int]] = {Survey.NPS: (0, 10), Survey.CSAT: (1, 5)}

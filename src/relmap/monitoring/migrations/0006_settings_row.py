"""The monitoring settings' one row exists from the start, so that every page reading it
(the review cadence of each listed account) makes one query, not a first-time insert."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def create_row(apps: Any, schema_editor: Any) -> None:
    apps.get_model("monitoring", "MonitoringSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_improvement_actions")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop, elidable=True)]

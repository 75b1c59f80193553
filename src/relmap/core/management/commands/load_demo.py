from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from relmap.core.demo import DEMO_ACCOUNT, DEMO_PASSWORD, RIVAL_ACCOUNT, load_demo


class Command(BaseCommand):
    help = (
        f"Load the demo into the configured database: users 'demo' and 'rival' (password "
        f"{DEMO_PASSWORD!r}), the key account {DEMO_ACCOUNT!r} and {RIVAL_ACCOUNT!r}. "
        "Accounts already present are left as they are."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded demo accounts: {', '.join(created)}"))
        else:
            self.stdout.write("Demo accounts already present; nothing changed.")

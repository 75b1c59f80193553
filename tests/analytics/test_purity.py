"""relmap.analytics must stay importable without Django (CONVENTIONS.md, habit 5)."""

from __future__ import annotations

import subprocess
import sys


def test_importing_analytics_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "import relmap.analytics\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(leaked))\n"
    )
    # A fresh interpreter: this process may already have imported Django.
    result = subprocess.run(  # noqa: S603, RUF100 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""

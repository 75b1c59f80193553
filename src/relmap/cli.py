"""The ``relmap`` command: a thin entry point over Django's management commands.

``relmap migrate``, ``relmap runserver``, ``relmap import-map …`` — every sub-command is a
management command, so the same code runs from ``relmap`` and from ``django-admin``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmap.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["relmap", *argv])
    if len(args) > 1 and not args[1].startswith("-"):
        # relmap's own commands are spelt with hyphens (import-map); Django modules
        # cannot be, so the module is import_map.
        args[1] = args[1].replace("-", "_")
        if args[1] == "help" and len(args) > 2 and not args[2].startswith("-"):
            # ``relmap help import-map`` names the command the same way.
            args[2] = args[2].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()

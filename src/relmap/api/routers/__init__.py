"""One router per domain; all are mounted by :mod:`relmap.api.urls`."""

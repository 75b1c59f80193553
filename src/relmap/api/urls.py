"""The relmap API: one NinjaAPI, a router per domain, one error format.

Endpoints answer anonymous callers with a 401 JSON body, so they are exempt from
``LoginRequiredMiddleware`` (which would redirect to the login page). The OpenAPI schema
is public like the source code; the interactive docs page is for logged-in users.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from ninja import NinjaAPI

from relmap.api.auth import session_auth, token_auth
from relmap.api.errors import register_error_handlers
from relmap.api.routers import (
    accounts,
    analysis,
    coverage,
    discovery,
    engagement,
    financials,
    ingest,
    monitoring,
    planning,
    portfolio,
    selection,
    stakeholders,
    strength,
    team,
    ties,
)

api = NinjaAPI(
    title="relmap API",
    version="1",
    description=(
        "Accounts and their teams, stakeholder maps, ties, coverage and their analysis; "
        "the key-account portfolio, selection scores, financials and account plans; "
        "engagement plans, interactions, ingestion of calendar, mail and CSV files with "
        "the review queue of unknown addresses, computed relationship strength and its "
        "suggestions, and consultative discovery. "
        "Authenticate with "
        "`Authorization: Bearer <token>` (create one with `relmap create-token`) or a "
        "browser session. Errors are JSON: `{detail, errors}`."
    ),
    auth=[token_auth, session_auth],
    urls_namespace="api",
)
register_error_handlers(api)
api.add_router("/accounts", accounts.router)
api.add_router("/accounts", team.router)
api.add_router("/accounts", stakeholders.router)
api.add_router("/accounts", ties.router)
api.add_router("/accounts", coverage.router)
api.add_router("/accounts", analysis.router)
api.add_router("/accounts", selection.router)
api.add_router("/accounts", financials.router)
api.add_router("/accounts", planning.router)
api.add_router("/accounts", engagement.router)
api.add_router("/accounts", ingest.router)
api.add_router("/accounts", strength.router)
api.add_router("/accounts", discovery.router)
api.add_router("/accounts", monitoring.router)
api.add_router("/health", monitoring.health_router)
api.add_router("/portfolio", portfolio.router)
api.add_router("/touchpoints", engagement.touchpoints_router)

# Django names of the views that stay behind LoginRequiredMiddleware.
BROWSER_ONLY = frozenset({"openapi-view"})


def _exempt(patterns: list[Any]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name not in BROWSER_ONLY:
            login_not_required(pattern.callback)
    return patterns


_patterns, _app_name, _namespace = api.urls
urlpatterns = [path("", include((_exempt(_patterns), _app_name), namespace=_namespace))]

"""One URL, one view: render the full page, or only a named partial for htmx.

A page template defines its swappable pieces with ``{% partialdef name %}``. A view calls
:func:`render_page` with the page template and the partial to use when htmx asks; a
plain browser request (or an ``hx-boost`` navigation) gets the whole page. This is
NetBox's ``htmx_partial`` idea, on Django's own template partials.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails

# Events the pages listen to; views send them with the ``HX-Trigger`` header.
MAP_CHANGED = "relmap:map-changed"


def _details(request: HttpRequest) -> HtmxDetails | None:
    details: HtmxDetails | None = getattr(request, "htmx", None)
    return details if details else None


def wants_partial(request: HttpRequest) -> bool:
    """Whether htmx asked for a fragment (boosted navigations want whole pages)."""
    details = _details(request)
    return details is not None and not details.boosted


def htmx_target(request: HttpRequest) -> str | None:
    """The id of the element htmx will swap the response into, if any."""
    details = _details(request)
    return details.target if details is not None else None


def render_page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
    trigger: Iterable[str] = (),
) -> HttpResponse:
    """Render ``template``, or ``template#partial`` when htmx asks for a fragment.

    ``trigger`` names client events to fire once htmx has the response (for example
    :data:`MAP_CHANGED`, so that every view of the map refreshes after a write).
    """
    name = f"{template}#{partial}" if partial and wants_partial(request) else template
    response = render(request, name, dict(context), status=status)
    for event in trigger:
        trigger_client_event(response, event)
    return response

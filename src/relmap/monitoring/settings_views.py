"""The site-wide monitoring settings page (``/monitoring/settings/``): the weights of the
relationship health score's components and the review cadence of accounts without a
tier.

Like the portfolio settings (:mod:`relmap.accounts.views`): everyone logged in reads
them; only sales leaders and administrators change them
(:func:`relmap.core.visibility.can_manage_portfolio`, as ``PUT /api/health/weights``),
everyone else gets 403 on the writes and anonymous users the login page. Writes go
through :mod:`relmap.monitoring.health`, which validates and audits; a refused post
re-renders the page with the service's message and what the user typed (422).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from relmap.accounts.forms import ServiceForm
from relmap.accounts.selectors import tier_policies
from relmap.analytics.health import COMPONENTS, DEFAULT_WEIGHTS, LABELS, MEASURES
from relmap.analytics.portfolio import QUADRANT_LABELS, QUADRANTS
from relmap.core.htmx import render_page
from relmap.core.visibility import can_manage_portfolio
from relmap.monitoring.health import (
    REVIEW_CADENCE_MAX,
    REVIEW_CADENCE_MESSAGE,
    health_weights_set,
    review_cadence_default_set,
)
from relmap.monitoring.models import MonitoringSettings

PAGE = "monitoring/settings.html"

WEIGHT_MESSAGE = "A weight is a number of percent, such as 15 (0 leaves the component out)."


def _are_defaults(weights: Mapping[str, Any]) -> bool:
    return dict(weights) == dict(DEFAULT_WEIGHTS)  # 20 == 20.0: stored ints or floats


def _plain(value: float) -> int | float:
    """20.0 shown as 20, 12.5 as 12.5."""
    return int(value) if float(value).is_integer() else value


class WeightsForm(ServiceForm):
    """One percentage per component. Whether they add up to 100 (and none is negative)
    is the service's to say: :func:`relmap.analytics.health.check_weights`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "weight-%s")
        super().__init__(*args, **kwargs)
        for name in COMPONENTS:
            self.fields[name] = forms.FloatField(
                label=LABELS[name],
                error_messages={"required": WEIGHT_MESSAGE, "invalid": WEIGHT_MESSAGE},
                widget=forms.NumberInput(attrs={"step": "any", "min": 0, "max": 100}),
            )

    def weights(self) -> dict[str, float]:
        return {name: self.cleaned_data[name] for name in COMPONENTS}

    def entered_total(self) -> float | None:
        """The sum of what was typed, when every weight is a number (else None)."""
        try:
            total = sum(float(self.data.get(self.add_prefix(name), "")) for name in COMPONENTS)
        except ValueError:
            return None
        return total if math.isfinite(total) else None


class CadenceForm(ServiceForm):
    """The range is the service's to check, so that the page shows its message."""

    default_review_cadence_days = forms.IntegerField(
        label="Review the map of an account without a tier every (days)",
        error_messages={"required": REVIEW_CADENCE_MESSAGE, "invalid": REVIEW_CADENCE_MESSAGE},
        widget=forms.NumberInput(attrs={"min": 1, "max": REVIEW_CADENCE_MAX}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "cadence-%s")
        super().__init__(*args, **kwargs)


def _require_manager(request: HttpRequest) -> None:
    # The one rule (can_manage_portfolio), with a message about what this page changes.
    if not can_manage_portfolio(request.user):
        raise PermissionDenied(
            "Only sales leaders and administrators change the health score's weights and "
            "the default review cadence: they apply to every account."
        )


def _page_url(anchor: str) -> str:
    return reverse("monitoring_settings:page") + f"#{anchor}"


@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    """Each component with what it measures, its weight and its default; the cadence."""
    return _page(request)


def _page(
    request: HttpRequest,
    *,
    weights_form: WeightsForm | None = None,
    cadence_form: CadenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    row = MonitoringSettings.load()
    saved = {name: row.health_weights.get(name) for name in COMPONENTS}
    weights_form = weights_form or WeightsForm(
        initial={n: _plain(w) for n, w in saved.items() if w is not None}
    )
    cadence_form = cadence_form or CadenceForm(
        initial={"default_review_cadence_days": row.default_review_cadence_days}
    )
    policies = tier_policies()
    entered = weights_form.entered_total() if weights_form.is_bound else None
    context = {
        "can_manage": can_manage_portfolio(request.user),
        "components": [
            {
                "name": name,
                "label": LABELS[name],
                "measures": MEASURES[name],
                "weight": None if saved[name] is None else _plain(saved[name]),
                "default": _plain(DEFAULT_WEIGHTS[name]),
                "field": weights_form[name],
            }
            for name in COMPONENTS
        ],
        "weights_form": weights_form,
        "saved_total": _plain(sum(w for w in saved.values() if w is not None)),
        "entered_total": entered,
        "entered_off": entered is not None and abs(entered - 100) > 1e-6,
        "at_defaults": _are_defaults(saved),
        "cadence_form": cadence_form,
        "cadence": row.default_review_cadence_days,
        "cadence_default": MonitoringSettings._meta.get_field(
            "default_review_cadence_days"
        ).get_default(),
        "tier_cadences": [
            {"label": QUADRANT_LABELS[t], "days": policies[t].review_cadence_days}
            for t in QUADRANTS
        ],
    }
    return render_page(request, PAGE, context, status=status)


@require_POST
def weights_save(request: HttpRequest) -> HttpResponse:
    """All ten weights together, or none: the service refuses a set that is not usable."""
    _require_manager(request)
    form = WeightsForm(request.POST)
    if form.is_valid():
        try:
            health_weights_set(actor=request.user, weights=form.weights())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Health weights saved: every account's score uses them.")
            return redirect(_page_url("weights"))
    return _page(request, weights_form=form, status=422)


@require_POST
def weights_defaults(request: HttpRequest) -> HttpResponse:
    """Back to the documented default weights (docs/algorithms/health.md)."""
    _require_manager(request)
    if _are_defaults(MonitoringSettings.load().health_weights):
        messages.info(request, "The weights are the defaults already: nothing changed.")
    else:
        health_weights_set(actor=request.user, weights=DEFAULT_WEIGHTS)
        messages.success(request, "The default health weights are restored.")
    return redirect(_page_url("weights"))


@require_POST
def cadence_save(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = CadenceForm(request.POST)
    if form.is_valid():
        try:
            review_cadence_default_set(
                actor=request.user, days=form.cleaned_data["default_review_cadence_days"]
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, "Default review cadence saved.")
            return redirect(_page_url("cadence"))
    return _page(request, cadence_form=form, status=422)

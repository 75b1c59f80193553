"""Forms for accounts: they check what a user typed, then views call the services.

:class:`ServiceForm` is the base of every relmap form: services raise
:class:`~django.core.exceptions.ValidationError` for rules that need the database
(duplicates, cycles, people of another account); the form shows those next to the field
they concern, or at the top when they concern the whole form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmap.accounts.choices import AccountKind, LifecycleStage, Quadrant, TeamRole
from relmap.accounts.models import CriterionScore, SelectionCriterion
from relmap.accounts.portfolio_selectors import PortfolioFilters
from relmap.accounts.portfolio_services import CriterionInput, missing_rationale
from relmap.analytics.portfolio import Criterion, weight_problems
from relmap.stakeholders.choices import CoverageDepth

DEPTH_CHOICES = CoverageDepth.choices


class ServiceForm(forms.Form):
    def add_service_error(self, exc: ValidationError) -> None:
        """Show an error raised by a service on the field it names, else on the form."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc)


class AccountForm(ServiceForm):
    name = forms.CharField(max_length=200, strip=True)
    kind = forms.ChoiceField(choices=AccountKind.choices, initial=AccountKind.CUSTOMER)
    industry = forms.CharField(max_length=120, required=False)
    description = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the account is and why it matters to us.",
    )


# The portfolio and key-account selection -------------------------------------------------

SCORE_MESSAGE = "A score must be a number from 0 (worst) to 10 (best), in steps of 0.1."
CUTOFF_MESSAGE = "A cut-off must be a number from 0 to 10."


def _decimal(label: str, low: Decimal, high: Decimal, places: int, message: str) -> Any:
    """A decimal field with one message for every way of getting it wrong."""
    digits = len(str(int(high))) + places
    return forms.DecimalField(
        label=label,
        min_value=low,
        max_value=high,
        max_digits=digits,
        decimal_places=places,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places"), message
        ),
        widget=forms.NumberInput(attrs={"min": low, "max": high, "step": 10**-places}),
    )


class PortfolioFilterForm(forms.Form):
    """The filters of the portfolio dashboard; they arrive in the query string."""

    tier = forms.ChoiceField(choices=[("", "All tiers"), *Quadrant.choices], required=False)
    quadrant = forms.ChoiceField(choices=[("", "All quadrants"), *Quadrant.choices], required=False)
    stage = forms.ChoiceField(
        label="Lifecycle stage",
        choices=[("", "All stages"), *LifecycleStage.choices],
        required=False,
    )
    owner = forms.TypedChoiceField(coerce=int, empty_value=None, required=False)
    q = forms.CharField(label="Search", max_length=100, required=False)

    def __init__(self, *args: Any, owners: Sequence[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "All owners"), *owners]  # type: ignore[attr-defined]

    def filters(self) -> PortfolioFilters:
        """The valid filters; a bad value is ignored (and shown as an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PortfolioFilters(
            tier=data.get("tier") or "",
            quadrant=data.get("quadrant") or "",
            stage=data.get("stage") or "",
            owner=data.get("owner"),
            q=(data.get("q") or "").strip(),
        )


class CriterionForm(forms.Form):
    """One weighted criterion of an axis (a row of the criteria formset)."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=100)
    weight = forms.DecimalField(
        label="Weight %",
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "min_value": "A weight cannot be negative.",
            "max_value": "A weight cannot be more than 100 (percent).",
            "invalid": "A weight is a number of percent, such as 25.",
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.01"}),
    )
    description = forms.CharField(required=False, max_length=500)


class BaseCriteriaFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The criteria of one axis; the weights are checked as a set, as the service does."""

    axis: str = ""

    def clean(self) -> None:
        if any(self.errors):
            return
        problems = weight_problems(
            [
                Criterion(id=-i, axis=self.axis, name=item.name, weight=float(item.weight))
                for i, item in enumerate(self.items(), start=1)
            ],
            axes=(self.axis,),
        )
        if problems:
            raise ValidationError(problems)

    def items(self) -> list[CriterionInput]:
        """The rows kept: filled in and not marked for removal."""
        out = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data or data.get("DELETE") or not data.get("name"):
                continue
            out.append(
                CriterionInput(
                    name=data["name"],
                    weight=data["weight"],
                    description=data.get("description", ""),
                    id=data.get("id"),
                )
            )
        return out

    def add_service_error(self, exc: ValidationError) -> None:
        """Show a refusal of the service above the rows."""
        self.is_valid()  # the rows' own errors first (cached after the first call)
        self._non_form_errors = self.error_class(exc.messages, error_class="nonform")


CriteriaFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriteriaFormSet, extra=1, can_delete=True
)


def criteria_formset(
    axis: str, criteria: Sequence[SelectionCriterion], data: Any = None
) -> BaseCriteriaFormSet:
    initial = [
        {"id": c.pk, "name": c.name, "weight": c.weight, "description": c.description}
        for c in criteria
    ]
    formset = CriteriaFormSet(data, initial=initial, prefix=axis)
    assert isinstance(formset, BaseCriteriaFormSet)  # noqa: S101 - formset_factory's type
    formset.axis = axis
    return formset


ORIENTATIONS = (
    ("left", "High strength on the left (McDonald's classic matrix)"),
    ("right", "High strength on the right"),
)


class CutoffsForm(ServiceForm):
    attractiveness_cutoff = _decimal(
        "Attractiveness cut-off", Decimal(0), Decimal(10), 2, CUTOFF_MESSAGE
    )
    strength_cutoff = _decimal("Strength cut-off", Decimal(0), Decimal(10), 2, CUTOFF_MESSAGE)
    orientation = forms.ChoiceField(
        label="Orientation", choices=ORIENTATIONS, widget=forms.RadioSelect
    )

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "attractiveness_cutoff": data["attractiveness_cutoff"],
            "strength_cutoff": data["strength_cutoff"],
            "high_strength_left": data["orientation"] == "left",
        }


class TierPolicyForm(ServiceForm):
    """The effort one tier deserves (one form per tier, prefixed with the tier)."""

    touchpoint_cadence_days = forms.IntegerField(
        label="Touchpoint every (days)",
        min_value=1,
        max_value=3650,
        error_messages={"min_value": "The cadence must be at least one day."},
    )
    review_cadence_days = forms.IntegerField(
        label="Plan review every (days)",
        min_value=1,
        max_value=3650,
        error_messages={"min_value": "The cadence must be at least one day."},
    )
    coverage_depth = forms.ChoiceField(label="Coverage depth to aim for", choices=DEPTH_CHOICES)
    min_team_size = forms.IntegerField(label="Minimum team", min_value=0, max_value=100)


class ScoresForm(ServiceForm):
    """A score 0-10 and a rationale for every criterion, grouped by axis.

    A score needs its rationale: the service refuses one without, and the form says so
    next to the field, in the service's words.
    """

    def __init__(
        self,
        *args: Any,
        criteria: Sequence[SelectionCriterion],
        scores: Mapping[int, CriterionScore],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            current = scores.get(c.pk)
            score = _decimal(c.name, Decimal(0), Decimal(10), 1, SCORE_MESSAGE)
            score.required = False
            score.initial = current.score if current else None
            score.help_text = f"{c.weight.normalize():f} % of {c.get_axis_display().lower()}"
            self.fields[f"score_{c.pk}"] = score
            self.fields[f"rationale_{c.pk}"] = forms.CharField(
                label=f"Why {c.name.lower()} scores so",
                required=False,
                max_length=2000,
                initial=current.rationale if current else "",
                widget=forms.TextInput(
                    attrs={"placeholder": "Rationale (evidence), required with a score"}
                ),
            )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        for c in self.criteria:
            score = data.get(f"score_{c.pk}")
            rationale = data.get(f"rationale_{c.pk}")
            if score is not None and rationale is not None and not rationale.strip():
                self.add_error(f"rationale_{c.pk}", missing_rationale(score))
        return data

    def axes(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        """``[(axis label, [(score field, rationale field), ...]), ...]`` for the template."""
        out: dict[str, list[tuple[forms.BoundField, forms.BoundField]]] = {}
        for c in self.criteria:
            out.setdefault(c.get_axis_display(), []).append(
                (self[f"score_{c.pk}"], self[f"rationale_{c.pk}"])
            )
        return list(out.items())

    def scores(self) -> dict[int, tuple[Decimal | None, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"rationale_{c.pk}"])
            for c in self.criteria
        }


class TierOverrideForm(ServiceForm):
    tier_override = forms.ChoiceField(
        label="Tier",
        choices=[("", "Follow the matrix"), *Quadrant.choices],
        required=False,
    )
    tier_override_reason = forms.CharField(
        label="Reason for the override",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when the tier differs from the matrix: managers and assessors ask why.",
    )


class StageForm(ServiceForm):
    stage = forms.ChoiceField(label="Lifecycle stage", choices=LifecycleStage.choices)
    changed_on = forms.DateField(
        label="Since",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    note = forms.CharField(required=False, max_length=2000, widget=forms.TextInput)


class FinancialPeriodForm(ServiceForm):
    """One period's figures; a period is matched on its start date, so this also edits."""

    period_start = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label="To", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    revenue = forms.DecimalField(
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        error_messages={"min_value": "Revenue cannot be negative."},
    )
    gross_margin = forms.DecimalField(max_digits=14, decimal_places=2)
    cost_to_serve = forms.DecimalField(
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        initial=Decimal(0),
        error_messages={"min_value": "Cost to serve cannot be negative."},
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "A period cannot end before it starts.")
        return data


class FinancialsUploadForm(ServiceForm):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: period_start, period_end, revenue, gross_margin, cost_to_serve.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is {upload.size // 1024} KB; the limit is {MAX_UPLOAD_BYTES // 1024} KB."
            )
        return upload


MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ValueInputsForm(ServiceForm):
    """The CLV inputs of an account (Gupta & Lehmann 2003)."""

    retention_rate = _decimal(
        "Retention rate",
        Decimal(0),
        Decimal("0.999"),
        3,
        "Retention rate must be a fraction from 0 to 0.999 (e.g. 0.8 for 80 percent).",
    )
    discount_rate = _decimal(
        "Discount rate",
        Decimal(0),
        Decimal(1),
        3,
        "Discount rate must be a fraction from 0 to 1 (e.g. 0.1 for 10 percent).",
    )
    clv_horizon_years = forms.IntegerField(
        label="Horizon (years)",
        min_value=1,
        max_value=30,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"), "The CLV horizon must be 1 to 30 years."
        ),
    )


class WhatIfForm(forms.Form):
    retention = _decimal(
        "Retention rate",
        Decimal(0),
        Decimal("0.99"),
        2,
        "Retention must be a fraction from 0 to 0.99.",
    )


class TeamMemberForm(ServiceForm):
    username = forms.CharField(label="Username", max_length=150)
    role = forms.ChoiceField(
        label="Function",
        choices=[c for c in TeamRole.choices if c[0] != TeamRole.VIEWER],
        initial=TeamRole.SALES,
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError(f"Nobody has the username {username!r}.")
        self.cleaned_data["user"] = user
        return username

"""Forms of the monitoring page: they check what a user typed and hand clean values to
:mod:`relmap.monitoring.services`, which validates across fields and audits. The person
pickers offer only the account's own people, so an id from another account is refused
as an unknown choice before any service runs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from relmap.accounts.forms import ServiceForm
from relmap.monitoring.choices import (
    ActionOrigin,
    ActionStatus,
    ComplaintCategory,
    Direction,
    Expected,
    FeedbackSource,
    KpiKind,
    Severity,
    Survey,
)
from relmap.planning.forms import PickField, date_field, stakeholder_label, text_area, user_label

NUMBER = {"invalid": "Enter a number, such as 82.5."}


def _number(label: str, required: bool = False) -> forms.FloatField:
    return forms.FloatField(label=label, required=required, error_messages=NUMBER)


class KpiForm(ServiceForm):
    kind = forms.ChoiceField(choices=KpiKind.choices, initial=KpiKind.RETENTION)
    name = forms.CharField(
        max_length=100, required=False, help_text="Left empty: the kind's own name."
    )
    unit = forms.CharField(max_length=30, required=False, help_text="Left empty: the kind's.")
    direction = forms.ChoiceField(choices=[("", "The kind's"), *Direction.choices], required=False)
    baseline = _number("Baseline")
    baseline_on = date_field("Baseline measured on", required=False)
    target = _number("Target")
    target_on = date_field("Target due on", required=False)
    description = forms.CharField(required=False, widget=text_area(2))

    def clean_unit(self) -> str | None:
        return self.cleaned_data["unit"] or None


class KpiEditForm(KpiForm):
    """The same fields, less the kind (a KPI keeps its kind)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.fields["name"].required = True
        direction = self.fields["direction"]
        assert isinstance(direction, forms.ChoiceField)  # noqa: S101 - declared above
        direction.choices = Direction.choices
        direction.required = True


class PointForm(ServiceForm):
    on = date_field("On")
    value = _number("Value", required=True)
    note = forms.CharField(max_length=300, required=False)


class ImportForm(ServiceForm):
    file = forms.FileField(
        help_text="A CSV of KPI values (kpi, on, value, note) or of survey responses "
        "(respondent, stakeholder, answered_on, score, comment, survey)."
    )
    survey = forms.ChoiceField(
        choices=[("", "As the file says"), *Survey.choices],
        required=False,
        help_text="Survey responses only.",
    )


class _WithPerson(ServiceForm):
    def __init__(self, *args: Any, people: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].offer(people, stakeholder_label)  # type: ignore[attr-defined]


class ComplaintForm(_WithPerson):
    summary = forms.CharField(max_length=300)
    category = forms.ChoiceField(choices=ComplaintCategory.choices)
    severity = forms.ChoiceField(choices=Severity.choices, initial=Severity.MEDIUM)
    stakeholder = PickField(
        label="Raised by", required=False, invalid="Choose someone on this account's map."
    )
    opened_on = date_field("Opened on")
    resolved_on = date_field("Resolved on", required=False)
    resolution = forms.CharField(required=False, widget=text_area(2))


class FeedbackForm(_WithPerson):
    quote = forms.CharField(widget=text_area(3), help_text="What was said, as it was said.")
    source = forms.ChoiceField(choices=FeedbackSource.choices)
    stakeholder = PickField(
        label="Said by", required=False, invalid="Choose someone on this account's map."
    )
    received_on = date_field("On")
    themes = forms.CharField(
        max_length=400, required=False, help_text="Comma-separated, e.g. onboarding, pricing."
    )


class ActionForm(ServiceForm):
    description = forms.CharField(max_length=300, help_text="What will be done, in a line.")
    owner = PickField(label="Owner", required=False, invalid="Choose someone on the account team.")
    due_on = date_field("Due on")
    kpi = PickField(
        label="KPI it should move", required=False, invalid="Choose one of this account's KPIs."
    )
    expected = forms.ChoiceField(
        label="Expected direction",
        choices=[("", "The KPI's better direction"), *Expected.choices],
        required=False,
    )
    window_days = forms.IntegerField(
        label="Window (days)",
        initial=90,
        min_value=7,
        max_value=730,
        help_text="Days before and after completion compared on the KPI.",
    )
    origin = forms.ChoiceField(
        choices=ActionOrigin.choices, initial=ActionOrigin.MANUAL, widget=forms.HiddenInput
    )
    origin_detail = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, team: Sequence[Any] = (), kpis: Sequence[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].offer(team, user_label)  # type: ignore[attr-defined]
        self.fields["kpi"].offer(kpis)  # type: ignore[attr-defined]


class ActionStatusForm(ServiceForm):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    completed_on = date_field("Done on", required=False)

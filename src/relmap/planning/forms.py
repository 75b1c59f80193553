"""Forms for the account plan: they check what a user typed, with messages written for
them, and hand clean values to :mod:`relmap.planning.services`.

Rules that cross rows (a target equal to its baseline, a mutual objective without a
customer owner, an owner off the team) are the services' to enforce; the views show the
services' errors next to the field they name. The person and objective pickers choose
among objects the page has already loaded (:class:`Pickers`), so rendering and checking
them costs no query, however many forms the page shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model

from relmap.accounts.forms import ServiceForm
from relmap.planning.choices import (
    ActionStatus,
    NeedKind,
    ObjectiveStatus,
    PlanStatus,
    SwotQuadrant,
    WhitespaceStatus,
)
from relmap.planning.models import AccountPlan, Need, PlanItem

NO_ONE = "— nobody yet —"


def user_label(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def stakeholder_label(person: Any) -> str:
    return f"{person.name}, {person.title}" if person.title else str(person.name)


@dataclass(frozen=True)
class Pickers:
    """What the plan's pickers offer: the account team, the people on their side of the
    map, and this plan's objectives, goals and pain points, business units and our
    offerings."""

    team: Sequence[Any] = ()
    their_people: Sequence[Any] = ()
    objectives: Sequence[Any] = ()
    needs: Sequence[Any] = ()
    business_units: Sequence[Any] = ()
    offerings: Sequence[Any] = ()


class PickField(forms.ChoiceField):
    """One of a list of objects the page has loaded; cleans to the object (or None)."""

    def __init__(self, *, invalid: str, empty_label: str = NO_ONE, **kwargs: Any) -> None:
        super().__init__(choices=(), **kwargs)
        self.empty_label = empty_label
        self.objects: dict[str, Any] = {}
        self.error_messages["invalid_choice"] = invalid

    def offer(self, objects: Iterable[Any], label: Callable[[Any], str] = str) -> None:
        objects = list(objects)
        self.objects = {str(o.pk): o for o in objects}
        empty = [] if self.required else [("", self.empty_label)]
        self.choices = [*empty, *[(str(o.pk), label(o)) for o in objects]]

    def clean(self, value: Any) -> Any:
        if value in self.empty_values:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        try:
            return self.objects[str(value)]
        except KeyError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid") from None


class PickManyField(forms.MultipleChoiceField):
    """Several of a list of objects the page has loaded; cleans to a list of them."""

    def __init__(self, *, invalid: str, **kwargs: Any) -> None:
        super().__init__(choices=(), widget=forms.CheckboxSelectMultiple, **kwargs)
        self.objects: dict[str, Any] = {}
        self.error_messages["invalid_choice"] = invalid

    def offer(self, objects: Iterable[Any], label: Callable[[Any], str] = str) -> None:
        objects = list(objects)
        self.objects = {str(o.pk): o for o in objects}
        self.choices = [(str(o.pk), label(o)) for o in objects]

    def clean(self, value: Any) -> Any:
        values = [str(v) for v in value or ()]
        unknown = [v for v in values if v not in self.objects]
        if unknown:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid")
        return [self.objects[v] for v in dict.fromkeys(values)]


AMOUNT_ERRORS = ("invalid", "max_digits", "max_decimal_places", "max_whole_digits")


def amount_field(label: str, **kwargs: Any) -> Any:
    message = f"{label} must be a number with at most two decimal places."
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        error_messages=dict.fromkeys(AMOUNT_ERRORS, message),
        widget=forms.NumberInput(attrs={"step": "any"}),
        **kwargs,
    )


def date_field(label: str, **kwargs: Any) -> Any:
    return forms.DateField(
        label=label,
        # A date input takes and gives ISO dates, whatever the locale's format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": f"{label}: enter a date such as 2026-03-31."},
        **kwargs,
    )


def text_area(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PlanForm(ServiceForm):
    """The plan's own fields, edited from its header."""

    status = forms.ChoiceField(choices=PlanStatus.choices)
    summary = forms.CharField(
        required=False, widget=text_area(3), help_text="The plan in a paragraph."
    )
    value_proposition = forms.CharField(
        label="Value proposition",
        required=False,
        widget=text_area(2),
        help_text="Why this customer should work with us, in their terms: one or two sentences.",
    )
    next_review_on = date_field(
        "Next review", required=False, help_text="When the team next reviews this plan."
    )

    @classmethod
    def initial_for(cls, plan: AccountPlan) -> dict[str, Any]:
        return {name: getattr(plan, name) for name in cls.base_fields}

    def changes(self, plan: AccountPlan) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if getattr(plan, k) != v}


class SectionForm(ServiceForm):
    """An item of one section of the plan; ``pickers`` fill its person/objective fields."""

    section: ClassVar[str]

    def __init__(self, *args: Any, pickers: Pickers, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup(pickers)

    def setup(self, pickers: Pickers) -> None:
        """Offer the pickers' objects to the fields that choose among them."""

    @classmethod
    def initial_for(cls, item: PlanItem) -> dict[str, Any]:
        initial = {}
        for name in cls.base_fields:
            value = getattr(item, name)
            initial[name] = value.pk if isinstance(value, Model) else value
        return initial

    def changes(self, item: PlanItem) -> dict[str, Any]:
        """The cleaned values that differ from ``item``'s, ready for the service."""
        return {k: v for k, v in self.cleaned_data.items() if getattr(item, k) != v}


class NeedForm(SectionForm):
    section = "needs"

    kind = forms.ChoiceField(label="Goal or pain point", choices=NeedKind.choices)
    explicitness = forms.ChoiceField(
        label="Explicit or latent",
        choices=[("", "— not recorded —"), *Need.Explicitness.choices],
        required=False,
        help_text="Explicit: they said it. Latent: uncovered, not yet stated by them.",
        error_messages={"invalid_choice": "Choose explicit or latent (or leave it blank)."},
    )
    text = forms.CharField(
        label="What they need",
        max_length=300,
        help_text="In the customer's words: what they want to achieve, or what hurts.",
    )
    stakeholder = PickField(
        label="Whose",
        required=False,
        empty_label="— the organisation —",
        invalid="Pick a person on their side of this account's map.",
    )
    evidence = forms.CharField(
        required=False,
        widget=text_area(2),
        help_text="What was said or seen that shows the need, and where.",
    )
    business_impact = forms.CharField(
        label="Business impact",
        required=False,
        widget=text_area(2),
        help_text="What it costs or is worth to their business.",
    )

    def setup(self, pickers: Pickers) -> None:
        self.fields["stakeholder"].offer(pickers.their_people, stakeholder_label)  # type: ignore[attr-defined]


class ObjectiveForm(SectionForm):
    section = "objectives"

    title = forms.CharField(max_length=200, help_text="The outcome, e.g. “Grow spend”.")
    metric = forms.CharField(max_length=200, help_text="What is measured.")
    unit = forms.CharField(max_length=40, required=False, help_text="e.g. £k, %, sites.")
    baseline = amount_field("Baseline", help_text="Where it stands today.")
    target = amount_field("Target", help_text="Where it should be by the deadline.")
    deadline = date_field("Deadline")
    owner = PickField(
        label="Owner (our side)",
        required=False,
        invalid="The owner must be on the account team.",
    )
    mutual = forms.BooleanField(
        label="Mutual: agreed with the customer",
        required=False,
        help_text="A mutual objective needs an owner on their side.",
    )
    customer_owner = PickField(
        label="Customer owner",
        required=False,
        invalid="Pick a person on their side of this account's map.",
    )
    status = forms.ChoiceField(choices=ObjectiveStatus.choices, initial=ObjectiveStatus.ON_TRACK)

    def setup(self, pickers: Pickers) -> None:
        self.fields["owner"].offer(pickers.team, user_label)  # type: ignore[attr-defined]
        self.fields["customer_owner"].offer(pickers.their_people, stakeholder_label)  # type: ignore[attr-defined]


def _objective_field() -> PickField:
    return PickField(
        label="Objective it serves",
        required=False,
        empty_label="— none —",
        invalid="Pick one of this plan's objectives.",
    )


class StrategyForm(SectionForm):
    section = "strategies"

    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=text_area(2))
    objective = _objective_field()

    def setup(self, pickers: Pickers) -> None:
        self.fields["objective"].offer(pickers.objectives, str)  # type: ignore[attr-defined]


class ActionForm(SectionForm):
    section = "actions"

    title = forms.CharField(max_length=200)
    objective = _objective_field()
    owner = PickField(
        label="Owner", required=False, invalid="The owner must be on the account team."
    )
    due_on = date_field("Due")
    status = forms.ChoiceField(choices=ActionStatus.choices, initial=ActionStatus.OPEN)
    completed_on = date_field(
        "Completed on", required=False, help_text="Left empty, a done action is dated today."
    )

    def setup(self, pickers: Pickers) -> None:
        self.fields["objective"].offer(pickers.objectives, str)  # type: ignore[attr-defined]
        self.fields["owner"].offer(pickers.team, user_label)  # type: ignore[attr-defined]


class ResourceForm(SectionForm):
    section = "resources"

    title = forms.CharField(max_length=200, help_text="People, budget, tools or partners.")
    details = forms.CharField(required=False, widget=text_area(2))


class MilestoneForm(SectionForm):
    section = "milestones"

    title = forms.CharField(max_length=200, help_text="e.g. “Quarterly business review”.")
    due_on = date_field("Due")
    done = forms.BooleanField(label="Done: the review took place", required=False)
    completed_on = date_field(
        "Held on", required=False, help_text="Left empty, a done review is dated today."
    )


class ValuePointForm(SectionForm):
    section = "value_points"

    text = forms.CharField(
        label="Value point",
        max_length=300,
        help_text="A benefit for this customer, beyond product features.",
    )


class SwotForm(SectionForm):
    section = "swot"

    quadrant = forms.ChoiceField(choices=SwotQuadrant.choices)
    text = forms.CharField(max_length=300)


class BusinessUnitForm(SectionForm):
    section = "business_units"

    name = forms.CharField(
        label="Business unit", max_length=120, help_text="A division of the customer."
    )


SECTION_FORMS: dict[str, type[SectionForm]] = {
    form.section: form
    for form in (
        NeedForm,
        ObjectiveForm,
        StrategyForm,
        ActionForm,
        ResourceForm,
        MilestoneForm,
        ValuePointForm,
        SwotForm,
        BusinessUnitForm,
    )
}


class NeedLinksForm(ServiceForm):
    """Which goals and pain points a value point answers."""

    needs = PickManyField(
        label="Answers", required=False, invalid="Pick goals and pain points of this plan."
    )

    def __init__(self, *args: Any, pickers: Pickers, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].offer(pickers.needs, lambda n: n.text)  # type: ignore[attr-defined]


WHITESPACE_CHOICES = [("", "—"), *WhitespaceStatus.choices]


class WhitespaceForm(ServiceForm):
    """Where one of our offerings stands with one business unit."""

    business_unit = PickField(
        label="Business unit", required=True, invalid="Pick a business unit of this account."
    )
    offering = PickField(label="Offering", required=True, invalid="Pick one of our offerings.")
    status = forms.ChoiceField(
        choices=WHITESPACE_CHOICES,
        required=False,
        error_messages={
            "invalid_choice": "Unknown status “%(value)s”: pick sold, in progress, open or "
            "not a fit (or — to clear the cell)."
        },
    )
    notes = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, pickers: Pickers, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["business_unit"].offer(pickers.business_units)  # type: ignore[attr-defined]
        self.fields["offering"].offer(pickers.offerings)  # type: ignore[attr-defined]


class OfferingForm(ServiceForm):
    name = forms.CharField(label="Offering", max_length=120, help_text="One of our offerings.")
    description = forms.CharField(required=False, max_length=2000)

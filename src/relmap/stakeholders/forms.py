"""Forms for the map: they check what a user typed, with messages written for them, and
hand clean values to :mod:`relmap.stakeholders.services`.

Plain forms rather than model forms: a model form writes into the instance while it
validates, and the services need the instance untouched to record what changed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from relmap.accounts.forms import ServiceForm
from relmap.stakeholders.choices import (
    Attitude,
    BuyingRole,
    CoverageDepth,
    Seniority,
    Side,
    Status,
    TieKind,
)
from relmap.stakeholders.models import Stakeholder


def scale_field(label: str, *, low: str = "low", high: str = "high", **kwargs: Any) -> Any:
    """A 1-5 rating with the same message for every way of getting it wrong."""
    message = f"{label} must be a whole number from 1 ({low}) to 5 ({high})."
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=5,
        error_messages={"min_value": message, "max_value": message, "invalid": message},
        widget=forms.NumberInput(attrs={"min": 1, "max": 5, "step": 1}),
        **kwargs,
    )


ATTITUDE_CHOICES = [("", "Unknown (not yet assessed)"), *Attitude.choices]
TRUST_CHOICES = [("", "Unknown"), *[(n, f"{n} of 5") for n in range(1, 6)]]


class StakeholderForm(ServiceForm):
    """Every attribute of a stakeholder a user edits (the import id stays with imports)."""

    name = forms.CharField(max_length=200)
    title = forms.CharField(max_length=200, required=False)
    department = forms.CharField(label="Department / business unit", max_length=200, required=False)
    side = forms.ChoiceField(choices=Side.choices, initial=Side.CUSTOMER)
    seniority = forms.ChoiceField(
        choices=[("", "Not recorded"), *Seniority.choices], required=False
    )
    email = forms.EmailField(required=False)
    location = forms.CharField(max_length=200, required=False)
    time_zone = forms.CharField(
        max_length=64, required=False, help_text="For example Europe/London."
    )
    language = forms.CharField(max_length=64, required=False)
    roles = forms.MultipleChoiceField(
        label="Buying roles",
        choices=BuyingRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Roles, not titles: one person may hold several.",
    )
    power = scale_field("Power", initial=3, help_text="Influence over the outcome.")
    interest = scale_field("Interest", initial=3, help_text="How much they care about it.")
    attitude = forms.TypedChoiceField(
        choices=ATTITUDE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Unknown is not neutral: leave it unknown until you have asked.",
        error_messages={
            "invalid_choice": "Attitude must be -2 (opponent) to +2 (champion), or unknown."
        },
    )
    trust = forms.TypedChoiceField(
        label="Trust in us",
        choices=TRUST_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Trust must be 1 (low) to 5 (high), or unknown."},
    )
    status = forms.ChoiceField(choices=Status.choices, initial=Status.ACTIVE)
    status_changed_on = forms.DateField(
        label="Status since",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Filled in with today's date when the status changes and this is left as is.",
    )
    cultural_notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    communication_preferences = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    motivations = forms.CharField(
        label="Motivations (personal and business wins)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    political_agenda = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rationale = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why this person sits where they do on the grid (managers and assessors ask).",
    )

    FIELDSETS = (
        (
            "Who they are",
            ("name", "title", "department", "side", "seniority", "status", "status_changed_on"),
        ),
        ("Position on the map", ("power", "interest", "attitude", "trust", "roles")),
        ("Contact", ("email", "location", "time_zone", "language")),
        (
            "Understanding them",
            (
                "rationale",
                "motivations",
                "political_agenda",
                "cultural_notes",
                "communication_preferences",
            ),
        ),
    )

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.FIELDSETS]

    @classmethod
    def initial_for(cls, stakeholder: Stakeholder) -> dict[str, Any]:
        return {name: getattr(stakeholder, name) for name in cls.base_fields}

    def changes(self, stakeholder: Stakeholder) -> dict[str, Any]:
        """The cleaned values that differ from ``stakeholder``'s, ready for the service.

        A status change without a new date lets the service date it today.
        """
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if getattr(stakeholder, name) != value
        }
        if "status" in data and "status_changed_on" not in data:
            data.pop("status_changed_on", None)
        return data


class MoveForm(ServiceForm):
    """A drop on another cell of the power/interest grid."""

    power = scale_field("Power")
    interest = scale_field("Interest")


def person_label(person: Stakeholder) -> str:
    detail = ", ".join(part for part in (person.title, person.get_side_display()) if part)
    return f"{person.name} ({detail})" if detail else person.name


class PersonChoiceField(forms.ModelChoiceField[Stakeholder]):
    def label_from_instance(self, obj: Stakeholder) -> str:
        return person_label(obj)


class TieForm(ServiceForm):
    """A tie from or to the person whose panel is open."""

    DIRECTIONS = (("out", "this person → other"), ("in", "other → this person"))

    direction = forms.ChoiceField(choices=DIRECTIONS, initial="out", widget=forms.RadioSelect)
    kind = forms.ChoiceField(label="Relationship", choices=TieKind.choices)
    other = PersonChoiceField(
        label="Other person",
        queryset=Stakeholder.objects.none(),
        error_messages={"invalid_choice": "Pick a person on this account's map."},
    )
    strength = scale_field("Strength", low="weak", high="strong", initial=3)
    notes = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, people: QuerySet[Stakeholder], **kwargs: Any) -> None:
        # The panel shows this form next to the coverage form: distinct element ids.
        kwargs.setdefault("auto_id", "tie-%s")
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = people  # type: ignore[attr-defined]


class CoverageForm(ServiceForm):
    """One of our people's relationship with one of theirs, from either end."""

    other = PersonChoiceField(
        label="Person",
        queryset=Stakeholder.objects.none(),
        error_messages={"invalid_choice": "Pick a person on this account's map."},
    )
    current_depth = forms.ChoiceField(choices=CoverageDepth.choices, initial=CoverageDepth.VENDOR)
    desired_depth = forms.ChoiceField(
        choices=CoverageDepth.choices, initial=CoverageDepth.TRUSTED_ADVISOR
    )
    strength = scale_field("Strength", low="weak", high="strong", initial=3)
    notes = forms.CharField(required=False, max_length=2000)

    def __init__(
        self, *args: Any, people: QuerySet[Stakeholder], other_label: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "coverage-%s")
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = people  # type: ignore[attr-defined]
        self.fields["other"].label = other_label

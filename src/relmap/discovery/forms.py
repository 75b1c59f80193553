"""Forms of the discovery pages: they check what a user typed, with messages written for
them, and hand clean values to :mod:`relmap.discovery.services`.

Pickers choose among objects the page has loaded (the account team, the people on the
map, the plan's needs, the initiatives, the question bank), so an id from another
account is refused as an unknown choice before any service runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms

from relmap.accounts.forms import ServiceForm
from relmap.discovery.choices import SpinCategory, Stage
from relmap.planning.choices import NeedKind
from relmap.planning.forms import (
    PickField,
    PickManyField,
    date_field,
    stakeholder_label,
    text_area,
    user_label,
)
from relmap.planning.models import Need


@dataclass(frozen=True)
class Choices:
    """What the pickers offer on one account."""

    team: Sequence[Any] = ()
    people: Sequence[Any] = ()
    initiatives: Sequence[Any] = ()
    needs: Sequence[Any] = ()
    questions: Sequence[Any] = ()


def _offer(form: forms.Form, name: str, objects: Sequence[Any], label: Any = str) -> None:
    form.fields[name].offer(objects, label)  # type: ignore[attr-defined]


class ResearchNoteForm(ServiceForm):
    title = forms.CharField(max_length=200, help_text="What you learnt, in a line.")
    source = forms.CharField(
        max_length=200, required=False, help_text="e.g. “Annual report 2025”, “LinkedIn”."
    )
    link = forms.URLField(
        max_length=500,
        required=False,
        error_messages={"invalid": "Enter a full web address, starting with https://."},
    )
    noted_on = date_field("Noted on", required=False, help_text="Left empty: today.")
    body = forms.CharField(label="Notes", required=False, widget=text_area(3))

    def clean_noted_on(self) -> Any:
        return self.cleaned_data.get("noted_on") or None


class InitiativeForm(ServiceForm):
    title = forms.CharField(max_length=200, help_text="The opportunity to solve, in a line.")
    description = forms.CharField(required=False, widget=text_area(2))
    owner = PickField(label="Owner", required=False, invalid="The owner must be on the team.")

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "owner", choices.team, user_label)


class StageForm(ServiceForm):
    stage = forms.ChoiceField(
        choices=Stage.choices,
        error_messages={"invalid_choice": "Pick research, diagnose, propose or confirm."},
    )
    reason = forms.CharField(
        max_length=300, required=False, help_text="Needed when it goes back a stage."
    )
    on = date_field("On", required=False, help_text="Left empty: today.")


class SessionForm(ServiceForm):
    title = forms.CharField(max_length=200, help_text="e.g. “Discovery call with finance”.")
    held_on = date_field("Held on")
    held_by = PickField(
        label="Led by (our side)", required=False, invalid="Pick someone on the account team."
    )
    initiative = PickField(
        label="Initiative",
        required=False,
        empty_label="— none —",
        invalid="Pick one of this account's initiatives.",
    )
    stakeholders = PickManyField(
        label="Who took part", required=False, invalid="Pick people on this account's map."
    )
    notes = forms.CharField(required=False, widget=text_area(2))
    questions = PickManyField(
        label="Questions to ask",
        required=False,
        invalid="Pick questions of the bank that are still in use.",
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "held_by", choices.team, user_label)
        _offer(self, "initiative", choices.initiatives)
        _offer(self, "stakeholders", choices.people, stakeholder_label)
        _offer(self, "questions", choices.questions)


class AskForm(ServiceForm):
    """Add questions to a session: from the bank, and/or one asked ad hoc."""

    questions = PickManyField(
        label="From the bank",
        required=False,
        invalid="Pick questions of the bank that are still in use.",
    )
    text = forms.CharField(label="Or a question of your own", max_length=300, required=False)
    category = forms.ChoiceField(
        label="Its SPIN category",
        choices=[("", "— none —"), *SpinCategory.choices],
        required=False,
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "questions", choices.questions)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("questions") and not (data.get("text") or "").strip():
            raise forms.ValidationError("Pick a question from the bank or write your own.")
        return data


class AnswerForm(ServiceForm):
    answer = forms.CharField(required=False, widget=text_area(3))
    answered_by = PickField(
        label="Answered by",
        required=False,
        empty_label="— not recorded —",
        invalid="Pick someone who took part in this session.",
    )

    def __init__(self, *args: Any, people: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "answered_by", people, stakeholder_label)


class NeedCaptureForm(ServiceForm):
    """A need, captured into the account plan (from an answer, or on its own)."""

    explicitness = forms.ChoiceField(
        label="Explicit or latent",
        choices=Need.Explicitness.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Say whether they stated the need (explicit) or you uncovered it (latent).",
            "invalid_choice": "Choose explicit or latent.",
        },
    )
    kind = forms.ChoiceField(label="Goal or pain point", choices=NeedKind.choices)
    text = forms.CharField(label="The need", max_length=300, help_text="In their words.")
    stakeholder = PickField(
        label="Voiced by",
        required=False,
        empty_label="— the organisation —",
        invalid="Pick a person on this account's map.",
    )
    evidence = forms.CharField(
        required=False, widget=text_area(2), help_text="What was said or seen."
    )
    business_impact = forms.CharField(
        label="Business impact",
        required=False,
        widget=text_area(2),
        help_text="What it costs them, or would be worth.",
    )
    initiatives = PickManyField(
        label="Initiatives", required=False, invalid="Pick this account's initiatives."
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "stakeholder", choices.people, stakeholder_label)
        _offer(self, "initiatives", choices.initiatives)


class ProposalForm(ServiceForm):
    title = forms.CharField(max_length=200, help_text="The solution, in a line.")
    description = forms.CharField(required=False, widget=text_area(2))
    initiative = PickField(
        label="Initiative",
        required=False,
        empty_label="— none —",
        invalid="Pick one of this account's initiatives.",
    )
    needs = PickManyField(
        label="Needs it answers", required=False, invalid="Pick needs of this account."
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "initiative", choices.initiatives)
        _offer(self, "needs", choices.needs, lambda n: n.text)


class NeedLinksForm(ServiceForm):
    needs = PickManyField(
        label="Needs it answers", required=False, invalid="Pick needs of this account."
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "needs", choices.needs, lambda n: n.text)


class QuestionForm(ServiceForm):
    category = forms.ChoiceField(label="SPIN category", choices=SpinCategory.choices)
    text = forms.CharField(label="Question", max_length=300)
    parent = PickField(
        label="Follow-up of",
        required=False,
        empty_label="— none: a first question —",
        invalid="Pick a question of the bank.",
    )
    purpose = forms.CharField(
        label="Purpose or hint", max_length=300, required=False, help_text="Why ask it."
    )
    active = forms.BooleanField(label="In use", required=False, initial=True)

    def __init__(self, *args: Any, questions: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "parent", questions)

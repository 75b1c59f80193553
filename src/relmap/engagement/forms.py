"""Forms for engagement plans and for logging an interaction by hand.

The forms check what one field can say; the services check the rest (same account,
sides, future times, a reason for departing from the proposal) and their errors are
shown on the field they name.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from relmap.accounts.forms import ServiceForm
from relmap.engagement.choices import Channel, InteractionKind, OutcomeQuality
from relmap.stakeholders.choices import Side, Status
from relmap.stakeholders.models import Stakeholder


class PersonChoice(forms.ModelChoiceField[Stakeholder]):
    def label_from_instance(self, obj: Stakeholder) -> str:
        title = f", {obj.title}" if obj.title else ""
        left = " (left)" if obj.status == Status.LEFT else ""
        return f"{obj.name}{title}{left}"


class PeopleChoice(forms.ModelMultipleChoiceField[Stakeholder]):
    def label_from_instance(self, obj: Stakeholder) -> str:
        title = f", {obj.title}" if obj.title else ""
        return f"{obj.name}{title}"


def _ours(people: QuerySet[Stakeholder]) -> QuerySet[Stakeholder]:
    return people.filter(side=Side.INTERNAL).exclude(status=Status.LEFT)


class PlanForm(ServiceForm):
    objective = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What this relationship should achieve, e.g. 'sponsor the 2027 renewal'.",
    )
    owner = PersonChoice(
        queryset=Stakeholder.objects.none(),
        help_text="One of our people, who keeps the cadence.",
    )
    strategy = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Proposed from their grid quadrant and attitude; edit it if you know better "
            "(and say why), or empty it to take the proposal."
        ),
    )
    strategy_reason = forms.CharField(
        label="Why a different strategy",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the strategy is not the proposed one.",
    )
    channels = forms.MultipleChoiceField(
        choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    cadence_days = forms.IntegerField(
        label="Touchpoint cadence (days)",
        required=False,
        min_value=1,
        max_value=3650,
        help_text="Empty: the proposed cadence (the account tier's, adjusted for the quadrant).",
    )
    message = forms.CharField(
        label="Tailored message / value points",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_step = forms.CharField(max_length=300, required=False)
    next_step_on = forms.DateField(
        label="Next step on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: QuerySet[Stakeholder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, PersonChoice)  # noqa: S101
        owner.queryset = _ours(people)


class InteractionForm(ServiceForm):
    kind = forms.ChoiceField(choices=InteractionKind.choices, initial=InteractionKind.MEETING)
    channel = forms.ChoiceField(choices=[("", "—"), *Channel.choices], required=False)
    subject = forms.CharField(max_length=300, required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.CharField(
        max_length=64,
        help_text="IANA name, e.g. Europe/London or America/New_York.",
    )
    duration_minutes = forms.IntegerField(
        label="Duration (minutes)", required=False, min_value=1, max_value=24 * 60
    )
    their_people = PeopleChoice(
        label="Their people",
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Customer, supplier or partner people who took part.",
    )
    our_people = PeopleChoice(
        label="Our people",
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    initiator = PersonChoice(
        label="Who initiated it",
        queryset=Stakeholder.objects.none(),
        required=False,
        help_text="The organiser or sender; it tells a two-way relationship from a broadcast.",
    )
    outcome_quality = forms.TypedChoiceField(
        choices=[("", "Not rated"), *OutcomeQuality.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    follow_ups = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, people: QuerySet[Stakeholder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = people.exclude(status=Status.LEFT)
        for name, queryset in (
            ("their_people", current.exclude(side=Side.INTERNAL)),
            ("our_people", _ours(people)),
            ("initiator", current),
        ):
            field = self.fields[name]
            assert isinstance(field, PersonChoice | PeopleChoice)  # noqa: S101
            field.queryset = queryset
        self.fields["time_zone"].initial = settings.TIME_ZONE

    def clean_time_zone(self) -> str:
        name = str(self.cleaned_data["time_zone"]).strip()
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                "Unknown time zone %(name)s; use an IANA name such as Europe/London.",
                params={"name": name},
            ) from None
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time, zone = data.get("date"), data.get("time"), data.get("time_zone")
        if day and time and zone:
            data["occurred_at"] = dt.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(zone))
        initiator = data.get("initiator")
        everyone = [*data.get("their_people", []), *data.get("our_people", [])]
        if initiator is not None and everyone and initiator not in everyone:
            self.add_error("initiator", "The initiator must be one of the people who took part.")
        return data

    def participants(self) -> list[tuple[Stakeholder, str]]:
        """(person, role) pairs: the initiator organised or sent it, the rest attended."""
        data = self.cleaned_data
        initiator = data.get("initiator")
        kind = data.get("kind")
        led = "sender" if kind in {InteractionKind.EMAIL, InteractionKind.MESSAGE} else "organizer"
        followed = "to" if led == "sender" else "attendee"
        return [
            (person, led if person == initiator else followed)
            for person in [*data["their_people"], *data.get("our_people", [])]
        ]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "channel": data.get("channel") or "",
            "subject": data.get("subject") or "",
            "occurred_at": data["occurred_at"],
            "duration_minutes": data.get("duration_minutes"),
            "outcome_quality": data.get("outcome_quality"),
            "notes": data.get("notes") or "",
            "follow_ups": data.get("follow_ups") or "",
        }

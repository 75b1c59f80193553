"""Upload files of interactions, and work through the review queue of unknown addresses.

Every view starts from :mod:`relmap.core.visibility`: outsiders get 404, read-only team
members see the pages but get 403 on every POST. Writes go through
:func:`relmap.engagement.ingest.service.ingest_file` and :mod:`relmap.engagement.review`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relmap.accounts.models import Account
from relmap.core.visibility import can_edit_account, get_account_for_user
from relmap.engagement import review
from relmap.engagement.choices import AddressStatus, Source
from relmap.engagement.ingest.service import (
    after_ingest,
    ingest_file,
    max_upload_bytes,
    summary,
    window_from_dates,
)
from relmap.engagement.models import IngestRun, UnknownAddress
from relmap.stakeholders.choices import Side
from relmap.stakeholders.models import Stakeholder

RECENT_RUNS = 20
QUEUE_PAGE = 200


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        if isinstance(data, list | tuple):
            data = None
        return [single(data, initial)]


class UploadForm(forms.Form):
    upload = MultipleFileField(
        label="Files",
        help_text="Calendars (.ics), mail (.mbox, .eml) or CSV activity exports; several at once.",
    )
    source = forms.ChoiceField(
        label="Kind of file",
        required=False,
        choices=[
            ("", "Detect from the file"),
            *[(c, lbl) for c, lbl in Source.choices if c != Source.MANUAL],
        ],
    )
    window_from = forms.DateField(
        label="Expand recurring events from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    window_to = forms.DateField(
        label="to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_upload(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["upload"]
        limit = max_upload_bytes()
        for upload in files:
            if upload.size > limit:
                raise ValidationError(
                    f"{upload.name} is {upload.size // (1024 * 1024)} MB; the limit is "
                    f"{limit // (1024 * 1024)} MB per file."
                )
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("window_from"), data.get("window_to")
        if start or end:
            try:
                data["window"] = window_from_dates(start, end)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["window"]) from None
        return data


class CreateForm(forms.Form):
    name = forms.CharField(max_length=200)
    side = forms.ChoiceField(choices=Side.choices)
    title = forms.CharField(max_length=200, required=False)


def _runs(account: Account) -> list[IngestRun]:
    return list(IngestRun.objects.filter(account=account).select_related("actor")[:RECENT_RUNS])


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=request.method == "POST")
    results: list[tuple[IngestRun, list[str]]] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            runs = [
                ingest_file(
                    actor=request.user,
                    account=account,
                    name=upload.name,
                    data=upload.read(),
                    source=form.cleaned_data.get("source") or None,
                    window=form.cleaned_data.get("window"),
                )
                for upload in form.cleaned_data["upload"]
            ]
            after_ingest(account, runs)
            results = [(run, summary(run)) for run in runs]
    else:
        form = UploadForm()
    return render(
        request,
        "engagement/ingest/upload.html",
        {
            "account": account,
            "form": form,
            "results": results,
            "runs": _runs(account),
            "can_edit": can_edit_account(request.user, account),
            "pending": UnknownAddress.objects.filter(
                account=account, status=AddressStatus.PENDING
            ).count(),
        },
        status=422 if request.method == "POST" and not form.is_valid() else 200,
    )


@require_GET
def review_queue(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk)
    status = request.GET.get("status", AddressStatus.PENDING)
    if status not in AddressStatus.values:
        status = AddressStatus.PENDING
    addresses = list(review.addresses_of(account, status)[:QUEUE_PAGE])
    people = list(
        Stakeholder.objects.filter(account=account)
        .order_by("name")
        .only("id", "name", "side", "title", "email")
    )
    ours = _internal_domains(people)
    rows = [
        {
            "address": a,
            "name": review.suggested_name(a),
            "side": Side.INTERNAL if a.email.rsplit("@", 1)[-1] in ours else Side.CUSTOMER,
        }
        for a in addresses
    ]
    return render(
        request,
        "engagement/ingest/review.html",
        {
            "account": account,
            "rows": rows,
            "people": people,
            "sides": Side.choices,
            "status": status,
            "statuses": AddressStatus.choices,
            "can_edit": can_edit_account(request.user, account),
        },
    )


def _internal_domains(people: list[Stakeholder]) -> set[str]:
    return {
        p.email.rsplit("@", 1)[-1].lower()
        for p in people
        if p.side == Side.INTERNAL and "@" in p.email
    }


def _address(account: Account, pk: int) -> UnknownAddress:
    try:
        return review.get_address(account, pk)
    except UnknownAddress.DoesNotExist:
        raise Http404("No such address on this account.") from None


@require_POST
def resolve(request: HttpRequest, account_pk: int, pk: int, action: str) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk, for_edit=True)
    with transaction.atomic():
        address = _address(account, pk)
        try:
            if action == "map":
                try:
                    stakeholder = Stakeholder.objects.get(
                        account=account, pk=int(request.POST.get("stakeholder", ""))
                    )
                except (ValueError, Stakeholder.DoesNotExist):
                    raise ValidationError("Choose a person on this account's map.") from None
                added = review.address_map(
                    actor=request.user, address=address, stakeholder=stakeholder
                )
                messages.success(
                    request, f"{address.email} is now {stakeholder.name} ({added} interaction(s))."
                )
            elif action == "create":
                form = CreateForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(
                        [
                            f"{field}: {' '.join(str(e) for e in errs)}"
                            for field, errs in form.errors.items()
                        ]
                    )
                person = review.address_create_stakeholder(
                    actor=request.user, address=address, **form.cleaned_data
                )
                messages.success(request, f"{person.name} was added to the map.")
            elif action == "ignore":
                review.address_ignore(actor=request.user, address=address)
                messages.success(request, f"{address.email} will be ignored.")
            else:
                raise Http404("No such action.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            response = redirect("ingest:review", account_pk=account.pk)
            response.status_code = 303
            return response
    response = redirect("ingest:review", account_pk=account.pk)
    response.status_code = 303
    return response

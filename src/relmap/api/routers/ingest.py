"""``/api/accounts/{account_id}/ingest``: upload files of interactions; and the review
queue of ``/unknown-addresses``. Same services, permissions and validation as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from relmap.api.access import account_for, caller, stakeholder_in_body
from relmap.api.errors import InvalidInputError
from relmap.api.schemas.ingest import (
    CreateIn,
    IngestRunOut,
    MapIn,
    ResolvedOut,
    UnknownAddressOut,
)
from relmap.engagement import review
from relmap.engagement.choices import AddressStatus, Source
from relmap.engagement.ingest.service import (
    after_ingest,
    ingest_file,
    max_upload_bytes,
    window_from_dates,
)
from relmap.engagement.models import IngestRun, UnknownAddress

router = Router(tags=["ingest"])
MAX_PAGE = 1000
SOURCES = [c for c in Source.values if c != Source.MANUAL]


@router.post(
    "/{account_id}/ingest",
    response={201: IngestRunOut, 422: IngestRunOut},
    summary="Ingest a file of interactions (.ics, .mbox, .eml, .csv)",
)
def ingest(
    request: HttpRequest,
    account_id: int,
    file: File[UploadedFile],
    source: Form[str] = "",
    window_from: Form[dt.date | None] = None,
    window_to: Form[dt.date | None] = None,
) -> Status[Any]:
    """201 with the run's report; 422 with the run when the file was refused whole
    (``report.refused`` says why), 413 when the file is larger than the limit."""
    account = account_for(request, account_id, for_edit=True)
    limit = max_upload_bytes()
    if file.size is not None and file.size > limit:
        raise HttpError(413, f"The file is larger than the limit of {limit // (1024 * 1024)} MB.")
    if source and source not in SOURCES:
        raise InvalidInputError(
            "source", f"Unknown source {source!r}; use one of {', '.join(SOURCES)}."
        )
    window = window_from_dates(window_from, window_to) if (window_from or window_to) else None
    run = ingest_file(
        actor=caller(request),
        account=account,
        name=file.name or "upload",
        data=file.read(),
        source=source or None,
        window=window,
    )
    after_ingest(account, [run])
    return Status(201 if run.ok else 422, run)


@router.get("/{account_id}/ingest/runs", response=list[IngestRunOut], summary="List ingest runs")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_runs(request: HttpRequest, account_id: int) -> QuerySet[IngestRun]:
    return IngestRun.objects.filter(account=account_for(request, account_id))


@router.get(
    "/{account_id}/unknown-addresses",
    response=list[UnknownAddressOut],
    summary="The review queue of unknown addresses",
)
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE)
def list_addresses(
    request: HttpRequest, account_id: int, status: Query[str] = ""
) -> QuerySet[UnknownAddress]:
    if status and status not in AddressStatus.values:
        raise InvalidInputError(
            "status", f"Unknown status {status!r}; use one of {', '.join(AddressStatus.values)}."
        )
    return review.addresses_of(account_for(request, account_id), status or None)


def _address(request: HttpRequest, account_id: int, address_id: int) -> UnknownAddress:
    account = account_for(request, account_id, for_edit=True)
    try:
        return review.get_address(account, address_id)
    except UnknownAddress.DoesNotExist:
        raise Http404(f"No unknown address {address_id} on this account.") from None


@router.post(
    "/{account_id}/unknown-addresses/{address_id}/map",
    response=ResolvedOut,
    summary="Map an address to a person on the map",
)
def map_address(
    request: HttpRequest, account_id: int, address_id: int, payload: MapIn
) -> dict[str, Any]:
    with transaction.atomic():
        address = _address(request, account_id, address_id)
        person = stakeholder_in_body(address.account, payload.stakeholder_id, "stakeholder_id")
        added = review.address_map(actor=caller(request), address=address, stakeholder=person)
    return {"address": address, "stakeholder_id": person.pk, "participations": added}


@router.post(
    "/{account_id}/unknown-addresses/{address_id}/create",
    response={201: ResolvedOut},
    summary="Create a stakeholder from an address",
)
def create_from_address(
    request: HttpRequest, account_id: int, address_id: int, payload: CreateIn
) -> Status[Any]:
    with transaction.atomic():
        address = _address(request, account_id, address_id)
        pending = address.pending_participations.count()
        person = review.address_create_stakeholder(
            actor=caller(request),
            address=address,
            name=payload.name,
            side=payload.side,
            title=payload.title,
        )
    return Status(201, {"address": address, "stakeholder_id": person.pk, "participations": pending})


@router.post(
    "/{account_id}/unknown-addresses/{address_id}/ignore",
    response=ResolvedOut,
    summary="Ignore an address",
)
def ignore_address(request: HttpRequest, account_id: int, address_id: int) -> dict[str, Any]:
    with transaction.atomic():
        address = _address(request, account_id, address_id)
        dropped = review.address_ignore(actor=caller(request), address=address)
    return {"address": address, "stakeholder_id": None, "participations": dropped}

"""Schemas of ``/api/accounts/{account_id}/ingest`` and ``/unknown-addresses``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from relmap.api.schemas.common import InSchema, Name, RecordId
from relmap.stakeholders.choices import Side


class IngestRunOut(Schema):
    """One file ingested or refused, with its report: ``report.skipped_by_reason`` counts
    skipped items by reason with examples; ``report.refused`` says why a file was refused."""

    id: int
    account_id: RecordId
    source: str
    file_name: str
    sha256: str
    ok: bool
    added: int
    already_present: int
    skipped: int
    new_unknown_addresses: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    report: dict[str, Any]


class UnknownAddressOut(Schema):
    id: int
    account_id: RecordId
    email: str
    display_name: str
    seen_count: int
    first_seen_at: dt.datetime | None
    last_seen_at: dt.datetime | None
    status: str
    stakeholder_id: int | None
    resolved_at: dt.datetime | None


class MapIn(InSchema):
    """The person on this account's map whose address it is."""

    stakeholder_id: RecordId


class CreateIn(InSchema):
    """A new stakeholder from the address (its e-mail filled in)."""

    name: Name
    side: Side = Side.CUSTOMER
    title: str = Field("", max_length=200)


class ResolvedOut(Schema):
    address: UnknownAddressOut
    stakeholder_id: int | None
    participations: int = Field(
        description="Participations added (map, create) or dropped (ignore)."
    )

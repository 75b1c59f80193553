"""One error format for the whole API, and the handlers that produce it.

Every error is JSON ``{"detail": "<one sentence for a person>", "errors": [...]}``;
``errors`` lists ``{"field": <name or null>, "source": "body"|"query"|"path"|null,
"message": ...}`` for input problems and is empty otherwise. Status codes:

- 400 the body is not JSON;
- 401 no credentials, or an unknown or revoked token;
- 403 read-only access to the account, or a failed CSRF check;
- 404 an id in the URL that does not exist or belongs to an account the caller cannot see;
- 409 the database refused the change as a conflict (e.g. a duplicate in a race);
- 422 invalid input, from the schema or from a service's validation (including ids in
  the body that are not on this account).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

# Services speak in model field names; the API names foreign keys with an ``_id``.
API_FIELD_NAMES = {
    "source": "source_id",
    "target": "target_id",
    "our_person": "our_person_id",
    "their_person": "their_person_id",
    "owner": "owner_id",
}
# Pydantic's locations start with where the value came from and, for bodies, the name of
# the view argument; neither helps the caller.
ARGUMENT_NAMES = frozenset({"payload", "filters", "pagination"})


class InvalidInputError(Exception):
    """Input that passed the schema but refers to something that is not there (422)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def error_item(field: str | None, message: str, source: str | None = None) -> dict[str, Any]:
    return {"field": field, "source": source, "message": message}


def error_body(detail: str, errors: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    return {"detail": detail, "errors": list(errors)}


def summary(errors: list[dict[str, Any]]) -> str:
    parts = [f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors]
    return "Invalid input. " + " ".join(
        part if part.endswith(".") else part + "." for part in parts
    )


def schema_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    out = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        source = loc[0] if loc else None
        names = [part for part in loc[1:] if part not in ARGUMENT_NAMES]
        out.append(error_item(".".join(names) or None, str(error.get("msg", "")), source))
    return out


def service_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            error_item(
                None if field == NON_FIELD_ERRORS else API_FIELD_NAMES.get(field, field),
                message,
                "body",
            )
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [error_item(None, message, "body") for message in exc.messages]


def register_error_handlers(api: NinjaAPI) -> None:
    """Install the handlers on ``api``; these replace ninja's defaults for the same classes."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(NinjaValidationError)
    def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = schema_errors(exc)
        return respond(request, 422, error_body(summary(errors), errors))

    @api.exception_handler(DjangoValidationError)
    def on_service_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = service_errors(exc)
        return respond(request, 422, error_body(summary(errors), errors))

    @api.exception_handler(InvalidInputError)
    def on_invalid_input(request: HttpRequest, exc: InvalidInputError) -> HttpResponse:
        errors = [error_item(exc.field, exc.message, "body")]
        return respond(request, 422, error_body(summary(errors), errors))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 400 and isinstance(exc.__cause__, json.JSONDecodeError):
            message = f"The request body is not valid JSON ({exc.__cause__.msg})."
        elif isinstance(exc, AuthenticationError) and message == "Unauthorized":
            message = "Authentication required: send 'Authorization: Bearer <token>' or log in."
        return respond(request, exc.status_code, error_body(message))

    @api.exception_handler(Http404)
    @api.exception_handler(ObjectDoesNotExist)
    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc) if isinstance(exc, Http404) and str(exc) else "Not found."
        return respond(request, 404, error_body(message))

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, error_body(str(exc) or "Forbidden."))

    @api.exception_handler(IntegrityError)
    def on_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        logger.info("API write refused by the database: %s", exc)
        return respond(
            request,
            409,
            error_body("The change conflicts with data saved meanwhile (e.g. a duplicate)."),
        )

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unexpected API error", exc_info=exc)
        return respond(request, 500, error_body("Internal error; it has been logged."))

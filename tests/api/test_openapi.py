"""The OpenAPI schema and the interactive docs."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.test_access import ELSEWHERE

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/accounts",
    "/api/accounts/{account_id}",
    "/api/accounts/{account_id}/team",
    "/api/accounts/{account_id}/team/{user_id}",
    "/api/accounts/{account_id}/stakeholders",
    "/api/accounts/{account_id}/stakeholders/{stakeholder_id}",
    "/api/accounts/{account_id}/ties",
    "/api/accounts/{account_id}/ties/{tie_id}",
    "/api/accounts/{account_id}/coverage",
    "/api/accounts/{account_id}/coverage/{coverage_id}",
    "/api/accounts/{account_id}/analysis",
    "/api/accounts/{account_id}/warm-path/{stakeholder_id}",
    "/api/accounts/{account_id}/selection",
    "/api/accounts/{account_id}/selection/scores",
    "/api/accounts/{account_id}/selection/tier",
    "/api/accounts/{account_id}/stages",
    "/api/accounts/{account_id}/financials",
    "/api/accounts/{account_id}/financials/{period_id}",
    "/api/accounts/{account_id}/financials/import",
    "/api/accounts/{account_id}/value",
    "/api/accounts/{account_id}/plan",
    "/api/accounts/{account_id}/plan/whitespace",
    "/api/accounts/{account_id}/plan/revisions",
    "/api/accounts/{account_id}/plan/diff",
    *(
        f"/api/accounts/{{account_id}}/plan/{section}{item}"
        for section in (
            "needs",
            "objectives",
            "strategies",
            "actions",
            "resources",
            "milestones",
            "value-points",
            "swot",
            "business-units",
        )
        for item in ("", "/{item_id}")
    ),
    "/api/portfolio",
    "/api/portfolio/effort-findings",
    "/api/portfolio/criteria",
    "/api/portfolio/criteria/{axis}",
    "/api/portfolio/settings",
    "/api/portfolio/tier-policies",
    "/api/portfolio/tier-policies/{tier}",
    "/api/portfolio/offerings",
}


def test_the_schema_is_json_with_every_path() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"] == {
        "title": "relmap API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert set(schema["paths"]) == PATHS | {path for _, path in ELSEWHERE}
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_inputs_and_outputs_are_separate_schemas() -> None:
    schema = Client().get("/api/openapi.json").json()
    names = set(schema["components"]["schemas"])
    assert {"StakeholderIn", "StakeholderPatch", "StakeholderOut"} <= names
    inputs = set()
    outputs = set()
    for methods in schema["paths"].values():
        for operation in methods.values():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                inputs.add(body["schema"]["$ref"])
            for answer in operation["responses"].values():
                content = answer.get("content", {}).get("application/json", {})
                outputs.add(json.dumps(content.get("schema", {})))
    assert inputs
    assert not any(ref in text for ref in inputs for text in outputs)


def test_the_schema_documents_the_scales() -> None:
    schema = Client().get("/api/openapi.json").json()
    fields = schema["components"]["schemas"]["StakeholderIn"]["properties"]
    assert (fields["power"]["minimum"], fields["power"]["maximum"]) == (1, 5)
    attitude = fields["attitude"]["anyOf"]
    assert {"type": "integer", "minimum": -2, "maximum": 2} in attitude
    assert {"type": "null"} in attitude


def test_the_docs_render_for_a_logged_in_user(owner: Any, session: Callable[[Any], Client]) -> None:
    response = session(owner).get("/api/docs")
    assert response.status_code == 200
    assert b"/api/openapi.json" in response.content
    assert b"swagger" in response.content.lower()


def test_the_docs_page_sends_anonymous_visitors_to_log_in() -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_docs_page_loads_nothing_from_other_sites(
    owner: Any, session: Callable[[Any], Client]
) -> None:
    # The CSP allows scripts from 'self' only: Swagger UI must come from our static files.
    html = session(owner).get("/api/docs").content.decode()
    assert "https://" not in html

"""The account page: three views of one map, filters, findings, and the htmx refresh."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from .conftest import World, htmx

pytestmark = pytest.mark.django_db


def map_url(w: World, query: str = "") -> str:
    return reverse("stakeholders:map", kwargs={"account_pk": w.account.pk}) + query


def map_data(content: str) -> Any:
    match = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', content)
    assert match, "the page carries its map as json_script"
    return json.loads(match.group(1))


def test_it_shows_the_three_views_and_the_findings(client: Client, world: World) -> None:
    client.force_login(world.owner)
    content = client.get(map_url(world)).content.decode()
    for tab in ("Org chart", "Influence network", "Power/interest grid"):
        assert f">{tab}</button>" in content
    assert 'role="tablist"' in content
    assert "Mendelow" in content
    assert 'id="findings"' in content
    assert "Nobody covers Cat Chen" in content


def test_the_map_goes_to_the_page_as_json(client: Client, world: World) -> None:
    client.force_login(world.owner)
    data = map_data(client.get(map_url(world)).content.decode())
    ann = next(p for p in data["people"] if p["id"] == world.ann.pk)
    assert ann["quadrant"] == "key_players"
    assert ann["attitude"] == 1
    assert ann["roles"] == ["economic_buyer"]
    bob = next(p for p in data["people"] if p["id"] == world.bob.pk)
    assert bob["attitude"] is None  # unknown, not neutral
    assert data["ties"] == [
        {
            "id": world.tie.pk,
            "source": world.bob.pk,
            "target": world.ann.pk,
            "kind": "reports_to",
            "strength": 3,
        }
    ]


def test_the_grid_places_each_person_in_their_cell(client: Client, world: World) -> None:
    client.force_login(world.owner)
    content = client.get(map_url(world)).content.decode()
    cell = re.search(
        r'data-power="5" data-interest="4" data-quadrant="key_players".*?</ul>', content, re.S
    )
    assert cell
    assert f'data-person="{world.ann.pk}"' in cell.group(0)


def test_filters_and_view_come_from_the_query_string(client: Client, world: World) -> None:
    client.force_login(world.owner)
    content = client.get(map_url(world, "?view=grid&side=internal&role=economic_buyer")).content
    text = content.decode()
    assert '<option value="internal" selected>' in text
    assert '<option value="economic_buyer" selected>' in text
    assert re.search(r'id="tab-grid" aria-controls="view-grid" aria-selected="true"', text)
    assert re.search(r'id="view-org" aria-labelledby="tab-org" hidden', text)


def test_the_department_filter_offers_the_maps_departments(client: Client, world: World) -> None:
    client.force_login(world.owner)
    text = client.get(map_url(world)).content.decode()
    assert '<option value="Finance">Finance</option>' in text
    assert '<option value="IT">IT</option>' in text


def test_after_a_write_htmx_gets_only_the_state_partial(client: Client, world: World) -> None:
    client.force_login(world.owner)
    response = client.get(map_url(world), headers=htmx("map-state"))
    text = response.content.decode()
    assert "<html" not in text
    for element in ("map-data-box", "grid-board", "findings", "map-stats"):
        assert re.search(rf'id="{element}"[^>]*hx-swap-oob="true"', text), element
    assert map_data(text)["people"]


def test_a_read_only_member_gets_no_editing_controls(client: Client, world: World) -> None:
    client.force_login(world.viewer)
    text = client.get(map_url(world)).content.decode()
    assert "Read only" in text
    assert 'draggable="true"' not in text
    assert "Add stakeholder" not in text
    assert 'data-can-edit="false"' in text


def test_an_unknown_account_is_not_found(client: Client, world: World) -> None:
    client.force_login(world.owner)
    response = client.get(reverse("stakeholders:map", kwargs={"account_pk": 999999}))
    assert response.status_code == 404
    assert b"belongs to a team you are not on" in response.content

"""Server-side drawings of a map: valid SVG naming everyone, PNG for reports."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from relmap.stakeholders.mapfile import import_csv_files
from relmap.stakeholders.models import Stakeholder
from relmap.stakeholders.render import RenderError, render, render_svg
from relmap.stakeholders.selectors import analyse_account
from relmap.stakeholders.services import tie_create

pytestmark = pytest.mark.django_db

NORTHWIND = Path(__file__).resolve().parents[1] / "fixtures" / "maps" / "northwind"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def northwind(owner: Any) -> Any:
    return import_csv_files(
        actor=owner,
        account_name="Northwind Health",
        people=NORTHWIND / "people.csv",
        ties=NORTHWIND / "ties.csv",
        coverage=NORTHWIND / "coverage.csv",
    ).account


def all_text(svg: str) -> str:
    root = ET.fromstring(svg.encode("utf-8"))  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    return " ".join(root.itertext())


@pytest.mark.parametrize("view", ["org", "grid", "network"])
def test_each_view_is_valid_svg_naming_every_active_person(northwind: Any, view: str) -> None:
    svg = render_svg(analyse_account(northwind), view)

    text = all_text(svg)
    for person in Stakeholder.objects.filter(account=northwind).exclude(status="left"):
        assert person.name in text
    assert "Liam O'Brien" not in text  # has left: counted in a footnote, not drawn
    assert "1 person who has left is not shown." in text


def test_the_grid_uses_the_quadrant_names_of_the_analysis(northwind: Any) -> None:
    analysed = analyse_account(northwind)
    text = all_text(render_svg(analysed, "grid"))
    for label in {s.quadrant_label for s in analysed.analysis.stakeholders}:
        assert label in text


def test_the_network_is_drawn_the_same_way_every_time(northwind: Any) -> None:
    first = render_svg(analyse_account(northwind), "network")
    assert render_svg(analyse_account(northwind), "network") == first
    root = ET.fromstring(first.encode("utf-8"))  # noqa: S314 - our own output
    dashed = root.findall(f".//{SVG}path[@stroke-dasharray='7 4']")
    assert len(dashed) == 2  # the two advises ties
    red = root.findall(f".//{SVG}path[@stroke='#e53935']")
    assert len(red) == 1  # the conflict
    arrows = root.findall(f".//{SVG}path[@marker-end]")
    assert len(arrows) == 3 + 2  # influences and advises are directed


def test_names_are_escaped(owner: Any, account: Any, person: Any) -> None:
    ann = person(account, 'Ann <"CFO"> & Co', title="<script>alert(1)</script>")
    bob = person(account, "Bob")
    tie_create(actor=owner, account=account, source=ann, target=bob, kind="reports_to")
    tie_create(actor=owner, account=account, source=ann, target=bob, kind="influences")
    for view in ("org", "grid", "network"):
        svg = render_svg(analyse_account(account), view)
        assert "<script>" not in svg
        assert 'Ann <"CFO"> & Co' in all_text(svg)


def test_a_map_with_one_person_and_no_ties_renders(account: Any, person: Any) -> None:
    person(account, "Ann")
    for view in ("org", "grid", "network"):
        assert "Ann" in all_text(render_svg(analyse_account(account), view))


def test_png_output_is_a_png(northwind: Any) -> None:
    png = render(analyse_account(northwind), view="grid", fmt="png")
    assert png.startswith(PNG_SIGNATURE)


def test_an_unknown_view_is_refused(northwind: Any) -> None:
    with pytest.raises(RenderError, match="Unknown view 'pie'"):
        render_svg(analyse_account(northwind), "pie")

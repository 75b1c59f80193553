"""``relmap render-map``: an SVG or PNG file of one view of the map."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("view", ["org", "network", "grid"])
def test_it_writes_an_svg_file(northwind: str, run: Any, tmp_path: Path, view: str) -> None:
    out = tmp_path / f"{view}.svg"
    result = run("render_map", northwind, "--view", view, "--out", str(out), "--user", "olivia")

    assert f"({view} view, svg," in result.stdout
    root = ET.parse(out).getroot()  # noqa: S314 - our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Sofia Lindqvist" in " ".join(root.itertext())


def test_it_writes_a_png_file(northwind: str, run: Any, tmp_path: Path) -> None:
    out = tmp_path / "org.out"
    run("render_map", northwind, "--format", "png", "--out", str(out), "--user", "olivia")
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_an_outsider_cannot_render_another_teams_account(
    northwind: str, outsider: Any, run: Any, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="No account named 'Northwind Health'"):
        run("render_map", northwind, "--out", str(tmp_path / "x.svg"), "--user", "oscar")

"""Charts rendered on the server, for exports and reports: an Apache ECharts option (the
same one a page draws in the browser) rendered to SVG by ECharts itself under Node
(``chart_ssr.cjs``), and to PNG from that SVG with CairoSVG. Node is already what
installs relmap's front-end libraries; nothing is drawn by hand."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import cairosvg
from django.conf import settings

SCRIPT = Path(__file__).with_name("chart_ssr.cjs")
TIMEOUT_S = 20


class ChartRenderError(RuntimeError):
    """The chart could not be rendered (Node or ECharts missing, or it failed)."""


def render_svg(option: dict[str, Any], *, width: int = 720, height: int = 320) -> str:
    """The chart as an SVG document."""
    node = shutil.which("node")
    echarts = Path(settings.NODE_MODULES_DIR) / "echarts"
    if node is None:
        raise ChartRenderError("Node.js is needed to render charts on the server.")
    if not echarts.is_dir():
        raise ChartRenderError(f"ECharts is not installed in {echarts.parent} (run npm ci).")
    try:
        done = subprocess.run(  # noqa: S603 - our script, our arguments
            [node, str(SCRIPT), str(echarts), str(width), str(height)],
            input=json.dumps(option),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ChartRenderError("Rendering the chart took too long.") from None
    if done.returncode != 0 or not done.stdout.startswith("<svg"):
        raise ChartRenderError(f"ECharts could not render the chart: {done.stderr.strip()[:300]}")
    return done.stdout


def render_png(option: dict[str, Any], *, width: int = 720, height: int = 320) -> bytes:
    """The chart as a PNG image, at twice the size for print."""
    svg = render_svg(option, width=width, height=height)
    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2)
    assert isinstance(png, bytes)  # noqa: S101 - svg2png returns bytes without write_to
    return png

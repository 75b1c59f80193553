"""Server-side drawings of an account's map, as SVG (and PNG through cairosvg), for
reports and the command line.

Three views:

- ``org``: the formal organisation, a tree per top person from the ``reports_to`` ties
  (igraph's Reingold-Tilford layout), dotted-line reporting drawn dashed; people outside
  any reporting line are listed in a block below.
- ``network``: the informal ties (influences, advises, allied with, in conflict with);
  igraph's Fruchterman-Reingold layout from a fixed start and a fixed random seed, so
  the same map always gives the same picture. Circle size is the influence score, colour
  the attitude (grey for unknown).
- ``grid``: the Mendelow power/interest grid with the quadrant names of the analysis;
  people sharing a cell are stacked so that names never overlap.

People who have left are not drawn (a footnote counts them). The SVG is written by hand:
every piece of user text goes through :func:`xml.sax.saxutils.escape` / ``quoteattr``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape, quoteattr

import igraph

from relmap.analytics import QUADRANT_LABELS, QUADRANT_STRATEGIES, AnalysisConfig, quadrant
from relmap.analytics.results import StakeholderAnalysis
from relmap.stakeholders.choices import Side, Status, TieKind
from relmap.stakeholders.models import Stakeholder
from relmap.stakeholders.selectors import AnalysedMap

VIEWS: Final = ("org", "network", "grid")
FORMATS: Final = ("svg", "png")

FONT: Final = "Helvetica, Arial, sans-serif"
INK: Final = "#263238"
MUTED: Final = "#607d8b"
RULE: Final = "#cfd8dc"
OURS: Final = "#1565c0"

# Red -> amber -> green, grey for unknown (attitude -2..+2 or None).
ATTITUDE_COLOURS: Final[dict[int | None, str]] = {
    -2: "#c62828",
    -1: "#ef6c00",
    0: "#f9a825",
    1: "#7cb342",
    2: "#2e7d32",
    None: "#9e9e9e",
}
ATTITUDE_NAMES: Final[dict[int | None, str]] = {
    2: "Champion (+2)",
    1: "Supporter (+1)",
    0: "Neutral (0)",
    -1: "Sceptic (-1)",
    -2: "Opponent (-2)",
    None: "Unknown",
}


@dataclass(frozen=True, slots=True)
class TieStyle:
    label: str
    colour: str
    dash: str
    directed: bool


TIE_STYLES: Final[dict[str, TieStyle]] = {
    TieKind.INFLUENCES: TieStyle("influences", "#455a64", "", True),
    TieKind.ADVISES: TieStyle("advises", "#1e88e5", "7 4", True),
    TieKind.ALLIED_WITH: TieStyle("allied with", "#43a047", "1.5 4", False),
    TieKind.IN_CONFLICT_WITH: TieStyle("in conflict with", "#e53935", "", False),
}
QUADRANT_FILLS: Final[dict[str, str]] = {
    "key_players": "#e3f2fd",
    "keep_satisfied": "#fff8e1",
    "keep_informed": "#e8f5e9",
    "minimal_effort": "#f5f5f5",
}


class RenderError(ValueError):
    """Asked for a view or format that does not exist."""


# Drawing primitives -------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """A rough width of ``text`` in pixels (no font metrics on the server)."""
    return len(text) * size * (0.6 if bold else 0.55)


def _fit(text: str, width: float, size: float, *, bold: bool = False) -> str:
    if _text_width(text, size, bold=bold) <= width:
        return text
    keep = max(1, int(width / (size * (0.6 if bold else 0.55))) - 1)
    return text[:keep].rstrip() + "…"


class _Svg:
    def __init__(self) -> None:
        self.defs: list[str] = []
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(
        self,
        x: float,
        y: float,
        content: str,
        *,
        size: float = 12,
        fill: str = INK,
        weight: str = "normal",
        anchor: str = "start",
        extra: str = "",
    ) -> None:
        self.add(
            f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" fill="{fill}" '
            f'font-weight="{weight}" text-anchor="{anchor}"{extra}>{escape(content)}</text>'
        )

    def document(self, width: float, height: float, title: str) -> str:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_num(width)}" '
            f'height="{_num(height)}" viewBox="0 0 {_num(width)} {_num(height)}" '
            f'font-family="{FONT}" role="img" aria-label={quoteattr(title)}>\n'
            f"<title>{escape(title)}</title>\n"
        )
        defs = "<defs>\n" + "\n".join(self.defs) + "\n</defs>\n" if self.defs else ""
        background = f'<rect width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>\n'
        return head + defs + background + "\n".join(self.parts) + "\n</svg>\n"


def _header(svg: _Svg, title: str, subtitle: str) -> float:
    svg.text(32, 44, title, size=22, weight="bold")
    svg.text(32, 68, subtitle, size=13, fill=MUTED)
    return 96.0


def _legend_attitudes(svg: _Svg, x: float, y: float) -> float:
    svg.text(x, y, "Attitude", size=12, weight="bold")
    y += 8
    for value in (2, 1, 0, -1, -2, None):
        y += 20
        svg.add(
            f'<circle cx="{_num(x + 7)}" cy="{_num(y - 4)}" r="6" '
            f'fill="{ATTITUDE_COLOURS[value]}"/>'
        )
        svg.text(x + 20, y, ATTITUDE_NAMES[value], size=12)
    return y


def _footnote(svg: _Svg, people: Sequence[Stakeholder], x: float, y: float) -> None:
    left = sum(1 for s in people if s.status == Status.LEFT)
    if left:
        who = "person who has left is" if left == 1 else "people who have left are"
        svg.text(x, y, f"{left} {who} not shown.", size=11, fill=MUTED)


def _current(people: Iterable[Stakeholder]) -> list[Stakeholder]:
    return sorted((s for s in people if s.status != Status.LEFT), key=lambda s: (s.name, s.pk))


# Org chart ------------------------------------------------------------------------------

BOX_W: Final = 184.0
BOX_H: Final = 58.0
GAP_X: Final = 24.0
GAP_Y: Final = 56.0


def _person_box(svg: _Svg, s: Stakeholder, x: float, y: float) -> None:
    """A card for one person with its top-left corner at (x, y)."""
    border = OURS if s.side == Side.INTERNAL else "#90a4ae"
    colour = ATTITUDE_COLOURS.get(s.attitude, ATTITUDE_COLOURS[None])
    subtitle = s.title or s.department or s.get_side_display()
    if s.status == Status.CHANGED_ROLE:
        subtitle = f"{subtitle} (changed role)"
    svg.add(f"<g><title>{escape(s.name)}{escape(' — ' + s.title if s.title else '')}</title>")
    svg.add(
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(BOX_W)}" height="{_num(BOX_H)}" '
        f'rx="6" fill="#ffffff" stroke="{border}" stroke-width="1.5"/>'
    )
    svg.add(
        f'<rect x="{_num(x)}" y="{_num(y)}" width="7" height="{_num(BOX_H)}" rx="3" '
        f'fill="{colour}"/>'
    )
    svg.text(x + 16, y + 24, _fit(s.name, BOX_W - 24, 13, bold=True), size=13, weight="bold")
    svg.text(x + 16, y + 42, _fit(subtitle, BOX_W - 24, 11), size=11, fill=MUTED)
    svg.add("</g>")


def render_org(analysed: AnalysedMap) -> str:
    """The formal organisation as a forest of reporting trees."""
    data = analysed.data
    people = _current(data.stakeholders)
    index = {s.pk: i for i, s in enumerate(people)}
    manager: dict[int, int] = {}
    for tie in data.ties:
        if tie.kind == TieKind.REPORTS_TO and tie.source_id in index and tie.target_id in index:
            manager[index[tie.source_id]] = index[tie.target_id]
    children: dict[int, list[int]] = {}
    for child, boss in manager.items():
        children.setdefault(boss, []).append(child)
    # Customer-side trees first, ours last; isolated people go in a block of their own.
    roots = sorted(
        (i for i in range(len(people)) if i not in manager and i in children),
        key=lambda i: (people[i].side == Side.INTERNAL, people[i].name),
    )
    loose = [i for i in range(len(people)) if i not in manager and i not in children]

    svg = _Svg()
    title = f"{data.account.name}: organisation chart"
    top = _header(
        svg,
        title,
        f"{len(people)} people · solid lines report to, dashed lines are dotted-line reporting",
    )
    position: dict[int, tuple[float, float]] = {}
    width = 0.0
    y_end = top
    if roots:
        edges = sorted(
            ((boss, child) for child, boss in manager.items()),
            key=lambda e: (people[e[1]].name, e[1]),
        )
        graph = igraph.Graph(n=len(people), edges=edges, directed=True)
        coords = graph.layout_reingold_tilford(mode="out", root=roots).coords
        placed = {i for root in roots for i in graph.subcomponent(root, mode="out")}
        xs = [coords[i][0] for i in placed]
        ys = [coords[i][1] for i in placed]
        for i in placed:
            x = 32 + (coords[i][0] - min(xs)) * (BOX_W + GAP_X)
            y = top + 8 + (coords[i][1] - min(ys)) * (BOX_H + GAP_Y)
            position[i] = (x, y)
        width = max(x for x, _ in position.values()) + BOX_W
        y_end = max(y for _, y in position.values()) + BOX_H
        for child, boss in sorted(manager.items()):
            bx, by = position[boss]
            cx, cy = position[child]
            mid = by + BOX_H + GAP_Y / 2
            svg.add(
                f'<path d="M{_num(bx + BOX_W / 2)} {_num(by + BOX_H)} V{_num(mid)} '
                f'H{_num(cx + BOX_W / 2)} V{_num(cy)}" fill="none" stroke="#78909c" '
                'stroke-width="1.5"/>'
            )
    if loose:
        y_end += 48
        svg.text(32, y_end, "Not in a reporting line", size=14, weight="bold")
        per_row = max(4, int((max(width, 900) - 32) // (BOX_W + GAP_X)))
        for n, i in enumerate(
            sorted(loose, key=lambda i: (people[i].side == Side.INTERNAL, people[i].name))
        ):
            row, col = divmod(n, per_row)
            position[i] = (32 + col * (BOX_W + GAP_X), y_end + 16 + row * (BOX_H + 20))
        width = max(width, max(x for x, _ in position.values()) + BOX_W)
        y_end = max(y for _, y in position.values()) + BOX_H
    # Dotted-line reporting, drawn under the cards.
    for tie in data.ties:
        if tie.kind != TieKind.DOTTED_LINE:
            continue
        if tie.source_id not in index or tie.target_id not in index:
            continue
        sx, sy = position[index[tie.source_id]]
        tx, ty = position[index[tie.target_id]]
        # Off-centre, so that a dotted line never runs along a solid one.
        x1, x2 = sx + BOX_W * 0.75, tx + BOX_W * 0.75
        svg.add(
            f'<path d="M{_num(x1)} {_num(sy)} C{_num(x1)} {_num(sy - GAP_Y)} {_num(x2)} '
            f'{_num(ty + BOX_H + GAP_Y)} {_num(x2)} {_num(ty + BOX_H)}" fill="none" '
            'stroke="#8d6e63" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    for i, (x, y) in sorted(position.items()):
        _person_box(svg, people[i], x, y)
    legend_x = max(width + 48, 32.0)
    legend_end = _legend_attitudes(svg, legend_x, top + 12)
    svg.add(
        f'<rect x="{_num(legend_x)}" y="{_num(legend_end + 22)}" width="14" height="10" '
        f'fill="#ffffff" stroke="{OURS}" stroke-width="1.5"/>'
    )
    svg.text(legend_x + 20, legend_end + 31, "Our people (blue border)", size=12)
    height = max(y_end, legend_end + 40) + 48
    _footnote(svg, data.stakeholders, 32, height - 20)
    return svg.document(legend_x + 190, height, title)


# Influence network ------------------------------------------------------------------------

NET_W: Final = 880.0
LAYOUT_SEED: Final = 20240917
UNIT: Final = 150.0  # pixels per unit edge length of a component's layout


def _radius(score: float) -> float:
    return 9 + 21 * max(0.0, min(100.0, score)) / 100


def _component_layout(
    members: list[int], edges: list[tuple[int, int, float]]
) -> dict[int, tuple[float, float]]:
    """Fruchterman-Reingold positions of one connected group, in pixels from (0, 0)."""
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    local = {m: i for i, m in enumerate(members)}
    pairs = [(local[a], local[b]) for a, b, _ in edges]
    graph = igraph.Graph(n=len(members), edges=pairs, directed=False)
    n = len(members)
    start = [[math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i in range(n)]
    # igraph draws from a process-wide generator: give it a fixed one for this layout
    # only, so that the same map always gives the same drawing.
    igraph.set_random_number_generator(random.Random(LAYOUT_SEED))  # noqa: S311
    try:
        coords = graph.layout_fruchterman_reingold(
            seed=start, weights=[w for _, _, w in edges], niter=1000
        ).coords
    finally:
        igraph.set_random_number_generator(random)
    # Scale so that the median tie is UNIT pixels long, whatever igraph's own units.
    lengths = sorted(
        math.dist(coords[a], coords[b]) for a, b in pairs if coords[a] != coords[b]
    ) or [1.0]
    factor = UNIT / lengths[len(lengths) // 2]
    return {m: (coords[i][0] * factor, coords[i][1] * factor) for m, i in local.items()}


def _network_positions(
    n: int, edges: list[tuple[int, int, float]], width: float
) -> tuple[dict[int, tuple[float, float]], float, float]:
    """Lay out each connected group on its own and pack the groups in rows, largest
    first (one spring layout over disconnected groups pushes them to the corners);
    people without informal ties share the last row. Returns positions relative to the
    drawing's top-left corner, the drawing's width (at least ``width``) and its height."""
    graph = igraph.Graph(n=n, edges=[(a, b) for a, b, _ in edges], directed=False)
    groups = sorted(graph.connected_components(), key=lambda g: (-len(g), min(g)))
    positions: dict[int, tuple[float, float]] = {}
    x = y = row_h = 0.0
    pad = 60.0
    for group in groups:
        members = sorted(group)
        inside = set(members)
        layout = _component_layout(members, [e for e in edges if e[0] in inside])
        xs = [p[0] for p in layout.values()]
        # A group wider than the drawing widens it rather than being cut off.
        width = max(width, max(xs) - min(xs) + 2 * pad)
        ys = [p[1] for p in layout.values()]
        box_w = max(xs) - min(xs) + 2 * pad
        box_h = max(ys) - min(ys) + 2 * pad
        if x > 0 and x + box_w > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for m, (px, py) in layout.items():
            positions[m] = (x + pad + px - min(xs), y + pad + py - min(ys))
        x += box_w
        row_h = max(row_h, box_h)
    return positions, width, y + row_h


def render_network(analysed: AnalysedMap) -> str:
    """Who influences, advises, backs or fights whom."""
    data, analysis = analysed.data, analysed.analysis
    people = _current(data.stakeholders)
    index = {s.pk: i for i, s in enumerate(people)}
    ties = sorted(
        (
            t
            for t in data.ties
            if t.kind in TIE_STYLES and t.source_id in index and t.target_id in index
        ),
        key=lambda t: (t.kind, t.source_id, t.target_id),
    )
    svg = _Svg()
    title = f"{data.account.name}: influence network"
    top = _header(
        svg,
        title,
        f"{len(people)} people, {len(ties)} informal ties · circle size is influence, "
        "colour is attitude",
    )
    for kind, style in TIE_STYLES.items():
        if style.directed:
            svg.defs.append(
                f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
                'markerWidth="13" markerHeight="13" orient="auto-start-reverse" '
                f'markerUnits="userSpaceOnUse"><path d="M0 0 L10 5 L0 10 z" '
                f'fill="{style.colour}"/></marker>'
            )
    score = {
        s.id: s.influence_score
        for s in analysis.stakeholders  # keyed by pk
    }
    radius = [_radius(score.get(s.pk, 0.0)) for s in people]
    offsets, drawing_w, drawing_h = _network_positions(
        len(people),
        [(index[t.source_id], index[t.target_id], float(t.strength)) for t in ties],
        NET_W,
    )
    point = [(32 + offsets[i][0], top + 8 + offsets[i][1]) for i in range(len(people))]
    pairs = {(t.source_id, t.target_id) for t in ties}
    for tie in ties:
        style = TIE_STYLES[tie.kind]
        a, b = index[tie.source_id], index[tie.target_id]
        (x1, y1), (x2, y2) = point[a], point[b]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        sx, sy = x1 + ux * (radius[a] + 2), y1 + uy * (radius[a] + 2)
        ex, ey = x2 - ux * (radius[b] + 3), y2 - uy * (radius[b] + 3)
        width = 1 + 0.5 * tie.strength
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        cap = ' stroke-linecap="round"' if tie.kind == TieKind.ALLIED_WITH else ""
        arrow = f' marker-end="url(#arrow-{tie.kind})"' if style.directed else ""
        # Bend a line when the reverse tie exists too, so that the two do not overlap.
        bend = 0.12 * length if (tie.target_id, tie.source_id) in pairs else 0.0
        mx, my = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
        svg.add(
            f'<path d="M{_num(sx)} {_num(sy)} Q{_num(mx)} {_num(my)} {_num(ex)} {_num(ey)}" '
            f'fill="none" stroke="{style.colour}" stroke-width="{_num(width)}"{dash}{cap}'
            f"{arrow}><title>{escape(people[a].name)} {escape(style.label)} "
            f"{escape(people[b].name)}</title></path>"
        )
    for i, s in enumerate(people):
        x, y = point[i]
        ring = (
            f'stroke="{OURS}" stroke-width="3"'
            if s.side == Side.INTERNAL
            else ('stroke="#ffffff" stroke-width="2"')
        )
        svg.add(
            f"<g><title>{escape(s.name)}: influence {score.get(s.pk, 0.0):.0f}/100</title>"
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(radius[i])}" '
            f'fill="{ATTITUDE_COLOURS.get(s.attitude, ATTITUDE_COLOURS[None])}" {ring}/>'
        )
        # A white halo under the name keeps it readable over lines (drawn as a separate
        # text: not every SVG renderer supports paint-order).
        svg.text(
            x,
            y + radius[i] + 14,
            s.name,
            size=11,
            anchor="middle",
            fill="#ffffff",
            extra=' stroke="#ffffff" stroke-width="4" stroke-linejoin="round"',
        )
        svg.text(x, y + radius[i] + 14, s.name, size=11, anchor="middle")
        svg.add("</g>")
    legend_x = 32 + drawing_w + 24
    y = _legend_attitudes(svg, legend_x, top + 12) + 36
    svg.text(legend_x, y, "Ties", size=12, weight="bold")
    for kind, style in TIE_STYLES.items():
        y += 22
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        arrow = f' marker-end="url(#arrow-{kind})"' if style.directed else ""
        svg.add(
            f'<line x1="{_num(legend_x)}" y1="{_num(y - 4)}" x2="{_num(legend_x + 34)}" '
            f'y2="{_num(y - 4)}" stroke="{style.colour}" stroke-width="2.5"{dash}{arrow}/>'
        )
        svg.text(legend_x + 44, y, style.label + (" (arrow)" if style.directed else ""), size=12)
    y += 36
    svg.text(legend_x, y, "Circle size: influence score", size=12)
    svg.text(legend_x, y + 18, "Blue ring: our people", size=12)
    height = max(top + drawing_h, y + 40) + 40
    _footnote(svg, data.stakeholders, 32, height - 16)
    return svg.document(legend_x + 200, height, title)


# Power/interest grid ----------------------------------------------------------------------

LINE_H: Final = 18.0
CELL_W: Final = 176.0


def render_grid(analysed: AnalysedMap, *, cutoff: int | None = None) -> str:
    """The Mendelow grid: power up, interest right, quadrants named as the analysis
    names them (``cutoff`` defaults to the analysis default)."""
    data, analysis = analysed.data, analysed.analysis
    cutoff = AnalysisConfig().grid_cutoff if cutoff is None else cutoff
    people = _current(data.stakeholders)
    result: dict[int, StakeholderAnalysis] = {s.id: s for s in analysis.stakeholders}
    cells: dict[tuple[int, int], list[Stakeholder]] = {}
    for s in people:
        cells.setdefault((s.power, s.interest), []).append(s)
    for members in cells.values():
        members.sort(
            key=lambda s: (-(result[s.pk].influence_score if s.pk in result else 0), s.name)
        )
    # The top row of each quadrant carries its name, so people start lower there.
    label_rows = {5, cutoff - 1}

    def first_line(power: int) -> float:
        return 56.0 if power in label_rows else 24.0

    cell_h = max([72.0] + [first_line(p) + len(m) * LINE_H for (p, _), m in cells.items()])

    svg = _Svg()
    title = f"{data.account.name}: power / interest grid"
    top = _header(
        svg, title, f"{len(people)} people placed by power (up) and interest (right), 1 to 5"
    )
    left = 32 + 56.0
    plot_w, plot_h = 5 * CELL_W, 5 * cell_h

    def x_of(interest: int) -> float:
        return left + (interest - 1) * CELL_W

    def y_of(power: int) -> float:
        return top + (5 - power) * cell_h

    # Quadrants: the cells below the cut-off are "low".
    split_x, split_y = x_of(cutoff), y_of(cutoff) + cell_h
    for x0, y0, x1, y1, power, interest in (
        (split_x, top, left + plot_w, split_y, 5, 5),
        (left, top, split_x, split_y, 5, 1),
        (split_x, split_y, left + plot_w, top + plot_h, 1, 5),
        (left, split_y, split_x, top + plot_h, 1, 1),
    ):
        key = quadrant(power, interest, cutoff)
        if x1 <= x0 or y1 <= y0:
            continue
        svg.add(
            f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(x1 - x0)}" '
            f'height="{_num(y1 - y0)}" fill="{QUADRANT_FILLS.get(key, "#fafafa")}"/>'
        )
        svg.text(
            x1 - 10,
            y0 + 22,
            QUADRANT_LABELS[key],
            size=15,
            weight="bold",
            fill="#546e7a",
            anchor="end",
        )
        svg.text(
            x1 - 10,
            y0 + 38,
            _fit(QUADRANT_STRATEGIES[key], x1 - x0 - 20, 10.5),
            size=10.5,
            fill=MUTED,
            anchor="end",
        )
    for n in range(6):
        svg.add(
            f'<line x1="{_num(left + n * CELL_W)}" y1="{_num(top)}" '
            f'x2="{_num(left + n * CELL_W)}" y2="{_num(top + plot_h)}" stroke="{RULE}" '
            'stroke-width="1"/>'
        )
        svg.add(
            f'<line x1="{_num(left)}" y1="{_num(top + n * cell_h)}" '
            f'x2="{_num(left + plot_w)}" y2="{_num(top + n * cell_h)}" stroke="{RULE}" '
            'stroke-width="1"/>'
        )
    svg.add(
        f'<line x1="{_num(split_x)}" y1="{_num(top)}" x2="{_num(split_x)}" '
        f'y2="{_num(top + plot_h)}" stroke="{MUTED}" stroke-width="2"/>'
    )
    svg.add(
        f'<line x1="{_num(left)}" y1="{_num(split_y)}" x2="{_num(left + plot_w)}" '
        f'y2="{_num(split_y)}" stroke="{MUTED}" stroke-width="2"/>'
    )
    for value in range(1, 6):
        svg.text(
            x_of(value) + CELL_W / 2,
            top + plot_h + 20,
            str(value),
            size=12,
            fill=MUTED,
            anchor="middle",
        )
        svg.text(
            left - 12, y_of(value) + cell_h / 2 + 4, str(value), size=12, fill=MUTED, anchor="end"
        )
    svg.text(
        left + plot_w / 2, top + plot_h + 44, "Interest →", size=13, weight="bold", anchor="middle"
    )
    cy = top + plot_h / 2
    svg.text(
        44,
        cy,
        "Power →",
        size=13,
        weight="bold",
        anchor="middle",
        extra=f' transform="rotate(-90 44 {_num(cy)})"',
    )
    # People: stacked in their cell, most influential first.
    for (power, interest), members in sorted(cells.items()):
        first = y_of(power) + first_line(power)
        for n, s in enumerate(members):
            x, y = x_of(interest) + 14, first + n * LINE_H
            svg.add(f"<g><title>{escape(s.name)}: power {power}, interest {interest}</title>")
            svg.add(
                f'<circle cx="{_num(x)}" cy="{_num(y - 4)}" r="5.5" '
                f'fill="{ATTITUDE_COLOURS.get(s.attitude, ATTITUDE_COLOURS[None])}"'
                + (f' stroke="{OURS}" stroke-width="2"' if s.side == Side.INTERNAL else "")
                + "/>"
            )
            svg.text(x + 11, y, _fit(s.name, CELL_W - 32, 12), size=12)
            svg.add("</g>")
    legend_x = left + plot_w + 32
    legend_end = _legend_attitudes(svg, legend_x, top + 12)
    svg.text(legend_x, legend_end + 30, "Blue ring: our people", size=12)
    height = top + plot_h + 84
    _footnote(svg, data.stakeholders, 32, height - 16)
    return svg.document(legend_x + 180, max(height, legend_end + 60), title)


# Entry points -----------------------------------------------------------------------------


def render_svg(analysed: AnalysedMap, view: str) -> str:
    """One view of the map as an SVG document."""
    if view == "org":
        return render_org(analysed)
    if view == "network":
        return render_network(analysed)
    if view == "grid":
        return render_grid(analysed)
    raise RenderError(f"Unknown view {view!r}; use one of: {', '.join(VIEWS)}.")


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """Rasterise an SVG (at ``scale`` times its size, for sharp print)."""
    import cairosvg  # imported here: loading cairo is slow and only PNG needs it

    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
    return png


def render(analysed: AnalysedMap, *, view: str, fmt: str) -> bytes:
    """The view as file content: SVG text (UTF-8) or PNG bytes."""
    if fmt not in FORMATS:
        raise RenderError(f"Unknown format {fmt!r}; use one of: {', '.join(FORMATS)}.")
    svg = render_svg(analysed, view)
    return svg.encode("utf-8") if fmt == "svg" else svg_to_png(svg)

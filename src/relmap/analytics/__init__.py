"""Pure-Python analytics for relmap: account maps in, explained results out.

Nothing here imports Django. Selectors in the Django apps load a map into the frozen
dataclasses of :mod:`relmap.analytics.types` and call :func:`analyse` or
:func:`warm_path`; formulas and sources are in ``docs/algorithms/``.
"""

from __future__ import annotations

from relmap.analytics.analysis import analyse
from relmap.analytics.config import AnalysisConfig
from relmap.analytics.coverage import DiamondMeasure, diamond
from relmap.analytics.grid import (
    QUADRANT_LABELS,
    QUADRANT_STRATEGIES,
    QUADRANTS,
    formal_score,
    quadrant,
)
from relmap.analytics.lifecycle import STAGES, StageGuidance, guidance
from relmap.analytics.paths import WarmPath, warm_path, warm_paths
from relmap.analytics.plandiff import FieldChange, ItemChange, PlanDiff, diff_plans
from relmap.analytics.portfolio import (
    AccountEffort,
    AxisScore,
    Criterion,
    EffortFinding,
    EffortPolicy,
    Placement,
    PortfolioSettings,
    axis_score,
    effective_tier,
    effort_findings,
    place,
    weight_problems,
)
from relmap.analytics.results import (
    FINDING_KINDS,
    SEVERITIES,
    Finding,
    MapAnalysis,
    StakeholderAnalysis,
)
from relmap.analytics.types import AccountMap, CoverageLink, Link, Person
from relmap.analytics.value import (
    AccountValue,
    Period,
    account_value,
    clv_finite,
    clv_infinite,
    retention_what_if,
)

__all__ = [
    "FINDING_KINDS",
    "QUADRANTS",
    "QUADRANT_LABELS",
    "QUADRANT_STRATEGIES",
    "SEVERITIES",
    "AccountMap",
    "AnalysisConfig",
    "CoverageLink",
    "DiamondMeasure",
    "Finding",
    "Link",
    "MapAnalysis",
    "Person",
    "StakeholderAnalysis",
    "WarmPath",
    "analyse",
    "diamond",
    "formal_score",
    "quadrant",
    "warm_path",
    "warm_paths",
]

# Portfolio, value, lifecycle and plan diff. The portfolio's QUADRANTS and
# QUADRANT_LABELS stay in relmap.analytics.portfolio: here those names are the grid's.
__all__ += [
    "STAGES",
    "AccountEffort",
    "AccountValue",
    "AxisScore",
    "Criterion",
    "EffortFinding",
    "EffortPolicy",
    "FieldChange",
    "ItemChange",
    "Period",
    "Placement",
    "PlanDiff",
    "PortfolioSettings",
    "StageGuidance",
    "account_value",
    "axis_score",
    "clv_finite",
    "clv_infinite",
    "diff_plans",
    "effective_tier",
    "effort_findings",
    "guidance",
    "place",
    "retention_what_if",
    "weight_problems",
]

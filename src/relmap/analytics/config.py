"""Tunable thresholds and weights of the map analysis.

Every number the analysis uses lives here, with its unit, so that a team can change a
threshold without touching code and a reviewer can see which value produced a finding.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AnalysisConfig:
    """Thresholds and weights for :func:`relmap.analytics.analyse`.

    Scales: power, interest, trust and link strength are 1-5; scores are 0-100.

    - ``grid_cutoff``: power or interest ``>= grid_cutoff`` counts as HIGH on the
      Mendelow grid. A value exactly on the cut-off is high.
    - ``influence_formal_weight``: weight ``w`` in
      ``influence = w * formal + (1 - w) * network`` (0-1).
    - ``informal_gap``: a non-internal person whose network score is at least this many
      points (0-100 scale) above their formal score is an informal influencer.
    - ``exact_betweenness_limit``: above this many current people, betweenness is a
      sampled estimate from ``betweenness_samples`` pivots (Brandes & Pich 2007), drawn
      with ``random.Random(betweenness_seed)`` so that results are reproducible.
    - ``weak_coverage_strength``: coverage strength ``<=`` this is weak.
    - ``powerful``: power ``>=`` this makes a stakeholder "powerful" for the coverage
      and unknown-attitude findings.
    - ``reach_weight``, ``pagerank_weight``, ``betweenness_weight``: how the three
      network measures (each first scaled to 0-1 within the map) are mixed into the
      network score; they need not sum to 1 because the mix is rescaled to 0-100.
    - ``pagerank_damping``: PageRank damping factor (Brin & Page 1998 use 0.85).
    """

    grid_cutoff: int = 3
    influence_formal_weight: float = 0.5
    informal_gap: float = 20.0
    exact_betweenness_limit: int = 1500
    betweenness_samples: int = 200
    weak_coverage_strength: int = 2
    powerful: int = 4
    reach_weight: float = 0.5
    pagerank_weight: float = 0.3
    betweenness_weight: float = 0.2
    pagerank_damping: float = 0.85
    betweenness_seed: int = 1987

    def __post_init__(self) -> None:
        if not 1 <= self.grid_cutoff <= 5:
            raise ValueError("grid_cutoff must be between 1 and 5")
        if not 0.0 <= self.influence_formal_weight <= 1.0:
            raise ValueError("influence_formal_weight must be between 0 and 1")
        if self.betweenness_samples < 1:
            raise ValueError("betweenness_samples must be at least 1")
        if self.exact_betweenness_limit < 0:
            raise ValueError("exact_betweenness_limit must not be negative")
        weights = (self.reach_weight, self.pagerank_weight, self.betweenness_weight)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError("network weights must be >= 0 and not all zero")
        if not 0.0 < self.pagerank_damping < 1.0:
            raise ValueError("pagerank_damping must be strictly between 0 and 1")

"""Mendelow's power/interest grid (Mendelow 1991; FRAMEWORKS.md).

Power and interest are 1-5. A value ``>= cutoff`` is HIGH, so with the default cut-off
of 3 a person rated exactly 3 is high: the middle of the scale is given the benefit of
the doubt, because under-managing a stakeholder costs more than over-managing one.
"""

from __future__ import annotations

KEY_PLAYERS = "key_players"
KEEP_SATISFIED = "keep_satisfied"
KEEP_INFORMED = "keep_informed"
MINIMAL_EFFORT = "minimal_effort"

QUADRANTS = (KEY_PLAYERS, KEEP_SATISFIED, KEEP_INFORMED, MINIMAL_EFFORT)

QUADRANT_LABELS: dict[str, str] = {
    KEY_PLAYERS: "Key players",
    KEEP_SATISFIED: "Keep satisfied",
    KEEP_INFORMED: "Keep informed",
    MINIMAL_EFFORT: "Minimal effort",
}

QUADRANT_STRATEGIES: dict[str, str] = {
    KEY_PLAYERS: "Manage closely: involve in decisions, communicate regularly",
    KEEP_SATISFIED: "Meet their needs, avoid giving them cause to oppose",
    KEEP_INFORMED: ("Regular updates; they can become advocates or critics, and gain power"),
    MINIMAL_EFFORT: "Monitor",
}


def quadrant(power: int, interest: int, cutoff: int = 3) -> str:
    """Return the Mendelow quadrant key for a power and interest rating.

    Rule: power is high when ``power >= cutoff``, interest is high when
    ``interest >= cutoff`` (both 1-5; a value on the cut-off is high). High/high is
    ``"key_players"``, high power/low interest ``"keep_satisfied"``, low power/high
    interest ``"keep_informed"``, low/low ``"minimal_effort"``.
    Source: Mendelow (1991), as summarised in FRAMEWORKS.md.
    """
    high_power = power >= cutoff
    high_interest = interest >= cutoff
    if high_power:
        return KEY_PLAYERS if high_interest else KEEP_SATISFIED
    return KEEP_INFORMED if high_interest else MINIMAL_EFFORT


def formal_score(power: int) -> float:
    """Formal power on a 0-100 scale: ``(power - 1) / 4 * 100``.

    ``power`` is 1-5 (values outside are clamped), so 1 -> 0, 3 -> 50, 5 -> 100.
    """
    clamped = min(5, max(1, power))
    return (clamped - 1) / 4 * 100


def explain_quadrant(power: int, interest: int, cutoff: int = 3) -> str:
    """One plain-language sentence saying why a person sits in their quadrant."""
    key = quadrant(power, interest, cutoff)

    def level(value: int) -> str:
        if value >= cutoff:
            on = " (on the cut-off, which counts as high)" if value == cutoff else ""
            return f"high{on}"
        return "low"

    return (
        f"{QUADRANT_LABELS[key]}: power {power}/5 is {level(power)} and interest "
        f"{interest}/5 is {level(interest)} against a cut-off of {cutoff}. "
        f"Default strategy: {QUADRANT_STRATEGIES[key].lower()}."
    )

"""Rules about the map that cross rows, shared by the services and the importers.

Pure functions over plain ids and counts so that an importer can check a whole file in
memory and a service can check one change against the database with the same wording.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from relmap.stakeholders.choices import Side


def reports_to_problem(
    manager_of: Mapping[int, int],
    person: int,
    manager: int,
    name: Callable[[int], str],
) -> str | None:
    """Why ``person`` cannot report to ``manager``, or ``None`` when they can.

    ``manager_of`` maps each person to their current line manager (``reports_to``).
    A person has one line manager (a second reporting line is a dotted line), and the
    lines may not form a cycle.
    """
    if person == manager:
        return f"{name(person)} cannot report to themself."
    current = manager_of.get(person)
    if current is not None and current != manager:
        return (
            f"{name(person)} already reports to {name(current)}; a person has one line "
            "manager. Record a second reporting line as a dotted line."
        )
    seen = {person}
    step = manager
    while step is not None:
        if step in seen:
            return (
                f"{name(person)} cannot report to {name(manager)}: {name(manager)} already "
                f"reports, directly or through others, to {name(person)} (a reporting cycle)."
            )
        seen.add(step)
        step = manager_of.get(step)  # type: ignore[assignment]
    return None


def side_change_problem(
    *, name: str, old_side: str, new_side: str, covers: int, covered_by: int
) -> str | None:
    """Why ``name`` cannot move from ``old_side`` to ``new_side``, or ``None``.

    Coverage runs from one of our (internal) people to one of theirs, so a person who
    ``covers`` others cannot leave the internal side, and a person ``covered_by`` our
    people cannot join it, while those coverage links exist. Moves between customer,
    supplier and partner keep every link valid.
    """
    if old_side == new_side:
        return None
    if new_side == Side.INTERNAL:
        count = covered_by
        move, why = "become internal", "our people cover them in"
    elif old_side == Side.INTERNAL:
        count = covers
        move = f"move to the {Side(new_side).label.lower()} side"
        why = "as one of our people they cover others in"
    else:
        return None
    if not count:
        return None
    links = "1 coverage link" if count == 1 else f"{count} coverage links"
    those = "that coverage link" if count == 1 else f"those {count} coverage links"
    return (
        f"{name} cannot {move}: {why} {links}, and coverage links one of our (internal) "
        f"people to one of theirs. Remove {those} first."
    )

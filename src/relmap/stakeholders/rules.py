"""Rules about the formal hierarchy, shared by the services and the importers.

Pure functions over plain ids so that an importer can check a whole file in memory and a
service can check one new line against the database with the same wording.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


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

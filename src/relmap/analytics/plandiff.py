"""Compare two saved revisions of an account plan.

A plan snapshot is a JSON-like mapping::

    {"sections": {"objectives": [{"id": 3, "title": ..., ...}, ...], "actions": [...]},
     "fields": {"value_proposition": "...", "status": "...", ...}}

Items of a section are matched by their ``"id"``; the diff lists plan fields that changed
and the items added, removed or changed, with the fields of each. Rules and ordering:
docs/algorithms/plan-diff.md.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

CHANGE_KINDS = ("added", "removed", "changed", "unchanged")
LABEL_KEYS = ("title", "name", "text")

# Words for a section name, where the simple plural rule would read badly.
_SECTION_NOUNS: dict[str, tuple[str, str]] = {
    "swot": ("SWOT item", "SWOT items"),
    "kpis": ("KPI", "KPIs"),
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field whose value differs; a missing field reads as ``None``."""

    field: str
    before: object
    after: object


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One item of a plan section and how it changed.

    ``change`` is "added", "removed", "changed" or "unchanged". ``fields`` lists the
    differing fields (for added items every field with ``before=None``, for removed
    items every field with ``after=None``); the ``id`` itself is never listed.
    """

    section: str
    item_id: object
    label: str
    change: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """Differences between two plan revisions.

    ``fields`` are the changed plan-level fields; ``items`` the added, removed and
    changed section items (never unchanged ones); ``summary`` one plain-language line.
    """

    fields: tuple[FieldChange, ...]
    items: tuple[ItemChange, ...]
    summary: str

    def section(self, name: str) -> tuple[ItemChange, ...]:
        """The item changes of one section, in diff order."""
        return tuple(item for item in self.items if item.section == name)

    @property
    def is_empty(self) -> bool:
        """True when the two revisions do not differ."""
        return not self.fields and not self.items

    def count(self, section: str, change: str) -> int:
        """How many items of ``section`` have the given ``change``."""
        return sum(1 for item in self.items if item.section == section and item.change == change)


def section_nouns(section: str) -> tuple[str, str]:
    """Singular and plural noun for a section name, e.g. "objectives" → objective(s)."""
    if section in _SECTION_NOUNS:
        return _SECTION_NOUNS[section]
    words = section.replace("_", " ").strip()
    if words.endswith("ies"):
        return words[:-3] + "y", words
    if words.endswith("s") and not words.endswith("ss"):
        return words[:-1], words
    return f"{words} item", f"{words} items"


def _as_mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _as_items(value: object) -> list[Any]:
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return list(value)
    return []


def _ordered_keys(first: Mapping[str, Any], second: Mapping[str, Any]) -> list[str]:
    """Keys of ``first`` in order, then keys only in ``second``, in their order."""
    keys = list(first)
    keys.extend(k for k in second if k not in first)
    return keys


def _field_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], *, skip: frozenset[str] = frozenset()
) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(key, before.get(key), after.get(key))
        for key in _ordered_keys(after, before)
        if key not in skip and before.get(key) != after.get(key)
    )


def _label(section: str, item: object, item_id: object) -> str:
    if isinstance(item, Mapping):
        for key in LABEL_KEYS:
            value = item.get(key)
            if value not in (None, ""):
                return str(value)
    singular = section_nouns(section)[0]
    if item_id is None:
        return singular[:1].upper() + singular[1:]
    return f"{singular[:1].upper()}{singular[1:]} {item_id}"


def _key(item: object, seen: dict[object, int]) -> tuple[object, int] | None:
    """``(id, n-th occurrence)`` of an item with a hashable id, else ``None``."""
    if not isinstance(item, Mapping) or "id" not in item:
        return None
    item_id = item["id"]
    if not isinstance(item_id, Hashable):
        return None
    n = seen.get(item_id, 0)
    seen[item_id] = n + 1
    return (item_id, n)


def _item_fields(item: object) -> Mapping[str, Any]:
    return item if isinstance(item, Mapping) else {"value": item}


_NO_ID = frozenset({"id"})


def _diff_section(section: str, before: list[Any], after: list[Any]) -> list[ItemChange]:
    before_keyed: dict[tuple[object, int], Any] = {}
    before_loose: list[Any] = []
    seen: dict[object, int] = {}
    for item in before:
        key = _key(item, seen)
        if key is None:
            before_loose.append(item)
        else:
            before_keyed[key] = item

    changes: list[ItemChange] = []
    matched: set[tuple[object, int]] = set()
    seen = {}
    for item in after:
        key = _key(item, seen)
        if key is None:
            # Items without an id cannot be matched: they are compared as whole values.
            if item in before_loose:
                before_loose.remove(item)
                continue
            fields = _field_changes({}, _item_fields(item), skip=_NO_ID)
            changes.append(ItemChange(section, None, _label(section, item, None), "added", fields))
            continue
        item_id = key[0]
        label = _label(section, item, item_id)
        if key not in before_keyed:
            fields = _field_changes({}, _item_fields(item), skip=_NO_ID)
            changes.append(ItemChange(section, item_id, label, "added", fields))
            continue
        matched.add(key)
        fields = _field_changes(_item_fields(before_keyed[key]), _item_fields(item), skip=_NO_ID)
        if fields:
            changes.append(ItemChange(section, item_id, label, "changed", fields))

    seen = {}
    for item in before:
        key = _key(item, seen)
        if key is None:
            if item in before_loose:
                before_loose.remove(item)
                fields = _field_changes(_item_fields(item), {}, skip=_NO_ID)
                changes.append(
                    ItemChange(section, None, _label(section, item, None), "removed", fields)
                )
        elif key not in matched:
            fields = _field_changes(_item_fields(item), {}, skip=_NO_ID)
            changes.append(
                ItemChange(section, key[0], _label(section, item, key[0]), "removed", fields)
            )
    return changes


def _summary(fields: tuple[FieldChange, ...], items: list[ItemChange], sections: list[str]) -> str:
    parts: list[str] = []
    for section in sections:
        singular, plural = section_nouns(section)
        for change in ("changed", "added", "removed"):
            n = sum(1 for i in items if i.section == section and i.change == change)
            if n:
                parts.append(f"{n} {singular if n == 1 else plural} {change}")
    for field in fields:
        parts.append(f"{field.field.replace('_', ' ')} changed")
    if not parts:
        return "No changes."
    text = ", ".join(parts) + "."
    return text[:1].upper() + text[1:]


def diff_plans(before: Mapping[str, Any], after: Mapping[str, Any]) -> PlanDiff:
    """Differences between two account-plan snapshots.

    Rules: plan fields (``"fields"``) are compared with ``==``, a missing field reading as
    ``None``. Section items (``"sections"``) are matched by ``"id"`` within their
    section; an item only in ``after`` is added, only in ``before`` removed, in both with
    a differing field changed. Repeated ids pair up in order of occurrence. Items without
    an id are compared as whole values. Labels come from the first non-blank of
    ``"title"``, ``"name"``, ``"text"``, else "<section noun> <id>".
    Order: sections as in ``after`` then sections only in ``before``; within a section,
    changed and added items by position in ``after``, then removed items by position in
    ``before``. Plan fields in ``after``'s key order, then fields only in ``before``.
    """
    before_fields = _as_mapping(before.get("fields"))
    after_fields = _as_mapping(after.get("fields"))
    fields = _field_changes(before_fields, after_fields)

    before_sections = _as_mapping(before.get("sections"))
    after_sections = _as_mapping(after.get("sections"))
    sections = _ordered_keys(after_sections, before_sections)
    items: list[ItemChange] = []
    for section in sections:
        items.extend(
            _diff_section(
                section,
                _as_items(before_sections.get(section)),
                _as_items(after_sections.get(section)),
            )
        )
    return PlanDiff(fields, tuple(items), _summary(fields, items, sections))

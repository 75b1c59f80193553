"""Account-plan revision diff: items matched by id, fields, order and summary."""

from __future__ import annotations

from typing import Any

from relmap.analytics.plandiff import FieldChange, ItemChange, diff_plans, section_nouns

BEFORE: dict[str, Any] = {
    "sections": {
        "objectives": [
            {"id": 1, "title": "Grow share of wallet", "metric": "share", "target": 30},
            {"id": 2, "title": "Renew contract", "deadline": "2025-06-30"},
            {"id": 3, "title": "Open R&D", "target": 2},
        ],
        "actions": [{"id": 10, "text": "Book QBR", "status": "open"}],
    },
    "fields": {"value_proposition": "Lower total cost", "status": "draft"},
}

AFTER: dict[str, Any] = {
    "sections": {
        "actions": [
            {"id": 10, "text": "Book QBR", "status": "done"},
            {"id": 11, "name": "Meet CFO", "status": "open"},
        ],
        "objectives": [
            {"id": 3, "title": "Open R&D", "target": 2},
            {"id": 1, "title": "Grow share of wallet", "metric": "share", "target": 35},
        ],
        "swot": [{"id": 7, "text": "Strong service record"}],
    },
    "fields": {"value_proposition": "Lower total cost", "status": "agreed"},
}


def test_identical_plans_have_an_empty_diff() -> None:
    diff = diff_plans(BEFORE, BEFORE)
    assert diff.is_empty
    assert diff.items == ()
    assert diff.fields == ()
    assert diff.summary == "No changes."


def test_plan_fields_that_changed_are_listed_with_before_and_after() -> None:
    diff = diff_plans(BEFORE, AFTER)
    assert diff.fields == (FieldChange("status", "draft", "agreed"),)


def test_items_are_matched_by_id_not_by_position() -> None:
    diff = diff_plans(BEFORE, AFTER)
    objectives = diff.section("objectives")
    # objective 3 moved to the top but did not change, so it is not listed
    assert [(i.item_id, i.change) for i in objectives] == [(1, "changed"), (2, "removed")]
    assert objectives[0].fields == (FieldChange("target", 30, 35),)


def test_added_and_removed_items_carry_their_fields() -> None:
    diff = diff_plans(BEFORE, AFTER)
    added = diff.section("actions")[1]
    removed = diff.section("objectives")[1]
    assert added == ItemChange(
        "actions",
        11,
        "Meet CFO",
        "added",
        (FieldChange("name", None, "Meet CFO"), FieldChange("status", None, "open")),
    )
    assert removed.label == "Renew contract"
    assert removed.fields == (
        FieldChange("title", "Renew contract", None),
        FieldChange("deadline", "2025-06-30", None),
    )


def test_order_follows_sections_of_after_then_position() -> None:
    diff = diff_plans(BEFORE, AFTER)
    assert [(i.section, i.item_id, i.change) for i in diff.items] == [
        ("actions", 10, "changed"),
        ("actions", 11, "added"),
        ("objectives", 1, "changed"),
        ("objectives", 2, "removed"),
        ("swot", 7, "added"),
    ]


def test_a_section_dropped_from_the_new_revision_lists_its_items_as_removed() -> None:
    after = {"sections": {}, "fields": BEFORE["fields"]}
    diff = diff_plans(BEFORE, after)
    assert [(i.section, i.item_id, i.change) for i in diff.items] == [
        ("objectives", 1, "removed"),
        ("objectives", 2, "removed"),
        ("objectives", 3, "removed"),
        ("actions", 10, "removed"),
    ]


def test_summary_counts_changes_per_section_in_plain_language() -> None:
    diff = diff_plans(BEFORE, AFTER)
    assert diff.summary == (
        "1 action changed, 1 action added, 1 objective changed, 1 objective removed, "
        "1 SWOT item added, status changed."
    )


def test_summary_uses_plurals() -> None:
    before: dict[str, Any] = {"sections": {"objectives": [{"id": 1, "title": "a"}]}}
    after: dict[str, Any] = {
        "sections": {"objectives": [{"id": 1, "title": "b"}, {"id": 2}, {"id": 3}]}
    }
    assert diff_plans(before, after).summary == "1 objective changed, 2 objectives added."


def test_a_field_missing_on_one_side_reads_as_none() -> None:
    before: dict[str, Any] = {"fields": {"status": None}}
    after: dict[str, Any] = {"fields": {"owner": "Ann"}}
    diff = diff_plans(before, after)
    assert diff.fields == (FieldChange("owner", None, "Ann"),)
    assert diff.summary == "Owner changed."


def test_label_falls_back_to_section_noun_and_id() -> None:
    before: dict[str, Any] = {"sections": {"strategies": []}}
    after: dict[str, Any] = {"sections": {"strategies": [{"id": 4, "title": ""}]}}
    diff = diff_plans(before, after)
    assert diff.items[0].label == "Strategy 4"


def test_items_without_an_id_are_compared_as_whole_values() -> None:
    before: dict[str, Any] = {"sections": {"risks": [{"text": "Budget cut"}, {"text": "Churn"}]}}
    after: dict[str, Any] = {"sections": {"risks": [{"text": "Churn"}, {"text": "Merger"}]}}
    diff = diff_plans(before, after)
    assert [(i.label, i.change) for i in diff.items] == [
        ("Merger", "added"),
        ("Budget cut", "removed"),
    ]


def test_missing_sections_and_fields_are_treated_as_empty() -> None:
    diff = diff_plans({}, {"sections": {"actions": [{"id": 1, "text": "Call"}]}})
    assert [(i.item_id, i.change) for i in diff.items] == [(1, "added")]
    assert diff.fields == ()


def test_section_nouns_singularise_common_plan_sections() -> None:
    assert section_nouns("objectives") == ("objective", "objectives")
    assert section_nouns("mutual_objectives") == ("mutual objective", "mutual objectives")
    assert section_nouns("strategies") == ("strategy", "strategies")
    assert section_nouns("swot") == ("SWOT item", "SWOT items")

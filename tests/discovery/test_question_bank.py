"""The SPIN question bank: the seed, the editing rules and who may edit."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from relmap.core.models import AuditEntry
from relmap.discovery import selectors, services
from relmap.discovery.choices import SpinCategory
from relmap.discovery.models import Question

from .conftest import DiscoveryWorld

pytestmark = pytest.mark.django_db


def test_the_seed_has_every_spin_category_and_leans_on_problem_implication_need_payoff() -> None:
    seeded = Question.objects.filter(seeded=True)
    by_category = Counter(seeded.values_list("category", flat=True))
    assert set(by_category) == set(SpinCategory.values)
    assert all(by_category[c] >= 3 for c in SpinCategory.values)
    # FRAMEWORKS.md: good discovery leans on problem, implication and need-payoff.
    assert by_category["situation"] < min(
        by_category["problem"], by_category["implication"], by_category["need_payoff"]
    )
    assert seeded.filter(active=True).count() == seeded.count()


def test_seeded_follow_ups_link_to_their_parents_two_levels_deep() -> None:
    hardest = Question.objects.get(text__startswith="What is the hardest part of reaching")
    assert hardest.parent is None
    assert hardest.category == "problem"
    (implication,) = hardest.follow_ups.all()
    assert implication.category == "implication"
    assert implication.text.startswith("If that stays as it is")
    (payoff,) = implication.follow_ups.all()
    assert payoff.category == "need_payoff"
    assert payoff.parent_id == implication.pk
    assert Question.objects.filter(seeded=True, parent__parent__isnull=False).count() >= 4
    # Follow-ups come after their parent in the bank's order.
    for q in Question.objects.filter(seeded=True, parent__isnull=False).select_related("parent"):
        assert q.position > q.parent.position  # type: ignore[union-attr]


def test_the_bank_groups_follow_ups_under_their_first_question() -> None:
    groups = {g.category: g for g in selectors.question_bank(active_only=True)}
    rows = groups["problem"].rows
    first = rows[0]
    assert first.depth == 0
    assert first.question.category == "problem"
    assert [r.depth for r in rows[:3]] == [0, 1, 2]
    assert rows[1].question.parent_id == first.question.pk
    assert rows[2].question.parent_id == rows[1].question.pk
    # An implication follow-up stays in its problem question's group.
    assert rows[1].question.category == "implication"
    assert rows[1].question not in [r.question for r in groups["implication"].rows]


def test_only_leaders_and_administrators_edit_the_bank(dw: DiscoveryWorld, superuser: Any) -> None:
    for user in (dw.owner, dw.member, dw.viewer, None):
        with pytest.raises(PermissionDenied, match="Only sales leaders and administrators"):
            services.question_create(actor=user, category="problem", text="Mine?")
        with pytest.raises(PermissionDenied):
            services.question_update(actor=user, question=dw.seeded, active=False)
    question = services.question_create(actor=superuser, category="situation", text=" How? ")
    assert question.text == "How?"
    entry = AuditEntry.objects.filter(action="relmap.question.created").latest("id")
    assert entry.actor_id == superuser.pk
    assert entry.account_id is None
    assert entry.after["text"] == "How?"


def test_a_question_cannot_follow_up_itself_or_its_own_follow_up(dw: DiscoveryWorld) -> None:
    child = dw.seeded.follow_ups.order_by("position")[0]
    with pytest.raises(ValidationError, match="cannot follow up itself"):
        services.question_update(actor=dw.leader, question=dw.seeded, parent=dw.seeded)
    with pytest.raises(ValidationError, match="cannot follow up itself or one of its own"):
        services.question_update(actor=dw.leader, question=dw.seeded, parent=child)
    dw.seeded.refresh_from_db()
    assert dw.seeded.parent_id is None


def test_seeded_questions_are_retired_not_deleted(dw: DiscoveryWorld) -> None:
    leaf = Question.objects.filter(seeded=True, follow_ups__isnull=True).first()
    assert leaf is not None
    with pytest.raises(ValidationError, match="deactivate it instead"):
        services.question_delete(actor=dw.leader, question=leaf)
    services.question_update(actor=dw.leader, question=leaf, active=False)
    assert Question.objects.filter(pk=leaf.pk, active=False).exists()


def test_a_question_with_follow_ups_is_not_deleted(dw: DiscoveryWorld) -> None:
    services.question_create(
        actor=dw.leader, category="need_payoff", text="Worth?", parent=dw.question
    )
    with pytest.raises(ValidationError, match="has follow-ups"):
        services.question_delete(actor=dw.leader, question=dw.question)
    assert Question.objects.filter(pk=dw.question.pk).exists()


def test_a_retired_question_hides_its_follow_ups_from_sessions(dw: DiscoveryWorld) -> None:
    services.question_update(actor=dw.leader, question=dw.seeded, active=False)
    offered = {q.pk for q in selectors.question_choices()}
    assert dw.seeded.pk not in offered
    assert not offered & set(dw.seeded.follow_ups.values_list("pk", flat=True))
    everything = {r.question.pk for r in selectors.question_rows(active_only=False)}
    assert dw.seeded.pk in everything
    with pytest.raises(ValidationError, match="retired"):
        services.asked_add(actor=dw.owner, session=dw.session, question=dw.seeded)


def test_the_bank_page_shows_the_tree_and_edit_controls_to_leaders_only(
    client: Client, dw: DiscoveryWorld
) -> None:
    url = reverse("discovery:questions", kwargs={"account_pk": dw.account.pk})
    client.force_login(dw.member)
    page = client.get(url).content.decode()
    assert "What is the hardest part of reaching your targets this year?" in page
    assert "depth-2" in page
    assert "Add a question" not in page
    assert "Retire" not in page
    client.force_login(dw.leader)
    page = client.get(url).content.decode()
    assert "Add a question" in page
    assert "Retire" in page


def test_a_leader_edits_a_question_from_the_page(client: Client, dw: DiscoveryWorld) -> None:
    client.force_login(dw.leader)
    kwargs = {"account_pk": dw.account.pk, "pk": dw.question.pk}
    response = client.post(
        reverse("discovery:question_edit", kwargs=kwargs),
        {"category": "implication", "text": "", "parent": str(dw.seeded.pk)},
    )
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    response = client.post(
        reverse("discovery:question_edit", kwargs=kwargs),
        {"category": "implication", "text": "Who else feels it, and how much?", "active": "on"},
    )
    assert response.status_code == 302
    dw.question.refresh_from_db()
    assert dw.question.text == "Who else feels it, and how much?"
    assert dw.question.parent_id is None


def test_deleting_a_seeded_question_from_the_page_explains_why_not(
    client: Client, dw: DiscoveryWorld
) -> None:
    client.force_login(dw.leader)
    leaf = Question.objects.filter(seeded=True, follow_ups__isnull=True).first()
    assert leaf is not None
    response = client.post(
        reverse("discovery:question_delete", kwargs={"account_pk": dw.account.pk, "pk": leaf.pk})
    )
    assert response.status_code == 422
    assert "deactivate it instead" in response.content.decode()

"""A need with no proposal and a proposal with no need are both flagged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from relmap.discovery import selectors, services
from relmap.discovery.flags import (
    NEED_WITHOUT_PROPOSAL,
    PROPOSAL_WITHOUT_NEED,
    NeedRef,
    ProposalRef,
    discovery_flags,
)
from relmap.planning.services import plan_item_create

from .conftest import DiscoveryWorld


def test_unanswered_needs_and_needless_proposals_are_flagged() -> None:
    needs = [NeedRef(1, "Fewer empty runs", "latent"), NeedRef(2, "Lower fuel bill")]
    proposals = [ProposalRef(10, "Backhaul matching", (1,)), ProposalRef(11, "Our new app", ())]
    flags = discovery_flags(needs, proposals)
    assert [(f.kind, f.object_id) for f in flags] == [
        (NEED_WITHOUT_PROPOSAL, 2),
        (PROPOSAL_WITHOUT_NEED, 11),
    ]
    assert flags[0].explanation == "No proposal answers this need yet."
    assert "product push" in flags[1].explanation
    assert all(f.fix for f in flags)


def test_a_latent_need_says_so_and_links_to_unknown_needs_do_not_count() -> None:
    flags = discovery_flags([NeedRef(1, "Hidden cost", "latent")], [ProposalRef(5, "X", (99,))])
    assert [f.kind for f in flags] == [NEED_WITHOUT_PROPOSAL, PROPOSAL_WITHOUT_NEED]
    assert flags[0].explanation == "No proposal answers this latent need yet."


def test_nothing_is_flagged_when_every_need_and_proposal_are_linked() -> None:
    assert discovery_flags([NeedRef(1, "A"), NeedRef(2, "B")], [ProposalRef(3, "P", (1, 2))]) == []
    assert discovery_flags([], []) == []


@pytest.mark.django_db
def test_the_account_flags_follow_the_links(dw: DiscoveryWorld) -> None:
    assert selectors.load_discovery(dw.account).flags == []
    lonely = plan_item_create(
        actor=dw.owner, plan=dw.account.plan, section_name="needs", kind="goal", text="Net zero"
    )
    pushy = services.proposal_create(actor=dw.owner, account=dw.account, title="Our new app")
    data = selectors.load_discovery(dw.account)
    assert [(f.kind, f.object_id) for f in data.flags] == [
        (NEED_WITHOUT_PROPOSAL, lonely.pk),
        (PROPOSAL_WITHOUT_NEED, pushy.pk),
    ]
    services.proposal_update(actor=dw.owner, proposal=pushy, needs=[lonely])
    assert selectors.load_discovery(dw.account).flags == []


@pytest.mark.django_db
def test_the_page_and_the_api_show_the_flags(
    client: Client, dw: DiscoveryWorld, bearer: Any
) -> None:
    services.proposal_create(actor=dw.owner, account=dw.account, title="Our new app")
    services.proposal_update(actor=dw.owner, proposal=dw.proposal, needs=[])
    client.force_login(dw.viewer)
    page = client.get(reverse("discovery:home", kwargs={"account_pk": dw.account.pk})).content
    text = page.decode()
    assert text.count('data-flag="proposal_without_need"') == 2
    assert text.count('data-flag="need_without_proposal"') == 1
    assert "Need with no proposal</span> Return runs are wasted" in text
    api = bearer(dw.viewer)
    flags = api.get(f"/api/accounts/{dw.account.pk}/discovery/flags").json()
    assert sorted(f["kind"] for f in flags) == [
        NEED_WITHOUT_PROPOSAL,
        PROPOSAL_WITHOUT_NEED,
        PROPOSAL_WITHOUT_NEED,
    ]

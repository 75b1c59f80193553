"""Discovery flags: a need no proposal answers, a proposal that answers no need.

Plain Python, no Django: selectors hand over :class:`NeedRef` and :class:`ProposalRef`
and get :class:`DiscoveryFlag` results, each with its explanation and fix.

The rule comes from the seeds' assessment guidance for consultative selling: credit for
"presenting tailored solutions that address explicit and latent customer needs" and
"link your solutions directly to the client's stated needs"; the common mistakes it
names are "a product-push mentality instead of truly diagnosing client challenges before
proposing tailored solutions" (a proposal with no need) and questioning without
"connecting them to the customer's business challenges" (a need left unanswered).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NEED_WITHOUT_PROPOSAL = "need_without_proposal"
PROPOSAL_WITHOUT_NEED = "proposal_without_need"


@dataclass(frozen=True)
class NeedRef:
    id: int
    text: str
    explicitness: str = ""  # "explicit", "latent" or "" (not recorded)


@dataclass(frozen=True)
class ProposalRef:
    id: int
    title: str
    need_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class DiscoveryFlag:
    kind: str  # NEED_WITHOUT_PROPOSAL or PROPOSAL_WITHOUT_NEED
    object_id: int
    label: str
    explanation: str
    fix: str


def discovery_flags(
    needs: Iterable[NeedRef], proposals: Iterable[ProposalRef]
) -> list[DiscoveryFlag]:
    """Every need no proposal links to, then every proposal linked to no need.

    A link to a need that is not in ``needs`` (another account's, or deleted) does not
    count as an answer. Needs come in the order given, then proposals in the order given.
    """
    need_list = list(needs)
    known = {n.id for n in need_list}
    proposal_list = list(proposals)
    answered = {i for p in proposal_list for i in p.need_ids if i in known}
    flags: list[DiscoveryFlag] = []
    for need in need_list:
        if need.id in answered:
            continue
        what = f"{need.explicitness} need" if need.explicitness else "need"
        flags.append(
            DiscoveryFlag(
                kind=NEED_WITHOUT_PROPOSAL,
                object_id=need.id,
                label=need.text,
                explanation=f"No proposal answers this {what} yet.",
                fix="Propose a solution for it, or link an existing proposal to it.",
            )
        )
    for proposal in proposal_list:
        if any(i in known for i in proposal.need_ids):
            continue
        flags.append(
            DiscoveryFlag(
                kind=PROPOSAL_WITHOUT_NEED,
                object_id=proposal.id,
                label=proposal.title,
                explanation="This proposal answers no need the customer has voiced or we "
                "have uncovered: product push, not consultative selling.",
                fix="Link it to the needs it answers, or diagnose before proposing.",
            )
        )
    return flags

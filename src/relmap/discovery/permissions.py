"""Who may change the site-wide SPIN question bank.

Everyone logged in reads it. Superusers and sales leaders (the leader of any
:class:`~relmap.accounts.models.SalesTeam`) edit it: it is shared by every account team,
like the portfolio settings, so it is management's to curate. Web views, API endpoints
and services all ask :func:`can_edit_question_bank`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from relmap.accounts.models import SalesTeam

if TYPE_CHECKING:
    from relmap.core.audit import Actor

QUESTION_BANK_DENIED = (
    "Only sales leaders and administrators may change the question bank; everyone may use it."
)


def can_edit_question_bank(user: Actor) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return SalesTeam.objects.filter(leader_id=user.pk).exists()


def require_question_editor(user: Actor) -> None:
    """:class:`PermissionDenied` unless ``user`` may change the question bank."""
    if not can_edit_question_bank(user):
        raise PermissionDenied(QUESTION_BANK_DENIED)

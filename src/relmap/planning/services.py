"""Writes to an account plan. Every save is audited and becomes a new plan revision.

``plan_item_create`` / ``plan_item_update`` / ``plan_item_delete`` serve every section of
the plan (see :mod:`relmap.planning.registry`); the checks that cross rows — people and
objectives must belong to this account, owners to its team — live here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from relmap.accounts.models import Account, AccountMembership
from relmap.core.audit import Actor, audited_create, audited_delete, audited_update, log_action
from relmap.planning import selectors
from relmap.planning.choices import ActionStatus, WhitespaceStatus
from relmap.planning.models import (
    AccountPlan,
    BusinessUnit,
    Milestone,
    Need,
    Objective,
    Offering,
    PlanAction,
    PlanItem,
    PlanRevision,
    ValuePoint,
    WhitespaceCell,
)
from relmap.planning.registry import PLAN_FIELDS, SECTIONS, section
from relmap.stakeholders.models import Stakeholder


def _user_id(actor: Actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _lock(plan: AccountPlan) -> None:
    """Hold the plan's row until the transaction ends, and read its revision as stored.

    Every write to a plan takes this lock first, so that two saves to one plan take
    turns (and always lock in the same order: plan, then its items) instead of both
    numbering their revision from the same, stale ``plan.revision``, which the unique
    revision number refuses. On SQLite, whose writers already take turns, it only
    re-reads the revision.
    """
    plan.revision = (
        AccountPlan.objects.select_for_update().values_list("revision", flat=True).get(pk=plan.pk)
    )


def _save_revision(*, actor: Actor, plan: AccountPlan, change: str) -> PlanRevision:
    """Snapshot the whole plan as it now stands, as the next revision."""
    _lock(plan)  # already held by the service; this re-read keeps the number right anyway
    plan.revision += 1
    plan.save(update_fields=["revision", "updated_at"])
    return PlanRevision.objects.create(
        account_id=plan.account_id,
        plan=plan,
        number=plan.revision,
        saved_by_id=_user_id(actor),
        change=change[:200],
        snapshot=selectors.snapshot(selectors.load_plan(plan)),
    )


@transaction.atomic
def plan_get_or_create(*, actor: Actor, account: Account) -> AccountPlan:
    """The account's plan; a new, empty one (revision 1) when it has none.

    The account row is locked first, so two people opening a new plan at once get the
    same plan rather than a clash on the one-plan-per-account constraint.
    """
    list(Account.objects.select_for_update().filter(pk=account.pk).values_list("pk", flat=True))
    plan = AccountPlan.objects.filter(account=account).first()
    if plan is not None:
        return plan
    plan = AccountPlan(account=account)
    audited_create(
        actor=actor,
        obj=plan,
        fields=PLAN_FIELDS,
        action="relmap.plan.created",
        account_id=account.pk,
    )
    _save_revision(actor=actor, plan=plan, change="Plan started")
    return plan


@transaction.atomic
def plan_update(*, actor: Actor, plan: AccountPlan, **data: Any) -> AccountPlan:
    """Change the plan's status, summary, value proposition or next review date."""
    unknown = sorted(set(data) - set(PLAN_FIELDS))
    if unknown:
        raise ValidationError(f"Unknown plan fields: {', '.join(unknown)}.")
    _lock(plan)  # before the save below writes the whole row, revision included
    new = audited_update(
        actor=actor,
        obj=plan,
        data=data,
        fields=PLAN_FIELDS,
        action="relmap.plan.updated",
        account_id=plan.account_id,
        clean=plan.full_clean,
    )
    if new:
        _save_revision(
            actor=actor, plan=plan, change=f"Plan: {', '.join(sorted(new)).replace('_', ' ')}"
        )
    return plan


def _check_links(item: PlanItem, account: Account) -> None:
    """People must be on this account's map, owners on its team, objectives in this plan."""
    for name in ("stakeholder", "customer_owner"):
        person = getattr(item, name, None)
        if isinstance(person, Stakeholder) and person.account_id != account.pk:
            raise ValidationError({name: f"{person.name} is not on this account's map."})
    owner_id = getattr(item, "owner_id", None)
    if (
        owner_id is not None
        and not AccountMembership.objects.filter(account=account, user_id=owner_id).exists()
    ):
        raise ValidationError({"owner": "The owner must be on the account team."})
    objective = getattr(item, "objective", None)
    if isinstance(objective, Objective) and objective.plan_id != item.plan_id:
        raise ValidationError({"objective": "That objective belongs to another plan."})
    if isinstance(item, Objective):
        if item.mutual and item.customer_owner_id is None:
            raise ValidationError(
                {"customer_owner": "A mutual objective needs an owner on the customer's side."}
            )
        if item.baseline == item.target:
            raise ValidationError(
                {"target": "The target equals the baseline: say what should change."}
            )
    if isinstance(item, PlanAction):
        if item.status == ActionStatus.DONE and item.completed_on is None:
            # Done now, unless told otherwise: dating it on its due date would hide lateness.
            item.completed_on = timezone.localdate()
        if item.status != ActionStatus.DONE:
            item.completed_on = None
        elif item.completed_on is not None and item.completed_on > timezone.localdate():
            raise ValidationError(
                {"completed_on": "An action cannot be done in the future: give the day it was."}
            )
    if isinstance(item, Milestone):
        _date_milestone(item)


def _date_milestone(milestone: Milestone) -> None:
    """A done review is dated when it was held: today unless told, never in the future.

    "Days since the last review" counts from this date, not from the due date, which
    may lie ahead of (or long after) the day the review really took place.
    """
    if not milestone.done:
        milestone.completed_on = None
        return
    today = timezone.localdate()
    if milestone.completed_on is None:
        milestone.completed_on = today
    elif milestone.completed_on > today:
        raise ValidationError(
            {"completed_on": "A review cannot be held in the future: give the day it took place."}
        )


def _label(item: PlanItem) -> str:
    for attr in ("title", "name", "text"):
        value = getattr(item, attr, None)
        if value:
            return str(value)
    return f"#{item.pk}"


@transaction.atomic
def plan_item_create(*, actor: Actor, plan: AccountPlan, section_name: str, **data: Any) -> Any:
    """Add an item (objective, action, SWOT point…) to a section of the plan."""
    spec = section(section_name)
    unknown = sorted(set(data) - set(spec.fields))
    if unknown:
        raise ValidationError(f"Unknown {spec.label.lower()} fields: {', '.join(unknown)}.")
    _lock(plan)
    position = (
        spec.model._default_manager.filter(plan=plan).aggregate(top=Max("position"))["top"] or 0
    ) + 1
    item = spec.model(account_id=plan.account_id, plan=plan, position=position, **data)
    _check_links(item, plan.account)
    item.full_clean(validate_constraints=True)
    audited_create(
        actor=actor,
        obj=item,
        fields=spec.fields,
        action=f"relmap.plan.{section_name}.created",
        account_id=plan.account_id,
    )
    _save_revision(actor=actor, plan=plan, change=f"{spec.label}: added “{_label(item)}”")
    return item


@transaction.atomic
def plan_item_update(*, actor: Actor, item: PlanItem, section_name: str, **data: Any) -> Any:
    spec = section(section_name)
    if not isinstance(item, spec.model):
        raise ValidationError(f"That item is not in {spec.label.lower()}.")
    unknown = sorted(set(data) - set(spec.fields))
    if unknown:
        raise ValidationError(f"Unknown {spec.label.lower()} fields: {', '.join(unknown)}.")
    plan = item.plan
    _lock(plan)

    def clean() -> None:
        _check_links(item, plan.account)
        item.full_clean()

    new = audited_update(
        actor=actor,
        obj=item,
        data=data,
        fields=spec.fields,
        action=f"relmap.plan.{section_name}.updated",
        account_id=item.account_id,
        clean=clean,
    )
    if new:
        _save_revision(actor=actor, plan=plan, change=f"{spec.label}: changed “{_label(item)}”")
    return item


@transaction.atomic
def plan_item_delete(*, actor: Actor, item: PlanItem, section_name: str) -> None:
    spec = section(section_name)
    if not isinstance(item, spec.model):
        raise ValidationError(f"That item is not in {spec.label.lower()}.")
    plan, label = item.plan, _label(item)
    _lock(plan)
    audited_delete(
        actor=actor,
        obj=item,
        fields=spec.fields,
        action=f"relmap.plan.{section_name}.deleted",
        account_id=item.account_id,
    )
    _save_revision(actor=actor, plan=plan, change=f"{spec.label}: removed “{label}”")


@transaction.atomic
def value_point_link_needs(*, actor: Actor, point: ValuePoint, needs: Iterable[Need]) -> ValuePoint:
    """Say which goals and pain points a value-proposition point answers."""
    chosen = list(needs)
    _lock(point.plan)
    strangers = [n.text for n in chosen if n.plan_id != point.plan_id]
    if strangers:
        raise ValidationError(f"“{strangers[0]}” is not a goal or pain point of this plan.")
    before = sorted(point.needs.values_list("pk", flat=True))
    after = sorted(n.pk for n in chosen)
    if before == after:
        return point
    point.needs.set(chosen)
    log_action(
        actor=actor,
        action="relmap.plan.value_points.linked",
        obj=point,
        account_id=point.account_id,
        before={"needs": before},
        after={"needs": after},
    )
    _save_revision(actor=actor, plan=point.plan, change=f"Value proposition: linked “{point.text}”")
    return point


@transaction.atomic
def offering_create(*, actor: Actor, name: str, description: str = "") -> Offering:
    """Add one of our offerings: a column of every account's whitespace map."""
    offering = Offering(
        name=name.strip(),
        description=description,
        position=(Offering.objects.aggregate(top=Max("position"))["top"] or 0) + 1,
    )
    offering.full_clean()
    audited_create(
        actor=actor,
        obj=offering,
        fields=("name", "description"),
        action="relmap.offering.created",
        account_id=None,
    )
    return offering


@transaction.atomic
def whitespace_set(
    *,
    actor: Actor,
    plan: AccountPlan,
    business_unit: BusinessUnit,
    offering: Offering,
    status: str,
    notes: str = "",
) -> WhitespaceCell | None:
    """Set where an offering stands with a business unit (``status=""`` clears the cell)."""
    if business_unit.plan_id != plan.pk:
        raise ValidationError("That business unit belongs to another account.")
    if status and status not in WhitespaceStatus.values:
        raise ValidationError(
            {"status": f"Unknown status {status!r}; use {', '.join(WhitespaceStatus.values)}."}
        )
    _lock(plan)
    cell = WhitespaceCell.objects.filter(business_unit=business_unit, offering=offering).first()
    label = f"{business_unit.name} / {offering.name}"
    if not status:
        if cell is None:
            return None
        audited_delete(
            actor=actor,
            obj=cell,
            fields=("status", "notes"),
            action="relmap.whitespace.cleared",
            account_id=plan.account_id,
        )
        _save_revision(actor=actor, plan=plan, change=f"Whitespace: cleared {label}")
        return None
    if cell is None:
        cell = WhitespaceCell(
            account_id=plan.account_id,
            business_unit=business_unit,
            offering=offering,
            status=status,
            notes=notes,
        )
        cell.full_clean()
        audited_create(
            actor=actor,
            obj=cell,
            fields=("status", "notes"),
            action="relmap.whitespace.set",
            account_id=plan.account_id,
        )
    elif not audited_update(
        actor=actor,
        obj=cell,
        data={"status": status, "notes": notes},
        fields=("status", "notes"),
        action="relmap.whitespace.set",
        account_id=plan.account_id,
        clean=cell.full_clean,
    ):
        return cell
    _save_revision(
        actor=actor,
        plan=plan,
        change=f"Whitespace: {label} {WhitespaceStatus(status).label.lower()}",
    )
    return cell


SECTION_NAMES = tuple(SECTIONS)

"""``/api/accounts/{account_id}/plan``: the account plan, its sections, the whitespace
map, and its revisions with the differences between any two.

Every section (needs, objectives, strategies, actions, resources, milestones, value
points, SWOT, business units) has the same three writes, registered from one table
below; every write goes through :mod:`relmap.planning.services` and makes a revision.
"""

# No ``from __future__ import annotations``: the section endpoints are made in a loop and
# ninja reads their annotations as real objects (see the stakeholders router).

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status

from relmap.accounts.models import Account, AccountMembership
from relmap.analytics.plandiff import diff_plans
from relmap.api.access import account_for, caller, stakeholder_in_body
from relmap.api.errors import InvalidInputError
from relmap.api.schemas import planning as schemas
from relmap.planning import selectors, services
from relmap.planning.models import (
    AccountPlan,
    BusinessUnit,
    Need,
    Objective,
    Offering,
    PlanItem,
    PlanRevision,
    ValuePoint,
)
from relmap.planning.registry import SECTIONS

router = Router(tags=["planning"])


def plan_of(account: Account) -> AccountPlan:
    plan = selectors.plan_for(account)
    if plan is None:
        raise Http404("This account has no plan yet; start one with POST …/plan.")
    return plan


def plan_document(plan: AccountPlan) -> dict[str, Any]:
    """The whole plan as PlanOut reads it, in a fixed number of queries."""
    loaded = selectors.load_plan(plan)
    overdue = set(selectors.overdue_actions(plan).values_list("pk", flat=True))
    return {
        "id": plan.pk,
        "account_id": plan.account_id,
        "status": plan.status,
        "summary": plan.summary,
        "value_proposition": plan.value_proposition,
        "next_review_on": plan.next_review_on,
        "revision": plan.revision,
        "updated_at": plan.updated_at,
        **loaded.sections,
        "overdue_action_ids": sorted(overdue),
        "offerings": loaded.offerings,
        "whitespace": list(loaded.cells.values()),
    }


def _team_member(account: Account, user_id: int) -> Any:
    membership = (
        AccountMembership.objects.select_related("user")
        .filter(account=account, user_id=user_id)
        .first()
    )
    if membership is None:
        raise InvalidInputError("owner_id", f"No team member {user_id} on this account.")
    return membership.user


def _objective(plan: AccountPlan, objective_id: int) -> Objective:
    objective = Objective.objects.filter(plan=plan, pk=objective_id).first()
    if objective is None:
        raise InvalidInputError("objective_id", f"No objective {objective_id} in this plan.")
    return objective


def _needs(plan: AccountPlan, ids: list[int]) -> list[Need]:
    found = {n.pk: n for n in Need.objects.filter(plan=plan, pk__in=ids)}
    for need_id in ids:
        if need_id not in found:
            raise InvalidInputError("need_ids", f"No goal or pain point {need_id} in this plan.")
    return [found[i] for i in dict.fromkeys(ids)]


def to_service_fields(account: Account, plan: AccountPlan, data: dict[str, Any]) -> dict[str, Any]:
    """Body fields named by id → the model instances the services take."""
    out = dict(data)
    if "owner_id" in out:
        user_id = out.pop("owner_id")
        out["owner"] = None if user_id is None else _team_member(account, user_id)
    for field in ("stakeholder", "customer_owner"):
        if f"{field}_id" in out:
            person_id = out.pop(f"{field}_id")
            out[field] = (
                None
                if person_id is None
                else stakeholder_in_body(account, person_id, f"{field}_id")
            )
    if "objective_id" in out:
        objective_id = out.pop("objective_id")
        out["objective"] = None if objective_id is None else _objective(plan, objective_id)
    return out


# The plan -----------------------------------------------------------------------------


@router.get("/{account_id}/plan", response=schemas.PlanOut, summary="The account plan")
def get_plan(request: HttpRequest, account_id: int) -> dict[str, Any]:
    return plan_document(plan_of(account_for(request, account_id)))


@router.post(
    "/{account_id}/plan",
    response={201: schemas.PlanOut, 200: schemas.PlanOut},
    summary="Start the account's plan",
    description="201 with a new, empty plan (revision 1); 200 with the plan if it exists.",
)
def start_plan(request: HttpRequest, account_id: int) -> Status[Any]:
    account = account_for(request, account_id, for_edit=True)
    existed = selectors.plan_for(account) is not None
    plan = services.plan_get_or_create(actor=caller(request), account=account)
    return Status(200 if existed else 201, plan_document(plan))


@router.patch(
    "/{account_id}/plan",
    response=schemas.PlanOut,
    summary="Change the plan's status, summary, value proposition or next review",
)
def update_plan(
    request: HttpRequest, account_id: int, payload: schemas.PlanPatch
) -> dict[str, Any]:
    plan = plan_of(account_for(request, account_id, for_edit=True))
    services.plan_update(actor=caller(request), plan=plan, **payload.model_dump(exclude_unset=True))
    return plan_document(plan)


@router.put(
    "/{account_id}/plan/whitespace",
    response=list[schemas.WhitespaceCellOut],
    summary="Set where an offering stands with a business unit",
    description="A blank status clears the cell. Answers with the whole whitespace map.",
)
def set_whitespace(
    request: HttpRequest, account_id: int, payload: schemas.WhitespaceIn
) -> list[Any]:
    plan = plan_of(account_for(request, account_id, for_edit=True))
    unit = BusinessUnit.objects.filter(plan=plan, pk=payload.business_unit_id).first()
    if unit is None:
        raise InvalidInputError(
            "business_unit_id", f"No business unit {payload.business_unit_id} in this plan."
        )
    offering = Offering.objects.filter(pk=payload.offering_id).first()
    if offering is None:
        raise InvalidInputError("offering_id", f"No offering {payload.offering_id}.")
    services.whitespace_set(
        actor=caller(request),
        plan=plan,
        business_unit=unit,
        offering=offering,
        status=payload.status,
        notes=payload.notes,
    )
    return list(selectors.load_plan(plan).cells.values())


@router.get(
    "/{account_id}/plan/revisions",
    response=list[schemas.RevisionOut],
    summary="The plan's revisions, newest first",
)
def list_revisions(request: HttpRequest, account_id: int) -> list[PlanRevision]:
    return list(selectors.revisions_of(plan_of(account_for(request, account_id))))


@router.get(
    "/{account_id}/plan/diff",
    response=schemas.PlanDiffOut,
    summary="What changed between two revisions of the plan",
)
def diff_revisions(
    request: HttpRequest, account_id: int, query: Query[schemas.DiffQuery]
) -> dict[str, Any]:
    plan = plan_of(account_for(request, account_id))
    after_number = query.after or plan.revision
    revisions = {
        r.number: r
        for r in PlanRevision.objects.filter(
            account_id=plan.account_id, plan=plan, number__in=[query.before, after_number]
        )
    }
    for name, number in (("before", query.before), ("after", after_number)):
        if number not in revisions:
            raise InvalidInputError(name, f"No revision {number} of this plan.")
    diff = diff_plans(revisions[query.before].snapshot, revisions[after_number].snapshot)
    return {
        "before": query.before,
        "after": after_number,
        "summary": diff.summary,
        "fields": diff.fields,
        "items": diff.items,
    }


# Sections ---------------------------------------------------------------------------

# (URL segment, registry section, body of POST, body of PATCH, answer)
SECTION_ROUTES: tuple[tuple[str, str, type[Schema], type[Schema], type[Schema]], ...] = (
    ("needs", "needs", schemas.NeedIn, schemas.NeedPatch, schemas.NeedOut),
    ("objectives", "objectives", schemas.ObjectiveIn, schemas.ObjectivePatch, schemas.ObjectiveOut),
    ("strategies", "strategies", schemas.StrategyIn, schemas.StrategyPatch, schemas.StrategyOut),
    ("actions", "actions", schemas.ActionIn, schemas.ActionPatch, schemas.ActionOut),
    ("resources", "resources", schemas.ResourceIn, schemas.ResourcePatch, schemas.ResourceOut),
    ("milestones", "milestones", schemas.MilestoneIn, schemas.MilestonePatch, schemas.MilestoneOut),
    (
        "value-points",
        "value_points",
        schemas.ValuePointIn,
        schemas.ValuePointPatch,
        schemas.ValuePointOut,
    ),
    ("swot", "swot", schemas.SwotIn, schemas.SwotPatch, schemas.SwotOut),
    (
        "business-units",
        "business_units",
        schemas.BusinessUnitIn,
        schemas.BusinessUnitPatch,
        schemas.BusinessUnitOut,
    ),
)


def item_at(plan: AccountPlan, section_name: str, item_id: int) -> PlanItem:
    item = selectors.section_items(plan, section_name).filter(pk=item_id).first()
    if item is None:
        label = SECTIONS[section_name].label.lower()
        raise Http404(f"No item {item_id} in {label} of this plan.")
    return item


def _write_item(
    request: HttpRequest,
    account_id: int,
    section_name: str,
    data: dict[str, Any],
    item_id: int | None = None,
) -> PlanItem:
    account = account_for(request, account_id, for_edit=True)
    plan = plan_of(account)
    need_ids = data.pop("need_ids", None)
    fields = to_service_fields(account, plan, data)
    needs = _needs(plan, need_ids) if need_ids is not None else None
    actor = caller(request)
    if item_id is None:
        item = services.plan_item_create(
            actor=actor, plan=plan, section_name=section_name, **fields
        )
    else:
        item = item_at(plan, section_name, item_id)
        if fields:
            services.plan_item_update(actor=actor, item=item, section_name=section_name, **fields)
    if needs is not None and isinstance(item, ValuePoint):
        services.value_point_link_needs(actor=actor, point=item, needs=needs)
    # Read back through the selector so that names and links come with it.
    return item_at(plan, section_name, item.pk)


def _register(slug: str, section_name: str, body: Any, patch: Any, out: Any) -> None:
    label = SECTIONS[section_name].label

    def create(request: HttpRequest, account_id: int, payload: body) -> Status[Any]:
        item = _write_item(request, account_id, section_name, payload.model_dump())
        return Status(201, item)

    def update(request: HttpRequest, account_id: int, item_id: int, payload: patch) -> Any:
        return _write_item(
            request, account_id, section_name, payload.model_dump(exclude_unset=True), item_id
        )

    def delete(request: HttpRequest, account_id: int, item_id: int) -> Status[Any]:
        account = account_for(request, account_id, for_edit=True)
        item = item_at(plan_of(account), section_name, item_id)
        services.plan_item_delete(actor=caller(request), item=item, section_name=section_name)
        return Status(204, None)

    path = f"/{{account_id}}/plan/{slug}"
    for func, verb in ((create, "create"), (update, "update"), (delete, "delete")):
        func.__name__ = f"{verb}_plan_{section_name}"
    router.post(
        path,
        response={201: out},
        summary=f"Add to the plan's {label.lower()}",
        operation_id=create.__name__,
    )(create)
    router.patch(
        path + "/{item_id}",
        response=out,
        summary=f"Change an item of the plan's {label.lower()}",
        operation_id=update.__name__,
    )(update)
    router.delete(
        path + "/{item_id}",
        response={204: None},
        summary=f"Remove an item from the plan's {label.lower()}",
        operation_id=delete.__name__,
    )(delete)


for _route in SECTION_ROUTES:
    _register(*_route)

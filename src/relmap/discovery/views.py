"""The discovery pages of an account: initiatives and their stage, research notes,
sessions with their questions and answers, the needs captured and the proposals that
answer them; and the SPIN question bank.

Every view starts from :mod:`relmap.core.visibility`: outsiders get 404, read-only team
members 403 on writes, anonymous users the login page. Writes go through
:mod:`relmap.discovery.services` (needs through the plan's services). Plain forms: a
valid post redirects back to its section; an invalid one re-renders the page with the
errors next to the fields (422).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relmap.accounts.models import Account
from relmap.core.visibility import can_edit_account, get_account_for_user
from relmap.discovery import selectors, services
from relmap.discovery.forms import (
    AnswerForm,
    AskForm,
    Choices,
    InitiativeForm,
    NeedCaptureForm,
    NeedLinksForm,
    ProposalForm,
    QuestionForm,
    ResearchNoteForm,
    SessionForm,
    StageForm,
)
from relmap.discovery.models import (
    DiscoverySession,
    Initiative,
    Proposal,
    Question,
    ResearchNote,
    SessionQuestion,
)
from relmap.discovery.permissions import can_edit_question_bank, require_question_editor
from relmap.planning.models import Need
from relmap.stakeholders.choices import Side
from relmap.stakeholders.selectors import stakeholders_of

HOME = "discovery/home.html"
SESSION = "discovery/session.html"
SESSION_NEW = "discovery/session_new.html"
BANK = "discovery/questions.html"
QUESTION_EDIT = "discovery/question_edit.html"


def _url(name: str, account: Account, anchor: str = "", **kwargs: Any) -> str:
    url = reverse(f"discovery:{name}", kwargs={"account_pk": account.pk, **kwargs})
    return f"{url}#{anchor}" if anchor else url


def _choices(account: Account, data: selectors.Discovery | None = None) -> Choices:
    team = [m.user for m in account.memberships.select_related("user").order_by("user__username")]
    people = list(stakeholders_of(account).exclude(side=Side.INTERNAL))
    initiatives = data.initiatives if data is not None else list(selectors.initiatives_of(account))
    needs = data.needs if data is not None else list(selectors.needs_of(account))
    return Choices(
        team=team,
        people=people,
        initiatives=initiatives,
        needs=needs,
        questions=selectors.question_choices(),
    )


def _get[T](model: type[T], account: Account, pk: int, what: str) -> T:
    obj = model._default_manager.filter(account_id=account.pk, pk=pk).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Http404(f"No such {what} on this account.")
    return obj  # type: ignore[no-any-return]


# The discovery page -----------------------------------------------------------------------


def _home(
    request: HttpRequest, account: Account, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """The page, with any bound forms (and their errors) in place of the empty ones."""
    data = selectors.load_discovery(account)
    can_edit = can_edit_account(request.user, account)
    forms = dict(forms or {})
    choices = _choices(account, data) if can_edit else None
    if choices is not None:
        forms.setdefault("note", ResearchNoteForm(auto_id="note-%s"))
        forms.setdefault("initiative", InitiativeForm(choices=choices, auto_id="initiative-%s"))
        forms.setdefault("need", NeedCaptureForm(choices=choices, auto_id="need-%s"))
        forms.setdefault("proposal", ProposalForm(choices=choices, auto_id="proposal-%s"))
    initiatives = [
        {
            "initiative": i,
            "steps": selectors.stage_steps(i.stage),
            "next": selectors.next_stage(i.stage),
            "needs": list(i.needs.all()),
            "history": list(i.stage_changes.all()),
        }
        for i in data.initiatives
    ]
    proposals = [
        {
            "proposal": p,
            "needs": list(p.needs.all()),
            "links": NeedLinksForm(
                initial={"needs": [str(n.pk) for n in p.needs.all()]},
                choices=choices,
                auto_id=f"links-{p.pk}-%s",
            )
            if choices is not None
            else None,
        }
        for p in data.proposals
    ]
    context = {
        "account": account,
        "can_edit": can_edit,
        "data": data,
        "initiatives": initiatives,
        "proposals": proposals,
        "forms": forms,
        "stage_choices": [(s.value, s.label) for s in selectors.stage_steps("research")],
        "counts": {
            "explicit": sum(1 for n in data.needs if n.explicitness == Need.Explicitness.EXPLICIT),
            "latent": sum(1 for n in data.needs if n.explicitness == Need.Explicitness.LATENT),
            "unanswered": len(data.unanswered_need_ids),
            "needless": len(data.needless_proposal_ids),
        },
    }
    return render(request, HOME, context, status=status)


@require_GET
def home(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk)
    return _home(request, account)


def _editable(request: HttpRequest, account_pk: int) -> Account:
    return get_account_for_user(request.user, account_pk, for_edit=True)


# Research notes ---------------------------------------------------------------------------


@require_POST
def note_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    form = ResearchNoteForm(request.POST, auto_id="note-%s")
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        try:
            services.research_note_create(actor=request.user, account=account, **data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("home", account, "research"))
    return _home(request, account, {"note": form}, status=422)


@require_POST
def note_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    note = _get(ResearchNote, account, pk, "research note")
    services.research_note_delete(actor=request.user, note=note)
    return redirect(_url("home", account, "research"))


# Initiatives ------------------------------------------------------------------------------


@require_POST
def initiative_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    form = InitiativeForm(request.POST, choices=_choices(account), auto_id="initiative-%s")
    if form.is_valid():
        try:
            services.initiative_create(actor=request.user, account=account, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("home", account, "initiatives"))
    return _home(request, account, {"initiative": form}, status=422)


@require_POST
def initiative_move(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    initiative = _get(Initiative, account, pk, "initiative")
    form = StageForm(request.POST, auto_id=f"stage-{pk}-%s")
    if form.is_valid():
        try:
            services.initiative_move(
                actor=request.user,
                initiative=initiative,
                stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("home", account, f"initiative-{pk}"))
    return _home(request, account, {"stage": form, "stage_for": pk}, status=422)


@require_POST
def initiative_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    initiative = _get(Initiative, account, pk, "initiative")
    services.initiative_delete(actor=request.user, initiative=initiative)
    return redirect(_url("home", account, "initiatives"))


# Needs and proposals ----------------------------------------------------------------------


@require_POST
def need_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Capture a need straight into the plan (not from a session's answer)."""
    account = _editable(request, account_pk)
    form = NeedCaptureForm(request.POST, choices=_choices(account), auto_id="need-%s")
    if form.is_valid():
        try:
            services.need_capture(actor=request.user, account=account, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("home", account, "needs"))
    return _home(request, account, {"need": form}, status=422)


@require_POST
def proposal_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    form = ProposalForm(request.POST, choices=_choices(account), auto_id="proposal-%s")
    if form.is_valid():
        try:
            services.proposal_create(actor=request.user, account=account, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("home", account, "proposals"))
    return _home(request, account, {"proposal": form}, status=422)


@require_POST
def proposal_needs(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    proposal = _get(Proposal, account, pk, "proposal")
    form = NeedLinksForm(request.POST, choices=_choices(account), auto_id=f"links-{pk}-%s")
    if form.is_valid():
        try:
            services.proposal_update(
                actor=request.user, proposal=proposal, needs=form.cleaned_data["needs"]
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("home", account, f"proposal-{pk}"))
    return _home(request, account, {"links": form, "links_for": pk}, status=422)


@require_POST
def proposal_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    proposal = _get(Proposal, account, pk, "proposal")
    services.proposal_delete(actor=request.user, proposal=proposal)
    return redirect(_url("home", account, "proposals"))


# Sessions ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    """Start a session: who takes part, and which questions of the bank to ask."""
    account = _editable(request, account_pk)
    choices = _choices(account)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        auto_id="session-%s",
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                session = services.session_create(
                    actor=request.user, account=account, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                return redirect(_url("session", account, pk=session.pk))
        status = 422
    chosen = {str(v) for v in (form["questions"].value() or ())}
    context = {
        "account": account,
        "form": form,
        "bank": selectors.question_bank(active_only=True),
        "chosen": chosen,
    }
    return render(request, SESSION_NEW, context, status=status)


def _session(
    request: HttpRequest,
    account: Account,
    session: DiscoverySession,
    *,
    forms: dict[Any, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = can_edit_account(request.user, account)
    asked = list(selectors.asked_in(session))
    attendees = list(session.stakeholders.all())
    forms = dict(forms or {})
    choices = _choices(account) if can_edit else None
    rows: list[dict[str, Any]] = []
    for a in asked:
        answer = capture = None
        if choices is not None:
            answer = forms.get(("answer", a.pk)) or AnswerForm(
                initial={"answer": a.answer, "answered_by": a.answered_by_id},
                people=attendees or choices.people,
                auto_id=f"answer-{a.pk}-%s",
            )
            capture = forms.get(("capture", a.pk)) or NeedCaptureForm(
                initial={
                    "evidence": a.answer,
                    "stakeholder": a.answered_by_id,
                    "initiatives": [str(session.initiative_id)] if session.initiative_id else [],
                },
                choices=choices,
                auto_id=f"capture-{a.pk}-%s",
            )
        rows.append({"asked": a, "answer": answer, "capture": capture, "needs": a.needs.all()})
    if choices is not None:
        forms.setdefault("ask", AskForm(choices=choices, auto_id="ask-%s"))
    context = {
        "account": account,
        "session": session,
        "attendees": attendees,
        "rows": rows,
        "can_edit": can_edit,
        "forms": forms,
        "bank": selectors.question_bank(active_only=True) if can_edit else [],
        "open_capture": forms.get("open_capture"),
    }
    return render(request, SESSION, context, status=status)


def _session_at(account: Account, pk: int) -> DiscoverySession:
    session = (
        DiscoverySession.objects.filter(account_id=account.pk, pk=pk)
        .select_related("held_by", "initiative")
        .first()
    )
    if session is None:
        raise Http404("No such session on this account.")
    return session


def _asked_at(session: DiscoverySession, pk: int) -> SessionQuestion:
    asked = SessionQuestion.objects.filter(
        account_id=session.account_id, session=session, pk=pk
    ).first()
    if asked is None:
        raise Http404("No such question in this session.")
    return asked


@require_GET
def session_page(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = get_account_for_user(request.user, account_pk)
    return _session(request, account, _session_at(account, pk))


@require_POST
def session_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    services.session_delete(actor=request.user, session=_session_at(account, pk))
    return redirect(_url("home", account, "sessions"))


@require_POST
def session_ask(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    """Add questions to the session: ticked in the bank, or one of your own."""
    account = _editable(request, account_pk)
    session = _session_at(account, pk)
    form = AskForm(request.POST, choices=_choices(account), auto_id="ask-%s")
    if form.is_valid():
        try:
            for question in form.cleaned_data["questions"]:
                services.asked_add(actor=request.user, session=session, question=question)
            if form.cleaned_data["text"].strip():
                services.asked_add(
                    actor=request.user,
                    session=session,
                    text=form.cleaned_data["text"],
                    category=form.cleaned_data["category"],
                )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("session", account, "asked", pk=pk))
    return _session(request, account, session, forms={"ask": form}, status=422)


@require_POST
def asked_answer(request: HttpRequest, account_pk: int, pk: int, asked_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    session = _session_at(account, pk)
    asked = _asked_at(session, asked_pk)
    people = list(session.stakeholders.all()) or _choices(account).people
    form = AnswerForm(request.POST, people=people, auto_id=f"answer-{asked_pk}-%s")
    if form.is_valid():
        try:
            services.asked_update(actor=request.user, asked=asked, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("session", account, f"asked-{asked_pk}", pk=pk))
    return _session(request, account, session, forms={("answer", asked_pk): form}, status=422)


@require_POST
def asked_delete(request: HttpRequest, account_pk: int, pk: int, asked_pk: int) -> HttpResponse:
    account = _editable(request, account_pk)
    session = _session_at(account, pk)
    services.asked_delete(actor=request.user, asked=_asked_at(session, asked_pk))
    return redirect(_url("session", account, "asked", pk=pk))


@require_POST
def asked_capture(request: HttpRequest, account_pk: int, pk: int, asked_pk: int) -> HttpResponse:
    """Capture a need from an answer: into the plan, linked to the answer."""
    account = _editable(request, account_pk)
    session = _session_at(account, pk)
    asked = _asked_at(session, asked_pk)
    form = NeedCaptureForm(
        request.POST, choices=_choices(account), auto_id=f"capture-{asked_pk}-%s"
    )
    if form.is_valid():
        try:
            services.need_capture(
                actor=request.user, account=account, asked=asked, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("session", account, f"asked-{asked_pk}", pk=pk))
    forms: dict[Any, Any] = {("capture", asked_pk): form, "open_capture": asked_pk}
    return _session(request, account, session, forms=forms, status=422)


# The question bank ------------------------------------------------------------------------


def _bank_page(
    request: HttpRequest, account: Account, form: QuestionForm | None = None, status: int = 200
) -> HttpResponse:
    can_edit = can_edit_question_bank(request.user)
    show_all = can_edit
    bank = selectors.question_bank(active_only=not show_all)
    if can_edit and form is None:
        form = QuestionForm(
            questions=selectors.question_choices(active_only=False), auto_id="question-%s"
        )
    context = {"account": account, "bank": bank, "can_edit": can_edit, "form": form}
    return render(request, BANK, context, status=status)


@require_GET
def question_bank(request: HttpRequest, account_pk: int) -> HttpResponse:
    """The SPIN question bank: everyone reads it; leaders and administrators edit it."""
    account = get_account_for_user(request.user, account_pk)
    return _bank_page(request, account)


def _bank_editor(request: HttpRequest, account_pk: int) -> Account:
    account = get_account_for_user(request.user, account_pk)
    require_question_editor(request.user)
    return account


def _question_at(pk: int) -> Question:
    question = Question.objects.filter(pk=pk).first()
    if question is None:
        raise Http404("No such question in the bank.")
    return question


@require_POST
def question_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    account = _bank_editor(request, account_pk)
    form = QuestionForm(
        request.POST,
        questions=selectors.question_choices(active_only=False),
        auto_id="question-%s",
    )
    if form.is_valid():
        try:
            question = services.question_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            return redirect(_url("questions", account, f"question-{question.pk}"))
    return _bank_page(request, account, form, status=422)


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _bank_editor(request, account_pk)
    question = _question_at(pk)
    others = [q for q in selectors.question_choices(active_only=False) if q.pk != question.pk]
    initial = {
        "category": question.category,
        "text": question.text,
        "parent": question.parent_id,
        "purpose": question.purpose,
        "active": question.active,
    }
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        questions=others,
        auto_id="edit-%s",
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.question_update(actor=request.user, question=question, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                return redirect(_url("questions", account, f"question-{pk}"))
        status = 422
    context = {"account": account, "question": question, "form": form}
    return render(request, QUESTION_EDIT, context, status=status)


@require_POST
def question_active(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    """Retire a question (``active=0``) or bring it back (``active=1``)."""
    account = _bank_editor(request, account_pk)
    question = _question_at(pk)
    active = request.POST.get("active", "")
    if active not in ("0", "1"):
        return _bank_page(request, account, status=422)
    services.question_update(actor=request.user, question=question, active=active == "1")
    return redirect(_url("questions", account, f"question-{pk}"))


@require_POST
def question_delete(request: HttpRequest, account_pk: int, pk: int) -> HttpResponse:
    account = _bank_editor(request, account_pk)
    question = _question_at(pk)
    try:
        services.question_delete(actor=request.user, question=question)
    except ValidationError as exc:
        context = {
            "account": account,
            "bank": selectors.question_bank(active_only=False),
            "can_edit": True,
            "form": QuestionForm(
                questions=selectors.question_choices(active_only=False), auto_id="question-%s"
            ),
            "error": " ".join(exc.messages),
        }
        return render(request, BANK, context, status=422)
    return redirect(_url("questions", account))

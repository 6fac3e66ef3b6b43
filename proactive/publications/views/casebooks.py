"""The secretariat's casebook screens: the list (with card news), creating a casebook, its page (details, the
cases in order with move up/down or a number, masks to confirm, photos, generation with a progress bar, the
workflow steps and the timeline), and the PDF.

Every view checks its permission; a casebook one may not see answers 404. A refused step re-renders the page with
the reason (400, or 409 when the state does not allow it).
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.core.exceptions import DomainError
from proactive.publications import queries
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import ACTIVE_JOB_STATES, MaskDecision
from proactive.publications.forms import (
    AddCaseForm,
    CasebookCreateForm,
    CasebookForm,
    CorrectionForm,
    MaskForm,
    MoveForm,
    PhotosForm,
    TransitionForm,
)
from proactive.publications.models import CasebookEntry, Mask
from proactive.publications.rules import CASEBOOK_PERMS
from proactive.publications.services import casebooks as services
from proactive.publications.services.masking import decide_mask
from proactive.publications.views.common import (
    EditorialSteps,
    done,
    public_or_staff,
    timeline,
    visible_or_404,
    workflow_perms,
)
from proactive.web.navigation import OUTREACH_SECTION, MenuItem, register_section
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, require

VIEW_ALL = "publications.view_publications"
CREATE = "publications.create_publication"
VIEW = "publications.view_casebook"
EDIT = "publications.edit_casebook"
PER_PAGE = 20


def register() -> None:
    register_section(
        *OUTREACH_SECTION,
        [
            MenuItem(gettext_lazy("Casebooks and card news"), "publications:public-list"),
            MenuItem(gettext_lazy("Editing casebooks and card news"), "publications:index", VIEW_ALL),
        ],
    )


@login_required
@require_GET
def index(request):
    require(request, VIEW_ALL)
    context = paginate(request, queries.staff_casebooks(), PER_PAGE)
    context["cardsets"] = queries.staff_cardsets()[:PER_PAGE]
    return render(request, "publications/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    require(request, CREATE)
    form = CasebookCreateForm(
        request.POST or None,
        rounds=queries.round_choices(),
        years=queries.year_choices(),
        cases=queries.case_choices(),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                casebook = services.create_casebook(
                    actor=request.user,
                    title=data["title"],
                    subtitle=data["subtitle"],
                    foreword=data["foreword"],
                    selection=data["selection"],
                    round_id=data["round"],
                    year=data["year"],
                    theme=data["theme"],
                    award_ids=data["awards"],
                )
            except DomainError as exc:
                status = refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(request, _("The casebook was created."), "publications:casebook", casebook.pk)
    return render(request, "publications/casebook_create.html", {"form": form}, status=status)


def _page(request, casebook, *, status: int = 200, **forms):
    entries = queries.casebook_entries(casebook)
    pending = sum(1 for e in entries for m in e.masks.all() if m.decision == MaskDecision.PROPOSED)
    present = {e.award_id for e in entries}
    context = {
        "casebook": casebook,
        "entries": entries,
        "pending_masks": pending,
        "details_form": forms.get("details_form")
        or CasebookForm(
            initial={
                "title": casebook.title,
                "subtitle": casebook.subtitle,
                "foreword": casebook.foreword,
            }
        ),
        "add_form": forms.get("add_form") or AddCaseForm(cases=queries.case_choices(present)),
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "correction_form": forms.get("correction_form") or CorrectionForm(),
        "error": forms.get("error", ""),
        "perms_": CASEBOOK_PERMS,
        "timeline": timeline(casebook),
        "S": S,
        "can": workflow_perms(request.user, casebook, "casebook"),
        "job_active": casebook.job_state in ACTIVE_JOB_STATES,
    }
    return render(request, "publications/casebook_detail.html", context, status=status)


@login_required
@require_GET
def detail(request, pk: int):
    casebook = visible_or_404(request, queries.get_casebook(pk), VIEW)
    return _page(request, casebook)


STEPS = EditorialSteps(
    kind="casebook",
    url_name="publications:casebook",
    get=queries.get_casebook,
    page=_page,
    request_generation=lambda actor, obj: services.request_generation(actor=actor, casebook=obj),
    transition=lambda actor, obj, to, reason: services.transition_casebook(
        actor=actor, casebook=obj, to=to, reason=reason
    ),
    correct=lambda actor, obj, note: services.correct_casebook(actor=actor, casebook=obj, note=note),
    moved={
        S.REVIEW: gettext_lazy("The casebook was submitted for review."),
        S.DRAFT: gettext_lazy("The casebook was returned to draft."),
        S.APPROVED: gettext_lazy("The casebook was approved."),
        S.PUBLISHED: gettext_lazy("The casebook was published."),
    },
)
_step = STEPS.step
_steps = STEPS.views()
progress, generate, transition, correct = (_steps[k] for k in ("progress", "generate", "transition", "correct"))


@login_required
@require_POST
def edit(request, pk: int):
    casebook = visible_or_404(request, queries.get_casebook(pk), VIEW)
    require(request, EDIT, casebook)
    form = CasebookForm(request.POST)
    if not form.is_valid():
        return _page(request, casebook, status=400, details_form=form)
    data = form.cleaned_data
    return _step(
        request,
        casebook,
        lambda: services.update_casebook(
            actor=request.user,
            casebook=casebook,
            title=data["title"],
            subtitle=data["subtitle"],
            foreword=data["foreword"],
        ),
        _("The details were saved."),
        details_form=form,
    )


@login_required
@require_POST
def add_case(request, pk: int):
    casebook = visible_or_404(request, queries.get_casebook(pk), VIEW)
    require(request, EDIT, casebook)
    form = AddCaseForm(request.POST, cases=queries.case_choices())
    if not form.is_valid():
        return _page(request, casebook, status=400, add_form=form)
    award_id = form.cleaned_data["award"]
    return _step(
        request,
        casebook,
        lambda: services.add_case(actor=request.user, casebook=casebook, award_id=award_id),
        _("The case was added."),
    )


def _entry(request, pk: int, entry_pk: int) -> CasebookEntry:
    casebook = visible_or_404(request, queries.get_casebook(pk), VIEW)
    require(request, EDIT, casebook)
    return get_object_or_404(
        CasebookEntry.objects.select_related("casebook", "award__nomination"), pk=entry_pk, casebook=casebook
    )


@login_required
@require_POST
def move(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _page(request, entry.casebook, status=400, error=_("Give the order as a number from 1."))
    direction = form.cleaned_data["direction"]
    if direction == "up":
        to = entry.position - 1
    elif direction == "down":
        to = entry.position + 1
    elif form.cleaned_data["position"]:
        to = form.cleaned_data["position"]
    else:
        return _page(request, entry.casebook, status=400, error=_("Give the order as a number from 1."))
    return _step(
        request,
        entry.casebook,
        lambda: services.move_case(actor=request.user, entry=entry, to_position=to),
        _("The order was changed."),
    )


@login_required
@require_POST
def remove(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk)
    return _step(
        request,
        entry.casebook,
        lambda: services.remove_case(actor=request.user, entry=entry),
        _("The case was removed."),
    )


@login_required
@require_POST
def photos(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk)
    form = PhotosForm(request.POST)
    form.is_valid()
    include = bool(form.cleaned_data.get("include"))
    return _step(
        request,
        entry.casebook,
        lambda: services.set_photos(actor=request.user, entry=entry, include=include),
        _("The photo choice was saved."),
    )


@login_required
@require_POST
def mask(request, pk: int, mask_pk: int):
    casebook = visible_or_404(request, queries.get_casebook(pk), VIEW)
    require(request, EDIT, casebook)
    target = get_object_or_404(Mask.objects.select_related("entry__casebook"), pk=mask_pk, entry__casebook=casebook)
    form = MaskForm(request.POST)
    if not form.is_valid():
        return _page(request, casebook, status=400, error=_("Choose whether to mask it."))
    confirm = form.cleaned_data["decision"] == "confirm"
    return _step(
        request,
        casebook,
        lambda: decide_mask(actor=request.user, mask=target, confirm=confirm),
        _("The mask was decided."),
    )


@require_GET
def pdf(request, pk: int):
    """The print PDF: everyone once published, the staff before."""
    casebook = public_or_staff(request, queries.get_casebook(pk), VIEW)
    if not casebook.pdf:
        raise Http404
    name = f"casebook-{casebook.pk}-v{casebook.version}.pdf"
    response = FileResponse(casebook.pdf.open("rb"), content_type="application/pdf", filename=name)
    if casebook.state != S.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response

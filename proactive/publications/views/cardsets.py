"""The secretariat's card-news screens: creating a set for a published case (texts prefilled from the record),
its page (texts and alt text per card, generation with a progress bar, the cards, the workflow and timeline),
and the files (one card's PNG, the ZIP) — public once published."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.core.exceptions import DomainError
from proactive.publications import queries
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import ACTIVE_JOB_STATES, CARD_KINDS
from proactive.publications.forms import CardSetCreateForm, CardSetForm, CorrectionForm, TransitionForm
from proactive.publications.services import cards as services
from proactive.publications.views.common import (
    EditorialSteps,
    done,
    public_or_staff,
    timeline,
    visible_or_404,
    workflow_perms,
)
from proactive.web.refusals import refusal_status, require

CREATE = "publications.create_publication"
VIEW = "publications.view_cardset"
EDIT = "publications.edit_cardset"


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    require(request, CREATE)
    form = CardSetCreateForm(request.POST or None, cases=queries.case_choices())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                card_set = services.create_cardset(actor=request.user, award_id=form.cleaned_data["award"])
            except DomainError as exc:
                status = refusal_status(exc)
                form.add_error(None, exc.message)
            else:
                return done(
                    request, _("The card news was created from the case's record."), "publications:cardset", card_set.pk
                )
    return render(request, "publications/cardset_create.html", {"form": form}, status=status)


def _initial(card_set) -> dict:
    initial = {f: getattr(card_set, f) for f in services.TEXT_FIELDS}
    initial |= {f"alt_{k}": card_set.alt_for(k) for k in CARD_KINDS}
    return initial


def _page(request, card_set, *, status: int = 200, **kw):
    form = kw.get("form") or CardSetForm(initial=_initial(card_set))
    context = {
        "card_set": card_set,
        "form": form,
        "alt_fields": [form[f"alt_{k}"] for k in CARD_KINDS],
        "text_fields": [form[f] for f in services.TEXT_FIELDS],
        "cards": list(card_set.cards.all()),
        "missing_alt": services.missing_alt(card_set),
        "transition_form": kw.get("transition_form") or TransitionForm(),
        "correction_form": kw.get("correction_form") or CorrectionForm(),
        "error": kw.get("error", ""),
        "timeline": timeline(card_set),
        "S": S,
        "can": workflow_perms(request.user, card_set, "cardset"),
        "job_active": card_set.job_state in ACTIVE_JOB_STATES,
    }
    return render(request, "publications/cardset_detail.html", context, status=status)


@login_required
@require_GET
def detail(request, pk: int):
    return _page(request, visible_or_404(request, queries.get_cardset(pk), VIEW))


STEPS = EditorialSteps(
    kind="cardset",
    url_name="publications:cardset",
    get=queries.get_cardset,
    page=_page,
    request_generation=lambda actor, obj: services.request_generation(actor=actor, card_set=obj),
    transition=lambda actor, obj, to, reason: services.transition_cardset(
        actor=actor, card_set=obj, to=to, reason=reason
    ),
    correct=lambda actor, obj, note: services.correct_cardset(actor=actor, card_set=obj, note=note),
    moved={
        S.REVIEW: gettext_lazy("The card news was submitted for review."),
        S.DRAFT: gettext_lazy("The card news was returned to draft."),
        S.APPROVED: gettext_lazy("The card news was approved."),
        S.PUBLISHED: gettext_lazy("The card news was published."),
    },
)
_step = STEPS.step
_steps = STEPS.views()
progress, generate, transition, correct = (_steps[k] for k in ("progress", "generate", "transition", "correct"))


@login_required
@require_POST
def edit(request, pk: int):
    card_set = visible_or_404(request, queries.get_cardset(pk), VIEW)
    require(request, EDIT, card_set)
    form = CardSetForm(request.POST)
    if not form.is_valid():
        return _page(request, card_set, status=400, form=form)
    return _step(
        request,
        card_set,
        lambda: services.update_cardset(
            actor=request.user, card_set=card_set, texts=form.texts(), alt_texts=form.alt_texts()
        ),
        _("The card texts were saved."),
        form=form,
    )


@require_GET
def image(request, pk: int, position: int):
    card_set = public_or_staff(request, queries.get_cardset(pk), VIEW)
    card = next((c for c in card_set.cards.all() if c.position == position), None)
    if card is None:
        raise Http404
    with card.image.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/png")
    if card_set.state != S.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def download_zip(request, pk: int):
    card_set = public_or_staff(request, queries.get_cardset(pk), VIEW)
    if not card_set.cards.all():
        raise Http404
    response = HttpResponse(services.cards_zip(card_set), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="cardnews-{card_set.pk}-v{card_set.version}.zip"'
    if card_set.state != S.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response

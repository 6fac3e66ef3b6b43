"""The secretariat's pages: the editions, an edition's editing page with the workflow and the history, the news
item form, the correction form and the progress partial (htmx-polled; its own permission check)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proactive.audit.models import AuditEvent
from proactive.bulletins import queries, workflow
from proactive.bulletins.enums import JobState
from proactive.bulletins.forms import AssembleForm, CorrectionForm, EditorialForm, NewsForm, ReasonForm
from proactive.bulletins.models import Edition, Item
from proactive.bulletins.services import editions as services
from proactive.bulletins.services import output
from proactive.bulletins.views.public import edition_context
from proactive.core.exceptions import DomainError
from proactive.core.workflow import allowed_targets
from proactive.publications.editorial import EditorialState
from proactive.web.navigation import OUTREACH_SECTION, MenuItem, register_section
from proactive.web.pagination import paginate
from proactive.web.refusals import refusal_status, refused, require

MANAGE = "bulletins.manage_edition"
VIEW = "bulletins.view_edition"
S = EditorialState

TRANSITION_LABELS: dict[str, Any] = {
    S.REVIEW: gettext_lazy("Submit for review"),
    S.APPROVED: gettext_lazy("Approve"),
    S.PUBLISHED: pgettext_lazy("bulletin action", "Publish"),
    S.DRAFT: gettext_lazy("Return to draft"),
}
HISTORY_LABELS: dict[str, Any] = {
    "bulletins.edition_assembled": gettext_lazy("Assembled from the month's material"),
    "bulletins.editorial_changed": gettext_lazy("Editor's note changed"),
    "bulletins.statistics_refreshed": gettext_lazy("Figures counted again"),
    "bulletins.item_added": gettext_lazy("Item added"),
    "bulletins.item_changed": gettext_lazy("Item changed"),
    "bulletins.item_removed": gettext_lazy("Item removed"),
    "bulletins.item_moved": gettext_lazy("Item moved"),
    "bulletins.edition_review": gettext_lazy("Submitted for review"),
    "bulletins.edition_approved": gettext_lazy("Approved"),
    "bulletins.edition_published": pgettext_lazy("bulletin history", "Published"),
    "bulletins.edition_draft": gettext_lazy("Returned to draft"),
    "bulletins.edition_corrected": gettext_lazy("Created as a correction"),
    "bulletins.correction_started": gettext_lazy("A correction was started"),
    "bulletins.pdf_rendered": gettext_lazy("PDF rendered"),
    "bulletins.edition_sent": gettext_lazy("E-mailed to subscribers"),
    "bulletins.outputs_requested": gettext_lazy("Run again"),
}


def register() -> None:
    register_section(*OUTREACH_SECTION, [MenuItem(gettext_lazy("Bulletin editions"), "bulletins:staff-list", MANAGE)])


def _edition_or_404(request, pk: int) -> Edition:
    edition = queries.get_edition(pk)
    if edition is None or not request.user.has_perm(VIEW, edition):
        raise Http404
    return edition


@login_required
@require_http_methods(["GET", "POST"])
def staff_list(request):
    require(request, MANAGE)
    form = AssembleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.assemble_edition(
                actor=request.user, year=form.cleaned_data["year"], month=form.cleaned_data["month"]
            )
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The edition was assembled as a draft. Check it and add the news."))
            return redirect("bulletins:staff-edition", edition.pk)
    context = {"form": form, **paginate(request, queries.staff_editions(), 24)}
    return render(request, "bulletins/staff_list.html", context, status=400 if form.errors else 200)


def _history(edition: Edition) -> list[dict[str, Any]]:
    events = AuditEvent.objects.filter(target_type="bulletins.edition", target_id=str(edition.pk)).order_by(
        "occurred_at", "pk"
    )
    return [
        {"event": e, "label": HISTORY_LABELS.get(e.verb, e.verb), "reason": (e.data or {}).get("reason", "")}
        for e in events
    ]


def _page(request, edition: Edition, *, status: int = 200, **extra: Any):
    candidates_cases = candidates_opinions = []
    if request.user.has_perm("bulletins.edit_edition", edition):
        in_cases = {i.award_id for i in edition.items.all()}
        in_opinions = {i.opinion_id for i in edition.items.all()}
        candidates_cases = [a for a in queries.month_cases(edition.year, edition.month) if a.pk not in in_cases]
        candidates_opinions = [
            o for o in queries.month_opinions(edition.year, edition.month) if o.pk not in in_opinions
        ]
    targets = [
        (to, TRANSITION_LABELS[to])
        for to in allowed_targets(workflow.EDITION_TRANSITIONS, edition.state)
        if request.user.has_perm(workflow.EDITION_TRANSITIONS[edition.state][to], edition)
    ]
    context = {
        **edition_context(edition),
        "editorial_form": extra.pop("editorial_form", None) or EditorialForm(initial={"editorial": edition.editorial}),
        "news_form": extra.pop("news_form", None) or NewsForm(),
        "reason_form": extra.pop("reason_form", None) or ReasonForm(),
        "targets": targets,
        "can_approve": any(to == S.APPROVED for to, _label in targets),
        "history": _history(edition),
        "candidate_cases": candidates_cases,
        "candidate_opinions": candidates_opinions,
        "correction": Edition.objects.filter(corrects=edition).first(),
        "polling": _polling(edition),
        **extra,
    }
    return render(request, "bulletins/staff_edition.html", context, status=status)


def _polling(edition: Edition) -> bool:
    return edition.pdf_state in (JobState.QUEUED, JobState.RUNNING) or edition.mail_state in (
        JobState.QUEUED,
        JobState.RUNNING,
    )


@login_required
@require_GET
def staff_edition(request, pk: int):
    return _page(request, _edition_or_404(request, pk))


@login_required
@require_GET
def partial_progress(request, pk: int):
    """The progress of the PDF and the sending; polled by htmx every two seconds while something runs."""
    edition = _edition_or_404(request, pk)
    context = {"edition": edition, "polling": _polling(edition), "deliveries": queries.delivery_counts(edition)}
    return render(request, "bulletins/_progress.html", context)


def _refused(request, edition: Edition, exc: DomainError, **forms: Any):
    """A refused step: 403 for a permission, 409 for a step the state does not allow, else 400; nothing typed is
    lost (the forms are shown again as posted)."""
    status = refusal_status(exc)
    messages.error(request, exc.message)
    return _page(request, queries.get_edition(edition.pk) or edition, status=status, **forms)


@login_required
@require_POST
def editorial(request, pk: int):
    edition = _edition_or_404(request, pk)
    form = EditorialForm(request.POST)
    if not form.is_valid():
        return _page(request, edition, status=400, editorial_form=form)
    try:
        services.update_editorial(actor=request.user, edition=edition, editorial=form.cleaned_data["editorial"])
    except DomainError as exc:
        return _refused(request, edition, exc, editorial_form=form)
    messages.success(request, _("The editor's note was saved."))
    return redirect("bulletins:staff-edition", pk)


@login_required
@require_POST
def statistics(request, pk: int):
    edition = _edition_or_404(request, pk)
    try:
        services.refresh_statistics(actor=request.user, edition=edition)
    except DomainError as exc:
        return _refused(request, edition, exc)
    messages.success(request, _("The figures of the month were counted again."))
    return redirect("bulletins:staff-edition", pk)


@login_required
@require_POST
def news_add(request, pk: int):
    edition = _edition_or_404(request, pk)
    form = NewsForm(request.POST, request.FILES, request=request)
    if not form.is_valid():
        return _page(request, edition, status=400, news_form=form)
    try:
        services.add_news_item(
            actor=request.user, edition=edition, data=form.cleaned_data, image=form.cleaned_data.get("image")
        )
    except DomainError as exc:
        return _refused(request, edition, exc, news_form=form)
    messages.success(request, _("The news item was added."))
    return redirect("bulletins:staff-edition", pk)


def _item_or_404(request, pk: int, item_pk: int) -> tuple[Edition, Item]:
    edition = _edition_or_404(request, pk)
    item = next((i for i in edition.items.all() if i.pk == item_pk), None)
    if item is None:
        raise Http404
    return edition, item


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request, pk: int, item_pk: int):
    edition, item = _item_or_404(request, pk, item_pk)
    require(request, "bulletins.edit_edition", edition)
    initial = {f: getattr(item, f) for f in ("title", "body", "link_url", "link_text", "image_alt")}
    form = NewsForm(
        request.POST or None, request.FILES or None, request=request, initial=initial, has_image=bool(item.image_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_news_item(
                actor=request.user,
                item=item,
                data=form.cleaned_data,
                image=form.cleaned_data.get("image"),
                remove_image=form.cleaned_data.get("remove_image", False),
            )
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The news item was saved."))
            return redirect("bulletins:staff-edition", pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "bulletins/news_form.html", {"edition": edition, "item": item, "form": form}, status=status)


@login_required
@require_POST
def item_move(request, pk: int, item_pk: int):
    edition, item = _item_or_404(request, pk, item_pk)
    try:
        services.move_item(actor=request.user, item=item, direction=request.POST.get("direction", ""))
    except DomainError as exc:
        return _refused(request, edition, exc)
    return redirect(f"{request.path.rsplit('/items/', 1)[0]}/#item-{item.pk}")


@login_required
@require_POST
def item_remove(request, pk: int, item_pk: int):
    edition, item = _item_or_404(request, pk, item_pk)
    try:
        services.remove_item(actor=request.user, item=item)
    except DomainError as exc:
        return _refused(request, edition, exc)
    messages.success(request, _("The item was taken out of the edition."))
    return redirect("bulletins:staff-edition", pk)


@login_required
@require_POST
def item_add(request, pk: int):
    edition = _edition_or_404(request, pk)
    try:
        services.add_material_item(
            actor=request.user,
            edition=edition,
            award_id=_int(request.POST.get("award")),
            opinion_id=_int(request.POST.get("opinion")),
        )
    except DomainError as exc:
        return _refused(request, edition, exc)
    messages.success(request, _("The item was added to the edition."))
    return redirect("bulletins:staff-edition", pk)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def transition(request, pk: int):
    edition = _edition_or_404(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    to = request.POST.get("to", "")
    try:
        services.transition_edition(actor=request.user, edition=edition, to=to, reason=reason)
    except DomainError as exc:
        return _refused(request, edition, exc, reason_form=form)
    done = {
        S.REVIEW: _("The edition was submitted for review."),
        S.APPROVED: _("The edition was approved. The secretariat can publish it now."),
        S.PUBLISHED: _("The edition was published. The PDF and the e-mails are being prepared."),
        S.DRAFT: _("The edition was returned to draft."),
    }
    messages.success(request, done.get(to, ""))
    return redirect("bulletins:staff-edition", pk)


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, pk: int):
    edition = _edition_or_404(request, pk)
    require(request, "bulletins.correct_edition", edition)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.correct_edition(actor=request.user, edition=edition, note=form.cleaned_data["note"])
        except DomainError as exc:
            refused(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The correction was created as a draft of a new version."))
            return redirect("bulletins:staff-edition", new.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "bulletins/correct.html", {"edition": edition, "form": form}, status=status)


@login_required
@require_POST
def retry(request, pk: int):
    edition = _edition_or_404(request, pk)
    try:
        output.retry_outputs(actor=request.user, edition=edition, what=request.POST.get("what", ""))
    except DomainError as exc:
        return _refused(request, edition, exc)
    messages.success(request, _("It runs again in the background."))
    return redirect("bulletins:staff-edition", pk)

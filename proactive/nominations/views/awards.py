"""Screens after the committee confirms the grades.

Public (no sign-in): a round's announcement of results, the gallery of selected cases and each case's page; team
members' names appear only with their consent. Department heads: the unit's cases that were not selected and the
form re-nominating one for special promotion. HR officers and the secretariat: the list of re-nominations and the
decision page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError
from proactive.core.public_cache import cached_block, cached_blocks
from proactive.nominations.enums import RenominationState
from proactive.nominations.forms.awards import (
    GalleryFilterForm,
    RenominationDecisionForm,
    RenominationFilterForm,
    RenominationForm,
)
from proactive.nominations.models import Nomination
from proactive.nominations.queries import awards as queries
from proactive.nominations.services import awards as services
from proactive.web.navigation import MenuItem, add_menu_items
from proactive.web.pagination import paginate
from proactive.web.refusals import refused

GALLERY_PER_PAGE = 12
LIST_PER_PAGE = 25
VIEW = "nominations.view_renominations"
DECIDE = "nominations.decide_renomination"
REQUEST = "nominations.request_renomination"


def register() -> None:
    """Notification kinds, menu items and dashboard panels of this area (called from NominationsConfig.ready)."""
    services.register_award_notification_kinds()
    add_menu_items(
        "selection",
        [
            MenuItem(gettext_lazy("Selected cases"), "nominations:gallery"),
            MenuItem(gettext_lazy("Re-nominate for special promotion"), "nominations:renomination-mine", REQUEST),
            MenuItem(gettext_lazy("Special-promotion re-nominations"), "nominations:renomination-list", VIEW),
        ],
    )


# --- Public ----------------------------------------------------------------------------------------------------


def round_results(request, year: int, half: int):
    """The round's announcement: winners by grade, the decision date and the counts. Before the committee confirms
    the grades, a page saying the results are not announced yet."""
    selection_round = queries.public_round_with_meeting(year, half)
    if selection_round is None:
        raise Http404
    results = queries.round_results(selection_round)
    return render(request, "nominations/awards/round_results.html", {"round": selection_round, "results": results})


def gallery(request):
    """The public gallery. Its content (filters and cards) is cached per language and query string until the
    results change (core.public_cache); the shell is rendered per request."""

    def content() -> str:
        form = GalleryFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        awards = queries.gallery_awards(
            year=filters.get("year"),
            half=filters.get("half"),
            unit=filters.get("unit"),
            case_type=filters.get("case_type", ""),
            grade=filters.get("grade", ""),
        )
        page = paginate(request, awards, GALLERY_PER_PAGE)
        cases = [queries.as_public_case(award) for award in page["page_obj"]]
        context = {"form": form, "cases": cases, **page}
        return render_to_string("nominations/awards/gallery.html#content", context, request)

    return render(request, "nominations/awards/gallery.html", {"content": cached_block("gallery", request, content)})


def case_detail(request, pk: int):
    """A selected case's public page; its content is cached like the gallery's (core.public_cache)."""

    def blocks() -> dict[str, str]:
        case = queries.get_public_case(pk)
        if case is None:
            raise Http404
        title = case.nomination.title
        return {
            "title": escape(title),
            "crumb": escape(Truncator(title).chars(40)),
            "og_description": escape(Truncator(case.nomination.summary).chars(160)),
            "content": render_to_string("nominations/awards/case.html#content", {"case": case}, request),
        }

    return render(request, "nominations/awards/case.html", {**cached_blocks(f"case:{pk}", request, blocks), "pk": pk})


# --- Department heads ------------------------------------------------------------------------------------------


@login_required
@permission_required(REQUEST, raise_exception=True)
def renomination_mine(request):
    nominations = queries.renominatable_for(request.user)
    return render(request, "nominations/awards/renomination_mine.html", paginate(request, nominations, LIST_PER_PAGE))


@login_required
def renomination_create(request, pk: int):
    nomination = get_object_or_404(Nomination.objects.select_related("round", "nominating_unit"), pk=pk)
    if not request.user.has_perm("nominations.renominate_nomination", nomination):
        raise PermissionDenied
    refusal = services.renomination_refusal(nomination)
    form = RenominationForm(request.POST or None, nomination=nomination)
    status = 200
    if request.method == "POST" and refusal is None:
        if form.is_valid():
            try:
                services.renominate_for_special_promotion(
                    actor=request.user,
                    nomination=nomination,
                    members=form.cleaned_data["officials"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The case was re-nominated; HR will review it."))
                return redirect("nominations:renomination-mine")
        status = 400
    elif request.method == "POST":
        status = 400
    context = {"nomination": nomination, "form": form, "refusal": refusal}
    return render(request, "nominations/awards/renomination_create.html", context, status=status)


# --- HR and the secretariat ------------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def renomination_list(request):
    form = RenominationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    selected_round = filters.get("round")
    renominations = queries.renominations_for_staff(
        round_id=selected_round.pk if selected_round else None, state=filters.get("state", "")
    )
    context = {"form": form, **paginate(request, renominations, LIST_PER_PAGE)}
    return render(request, "nominations/awards/renomination_list.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def renomination_decide(request, pk: int):
    renomination = queries.get_renomination(pk)
    if renomination is None:
        raise Http404
    can_decide = renomination.state == RenominationState.SUBMITTED and request.user.has_perm(DECIDE, renomination)
    form = RenominationDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm(DECIDE, renomination):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.transition_renomination(
                    renomination,
                    to=form.cleaned_data["decision"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                refused(exc)
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("The decision was recorded; the department head and the nominator were told.")
                )
                return redirect("nominations:renomination-decide", renomination.pk)
        status = 400
    context = {"renomination": renomination, "form": form, "can_decide": can_decide}
    return render(request, "nominations/awards/renomination_decide.html", context, status=status)

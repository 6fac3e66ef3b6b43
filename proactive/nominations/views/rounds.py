"""The secretariat's round set-up: list, create, edit, detail, publish, close."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError
from proactive.nominations.enums import RoundStatus
from proactive.nominations.forms.rounds import (
    CriterionFormSet,
    GradeRuleFormSet,
    RoundForm,
    formset_rows,
)
from proactive.nominations.models import SelectionRound
from proactive.nominations.queries import rounds as queries
from proactive.nominations.services.rounds import (
    CRITERION_FIELDS,
    GRADE_RULE_FIELDS,
    RoundInvalid,
    close_round,
    create_round,
    default_criteria,
    default_grade_rules,
    default_round_data,
    freeze_due_configs,
    publish_round,
    round_warnings,
    update_round,
)
from proactive.web.pagination import paginate

PERM = "nominations.manage_rounds"


def _add_errors(form, exc: DomainError) -> None:
    for message in getattr(exc, "messages", None) or [exc.message]:
        form.add_error(None, message)


@login_required
@permission_required(PERM, raise_exception=True)
def round_list(request):
    freeze_due_configs()
    context = paginate(request, queries.rounds_for_staff(), 20)
    context["rounds"] = queries.with_phase(context["page_obj"].object_list)
    return render(request, "nominations/rounds/list.html", context)


@login_required
@permission_required(PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def round_create(request):
    post = request.POST if request.method == "POST" else None
    defaults = default_round_data()
    form = RoundForm(post, initial=defaults)
    criteria = CriterionFormSet(post, prefix="criteria", initial=default_criteria())
    grades = GradeRuleFormSet(post, prefix="grades", initial=default_grade_rules())
    if post is not None and all([form.is_valid(), criteria.is_valid(), grades.is_valid()]):
        try:
            rnd = create_round(
                actor=request.user,
                data=form.cleaned_data,
                criteria=formset_rows(criteria),
                grade_rules=formset_rows(grades),
            )
        except DomainError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The round %(round)s was saved as a draft.") % {"round": rnd.title})
            for warning in round_warnings(form.cleaned_data):
                messages.warning(request, warning)
            return redirect("nominations:round-detail", pk=rnd.pk)
    context = {"form": form, "criteria_formset": criteria, "grades_formset": grades, "round": None}
    return render(request, "nominations/rounds/form.html", context)


@login_required
@permission_required(PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def round_edit(request, pk: int):
    freeze_due_configs()
    rnd = get_object_or_404(SelectionRound.objects.prefetch_related("criteria", "grade_rules"), pk=pk)
    now = timezone.now()
    post = request.POST if request.method == "POST" else None
    frozen = rnd.config_frozen
    form = RoundForm(
        post,
        instance=rnd,
        initial={"tie_breaks": rnd.tie_breaks},
        frozen=frozen,
        published=rnd.status != RoundStatus.DRAFT,
        now=now,
    )
    criteria_initial = [{k: getattr(c, k) for k in CRITERION_FIELDS} for c in rnd.criteria.all()]
    grades_initial = [{k: getattr(r, k) for k in GRADE_RULE_FIELDS} for r in rnd.grade_rules.all()]
    # A frozen round's rubric and grade rules are shown read-only and never posted.
    criteria = None if frozen else CriterionFormSet(post, prefix="criteria", initial=criteria_initial)
    grades = None if frozen else GradeRuleFormSet(post, prefix="grades", initial=grades_initial)
    if post is not None:
        valid = form.is_valid() and (frozen or (criteria.is_valid() and grades.is_valid()))  # type: ignore[union-attr]
        if valid:
            try:
                update_round(
                    actor=request.user,
                    round=rnd,
                    data=form.cleaned_data,
                    criteria=None if frozen else formset_rows(criteria),  # type: ignore[arg-type]
                    grade_rules=None if frozen else formset_rows(grades),  # type: ignore[arg-type]
                    now=now,
                )
            except DomainError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The round %(round)s was saved.") % {"round": rnd.title})
                for warning in round_warnings(form.cleaned_data):
                    messages.warning(request, warning)
                return redirect("nominations:round-detail", pk=rnd.pk)
    context = {"form": form, "criteria_formset": criteria, "grades_formset": grades, "round": rnd}
    return render(request, "nominations/rounds/form.html", context)


@login_required
@permission_required(PERM, raise_exception=True)
def round_detail(request, pk: int):
    freeze_due_configs()
    rnd = queries.round_for_staff(pk)
    if rnd is None:
        raise Http404
    queries.with_phase([rnd])
    snapshots = list(rnd.snapshots.all())
    for snapshot in snapshots:
        snapshot.pretty = json.dumps(snapshot.data, ensure_ascii=False, indent=2)  # type: ignore[attr-defined]
    return render(request, "nominations/rounds/detail.html", {"round": rnd, "snapshots": snapshots})


@login_required
@permission_required(PERM, raise_exception=True)
@require_POST
def round_publish(request, pk: int):
    rnd = get_object_or_404(SelectionRound, pk=pk)
    try:
        publish_round(actor=request.user, round=rnd)
    except RoundInvalid as exc:
        for message in exc.messages:
            messages.error(request, message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The call for %(round)s is published.") % {"round": rnd.title})
    return redirect("nominations:round-detail", pk=rnd.pk)


@login_required
@permission_required(PERM, raise_exception=True)
@require_POST
def round_close(request, pk: int):
    rnd = get_object_or_404(SelectionRound, pk=pk)
    try:
        close_round(actor=request.user, round=rnd)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The round %(round)s is closed.") % {"round": rnd.title})
    return redirect("nominations:round-detail", pk=rnd.pk)

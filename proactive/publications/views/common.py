"""What the publication screens share: access (404 for what one may not see), refusals, the timeline labels."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from proactive.core.exceptions import DomainError
from proactive.publications.editorial import EditorialState as S
from proactive.publications.enums import ACTIVE_JOB_STATES
from proactive.publications.forms import CorrectionForm, TransitionForm
from proactive.web.refusals import refusal_status, require

EVENT_LABELS: dict[str, Any] = {
    "created": pgettext_lazy("publication timeline", "Created"),
    "updated": pgettext_lazy("publication timeline", "Details changed"),
    "case_added": pgettext_lazy("publication timeline", "Case added"),
    "case_removed": pgettext_lazy("publication timeline", "Case removed"),
    "case_moved": pgettext_lazy("publication timeline", "Case moved"),
    "photos_set": pgettext_lazy("publication timeline", "Photo choice changed"),
    "mask_decided": pgettext_lazy("publication timeline", "Mask decided"),
    "generation_requested": pgettext_lazy("publication timeline", "Generation requested"),
    "generated": pgettext_lazy("publication timeline", "Files generated"),
    "review": pgettext_lazy("publication timeline", "Submitted for review"),
    "draft": pgettext_lazy("publication timeline", "Returned to draft"),
    "approved": pgettext_lazy("publication timeline", "Approved"),
    "published": pgettext_lazy("publication timeline", "Published"),
    "correction_started": pgettext_lazy("publication timeline", "Created as a correction"),
}


GENERATION_STARTED = gettext_lazy("Generation started. The progress bar shows how far it is.")
CORRECTION_STARTED = gettext_lazy("A correction was started as a new version.")


def visible_or_404(request, obj: Any, permission: str) -> Any:
    """Staff pages: the object if the user may see it; a 404 otherwise."""
    if obj is None or not request.user.has_perm(permission, obj):
        raise Http404
    return obj


def public_or_staff(request, obj: Any, permission: str) -> Any:
    """Files of a publication: everyone once published, the staff before."""
    if obj is None:
        raise Http404
    if obj.state == S.PUBLISHED or request.user.has_perm(permission, obj):
        return obj
    raise Http404


def done(request, message: Any, url_name: str, pk: int) -> HttpResponse:
    messages.success(request, message)
    return redirect(url_name, pk)


def timeline(obj: Any) -> list[dict[str, Any]]:
    from proactive.audit.models import AuditEvent  # the audit trail is the timeline

    events = AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk)).order_by("-pk")[:50]
    out = []
    for event in events:
        verb = event.verb.rsplit(".", 1)[-1]
        out.append(
            {
                "at": event.occurred_at,
                "who": event.actor_label,
                "what": EVENT_LABELS.get(verb, event.verb),
                "reason": (event.data or {}).get("reason", ""),
            }
        )
    return out


def workflow_perms(user: Any, obj: Any, kind: str) -> dict[str, bool]:
    """What the workflow box offers ``user`` on ``obj`` (``kind``: casebook or cardset)."""
    steps = ("submit", "return", "approve", "publish", "correct", "edit", "generate")
    return {step: user.has_perm(f"publications.{step}_{kind}", obj) for step in steps}


@dataclass(frozen=True)
class EditorialSteps:
    """The steps a casebook and a card-news set share, as views: the progress partial, generation, the workflow
    move and the correction. ``page(request, obj, status=…, error=…, **forms)`` renders the object's staff page;
    the service callables take ``(actor, obj, …)``."""

    kind: str  # "casebook" or "cardset": the permissions' suffix
    url_name: str  # the staff page
    get: Callable[[int], Any]
    page: Callable[..., HttpResponse]
    request_generation: Callable[[Any, Any], Any]
    transition: Callable[[Any, Any, str, str], Any]
    correct: Callable[[Any, Any, str], Any]
    moved: dict[str, Any]  # target state → the message after the move

    @property
    def view_perm(self) -> str:
        return f"publications.view_{self.kind}"

    def step(self, request, obj: Any, call: Callable[[], Any], message: Any, **forms: Any) -> HttpResponse:
        """Call the service; on a refusal show the page again with the reason (and the bound forms)."""
        try:
            call()
        except DomainError as exc:
            return self.page(request, self.get(obj.pk), status=refusal_status(exc), error=exc.message, **forms)
        return done(request, message, self.url_name, obj.pk)

    def views(self) -> dict[str, Callable[..., HttpResponse]]:
        """``progress``, ``generate``, ``transition`` and ``correct`` views for the module's urls."""

        @login_required
        @require_GET
        def progress(request, pk: int):
            """The htmx partial of the generation's progress bar (polls itself while the job runs)."""
            obj = visible_or_404(request, self.get(pk), self.view_perm)
            context = {"obj": obj, "progress_url": request.path, "job_active": obj.job_state in ACTIVE_JOB_STATES}
            return render(request, "publications/_progress.html", context)

        @login_required
        @require_POST
        def generate(request, pk: int):
            obj = visible_or_404(request, self.get(pk), self.view_perm)
            require(request, f"publications.generate_{self.kind}", obj)
            return self.step(request, obj, lambda: self.request_generation(request.user, obj), GENERATION_STARTED)

        @login_required
        @require_POST
        def transition(request, pk: int):
            obj = visible_or_404(request, self.get(pk), self.view_perm)
            form = TransitionForm(request.POST)
            if not form.is_valid():
                return self.page(request, obj, status=400, transition_form=form)
            to, reason = form.cleaned_data["to"], form.cleaned_data["reason"]
            return self.step(
                request,
                obj,
                lambda: self.transition(request.user, obj, to, reason),
                self.moved[S(to)],
                transition_form=form,
            )

        @login_required
        @require_POST
        def correct(request, pk: int):
            obj = visible_or_404(request, self.get(pk), self.view_perm)
            require(request, f"publications.correct_{self.kind}", obj)
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                return self.page(request, obj, status=400, correction_form=form)
            try:
                new = self.correct(request.user, obj, form.cleaned_data["note"])
            except DomainError as exc:
                return self.page(request, obj, status=refusal_status(exc), error=exc.message, correction_form=form)
            return done(request, CORRECTION_STARTED, self.url_name, new.pk)

        return {"progress": progress, "generate": generate, "transition": transition, "correct": correct}

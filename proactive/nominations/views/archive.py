"""Import of past rounds' selected cases (secretariat, ``nominations.manage_rounds``).

One page: download the template, upload the file and **check** it (the dry run: every row error with its row
number, column and message, nothing written), then **import** it (one transaction; with any error nothing changes).
A file that passed the check is kept in the session, so the import needs no second upload.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError
from proactive.nominations.forms.archive import ArchiveUploadForm
from proactive.nominations.services import archive as services
from proactive.web.navigation import MenuItem, add_menu_items

PERM = "nominations.manage_rounds"
STASH = "nominations.archive"


def register() -> None:
    """The menu item (to be called from ``NominationsConfig.ready`` with the other areas)."""
    add_menu_items("selection", [MenuItem(gettext_lazy("Import past cases"), "nominations:archive-import", PERM)])


@login_required
@permission_required(PERM, raise_exception=True)
@require_http_methods(["GET", "POST"])
def archive_import(request):
    form = ArchiveUploadForm(request.POST or None, request.FILES or None, request=request)
    context: dict = {"form": form, "columns": list(services.describe_columns())}
    stash = request.session.get(STASH)
    status = 200
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "check")
        upload = form.cleaned_data["file"]
        if upload is not None:
            try:
                table = services.read_table(upload, upload.name)
            except DomainError as exc:
                form.add_error("file", exc.message)
                return render(request, "nominations/archive/import.html", context, status=400)
            filename = upload.name
        elif stash and action == "import":
            table, filename = stash["table"], stash["filename"]
        else:
            form.add_error("file", _("Choose the archive file."))
            return render(request, "nominations/archive/import.html", context, status=400)
        if action == "import":
            try:
                counts = services.import_archive(
                    actor=request.user,
                    table=table,
                    filename=filename,
                    names_consented=form.cleaned_data["names_consented"] or bool(stash and stash.get("consented")),
                )
            except services.ArchiveRejected as exc:
                context |= {"errors": exc.errors, "filename": filename, "checked": True}
                status = 400
            else:
                request.session.pop(STASH, None)
                messages.success(
                    request,
                    _("Imported %(created)d cases (%(skipped)d already there, %(rounds)d rounds created).")
                    % {"created": counts["created"], "skipped": counts["skipped"], "rounds": counts["rounds_created"]},
                )
                return redirect("nominations:archive-import")
        else:
            check = services.check_rows(table)
            context |= {"check": check, "errors": check.errors, "filename": filename, "checked": True}
            if check.errors:
                request.session.pop(STASH, None)
                status = 400
            else:
                request.session[STASH] = {
                    "table": table,
                    "filename": filename,
                    "consented": form.cleaned_data["names_consented"],
                }
                stash = request.session[STASH]
    elif request.method == "POST":
        status = 400
    context["stash"] = stash
    return render(request, "nominations/archive/import.html", context, status=status)


@login_required
@permission_required(PERM, raise_exception=True)
def archive_template(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "xlsx":
        content = services.template_xlsx()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = services.template_csv()
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="past-cases-template.{fmt}"'
    return response

"""The documents screens: "My documents" (list and upload) and the checking download view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from proactive.core.exceptions import DomainError
from proactive.core.http import client_ip
from proactive.documents.forms import DownloadReasonForm, UploadForm
from proactive.documents.models import Document
from proactive.documents.queries import documents_owned_by
from proactive.documents.services import record_download, store_upload
from proactive.web.pagination import paginate

PER_PAGE = 30
PERSONAL_PURPOSE = "personal"


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("documents.upload_document", raise_exception=True)
def document_list(request):
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, request=request)
        if form.is_valid():
            try:
                document = store_upload(
                    actor=request.user, uploaded_file=form.cleaned_data["file"], purpose=PERSONAL_PURPOSE
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, _("“%(name)s” was uploaded.") % {"name": document.original_name})
                return redirect("documents:list")
        status = 413 if form.upload_rejected else 400
    else:
        form = UploadForm()
    context = {"form": form, **paginate(request, documents_owned_by(request.user), PER_PAGE)}
    return render(request, "documents/document_list.html", context, status=status)


def _file_response(document: Document) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Should a browser ever render the file instead of saving it, it runs in a sandbox (FILE-05).
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_download(request, pk):
    """Owners download at once. Anyone else admitted by ``documents.view_document`` first gives a reason, which
    is kept in an access record. Everyone else gets a 404, as if the document did not exist (AC-02)."""
    document = get_object_or_404(Document, pk=pk)
    if not request.user.has_perm("documents.view_document", document):
        raise Http404
    if document.owner_id == request.user.pk:
        return _file_response(document)
    form = DownloadReasonForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            record_download(
                actor=request.user,
                document=document,
                reason=form.cleaned_data["reason"],
                ip_address=client_ip(request),
            )
        except DomainError as exc:
            form.add_error("reason", exc.message)
        else:
            return _file_response(document)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/download_reason.html", {"document": document, "form": form}, status=status)

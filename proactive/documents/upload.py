"""The first upload handler for every request: refuse oversized uploads before anything is stored.

Django streams a multipart body through the handlers in FILE_UPLOAD_HANDLERS. This one runs first and

* looks at Content-Length: a body larger than one document plus some room for the other form fields is
  refused as a whole — its files are skipped (read and thrown away, never kept in memory or written to a
  temporary file) while the ordinary form fields are still parsed, so the person does not lose what they typed;
* counts each file's bytes as they arrive and skips a file the moment it passes the limit (Content-Length can be
  absent or wrong).

Either way it sets ``request.upload_rejected_too_large = True``; ``DocumentFormMixin`` turns that into the
"file too large (max 20 MB)" error in the person's language. The reverse proxy should still cap request bodies
(e.g. nginx ``client_max_body_size``) so that huge bodies never reach the application at all.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

FORM_OVERHEAD_BYTES = 1024 * 1024
# Set on the request (not a declared HttpRequest attribute); read by DocumentFormMixin.
REJECTED_ATTR = "upload_rejected_too_large"


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.rejected = False

    def _reject(self) -> None:
        self.rejected = True
        if self.request is not None:
            setattr(self.request, REJECTED_ATTR, True)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.DOCUMENT_MAX_BYTES + FORM_OVERHEAD_BYTES:
            self._reject()
        return None  # let the multipart parser go on: the other fields are still wanted

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.rejected:
            raise SkipFile  # the later handlers never see this file

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.DOCUMENT_MAX_BYTES:
            self._reject()
            raise SkipFile  # the parser closes (and so deletes) what later handlers buffered so far
        return raw_data

    def file_complete(self, file_size):
        return None

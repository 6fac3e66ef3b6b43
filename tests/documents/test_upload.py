"""Oversized uploads are refused by the upload handler before anything is stored, with a clear message."""

import time

import pytest
from django.urls import reverse

from proactive.documents.models import Document
from proactive.documents.upload import FORM_OVERHEAD_BYTES
from tests.conftest import login_verified
from tests.documents.conftest import stored_files
from tests.factories.accounts import UserFactory

BOUNDARY = "ProactiveTestBoundary7MA4YWxkTrZu0gW"
LIST = reverse("documents:list")


class GeneratedBody:
    """A multipart body whose file part is generated while it is read, so a 200 MB request needs no 200 MB."""

    _block = b"A" * (1024 * 1024)

    def __init__(self, *, fields_before: dict, filename: str, file_size: int, fields_after: dict):
        def field(name, value):
            return f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()

        self.head = (
            b"".join(field(k, v) for k, v in fields_before.items())
            + (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
            ).encode()
        )
        self.file_size = file_size - len(b"%PDF-1.4\n")
        self.tail = b"\r\n" + b"".join(field(k, v) for k, v in fields_after.items()) + f"--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + self.file_size + len(self.tail)
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self.length - self.position
        out = bytearray()
        while size > 0 and self.position < self.length:
            pos = self.position
            if pos < len(self.head):
                piece = self.head[pos : pos + size]
            elif pos < len(self.head) + self.file_size:
                left = len(self.head) + self.file_size - pos
                piece = self._block[: min(size, left, len(self._block))]
            else:
                start = pos - len(self.head) - self.file_size
                piece = self.tail[start : start + size]
            out += piece
            self.position += len(piece)
            size -= len(piece)
        return bytes(out)

    def readline(self, size: int = -1) -> bytes:  # pragma: no cover - not used by the multipart parser
        raise NotImplementedError


def post_generated(client, url: str, body: GeneratedBody, **extra):
    return client.generic(
        "POST",
        url,
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
        **extra,
    )


@pytest.fixture
def uploader_client(client, db):
    return login_verified(client, UserFactory(preferred_language="en"))


@pytest.mark.django_db
def test_a_200_mb_upload_is_refused_with_a_clear_message_and_nothing_stored(uploader_client, private_root, settings):
    settings.DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
    body = GeneratedBody(fields_before={}, filename="huge.pdf", file_size=200 * 1024 * 1024, fields_after={})

    started = time.monotonic()
    response = post_generated(uploader_client, LIST, body, HTTP_ACCEPT_LANGUAGE="en")
    elapsed = time.monotonic() - started

    assert response.status_code == 413
    assert "The file is too large. Files can be at most 20 MB." in response.content.decode()
    assert response.context["form"].errors["file"] == ["The file is too large. Files can be at most 20 MB."]
    assert Document.objects.count() == 0
    assert stored_files(private_root) == []
    assert body.position == body.length  # the body was read to the end, so the connection stays usable
    assert elapsed < 30


@pytest.mark.django_db
def test_the_message_is_in_the_users_language(client, settings):
    settings.DOCUMENT_MAX_BYTES = 512 * 1024
    login_verified(client, UserFactory(preferred_language="ko"))
    body = GeneratedBody(fields_before={}, filename="큰파일.pdf", file_size=3 * 1024 * 1024, fields_after={})

    response = post_generated(client, LIST, body, HTTP_ACCEPT_LANGUAGE="ko")

    assert response.status_code == 413
    assert "파일이 너무 큽니다. 최대 0.5 MB까지 올릴 수 있습니다." in response.content.decode()


@pytest.mark.django_db
def test_other_fields_survive_a_refused_upload(rf, settings):
    """The handler skips only the file parts; the fields before and after it are still parsed."""
    settings.DOCUMENT_MAX_BYTES = 64 * 1024
    body = GeneratedBody(
        fields_before={"title": "my title"},
        filename="big.pdf",
        file_size=2 * FORM_OVERHEAD_BYTES,
        fields_after={"note": "typed after the file"},
    )
    request = rf.generic(
        "POST",
        "/documents/",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )

    assert request.POST["title"] == "my title"
    assert request.POST["note"] == "typed after the file"
    assert "file" not in request.FILES
    assert request.upload_rejected_too_large is True


@pytest.mark.django_db
def test_a_file_just_over_the_limit_is_stopped_while_it_streams(rf, settings):
    """Content-Length within the allowance for form fields, but the file itself is over the limit."""
    settings.DOCUMENT_MAX_BYTES = 256 * 1024
    body = GeneratedBody(fields_before={}, filename="a.pdf", file_size=256 * 1024 + 1, fields_after={"note": "kept"})
    assert body.length < settings.DOCUMENT_MAX_BYTES + FORM_OVERHEAD_BYTES
    request = rf.generic(
        "POST",
        "/documents/",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )

    assert "file" not in request.FILES
    assert request.POST["note"] == "kept"
    assert request.upload_rejected_too_large is True


@pytest.mark.django_db
def test_a_file_stopped_while_spooling_to_disk_leaves_no_temporary_file(rf, settings, tmp_path):
    spool = tmp_path / "uploads"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # anything bigger is written to a temporary file
    settings.DOCUMENT_MAX_BYTES = 512 * 1024
    body = GeneratedBody(fields_before={}, filename="a.pdf", file_size=512 * 1024 + 10, fields_after={"note": "kept"})
    request = rf.generic(
        "POST",
        "/documents/",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )

    assert "file" not in request.FILES
    assert request.POST["note"] == "kept"
    assert request.upload_rejected_too_large is True
    assert list(spool.iterdir()) == []


@pytest.mark.django_db
def test_a_file_at_the_limit_passes_the_handler(rf, settings):
    settings.DOCUMENT_MAX_BYTES = 256 * 1024
    body = GeneratedBody(fields_before={}, filename="a.pdf", file_size=256 * 1024, fields_after={})
    request = rf.generic(
        "POST",
        "/documents/",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(body.length),
        **{"wsgi.input": body},
    )

    assert request.FILES["file"].size == 256 * 1024
    assert not getattr(request, "upload_rejected_too_large", False)

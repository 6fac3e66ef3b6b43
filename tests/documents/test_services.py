import hashlib
import io
import zipfile

import pytest
from django.utils import translation
from PIL import Image

from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord, AuditEvent
from proactive.core.exceptions import DomainError
from proactive.documents.models import Document
from proactive.documents.services import record_download, store_upload
from tests.documents.conftest import stored_files
from tests.factories.accounts import UserFactory
from tests.factories.documents import (
    PDF_AUTHOR,
    DocumentFactory,
    exe_bytes,
    image_bytes,
    ooxml_bytes,
    pdf_bytes,
    upload,
)

EXIF_ORIENTATION, EXIF_ARTIST, EXIF_GPS_IFD = 0x0112, 0x013B, 0x8825


@pytest.mark.django_db
def test_store_upload_keeps_the_file_privately_under_a_random_name(private_root):
    owner = UserFactory()
    data = "적극행정 메모".encode()

    document = store_upload(actor=owner, uploaded_file=upload("내 메모.txt", data), purpose="personal")

    assert document.owner == owner
    assert document.original_name == "내 메모.txt"
    assert document.extension == "txt"
    assert document.content_type == "text/plain; charset=utf-8"
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.purpose == "personal"
    assert document.file.name.startswith("docs/")
    assert "메모" not in document.file.name
    assert "." not in document.file.name.rsplit("/", 1)[-1]
    [path] = stored_files(private_root)
    assert path.read_bytes() == data
    event = AuditEvent.objects.get(verb="documents.uploaded")
    assert event.actor == owner
    assert event.target_id == str(document.pk)
    assert event.data["sha256"] == document.sha256


@pytest.mark.django_db
def test_exe_renamed_pdf_is_refused_and_nothing_is_stored(private_root):
    with translation.override("en"), pytest.raises(DomainError, match="The file's content is not a PDF document"):
        store_upload(actor=UserFactory(), uploaded_file=upload("invoice.pdf", exe_bytes()), purpose="personal")

    assert Document.objects.count() == 0
    assert stored_files(private_root) == []


@pytest.mark.django_db
def test_too_large_file_is_refused_naming_the_limit(private_root, settings):
    settings.DOCUMENT_MAX_BYTES = 512 * 1024
    with translation.override("en"), pytest.raises(DomainError, match=r"at most 0\.5 MB"):
        store_upload(actor=UserFactory(), uploaded_file=upload("big.txt", b"a" * (512 * 1024 + 1)), purpose="personal")
    assert stored_files(private_root) == []


@pytest.mark.django_db
def test_jpeg_is_stored_without_exif_and_upright(private_root):
    data = image_bytes("JPEG", size=(40, 20), exif={EXIF_ORIENTATION: 6, EXIF_ARTIST: "Hong Gildong camera"})
    assert Image.open(io.BytesIO(data)).getexif()[EXIF_ARTIST] == "Hong Gildong camera"

    document = store_upload(actor=UserFactory(), uploaded_file=upload("사진.jpg", data), purpose="personal")

    stored = document.file.open("rb").read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info
    assert image.size == (20, 40)  # orientation 6 applied before the tag was dropped
    assert b"Hong Gildong" not in stored
    assert document.sha256 == hashlib.sha256(stored).hexdigest()
    assert document.size == len(stored)


@pytest.mark.django_db
def test_png_text_chunks_are_dropped():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "홍길동")
    out = io.BytesIO()
    Image.new("RGBA", (4, 4)).save(out, "PNG", pnginfo=info)

    document = store_upload(actor=UserFactory(), uploaded_file=upload("a.png", out.getvalue()), purpose="personal")

    image = Image.open(document.file.open("rb"))
    assert "Author" not in image.info
    assert image.mode == "RGBA"


@pytest.mark.django_db
def test_pdf_is_stored_without_author_or_xmp():
    import pikepdf

    data = pdf_bytes(author=PDF_AUTHOR, xmp_creator=PDF_AUTHOR)
    with pikepdf.open(io.BytesIO(data)) as original:
        assert str(original.docinfo["/Author"]) == PDF_AUTHOR

    document = store_upload(actor=UserFactory(), uploaded_file=upload("보고서.pdf", data), purpose="personal")

    stored = document.file.open("rb").read()
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert "/Author" not in pdf.docinfo
        assert "/Metadata" not in pdf.Root
        assert len(pdf.pages) == 1
    assert PDF_AUTHOR.encode("utf-16-be") not in stored
    assert PDF_AUTHOR.encode() not in stored


@pytest.mark.django_db
def test_docx_core_properties_are_blanked():
    document = store_upload(
        actor=UserFactory(), uploaded_file=upload("문서.docx", ooxml_bytes("docx")), purpose="personal"
    )

    with zipfile.ZipFile(document.file.open("rb")) as archive:
        assert PDF_AUTHOR.encode() not in archive.read("docProps/core.xml")
        assert archive.read("word/document.xml") == b"<document/>"


@pytest.mark.django_db
def test_damaged_pdf_is_refused():
    with pytest.raises(DomainError) as excinfo:
        store_upload(actor=UserFactory(), uploaded_file=upload("a.pdf", b"%PDF-1.7\ngarbage"), purpose="personal")
    assert excinfo.value.code == "unreadable"


@pytest.mark.django_db
def test_record_download_needs_a_reason():
    document = DocumentFactory()
    with pytest.raises(DomainError):
        record_download(actor=UserFactory(), document=document, reason=" ", ip_address="10.0.0.9")
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_record_download_keeps_who_whose_what_and_why():
    staff, document = UserFactory(), DocumentFactory()

    record = record_download(actor=staff, document=document, reason="심사", ip_address="10.0.0.9")

    assert record.action == AccessAction.DOWNLOAD
    assert record.actor == staff
    assert record.subject_id == str(document.owner.pk)
    assert record.resource == document.original_name
    assert record.reason == "심사"
    assert record.ip_address == "10.0.0.9"

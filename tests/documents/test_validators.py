import pytest
from django.utils import translation

from proactive.core.exceptions import DomainError
from proactive.documents.validators import check_upload, clean_file_name, max_megabytes
from tests.factories.documents import (
    exe_bytes,
    hwp_bytes,
    hwpx_bytes,
    image_bytes,
    ooxml_bytes,
    pdf_bytes,
    upload,
)


@pytest.mark.parametrize(
    ("name", "make", "kind", "content_type"),
    [
        ("보고서.pdf", pdf_bytes, "pdf", "application/pdf"),
        ("사진.JPG", lambda: image_bytes("JPEG"), "jpeg", "image/jpeg"),
        ("사진.jpeg", lambda: image_bytes("JPEG"), "jpeg", "image/jpeg"),
        ("그림.png", lambda: image_bytes("PNG"), "png", "image/png"),
        ("움짤.gif", lambda: image_bytes("GIF", mode="P"), "gif", "image/gif"),
        ("사진.webp", lambda: image_bytes("WEBP"), "webp", "image/webp"),
        ("공문.hwp", hwp_bytes, "hwp", "application/x-hwp"),
        ("공문.hwpx", hwpx_bytes, "hwpx", "application/hwp+zip"),
        (
            "문서.docx",
            lambda: ooxml_bytes("docx"),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "표.xlsx",
            lambda: ooxml_bytes("xlsx"),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "발표.pptx",
            lambda: ooxml_bytes("pptx"),
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("메모.txt", lambda: bytes("적극행정 메모\n", "utf-8"), "txt", "text/plain; charset=utf-8"),
        ("명단.csv", lambda: "이름,부서\n홍길동,감사과\n".encode("cp949"), "csv", "text/csv; charset=euc-kr"),
    ],
)
def test_allowed_kinds_are_detected_from_their_content(name, make, kind, content_type):
    detected = check_upload(upload(name, make()))
    assert detected.kind.key == kind
    assert detected.content_type == content_type


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("invoice.pdf", exe_bytes, "content_mismatch"),  # a Windows program renamed .pdf
        ("photo.png", pdf_bytes, "content_mismatch"),
        ("photo.jpg", lambda: image_bytes("PNG"), "content_mismatch"),
        ("letter.docx", hwpx_bytes, "content_mismatch"),
        ("letter.hwp", lambda: bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600, "content_mismatch"),  # other OLE
        ("notes.txt", lambda: b"text\x00with a NUL", "content_mismatch"),
        ("notes.txt", lambda: b"\xff\xfe\xfa broken", "content_mismatch"),
        ("setup.exe", exe_bytes, "type_not_allowed"),
        ("shell.jpg.php", lambda: b"<?php echo 1;", "type_not_allowed"),
        ("page.pdf.html", pdf_bytes, "type_not_allowed"),
        ("drawing.svg", lambda: b"<svg><script>alert(1)</script></svg>", "type_not_allowed"),
        ("archive.zip", lambda: ooxml_bytes("docx"), "type_not_allowed"),
        ("README", lambda: b"hello", "type_not_allowed"),
        ("empty.pdf", lambda: b"", "empty"),
    ],
)
def test_refused_files(name, make, code):
    with pytest.raises(DomainError) as excinfo:
        check_upload(upload(name, make()))
    assert excinfo.value.code == code


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The file's content is not a PDF document, although its name ends in .pdf."),
        ("ko", "파일 확장자(.pdf)와 달리 실제 내용이 PDF 문서 형식이 아닙니다."),
    ],
)
def test_exe_renamed_pdf_gets_a_clear_message(language, message):
    with translation.override(language), pytest.raises(DomainError) as excinfo:
        check_upload(upload("invoice.pdf", exe_bytes()))
    assert excinfo.value.message == message


def test_allowed_narrows_the_list():
    with pytest.raises(DomainError) as excinfo:
        check_upload(upload("사진.png", image_bytes("PNG")), allowed={"pdf", "hwp"})
    assert excinfo.value.code == "type_not_allowed"
    assert "PDF, HWP" in excinfo.value.message


def test_too_large_names_the_limit_in_megabytes(settings):
    settings.DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
    big = upload("big.pdf", b"%PDF-1.4\n")
    big.size = 20 * 1024 * 1024 + 1
    with translation.override("en"), pytest.raises(DomainError, match="at most 20 MB") as excinfo:
        check_upload(big)
    assert excinfo.value.code == "too_large"


def test_zip_bombs_are_refused_before_unpacking(settings):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "wordprocessingml.document.main+xml")
        archive.writestr("word/document.xml", b"\x00" * (201 * 1024 * 1024))
    with pytest.raises(DomainError) as excinfo:
        check_upload(upload("bomb.docx", out.getvalue()))
    assert excinfo.value.code == "zip_too_large"


@pytest.mark.parametrize(("limit", "shown"), [(20 * 1024 * 1024, "20"), (1536 * 1024, "1.5"), (512 * 1024, "0.5")])
def test_max_megabytes(settings, limit, shown):
    settings.DOCUMENT_MAX_BYTES = limit
    assert max_megabytes() == shown


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("증빙자료 1.pdf", "증빙자료 1.pdf"),
        ('a"b\r\nc.pdf', "a_b__c.pdf"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("", "document"),
        ("가" * 300 + ".pdf", "가" * 196 + ".pdf"),
    ],
)
def test_clean_file_name(raw, clean):
    assert clean_file_name(raw) == clean

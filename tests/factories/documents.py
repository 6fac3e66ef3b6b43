"""Documents, and sample files of every allowed kind for upload tests (built in memory, no fixtures on disk)."""

import hashlib
import io
import zipfile

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from proactive.documents.models import Document
from tests.factories.accounts import UserFactory

PDF_AUTHOR = "홍길동"


def pdf_bytes(author: str | None = None, xmp_creator: str | None = None) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    if xmp_creator:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:creator"] = [xmp_creator]
    if author:
        pdf.docinfo["/Author"] = author
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def image_bytes(fmt: str = "JPEG", *, exif: dict[int, object] | None = None, size=(40, 20), mode="RGB") -> bytes:
    from PIL import Image

    image = Image.new(mode, size, "red" if mode == "RGB" else 0)
    out = io.BytesIO()
    options = {}
    if exif:
        tags = Image.Exif()
        for tag, value in exif.items():
            tags[tag] = value
        options["exif"] = tags
    image.save(out, fmt, **options)
    return out.getvalue()


def ooxml_bytes(kind: str = "docx", creator: str = PDF_AUTHOR) -> bytes:
    main = {
        "docx": (
            "word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        ),
        "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        "pptx": (
            "ppt/presentation.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        ),
    }[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/{main[0]}" ContentType="{main[1]}"/></Types>',
        )
        archive.writestr(main[0], "<document/>")
        archive.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{creator}</dc:creator></cp:coreProperties>',
        )
    return out.getvalue()


def hwpx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/section0.xml", "<section/>")
    return out.getvalue()


def hwp_bytes() -> bytes:
    # The OLE compound-file signature, then (as in a real HWP 5 file) the FileHeader stream's signature.
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + b"HWP Document File" + b"\x00" * 1000


def exe_bytes() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode."
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    class Params:
        data = factory.LazyFunction(pdf_bytes)

    owner = factory.SubFactory(UserFactory)
    original_name = factory.Sequence(lambda n: f"증빙자료 {n}.pdf")
    content_type = "application/pdf"
    extension = "pdf"
    size = factory.LazyAttribute(lambda o: len(o.data))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.data).hexdigest())
    file = factory.LazyAttribute(lambda o: ContentFile(o.data, name="upload"))
    purpose = "personal"

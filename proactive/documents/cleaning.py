"""Metadata stripping before a document is stored (REP-08, FILE-07).

Images are decoded and re-encoded with Pillow, after applying the EXIF orientation, keeping only what is needed
to draw them (no EXIF, XMP, ICC profile, comments or text chunks). PDFs lose their document information
dictionary and every XMP ``/Metadata`` stream (pikepdf). Office Open XML files get blank core and custom
properties (author, last editor, company…). Other allowed kinds (HWP, HWPX, text) are stored as uploaded.

Cleaning never guarantees anonymity: the *content* of a document can still identify its author.
"""

import io
import zipfile
from typing import IO, BinaryIO, cast

from django.utils.translation import gettext as _

from proactive.core.exceptions import DomainError
from proactive.documents.validators import IMAGE_KINDS, Detected

MAX_IMAGE_PIXELS = 80_000_000  # about 10,000 × 8,000; bigger images are refused, not decoded (FILE-07)
MAX_ANIMATION_FRAMES = 500
# Image.info keys that affect how an image is drawn; everything else (exif, xmp, icc_profile, comment, text
# chunks, software names…) is dropped.
_DRAWING_INFO = {"transparency", "duration", "loop", "background", "disposal", "blend", "dpi"}
_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}
_OOXML_BLANK_PARTS = {
    "docProps/core.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        b' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
    ),
    "docProps/custom.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
    ),
}


def strip_metadata(file: IO[bytes], detected: Detected) -> bytes | None:
    """The cleaned bytes to store, or None when the kind is stored as uploaded."""
    file.seek(0)
    key = detected.kind.key
    if key in IMAGE_KINDS:
        return _clean_image(file, _PILLOW_FORMATS[key])
    if key == "pdf":
        return _clean_pdf(file)
    if key in {"docx", "xlsx", "pptx"}:
        return _clean_ooxml(file)
    return None


def _unreadable_image() -> DomainError:
    return DomainError(_("The image could not be read. It may be damaged."), code="unreadable")


def _clean_image(file: IO[bytes], pillow_format: str) -> bytes:
    from PIL import Image, ImageOps, ImageSequence  # heavy; only uploads need it

    try:
        with Image.open(file) as image:
            if image.format != pillow_format:
                raise _unreadable_image()
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
            if width * height > MAX_IMAGE_PIXELS or frames > MAX_ANIMATION_FRAMES:
                raise DomainError(_("The image has too many pixels to be accepted."), code="too_many_pixels")
            out = io.BytesIO()
            options: dict = {"format": pillow_format}
            if pillow_format == "JPEG":
                options.update(quality=92, optimize=True)
            elif pillow_format == "WEBP":
                options.update(quality=90)
            if getattr(image, "is_animated", False):
                clean_frames = []
                for frame in ImageSequence.Iterator(image):
                    copy = frame.copy()
                    copy.info = {k: v for k, v in frame.info.items() if k in _DRAWING_INFO}
                    clean_frames.append(copy)
                first = clean_frames[0]
                first.save(out, save_all=True, append_images=clean_frames[1:], **options)
            else:
                clean = ImageOps.exif_transpose(image)
                clean.info = {k: v for k, v in image.info.items() if k in _DRAWING_INFO}
                if pillow_format == "JPEG" and clean.mode not in {"RGB", "L", "CMYK"}:
                    clean = clean.convert("RGB")
                clean.save(out, **options)
    except DomainError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _unreadable_image() from exc
    return out.getvalue()


def _clean_pdf(file: IO[bytes]) -> bytes:
    import pikepdf  # heavy; only PDF uploads need it

    try:
        # pikepdf only needs a readable, seekable binary stream; its annotation asks for BinaryIO.
        pdf = pikepdf.open(cast(BinaryIO, file))
    except pikepdf.PasswordError as exc:
        raise DomainError(
            _("Password-protected PDF documents cannot be uploaded. Remove the password and try again."),
            code="encrypted",
        ) from exc
    except pikepdf.PdfError as exc:
        raise DomainError(_("The PDF document could not be read. It may be damaged."), code="unreadable") from exc
    with pdf:
        if "/Info" in pdf.trailer:
            del pdf.trailer["/Info"]
        # XMP can sit on the catalogue, on pages and on images; remove it everywhere.
        for obj in pdf.objects:
            if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and "/Metadata" in obj:
                del obj["/Metadata"]
        out = io.BytesIO()
        pdf.save(out, fix_metadata_version=False)
    return out.getvalue()


def _clean_ooxml(file: IO[bytes]) -> bytes:
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(file) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                data = _OOXML_BLANK_PARTS.get(entry.filename)
                target.writestr(entry, data if data is not None else source.read(entry))
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError) as exc:
        raise DomainError(_("The document could not be read. It may be damaged."), code="unreadable") from exc
    return out.getvalue()

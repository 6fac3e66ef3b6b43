"""What may be uploaded: size, file name and — above all — the type detected from the file's content.

The allow-list (FILE-01) is ``FILE_KINDS``; the size limit is ``settings.DOCUMENT_MAX_BYTES``. A file is accepted
only when its content is one of the allowed kinds *and* its extension belongs to that kind, so an ``.exe``
renamed ``.pdf`` is refused. Checks raise ``DomainError`` with a message safe to show the uploader.
"""

import codecs
import re
import unicodedata
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proactive.core.exceptions import DomainError

CHUNK = 64 * 1024
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURE = b"PK\x03\x04"
HWP_SIGNATURE = b"HWP Document File"
HWPX_MIMETYPE = b"application/hwp+zip"
# Zip-based formats are checked before anything is unpacked (FILE-04).
MAX_ZIP_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_CONTENT_TYPES_BYTES = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    key: str
    noun: Any  # lazy: "a PDF document", used in messages
    content_type: str
    extensions: tuple[str, ...]


FILE_KINDS: dict[str, FileKind] = {
    kind.key: kind
    for kind in [
        FileKind("pdf", gettext_lazy("a PDF document"), "application/pdf", ("pdf",)),
        FileKind("png", gettext_lazy("a PNG image"), "image/png", ("png",)),
        FileKind("jpeg", gettext_lazy("a JPEG image"), "image/jpeg", ("jpg", "jpeg")),
        FileKind("gif", gettext_lazy("a GIF image"), "image/gif", ("gif",)),
        FileKind("webp", gettext_lazy("a WebP image"), "image/webp", ("webp",)),
        FileKind("hwp", gettext_lazy("an HWP document"), "application/x-hwp", ("hwp",)),
        FileKind("hwpx", gettext_lazy("an HWPX document"), "application/hwp+zip", ("hwpx",)),
        FileKind(
            "docx",
            gettext_lazy("a Word document (DOCX)"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileKind(
            "xlsx",
            gettext_lazy("an Excel workbook (XLSX)"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
        ),
        FileKind(
            "pptx",
            gettext_lazy("a PowerPoint presentation (PPTX)"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ("pptx",),
        ),
        FileKind("txt", gettext_lazy("a text file"), "text/plain", ("txt",)),
        FileKind("csv", gettext_lazy("a CSV file"), "text/csv", ("csv",)),
    ]
}
ALL_KINDS = frozenset(FILE_KINDS)
IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
TEXT_KINDS = frozenset({"txt", "csv"})
OOXML_MAIN_TYPES = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
_EXTENSION_KIND = {ext: kind.key for kind in FILE_KINDS.values() for ext in kind.extensions}


@dataclass(frozen=True)
class Detected:
    kind: FileKind
    extension: str
    content_type: str  # with a charset for text files


# --- Messages -------------------------------------------------------------------------------------------------


def max_megabytes() -> str:
    """The size limit in MB for people: "20", or "0.5" for small test limits."""
    megabytes = settings.DOCUMENT_MAX_BYTES / (1024 * 1024)
    if megabytes.is_integer():
        return str(int(megabytes))
    return f"{megabytes:.1f}" if megabytes >= 1 else f"{megabytes:.2g}"


def too_large_message() -> str:
    return _("The file is too large. Files can be at most %(max)s MB.") % {"max": max_megabytes()}


def allowed_extensions(allowed: Collection[str] = ALL_KINDS) -> list[str]:
    return [ext for key in FILE_KINDS if key in allowed for ext in FILE_KINDS[key].extensions]


def allowed_description(allowed: Collection[str] = ALL_KINDS) -> str:
    return ", ".join(ext.upper() for ext in allowed_extensions(allowed))


def _upload_help(allowed: Collection[str] = ALL_KINDS) -> str:
    return _("Allowed types: %(types)s. At most %(max)s MB.") % {
        "types": allowed_description(allowed),
        "max": max_megabytes(),
    }


upload_help = lazy(_upload_help, str)


# --- Names ----------------------------------------------------------------------------------------------------

_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def clean_file_name(name: str) -> str:
    """The uploader's file name, made safe to show and to send back in a Content-Disposition header."""
    name = unicodedata.normalize("NFC", name or "").strip()
    name = _UNSAFE_NAME_CHARS.sub("_", name).strip(" .") or "document"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 200 - len(ext) - 1]}.{ext}" if dot and len(ext) <= 10 else name[:200]
    return name


def extension_of(name: str) -> str:
    _stem, dot, ext = (name or "").rpartition(".")
    return ext.lower() if dot else ""


# --- Content detection ----------------------------------------------------------------------------------------


def _read_head(file: IO[bytes], size: int = 8192) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _chunks(file: IO[bytes]):
    file.seek(0)
    while chunk := file.read(CHUNK):
        yield chunk
    file.seek(0)


def _contains(file: IO[bytes], needle: bytes) -> bool:
    tail = b""
    for chunk in _chunks(file):
        if needle in tail + chunk:
            file.seek(0)
            return True
        tail = chunk[-len(needle) :]
    return False


def _text_encoding(file: IO[bytes]) -> str | None:
    """ "utf-8" or "cp949" if the whole file decodes strictly and holds no NUL byte; else None."""
    for encoding in ("utf-8", "cp949"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            for chunk in _chunks(file):
                if b"\x00" in chunk:
                    return None
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _zip_kind(file: IO[bytes]) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
                raise DomainError(_("The file unpacks to too much data and cannot be accepted."), code="zip_too_large")
            names = {entry.filename: entry for entry in entries}
            mimetype = names.get("mimetype")
            if mimetype is not None and mimetype.file_size <= 100 and archive.read(mimetype).strip() == HWPX_MIMETYPE:
                return "hwpx"
            content_types = names.get("[Content_Types].xml")
            if content_types is not None and content_types.file_size <= MAX_CONTENT_TYPES_BYTES:
                xml = archive.read(content_types)
                for key, main_type in OOXML_MAIN_TYPES.items():
                    if main_type in xml:
                        return key
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, RuntimeError):
        return None
    finally:
        file.seek(0)
    return None


def detect(file: IO[bytes]) -> tuple[str | None, str | None]:
    """The allowed kind the content is (e.g. "pdf"), or None; plus the text encoding for text files."""
    head = _read_head(file)
    if not head:
        return None, None
    if head.startswith(OLE_SIGNATURE):
        return ("hwp" if _contains(file, HWP_SIGNATURE) else None), None
    if head.startswith(ZIP_SIGNATURE):
        return _zip_kind(file), None
    guessed = filetype.guess(head)
    if guessed is not None:
        key = {"pdf": "pdf", "png": "png", "apng": "png", "jpg": "jpeg", "gif": "gif", "webp": "webp"}.get(
            guessed.extension
        )
        return key, None
    encoding = _text_encoding(file)
    if encoding is not None:
        return "txt", encoding
    return None, None


def check_upload(uploaded_file: Any, *, allowed: Collection[str] | None = None) -> Detected:
    """Refuse the file unless it is small enough, has an allowed extension and its content matches it."""
    allowed = frozenset(allowed) if allowed else ALL_KINDS
    size = getattr(uploaded_file, "size", None) or 0
    if size > settings.DOCUMENT_MAX_BYTES:
        raise DomainError(too_large_message(), code="too_large")
    if size == 0:
        raise DomainError(_("The file is empty."), code="empty")
    name = clean_file_name(getattr(uploaded_file, "name", ""))
    extension = extension_of(name)
    expected = _EXTENSION_KIND.get(extension)
    if expected is None or expected not in allowed:
        if not extension:
            message = _("The file name has no extension. Allowed types: %(types)s.")
        else:
            message = _("Files of this type (.%(ext)s) cannot be uploaded here. Allowed types: %(types)s.")
        raise DomainError(message % {"ext": extension, "types": allowed_description(allowed)}, code="type_not_allowed")
    kind_key, encoding = detect(uploaded_file)
    if kind_key == "txt" and expected in TEXT_KINDS:
        kind_key = expected  # plain text and CSV look alike; the extension tells them apart
    if kind_key != expected:
        raise DomainError(
            _("The file's content is not %(what)s, although its name ends in .%(ext)s.")
            % {"what": FILE_KINDS[expected].noun, "ext": extension},
            code="content_mismatch",
        )
    kind = FILE_KINDS[kind_key]
    # "euc-kr" is the web's label for the CP949 (Unified Hangul Code) family.
    charset = {"utf-8": "utf-8", "cp949": "euc-kr"}.get(encoding or "")
    content_type = f"{kind.content_type}; charset={charset}" if charset else kind.content_type
    return Detected(kind=kind, extension=extension, content_type=content_type)

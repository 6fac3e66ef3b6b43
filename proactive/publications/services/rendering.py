"""Rendering of casebooks: the print PDF (A4, embedded PretendardGOV, ``word-break: keep-all``) and the accessible
HTML edition, both from the case records with the confirmed masks applied.

The PDF is rendered in chunks (front matter, the cases in groups of ``CHUNK_CASES``, the index) in one
``documents.pdf.PdfSession`` (one page; the fonts are decoded once) and merged with pikepdf: this keeps the browser's
memory flat for an 800-page book
and gives the page on which every case starts (each case heading links to itself; Chromium writes the link as an
annotation on the page where the heading lands), so the table of contents and the department index carry page
numbers. Page numbers are stamped on every page after merging.
"""

import base64
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation

from proactive.nominations.models import NominationMember
from proactive.nominations.queries.awards import as_public_case
from proactive.programme.queries import current_settings
from proactive.publications.models import Casebook, CasebookEntry
from proactive.publications.services.masking import TEXT_FIELDS, apply_masks

CHUNK_CASES = 50
IMAGE_TYPES = ("image/jpeg", "image/png")
MAX_PHOTOS = 2


@dataclass
class BookCase:
    number: int
    anchor: str
    title: str
    unit: str
    round_title: str
    grade: str
    case_type: str
    summary: str
    problem: str
    action: str
    outcome: str
    figures: str
    regulation: str
    team: list[Any]
    withheld: int
    photos: list[str] = field(default_factory=list)
    page: int | None = None


@dataclass
class Book:
    casebook: Casebook
    organisation: str
    cases: list[BookCase]
    front_pages: int = 0
    total_pages: int = 0

    @property
    def departments(self) -> list[tuple[str, list[BookCase]]]:
        index: dict[str, list[BookCase]] = {}
        for case in self.cases:
            index.setdefault(case.unit or "–", []).append(case)
        return sorted(index.items())


def _entries(casebook: Casebook) -> list[CasebookEntry]:
    members = Prefetch(
        "award__nomination__members",
        queryset=NominationMember.objects.select_related("official__unit").order_by("-contribution", "pk"),
    )
    return list(
        casebook.entries.select_related(
            "award__nomination__round", "award__nomination__nominating_unit"
        ).prefetch_related(members, "masks")
    )


def _photos(nomination: Any) -> list[str]:
    urls = []
    for document in nomination.evidence.filter(content_type__in=IMAGE_TYPES).order_by("created_at")[:MAX_PHOTOS]:
        with document.file.open("rb") as handle:
            data = base64.b64encode(handle.read()).decode("ascii")
        urls.append(f"data:{document.content_type};base64,{data}")
    return urls


def build_book(casebook: Casebook) -> Book:
    """The casebook's content in Korean, masks applied, in the casebook's order (four queries and the photos)."""
    with translation.override("ko"):
        cases = []
        for number, entry in enumerate(_entries(casebook), start=1):
            public = as_public_case(entry.award)
            nomination = public.nomination
            masks = list(entry.masks.all())
            text = {
                f: apply_masks(getattr(nomination, f, "") or "", [m for m in masks if m.field == f])
                for f in TEXT_FIELDS
            }
            cases.append(
                BookCase(
                    number=number,
                    anchor=f"case-{number}",
                    title=text["title"],
                    unit=public.unit_name,
                    round_title=str(public.round.title),
                    grade=str(entry.award.get_grade_display()),
                    case_type=str(nomination.get_case_type_display()),
                    summary=text["summary"],
                    problem=text["problem"],
                    action=text["action"],
                    outcome=text["outcome"],
                    figures=text["quantified_results"],
                    regulation=text["regulation_detail"] if nomination.regulation_improved else "",
                    team=public.team,
                    withheld=public.withheld_count,
                    photos=_photos(nomination) if entry.include_photos else [],
                )
            )
        return Book(casebook=casebook, organisation=current_settings().organisation_name, cases=cases)


def _context(book: Book, **extra: Any) -> dict[str, Any]:
    from proactive.documents.pdf import font_face_css  # reads the font files once

    return {"book": book, "casebook": book.casebook, "font_css": font_face_css(), **extra}


def front_html(book: Book) -> str:
    with translation.override("ko"):
        return render_to_string("publications/print/front.html", _context(book))


def cases_html(book: Book, cases: list[BookCase]) -> str:
    with translation.override("ko"):
        return render_to_string("publications/print/cases.html", _context(book, cases=cases))


def index_html(book: Book) -> str:
    with translation.override("ko"):
        return render_to_string("publications/print/index.html", _context(book))


def _anchor_pages(pdf: Any) -> dict[str, int]:
    """Anchor name → 0-based page index, from the self-links (internal link annotations) of a rendered chunk."""
    import pikepdf

    found: dict[str, int] = {}
    names: dict[str, Any] = {}
    root = pdf.Root
    if "/Dests" in root:
        for key, value in root.Dests.items():
            names[str(key).lstrip("/")] = value
    if "/Names" in root and "/Dests" in root.Names:
        stack = [root.Names.Dests]
        while stack:
            node = stack.pop()
            if "/Names" in node:
                items = list(node.Names)
                for i in range(0, len(items), 2):
                    names[str(items[i])] = items[i + 1]
            if "/Kids" in node:
                stack.extend(node.Kids)
    page_index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    for name, dest in names.items():
        target = dest.D if isinstance(dest, pikepdf.Dictionary) and "/D" in dest else dest
        try:
            found[name] = page_index[target[0].objgen]
        except (KeyError, IndexError, TypeError, AttributeError):
            continue
    return found


def _stamp_page_numbers(merged: Any, first: int) -> None:
    """Page numbers centred at the foot of every page from index ``first`` on (PDF text, the base font)."""
    import pikepdf

    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    for i, page in enumerate(merged.pages):
        if i < first:
            continue
        box = page.mediabox
        width = float(box[2]) - float(box[0])
        label = str(i + 1).encode("ascii")
        x = width / 2 - len(label) * 2.5
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = pikepdf.Dictionary()
        if "/Font" not in resources:
            resources.Font = pikepdf.Dictionary()
        resources.Font.PnFoot = font
        # Wrap the page's own drawing in q…Q so its transformation does not reach the number.
        page.contents_add(pikepdf.Stream(merged, b"q\n"), prepend=True)
        stream = b"\nQ q BT /PnFoot 9 Tf 0.35 0.35 0.35 rg %.2f 24 Td (%s) Tj ET Q" % (x, label)
        page.contents_add(pikepdf.Stream(merged, stream), prepend=False)


def casebook_pdf(book: Book, *, progress: Callable[[float], None] | None = None) -> tuple[bytes, int]:
    """The print PDF and its page count. Two passes over the front matter: once to count its pages, once with the
    page numbers of the table of contents (the front matter's length does not change with the numbers)."""
    import pikepdf

    from proactive.documents.pdf import PdfSession  # starts a browser

    chunks = [book.cases[i : i + CHUNK_CASES] for i in range(0, len(book.cases), CHUNK_CASES)]
    rendered: list[bytes] = []
    with PdfSession() as session:  # one page: the embedded fonts are decoded once for the whole book
        book.front_pages = len(pikepdf.open(io.BytesIO(session.render(front_html(book)))).pages)
        page = book.front_pages
        by_anchor = {c.anchor: c for c in book.cases}
        for n, chunk in enumerate(chunks, start=1):
            pdf_bytes = session.render(cases_html(book, chunk))
            rendered.append(pdf_bytes)
            with pikepdf.open(io.BytesIO(pdf_bytes)) as part:
                for anchor, index in _anchor_pages(part).items():
                    if anchor in by_anchor:
                        by_anchor[anchor].page = page + index + 1
                page += len(part.pages)
            if progress:
                progress(n / (len(chunks) + 1))
        front_pdf, index_pdf = session.render(front_html(book)), session.render(index_html(book))
    merged = pikepdf.new()
    with warnings.catch_warnings():
        # The parts' named destinations are not carried over: the page numbers are printed instead.
        warnings.simplefilter("ignore")
        for part_bytes in [front_pdf, *rendered, index_pdf]:
            with pikepdf.open(io.BytesIO(part_bytes)) as part:
                merged.pages.extend(part.pages)
    book.total_pages = len(merged.pages)
    _stamp_page_numbers(merged, first=book.front_pages)
    out = io.BytesIO()
    merged.save(out)
    if progress:
        progress(1.0)
    return out.getvalue(), book.total_pages


def casebook_html_edition(book: Book) -> str:
    """The accessible HTML edition (a fragment shown inside the site's page): headings, a linked table of
    contents, tables with captions, photos with alt text."""
    with translation.override("ko"):
        return render_to_string("publications/edition.html", {"book": book, "casebook": book.casebook})

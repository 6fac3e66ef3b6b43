"""``{{ page.body|guide_text }}``: a guide page's text with its light formatting, escaped first.

Blank lines separate paragraphs (single line breaks stay), a line starting with ``## `` is a subheading (``h3``), and
consecutive lines starting with ``- `` make a bullet list. Nothing else is interpreted, so no markup written in a
page can reach the browser."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _block(lines: list[str]) -> str:
    if all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines)
        return f'<ul class="protection-guide-list">{items}</ul>'
    out = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append("<p>" + "<br>".join(escape(p) for p in paragraph) + "</p>")
            paragraph.clear()
        if bullets:
            out.append(
                '<ul class="protection-guide-list">' + "".join(f"<li>{escape(b)}</li>" for b in bullets) + "</ul>"
            )
            bullets.clear()

    for line in lines:
        if line.startswith("## "):
            flush()
            out.append(f"<h3>{escape(line[3:].strip())}</h3>")
        elif line.startswith("- "):
            if paragraph:
                flush()
            bullets.append(line[2:].strip())
        else:
            if bullets:
                flush()
            paragraph.append(line)
    flush()
    return "".join(out)


@register.filter(is_safe=True)
def guide_text(value: str) -> SafeString:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        line = raw.rstrip()
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return mark_safe("".join(_block(b) for b in blocks))  # noqa: S308 - every piece of text is escaped above

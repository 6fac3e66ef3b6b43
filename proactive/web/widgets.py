"""Form widgets rendered in Python where the template machinery is too slow for what they show."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A plain ``<select>`` (no option groups) built with string joins instead of a template per option.

    For lists of hundreds of choices on busy pages (e.g. the public gallery's department filter): rendering each
    option through the widget templates cost about 10 ms per select there (docs/performance.md). Same markup as
    ``web/templates/django/forms/widgets/select.html`` for the same choices.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{conditional_escape(str(key))}"{" selected" if str(key) in selected else ""}>'
            f"{conditional_escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), mark_safe(options))  # noqa: S308

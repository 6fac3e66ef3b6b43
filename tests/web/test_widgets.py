"""LongSelect renders what Django's Select renders (the same options, escaped, the chosen one selected)."""

import re

import pytest
from django import forms

from proactive.web.widgets import LongSelect

pytestmark = pytest.mark.unit

CHOICES = [("", "전체"), (1, "해양정책과"), (2, "<script>x</script> & 국")]


def _options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (value, bool(selected), label)
        for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    ]


@pytest.mark.parametrize("value", [None, "2", 2])
def test_long_select_matches_djangos_select(value):
    ours = LongSelect(choices=CHOICES, attrs={"class": "krds-input"}).render("unit", value, attrs={"id": "id_unit"})
    django = forms.Select(choices=CHOICES, attrs={"class": "krds-input"}).render("unit", value, attrs={"id": "id_unit"})
    assert ours.startswith('<select name="unit"')
    assert 'class="krds-input"' in ours
    assert 'id="id_unit"' in ours
    assert "<script>" not in ours
    assert _options(ours) == [(v, s, label) for v, s, label in _options(django.replace(' selected=""', " selected"))]
    chosen = ("2", True, "&lt;script&gt;x&lt;/script&gt; &amp; 국") if value else ("", True, "전체")
    assert [o for o in _options(ours) if o[1]] == [chosen]

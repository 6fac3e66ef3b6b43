"""``{{ amount|won }}``: an amount of money as people read it ("2,000,000원"; "KRW" wording in English)."""

from django import template

from proactive.legalsupport.services.common import won as format_won

register = template.Library()


@register.filter
def won(value):
    if value is None or value == "":
        return "—"
    return format_won(int(value))

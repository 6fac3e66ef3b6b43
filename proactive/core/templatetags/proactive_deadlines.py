"""``{% countdown due business=True %}``: a deadline's countdown as every workflow shows it ("3 days left", "Due
today", "2 days overdue"), counted as its rule counts (calendar or business days, ``core.deadlines``)."""

from datetime import date

from django import template
from django.utils import timezone

from proactive.core import deadlines

register = template.Library()


@register.inclusion_tag("core/_countdown.html")
def countdown(due: date | None, business: bool = False, today: date | None = None) -> dict:
    """Context for the countdown partial; nothing is shown when there is no due date."""
    if due is None:
        return {"due": None}
    left = deadlines.days_left(due, today or timezone.localdate(), business=business)
    return {"due": due, "days": left, "late": -left if left < 0 else 0, "business": business, "overdue": left < 0}

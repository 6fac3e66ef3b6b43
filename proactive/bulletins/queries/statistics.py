"""The figures of a month for the bulletin: aggregate counts read from the other domains' records, never a person.

Each figure counts what happened in the month (Asia/Seoul): cases selected (awards confirmed), nominations
submitted, opinion requests submitted and answers published, pre-consulting requests received, exemption reviews
submitted and decided, passive-administration reports received (through the reporting centre's own statistics
query: that app's models are not read here), and mileage points granted. The assembly stores them in the edition
(``Edition.statistics``), so a published edition keeps the figures it was published with.
"""

from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from proactive.bulletins.enums import STAT_KEYS
from proactive.bulletins.queries import month_bounds, month_days

STAT_LABELS: dict[str, Any] = {
    "cases_selected": _("Cases selected"),
    "nominations_submitted": _("Nominations submitted"),
    "opinions_requested": _("Opinion requests to the committee"),
    "opinions_published": _("Committee answers published"),
    "consultings_received": _("Pre-consulting requests received"),
    "exemptions_submitted": _("Exemption reviews requested"),
    "exemptions_decided": _("Exemption reviews decided"),
    "reports_received": _("Passive-administration reports received"),
    "mileage_granted": _("Mileage points granted"),
}
STAT_UNITS: dict[str, Any] = {"mileage_granted": pgettext_lazy("unit of mileage", "points")}


def month_statistics(year: int, month: int) -> dict[str, int]:
    """The month's figures, keyed as ``enums.STAT_KEYS`` (about ten small aggregate queries)."""
    from proactive.bulletins.queries import month_cases, month_opinions
    from proactive.consulting.models import ConsultingRequest
    from proactive.mileage.enums import EntryKind
    from proactive.mileage.models import LedgerEntry
    from proactive.nominations.models import Nomination
    from proactive.opinions.models import OpinionRequest
    from proactive.protection.models import ExemptionApplication
    from proactive.reporting.queries.statistics import Period, statistics_for

    start, end = month_bounds(year, month)
    first, last = month_days(year, month)
    granted = LedgerEntry.objects.filter(kind=EntryKind.GRANT, created_at__gte=start, created_at__lt=end)
    figures = {
        "cases_selected": len(month_cases(year, month)),
        "nominations_submitted": Nomination.objects.filter(submitted_at__gte=start, submitted_at__lt=end).count(),
        "opinions_requested": OpinionRequest.objects.filter(submitted_on__gte=first, submitted_on__lte=last).count(),
        "opinions_published": len(month_opinions(year, month)),
        "consultings_received": ConsultingRequest.objects.filter(received_on__gte=first, received_on__lte=last).count(),
        "exemptions_submitted": ExemptionApplication.objects.filter(
            submitted_on__gte=first, submitted_on__lte=last
        ).count(),
        "exemptions_decided": ExemptionApplication.objects.filter(decided_on__gte=first, decided_on__lte=last).count(),
        "reports_received": statistics_for(period=Period(first, last), scope=None).total,
        "mileage_granted": int(granted.aggregate(s=Sum("points"))["s"] or 0),
    }
    return {key: figures[key] for key in STAT_KEYS}


def labelled(statistics: dict[str, int]) -> list[tuple[Any, int, Any]]:
    """(label, value, unit) rows in the order of ``STAT_KEYS``, in the active language."""
    return [(STAT_LABELS[k], statistics[k], STAT_UNITS.get(k, "")) for k in STAT_KEYS if k in statistics]

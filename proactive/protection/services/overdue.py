"""Overdue deadlines of the exemption reviews, flagged once a day (``manage.py flag_overdue_exemptions``).

Who owes the next step is told:

* a **draft** past the official's application deadline → the applicant (and the official concerned): it can no
  longer be submitted unless the audit office extends the deadline;
* a **submitted** application past its screening deadline → the audit officers who serve the audited unit;
* a **returned** application past its completion deadline → the applicant side and the audit officers (who may
  now reject it or accept it as it is);
* an application **under review** past its decision deadline → the audit officers (the board's secretariat).

Each application is flagged at most once a day (an ``overdue_flagged`` entry on its timeline); each person gets one
notification per run with the number of items.
"""

from collections import defaultdict
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import ngettext_lazy

from proactive.audit.services import record_event
from proactive.notifications.services import notify
from proactive.protection.enums import ApplicationState
from proactive.protection.models import ApplicationEvent, ExemptionApplication
from proactive.protection.queries import audit_officers_for, user_of
from proactive.protection.queries.applications import overdue_q
from proactive.protection.services.audits import later
from proactive.protection.services.common import KIND_OVERDUE, log, today

S = ApplicationState
QUEUE_URL = "/protection/applications/?overdue=on"
MINE_URL = "/protection/"


def overdue_applications(day: date) -> QuerySet[ExemptionApplication]:
    return ExemptionApplication.objects.filter(overdue_q(day)).select_related(
        "concerned__finding__audit__audited_unit", "concerned__official__unit", "applicant"
    )


@transaction.atomic
def flag_overdue_exemptions(*, on: date | None = None) -> int:
    """Tell whoever owes the next step about the applications overdue on ``on`` (today); see the module docstring.
    Returns the number of applications flagged (already flagged today: skipped)."""
    day = on or today()
    flagged_today = ApplicationEvent.objects.filter(verb="overdue_flagged", on=day).values("application_id")
    applications = list(overdue_applications(day).exclude(pk__in=flagged_today).order_by("pk"))
    counts: dict[int, int] = defaultdict(int)
    people: dict[int, tuple[Any, str]] = {}
    for application in applications:
        log(application, "overdue_flagged", data={"state": application.state})
        record_event(
            actor=None,
            verb="protection.overdue_flagged",
            target=application,
            data={"on": day.isoformat(), "state": application.state},
        )
        for person, url in _owed_by(application):
            people[person.pk] = (person, url)
            counts[person.pk] += 1
    for pk, (person, url) in people.items():
        count = counts[pk]
        title = later(
            ngettext_lazy(
                "%(count)d exemption review deadline has passed",
                "%(count)d exemption review deadlines have passed",
                count,
            ),
            count=count,
        )
        transaction.on_commit(partial(notify, recipient=person, kind=KIND_OVERDUE, title=title, url=url))
    return len(applications)


def _owed_by(application: ExemptionApplication) -> list[tuple[Any, str]]:
    officers = [(o, QUEUE_URL) for o in audit_officers_for(application.concerned.finding.audit.audited_unit)]
    if application.state == S.DRAFT:
        return _applicant_side(application)
    if application.state == S.RETURNED:
        return _applicant_side(application) + officers
    return officers


def _applicant_side(application: ExemptionApplication) -> list[tuple[Any, str]]:
    people = {application.applicant_id: application.applicant}
    official = user_of(application.concerned.official)
    if official is not None:
        people.setdefault(official.pk, official)
    return [(p, MINE_URL) for p in people.values()]

"""Permissions of the reporting centre (django-rules autodiscovers this package).

Who may:
- **file** a report: anyone, without signing in (a public page: no permission to check); a **named** report
  needs a verified citizen or an official (``file_named_report``) and is followed from "my reports"
  (``view_own_report``: its reporter).
- **handle** reports (``view_report_queue``, ``view_report``, ``handle_report``): audit officers of the body that
  handles the report (``queries.bodies_handled_by``): a 구·군's audit officer never sees the city's reports, nor
  the other way round. System administrators and superusers have no access to reports (SECURITY.md AC-05).
- **see a named reporter's identity** (``see_reporter_identity``): only the assigned handler. Another handler of
  the body may **reveal** it (``reveal_reporter_identity``) after giving a reason, which is recorded.
- **statistics** (``view_report_statistics``): audit officers (metadata only; a body's officers count their own
  body's reports, the city's count every body's). The **centre's settings** (``manage_centre_settings``): the
  city's audit officers, since the rules apply to every body (``rules.statistics.serves_the_city``).
- **case studies**: officials and staff read published ones (``view_case_studies``); audit officers write,
  confirm the anonymisation and publish them (``manage_case_studies``).
"""

import rules
from proactive.accounts.rules import is_audit_officer, is_official, is_staff_member, is_verified_citizen
from proactive.reporting.queries import bodies_handled_by
from proactive.reporting.rules.statistics import serves_the_city


@rules.predicate
def handles_body_of(user, report) -> bool:
    return report is not None and report.body_id in bodies_handled_by(user)


@rules.predicate
def is_assigned_handler(user, report) -> bool:
    return report is not None and report.assignee_id is not None and report.assignee_id == user.pk


@rules.predicate
def is_named_reporter(user, report) -> bool:
    return (
        report is not None
        and getattr(user, "is_authenticated", False)
        and not report.is_anonymous
        and report.reporter_id == user.pk
    )


is_handler = is_audit_officer & handles_body_of

rules.add_perm("reporting.file_named_report", is_verified_citizen | is_official)
rules.add_perm("reporting.view_own_report", is_named_reporter)
rules.add_perm("reporting.view_report_queue", is_audit_officer)
rules.add_perm("reporting.view_report", is_handler)
rules.add_perm("reporting.handle_report", is_handler)
rules.add_perm("reporting.see_reporter_identity", is_handler & is_assigned_handler)
rules.add_perm("reporting.reveal_reporter_identity", is_handler)
rules.add_perm("reporting.view_report_statistics", is_audit_officer)
rules.add_perm("reporting.manage_centre_settings", is_audit_officer & serves_the_city)
rules.add_perm("reporting.view_case_studies", is_official | is_staff_member)
rules.add_perm("reporting.manage_case_studies", is_audit_officer)

from proactive.reporting.rules import casestudies  # noqa: E402, F401  (object permissions on case studies)

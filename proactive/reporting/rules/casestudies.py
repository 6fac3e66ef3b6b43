"""Permissions on one case study (사례 공유, issue #5): who may read, edit and publish it.

- **Read**: a published case study, anyone with ``reporting.view_case_studies`` (officials and staff); a draft,
  only those who may edit it.
- **Edit** and **publish** a draft: an audit officer who wrote it, or who handles the body of the report it was
  written from (``queries.bodies_handled_by``). A draft may still hold details that identify someone, so audit
  officers of other bodies do not see it. A published case study is frozen: a correction is a new case study.
"""

import rules
from proactive.accounts.rules import is_audit_officer, is_official, is_staff_member
from proactive.reporting.enums import CaseStudyState
from proactive.reporting.queries import bodies_handled_by


@rules.predicate
def case_study_is_draft(user, case_study) -> bool:
    return case_study is not None and case_study.state == CaseStudyState.DRAFT


@rules.predicate
def case_study_is_published(user, case_study) -> bool:
    return case_study is not None and case_study.state == CaseStudyState.PUBLISHED


@rules.predicate
def wrote_case_study(user, case_study) -> bool:
    return case_study is not None and case_study.created_by_id == getattr(user, "pk", None)


@rules.predicate
def handles_case_study_body(user, case_study) -> bool:
    if case_study is None or case_study.report_id is None:
        return False
    return case_study.report.body_id in bodies_handled_by(user)


may_edit_case_study = is_audit_officer & case_study_is_draft & (wrote_case_study | handles_case_study_body)

rules.add_perm("reporting.edit_case_study", may_edit_case_study)
rules.add_perm("reporting.publish_case_study", may_edit_case_study)
rules.add_perm(
    "reporting.view_case_study",
    ((is_official | is_staff_member) & case_study_is_published) | may_edit_case_study,
)

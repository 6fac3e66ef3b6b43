"""Permissions of legal and litigation support (django-rules autodiscovers this package).

Who may:
- **apply** (``create_application``): every official, for themselves (a retired official who still has a sign-in
  account too); the **protection officer** (면책보호관) also on behalf of any official on the register, retired
  officials without an account included (``apply_on_behalf``). Drafts are kept and seen only by the official
  concerned and whoever wrote the draft (``view_application``, ``edit_application``, ``submit_application``).
- **read** a lodged application (``view_application``): the official concerned, whoever filed it, the
  accountable officer (적극행정 책임관), the secretariat and the protection officer. Another official, a system
  administrator or a superuser never (the applications tell of disciplinary and criminal proceedings).
- **comment** (``comment_application``): everyone who may read a lodged application.
- read the **fact-finding report** (``view_fact_finding``): the accountable officer, the secretariat and the
  protection officer (the official reads the committee's decision, not the internal report).
- **check the facts** (``check_facts``, ``extend_fact_finding``), **record invoices and payments**
  (``record_payment``), **close**, **cancel** and **record the refund** (``close_application``,
  ``cancel_application``): the accountable officer, never on their own application.
- **table** it before the committee with the amount proposed and **correct the approved amount** after the
  committee's resolution (``table_application``, ``set_approved_amount``): the secretariat, never on their own.
- the **queue** (``view_queue``) and the **yearly summary** (``view_summary``): the accountable officer, the
  secretariat and the protection officer; the **settings** (caps and the fact-finding deadline,
  ``manage_settings``): the accountable officer and the secretariat.

The committee's own decision (approved / denied) reaches the application through the agenda kind's
``on_decided``; no permission of this app is involved (``workflow.BY_COMMITTEE``).
"""

import rules
from django.db.models import Q

from proactive.accounts.enums import Role
from proactive.accounts.rules import (
    is_official,
    is_protection_officer,
    is_secretariat,
    role_predicate,
)
from proactive.documents.rules import register_access_rule
from proactive.legalsupport.enums import DECIDED_STATES, ApplicationState

APPLICATION_PURPOSE = "legalsupport.application"  # the applicant's files and the lawyers' invoices
DECISION_PURPOSE = "legalsupport.decision"  # the numbered decision PDFs

is_accountable_officer = role_predicate(Role.ACCOUNTABLE_OFFICER)


@rules.predicate
def is_applicant(user, application) -> bool:
    """The official the application is about (their own sign-in account)."""
    official_id = getattr(user, "official_id", None)
    return application is not None and official_id is not None and application.official_id == official_id


@rules.predicate
def is_filer(user, application) -> bool:
    """Whoever wrote the application: the official, or the protection officer on their behalf."""
    return application is not None and application.filed_by_id is not None and application.filed_by_id == user.pk


@rules.predicate
def is_draft(user, application) -> bool:
    return application is not None and application.state == ApplicationState.DRAFT


@rules.predicate
def is_decided(user, application) -> bool:
    return application is not None and application.state in DECIDED_STATES


@rules.predicate
def is_not_superuser(user) -> bool:
    # Django grants a superuser every permission; these files are not for system administrators (AC-05).
    return not getattr(user, "is_superuser", False)


is_party = is_applicant | is_filer
is_case_staff = is_accountable_officer | is_secretariat | is_protection_officer
can_view = is_not_superuser & (is_party | (is_case_staff & ~is_draft))

rules.add_perm("legalsupport.create_application", is_official | is_protection_officer)
rules.add_perm("legalsupport.apply_on_behalf", is_protection_officer)
rules.add_perm("legalsupport.view_my_applications", is_official | is_protection_officer)
rules.add_perm("legalsupport.view_queue", is_case_staff)
rules.add_perm("legalsupport.view_summary", is_case_staff)
rules.add_perm("legalsupport.manage_settings", is_accountable_officer | is_secretariat)

rules.add_perm("legalsupport.view_application", can_view)
rules.add_perm("legalsupport.edit_application", is_not_superuser & is_party & is_draft)
rules.add_perm("legalsupport.submit_application", is_not_superuser & is_party & is_draft)
rules.add_perm("legalsupport.withdraw_application", is_not_superuser & is_party)
rules.add_perm("legalsupport.comment_application", can_view & ~is_draft)
rules.add_perm("legalsupport.add_application_file", is_not_superuser & (is_party | is_protection_officer) & ~is_draft)
rules.add_perm("legalsupport.view_fact_finding", is_not_superuser & is_case_staff & ~is_applicant & ~is_draft)
rules.add_perm("legalsupport.check_facts", is_not_superuser & is_accountable_officer & ~is_applicant)
rules.add_perm("legalsupport.extend_fact_finding", is_not_superuser & is_accountable_officer & ~is_applicant)
rules.add_perm("legalsupport.table_application", is_not_superuser & is_secretariat & ~is_applicant)
rules.add_perm("legalsupport.set_approved_amount", is_not_superuser & is_secretariat & ~is_applicant)
rules.add_perm("legalsupport.record_payment", is_not_superuser & is_accountable_officer & ~is_applicant)
rules.add_perm("legalsupport.close_application", is_not_superuser & is_accountable_officer & ~is_applicant)
rules.add_perm("legalsupport.cancel_application", is_not_superuser & is_accountable_officer & ~is_applicant)
rules.add_perm("legalsupport.download_decision", can_view & is_decided)
rules.add_perm("legalsupport.render_decision", is_not_superuser & is_secretariat & is_decided)


def can_read_application_document(user, document) -> bool:
    """A file of an application (the applicant's evidence, a lawyer's invoice) or its decision PDF is readable by
    whoever may read the application."""
    from proactive.legalsupport.models import Application  # rules load before models in the import order

    if not getattr(user, "is_authenticated", False):
        return False
    belongs = (
        Q(files=document)
        | Q(invoices__document=document)
        | Q(decision_document=document)
        | Q(cancellation_document=document)
    )
    applications = Application.objects.filter(belongs).distinct()
    return any(user.has_perm("legalsupport.view_application", a) for a in applications)


register_access_rule(APPLICATION_PURPOSE, can_read_application_document, sysadmin_access=False)
register_access_rule(DECISION_PURPOSE, can_read_application_document, sysadmin_access=False)

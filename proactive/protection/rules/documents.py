"""Who reads the files of an exemption application through the documents app (``register_access_rule``).

Evidence (purpose ``protection.evidence``) is readable by whoever may read an application it is attached to; a
decision's PDF (``protection.decision``) by whoever may download that decision. System administrators are not
admitted to either (the files are personal data about an official's disciplinary matter)."""

from proactive.documents.rules import register_access_rule

EVIDENCE_PURPOSE = "protection.evidence"
DECISION_PURPOSE = "protection.decision"


def can_read_evidence(user, document) -> bool:
    from proactive.protection.models import ApplicationFile  # rules load before models in the import order

    if not user.is_authenticated or user.is_superuser:
        return False
    files = ApplicationFile.objects.filter(document=document).select_related(
        "application__concerned__official__unit", "application__session"
    )
    return any(user.has_perm("protection.view_application", f.application) for f in files)


def can_read_decision(user, document) -> bool:
    from proactive.protection.models import ExemptionApplication  # rules load before models in the import order

    if not user.is_authenticated or user.is_superuser:
        return False
    application = (
        ExemptionApplication.objects.select_related("concerned__official__unit", "session")
        .filter(decision_document=document)
        .first()
    )
    return application is not None and user.has_perm("protection.download_decision", application)


register_access_rule(EVIDENCE_PURPOSE, can_read_evidence, sysadmin_access=False)
register_access_rule(DECISION_PURPOSE, can_read_decision, sysadmin_access=False)

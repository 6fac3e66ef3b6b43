"""Permissions of the certificates of commendation (상장).

``download_certificate`` takes a ``Certificate``: its recipient (the official's own sign-in account), the
secretariat and HR. The certificate PDFs are private documents of purpose ``nominations.certificate``; the same
rule admits readers through the documents app (``register_access_rule``). Everyone may check a serial number on the
public verification page, which needs no permission and shows no personal data but a masked name.
"""

import rules

from proactive.accounts.rules import is_committee_chair, is_hr_officer, is_official, is_secretariat
from proactive.documents.rules import register_access_rule

CERTIFICATE_PURPOSE = "nominations.certificate"


@rules.predicate
def is_certificate_recipient(user, certificate) -> bool:
    return (
        certificate is not None
        and user.is_authenticated
        and getattr(user, "official_id", None) is not None
        and certificate.member.official_id == user.official_id
    )


# Every signed-in official may open "My certificates" (one without certificates sees an empty page).
rules.add_perm("nominations.view_my_certificates", is_official)
rules.add_perm("nominations.view_certificates", is_secretariat | is_hr_officer)
# The chair's confirmation of the grades issues them; the secretariat issues any still missing.
rules.add_perm("nominations.issue_certificates", is_committee_chair | is_secretariat)
rules.add_perm("nominations.revoke_certificate", is_secretariat)
rules.add_perm(
    "nominations.download_certificate", (is_official & is_certificate_recipient) | is_secretariat | is_hr_officer
)


def can_read_certificate_document(user, document) -> bool:
    """A certificate's PDF is readable by whoever may download the certificate it belongs to."""
    from proactive.nominations.models import Certificate  # rules load before models in the import order

    if not user.is_authenticated:
        return False
    certificate = Certificate.objects.select_related("member").filter(document=document).first()
    return certificate is not None and user.has_perm("nominations.download_certificate", certificate)


register_access_rule(CERTIFICATE_PURPOSE, can_read_certificate_document)

"""Who may read a document: its owner, a system administrator, or whoever another app's rule admits.

Apps that attach documents to their own records declare access per purpose, in their ``AppConfig.ready``::

    register_access_rule("nominations.evidence", can_read_nomination_evidence)

A rule is called as ``rule(user, document)`` and returns True to admit. A purpose whose documents system
administrators must not read (the anonymous reporting centre, AC-05) is registered with
``sysadmin_access=False``. Everyone else gets a 404 from the download view.
"""

from collections.abc import Callable
from typing import Any

import rules

from proactive.accounts.rules import is_official, is_staff_member, is_sysadmin, is_verified_citizen

AccessRule = Callable[[Any, Any], bool]

_access_rules: dict[str, list[AccessRule]] = {}
_no_sysadmin_purposes: set[str] = set()


def register_access_rule(purpose: str, predicate: AccessRule, *, sysadmin_access: bool = True) -> None:
    """Admit the users for whom ``predicate(user, document)`` is true to documents uploaded for ``purpose``."""
    rules_for_purpose = _access_rules.setdefault(purpose, [])
    if predicate not in rules_for_purpose:
        rules_for_purpose.append(predicate)
    if not sysadmin_access:
        _no_sysadmin_purposes.add(purpose)


def access_rules_for(purpose: str) -> list[AccessRule]:
    return list(_access_rules.get(purpose, ()))


@rules.predicate
def is_document_owner(user, document) -> bool:
    return document is not None and document.owner_id is not None and document.owner_id == user.pk


@rules.predicate
def is_sysadmin_for_document(user, document) -> bool:
    return document is not None and document.purpose not in _no_sysadmin_purposes and is_sysadmin(user)


@rules.predicate
def is_admitted_by_purpose_rule(user, document) -> bool:
    return document is not None and any(rule(user, document) for rule in _access_rules.get(document.purpose, ()))


rules.add_perm(
    "documents.view_document",
    rules.is_authenticated & (is_document_owner | is_sysadmin_for_document | is_admitted_by_purpose_rule),
)
# Anyone with a working account may keep personal documents: officials, staff and verified citizens.
rules.add_perm(
    "documents.upload_document", rules.is_authenticated & (is_official | is_staff_member | is_verified_citizen)
)

"""The edition's transition table: the shared editorial workflow of ``publications.editorial``.

draft ─submit─► review ─approve─► approved ─publish─► published                                    [end]
review ─return (reason)─► draft; approved ─reopen (reason)─► draft
A published edition never changes; a correction is a new version (``services.editions.correct_edition``).
``services.editions.transition_edition`` applies the table.
"""

from proactive.publications.editorial import EditorialPermissions, editorial_transitions

PERMS = EditorialPermissions.for_entity("bulletins", "edition")
SUBMIT = PERMS.submit
RETURN = PERMS.return_
APPROVE = PERMS.approve
PUBLISH = PERMS.publish
REOPEN = PERMS.reopen

EDITION_TRANSITIONS = editorial_transitions(PERMS)

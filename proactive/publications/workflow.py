"""The transition tables of casebooks and card-news sets: the shared editorial workflow (``editorial.py``).

draft ─submit─► review ─approve (four eyes)─► approved ─publish─► published                          [end]
review ─return (reason)─► draft; approved ─reopen (reason)─► draft.
Applied by ``services.editing.transition_casebook`` and ``transition_cardset``.
"""

from proactive.publications.editorial import editorial_transitions
from proactive.publications.rules import CARDSET_PERMS, CASEBOOK_PERMS

CASEBOOK_TRANSITIONS = editorial_transitions(CASEBOOK_PERMS)
CARDSET_TRANSITIONS = editorial_transitions(CARDSET_PERMS)

"""Password rules beyond Django's: refuse passwords built on words anyone would guess for this system."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Documented context list (SECURITY.md AUTH-02): the city, the programme, the system and common admin words.
CONTEXT_WORDS = (
    "busan",
    "부산",
    "seoul",
    "서울",
    "proactive",
    "적극행정",
    "jeokgeuk",
    "admin",
    "administrator",
    "password",
    "qwerty",
    "dongbaek",
    "동백",
    "korea",
    "한국",
    "gov",
    "govkr",
    "city",
    "mayor",
)


class ContextWordValidator:
    """Refuse a password whose letters, once digits and symbols are removed, are mostly a context word."""

    def validate(self, password: str, user=None) -> None:
        letters = re.sub(r"[\W\d_]+", "", password.lower())
        for word in CONTEXT_WORDS:
            if word in letters and len(word) * 2 >= len(letters):
                raise ValidationError(
                    _("This password is built on a word that is easy to guess for this site (%(word)s)."),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Your password can't be built on the city's or this system's name.")

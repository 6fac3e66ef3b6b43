"""AUTH-01 (length, no truncation) and AUTH-02 (common and context words, no composition rule)."""

import random
import string

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from proactive.accounts.validators import ContextWordValidator
from tests.accounts.conftest import post_login
from tests.factories.accounts import UserFactory


def _random_lowercase(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


def _codes(exc: ValidationError) -> set[str]:
    return {error.code for error in exc.error_list}


def test_validate_password_rejects_nine_characters():
    with pytest.raises(ValidationError) as exc:
        validate_password("qkzmvxpwt")
    assert "password_too_short" in _codes(exc.value)


def test_validate_password_accepts_ten_characters():
    assert validate_password("qkzmvxpwtj") is None


@pytest.mark.parametrize("password", ["password1234", "admin12345", "busan2025!!", "seoul2025!!", "Proactive2026"])
def test_validate_password_rejects_common_and_context_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["admin12345", "busan2025!!", "부산2025!!"])
def test_context_word_validator_rejects_context_words(password):
    with pytest.raises(ValidationError) as exc:
        ContextWordValidator().validate(password)
    assert _codes(exc.value) == {"password_context_word"}


def test_validate_password_accepts_random_lowercase_without_composition_rule():
    rng = random.Random(2025)
    for _ in range(25):
        assert validate_password(_random_lowercase(rng, 10)) is None


@pytest.mark.django_db
@pytest.mark.parametrize("length", [64, 128])
def test_long_password_can_be_set_and_used_to_sign_in(client, length):
    password = _random_lowercase(random.Random(length), length)
    validate_password(password)
    user = UserFactory()
    user.set_password(password)
    user.save()

    response = post_login(client, user.username, password)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_long_password_prefix_does_not_sign_in(client):
    password = _random_lowercase(random.Random(64), 64)
    user = UserFactory()
    user.set_password(password)
    user.save()

    response = post_login(client, user.username, password[:63])

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_is_case_sensitive(client):
    user = UserFactory()
    user.set_password("qkzmvxpwtjLong")
    user.save()

    response = post_login(client, user.username, "qkzmvxpwtjlong")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

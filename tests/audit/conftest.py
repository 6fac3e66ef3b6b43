import pytest

from proactive.accounts.enums import Role
from tests.conftest import login_verified, make_staff


@pytest.fixture
def auditor(db):
    return make_staff(Role.AUDIT_OFFICER)


@pytest.fixture
def auditor_client(client, auditor):
    return login_verified(client, auditor)

"""The database itself refuses changes to the audit tables, even from raw SQL (migration 0002).

The test settings skip the triggers (flushing between transactional tests needs DELETE/TRUNCATE), so this test
installs them itself. SQLite's schema editor cannot run inside a transaction while foreign keys are enforced,
so the test runs outside the usual test transaction and removes the triggers again at the end.
"""

import importlib

import pytest
from django.db import DatabaseError, connection, transaction

from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord, AuditEvent
from proactive.audit.services import record_access, record_event
from tests.factories.accounts import UserFactory

triggers = importlib.import_module("proactive.audit.migrations.0002_append_only_triggers")


@pytest.fixture
def installed_triggers(transactional_db):
    with connection.schema_editor() as schema_editor:
        triggers.install(schema_editor)
    yield
    with connection.schema_editor() as schema_editor:
        triggers.backwards(None, schema_editor)


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_raw_sql_update_and_delete_are_refused(installed_triggers):
    user = UserFactory()
    event = record_event(actor=user, verb="tests.happened", target=user)
    access = record_access(actor=user, ip_address="10.0.0.1", action=AccessAction.VIEW, subject=user)

    for table, column, pk in [
        (AuditEvent._meta.db_table, "verb", event.pk),
        (AccessRecord._meta.db_table, "reason", access.pk),
    ]:
        with pytest.raises(DatabaseError):
            _raw(f"UPDATE {table} SET {column} = %s WHERE id = %s", ["tampered", pk])  # noqa: S608
        with pytest.raises(DatabaseError):
            _raw(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608

    event_after = AuditEvent.objects.get(pk=event.pk)
    assert event_after.verb == "tests.happened"
    assert AccessRecord.objects.get(pk=access.pk).reason == ""

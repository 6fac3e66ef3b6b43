import pytest

from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord, AppendOnlyError, AuditEvent
from proactive.audit.services import record_access, record_event


def _event(user):
    return record_event(actor=user, verb="tests.happened", target=user, changes={"name": ["a", "b"]})


def _access(user):
    return record_access(actor=user, ip_address="10.0.0.1", action=AccessAction.VIEW, subject=user)


@pytest.fixture(params=[(AuditEvent, _event), (AccessRecord, _access)], ids=["audit_event", "access_record"])
def record(request, official):
    model, make = request.param
    return model, make(official)


@pytest.mark.django_db
def test_saving_an_existing_record_raises(record):
    _model, row = record
    with pytest.raises(AppendOnlyError):
        row.save()


@pytest.mark.django_db
def test_deleting_a_record_raises(record):
    model, row = record
    with pytest.raises(AppendOnlyError):
        row.delete()
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_queryset_update_raises(record):
    model, row = record
    field = "verb" if model is AuditEvent else "reason"
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(**{field: "changed"})


@pytest.mark.django_db
def test_queryset_delete_raises(record):
    model, row = record
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    assert model.objects.filter(pk=row.pk).exists()

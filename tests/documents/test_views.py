import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.documents import rules as document_rules
from proactive.documents.models import Document
from tests.conftest import login_verified, make_staff
from tests.documents.conftest import stored_files
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.factories.documents import DocumentFactory, exe_bytes, pdf_bytes, upload

LIST = reverse("documents:list")


def download_url(document) -> str:
    return reverse("documents:download", args=[document.pk])


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def owner(db):
    return UserFactory()


@pytest.fixture
def document(owner):
    return DocumentFactory(owner=owner, original_name="증빙자료 1.pdf")


# --- Permissions ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, document):
    for url in [LIST, download_url(document)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_unverified_citizens_may_not_upload(client):
    login_verified(client, CitizenFactory(email_verified_at=None))
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"file": upload("a.pdf", pdf_bytes())}).status_code == 403
    assert Document.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["official", "citizen", "secretariat", "audit_officer"])
def test_other_peoples_documents_are_not_found(client, document, who):
    user = {
        "official": UserFactory,
        "citizen": CitizenFactory,
        "secretariat": lambda: make_staff(Role.SECRETARIAT),
        "audit_officer": lambda: make_staff(Role.AUDIT_OFFICER),
    }[who]()
    login_verified(client, user)

    assert client.get(download_url(document)).status_code == 404
    assert client.post(download_url(document), {"reason": "궁금해서"}).status_code == 404
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_unknown_document_is_not_found(client, owner):
    login_verified(client, owner)
    assert client.get(reverse("documents:download", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


# --- My documents --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_only_my_documents(client, owner, document):
    DocumentFactory(original_name="남의 문서.pdf")
    login_verified(client, owner)

    response = client.get(LIST)

    html = response.content.decode()
    assert response.status_code == 200
    assert "증빙자료 1.pdf" in html
    assert "남의 문서.pdf" not in html
    assert 'enctype="multipart/form-data"' in html
    assert 'accept=".pdf,' in html


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_rows(client, owner):
    login_verified(client, owner)

    def count() -> int:
        client.get(LIST)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    DocumentFactory(owner=owner)
    one = count()
    DocumentFactory.create_batch(2, owner=owner)
    three = count()
    assert one == three


@pytest.mark.django_db
def test_upload_through_the_page(client, owner, private_root):
    login_verified(client, owner)

    response = client.post(LIST, {"file": upload("보고서.pdf", pdf_bytes(author="홍길동"))}, follow=True)

    assert response.status_code == 200
    document = Document.objects.get()
    assert document.owner == owner
    assert document.purpose == "personal"
    assert "보고서.pdf" in response.content.decode()
    assert len(stored_files(private_root)) == 1


@pytest.mark.django_db
def test_upload_of_a_renamed_program_shows_the_error(client, owner, private_root):
    login_verified(client, UserFactory(preferred_language="en"))

    response = client.post(LIST, {"file": upload("invoice.pdf", exe_bytes())}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "The file&#x27;s content is not a PDF document" in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(private_root) == []


# --- Download ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_owner_downloads_directly(client, owner, document):
    login_verified(client, owner)

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert body_of(response) == document.file.open("rb").read()
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == "attachment; filename*=utf-8''%EC%A6%9D%EB%B9%99%EC%9E%90%EB%A3%8C%201.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox"
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_staff_are_asked_for_a_reason_first(client, document):
    login_verified(client, make_staff(Role.SYSADMIN))

    response = client.get(download_url(document))

    assert response.status_code == 200
    assert response.get("Content-Disposition") is None
    assert 'name="reason"' in response.content.decode()
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_staff_download_without_reason_is_refused(client, document):
    login_verified(client, make_staff(Role.SYSADMIN))

    response = client.post(download_url(document), {"reason": "   "})

    assert response.status_code == 400
    assert response.get("Content-Disposition") is None
    assert "reason" in response.context["form"].errors
    assert AccessRecord.objects.count() == 0


@pytest.mark.django_db
def test_staff_download_with_reason_is_recorded(client, owner, document):
    admin = make_staff(Role.SYSADMIN)
    login_verified(client, admin)

    response = client.post(download_url(document), {"reason": "민원 처리 확인"}, REMOTE_ADDR="10.20.30.40")

    assert response.status_code == 200
    assert hashlib.sha256(body_of(response)).hexdigest() == document.sha256
    record = AccessRecord.objects.get()
    assert record.action == AccessAction.DOWNLOAD
    assert record.actor == admin
    assert record.subject_id == str(owner.pk)
    assert record.resource == "증빙자료 1.pdf"
    assert record.reason == "민원 처리 확인"
    assert record.ip_address == "10.20.30.40"


@pytest.mark.django_db
def test_other_apps_extend_access_per_purpose(client, owner):
    reviewer = make_staff(Role.REVIEWER)
    evidence = DocumentFactory(owner=owner, purpose="tests.evidence")
    personal = DocumentFactory(owner=owner, purpose="personal")
    document_rules.register_access_rule("tests.evidence", lambda user, doc: user.pk == reviewer.pk)
    login_verified(client, reviewer)

    assert client.get(download_url(evidence)).status_code == 200
    assert client.get(download_url(personal)).status_code == 404
    response = client.post(download_url(evidence), {"reason": "심사"})
    assert response.status_code == 200
    assert AccessRecord.objects.get().actor == reviewer


@pytest.mark.django_db
def test_purposes_can_shut_out_system_administrators(client, owner):
    sealed = DocumentFactory(owner=owner, purpose="tests.sealed")
    document_rules.register_access_rule("tests.sealed", lambda user, doc: False, sysadmin_access=False)
    login_verified(client, make_staff(Role.SYSADMIN))

    assert client.get(download_url(sealed)).status_code == 404


@pytest.mark.django_db
def test_dashboard_panel_links_to_my_documents(client, owner, document):
    login_verified(client, owner)

    response = client.get(reverse("web:dashboard"))

    panel = next(p for p in response.context["panels"] if p["key"] == "documents-mine")
    assert panel["context"] == {"count": 1}
    assert f'href="{LIST}"' in response.content.decode()


@pytest.mark.django_db
def test_upload_bigger_than_the_memory_buffer_goes_through_a_temporary_file(client, owner, private_root):
    data = ("이름,부서\n" + "홍길동,감사과\n" * 400_000).encode("utf-8")  # about 7 MB: spooled to a temporary file
    login_verified(client, owner)

    response = client.post(LIST, {"file": upload("명단.csv", data)})

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.content_type == "text/csv; charset=utf-8"
    [path] = stored_files(private_root)
    assert path.read_bytes() == data

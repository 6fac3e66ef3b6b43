"""Certificate screens: the winner's list and download, the secretariat's and HR's lists with issuing and revoking,
the public verification page, the permission denials of every URL and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proactive.accounts.enums import Role
from proactive.audit.enums import AccessAction
from proactive.audit.models import AccessRecord
from proactive.nominations.models import Certificate
from proactive.nominations.queries import certificates as queries
from proactive.nominations.services import certificates as services
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import CitizenFactory, UserFactory
from tests.factories.nominations import SelectionRoundFactory
from tests.nominations.test_certificates_support import (  # noqa: F401  (_certificate_kinds is an autouse fixture)
    _certificate_kinds,
    attach_pdf,
    award,
    chair,
    hr,
    recipient_of,
    secretariat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def issued(team=1, rnd=None, **fields):
    rnd = rnd or SelectionRoundFactory()
    award(rnd, team=team, **fields)
    return services.issue_certificates(actor=chair(), round=rnd)


def _pdf_url(certificate):
    return reverse("nominations:certificate-pdf", args=[certificate.serial])


# --- The winner's download -----------------------------------------------------------------------------------


def test_the_recipient_downloads_their_pdf_at_once(client):
    (certificate,) = issued()
    attach_pdf(certificate)
    client.force_login(recipient_of(certificate))
    response = client.get(_pdf_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_the_recipient_is_told_while_the_pdf_is_being_prepared(client):
    (certificate,) = issued()
    client.force_login(recipient_of(certificate))
    response = client.get(_pdf_url(certificate))
    assert response.status_code == 409
    assert "still being prepared" in response.text


def test_a_revoked_certificate_is_not_downloadable_by_its_recipient(client):
    (certificate,) = issued()
    attach_pdf(certificate)
    services.revoke_certificate(actor=secretariat(), certificate=certificate, reason="수상 취소")
    client.force_login(recipient_of(certificate))
    response = client.get(_pdf_url(certificate))
    assert response.status_code == 410
    assert "revoked" in response.text


@pytest.mark.parametrize("make_user", [UserFactory, CitizenFactory, lambda: make_staff(Role.COMMITTEE_CHAIR)])
def test_download_is_refused_to_anyone_else(client, make_user):
    (certificate,) = issued()
    attach_pdf(certificate)
    login_verified(client, make_user())
    assert client.get(_pdf_url(certificate)).status_code == 404
    assert client.post(_pdf_url(certificate), {"reason": "궁금"}).status_code == 404


def test_download_sends_anonymous_visitors_to_sign_in(client):
    (certificate,) = issued()
    response = client.get(_pdf_url(certificate))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_unknown_serial_is_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("nominations:certificate-pdf", args=["2025-1-999-AAAA"])).status_code == 404


@pytest.mark.parametrize("make_user", [secretariat, hr])
def test_staff_give_a_reason_which_is_kept_in_the_access_records(client, make_user):
    (certificate,) = issued()
    attach_pdf(certificate)
    user = make_user()
    login_verified(client, user)
    form = client.get(_pdf_url(certificate))
    assert form.status_code == 200
    assert "Reason for downloading" in form.text
    refused = client.post(_pdf_url(certificate), {"reason": ""})
    assert refused.status_code == 400
    assert not AccessRecord.objects.exists()
    response = client.post(_pdf_url(certificate), {"reason": "인사기록 등재"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    record = AccessRecord.objects.get()
    assert (record.actor, record.action, record.reason) == (user, AccessAction.DOWNLOAD, "인사기록 등재")
    assert record.subject_id == str(certificate.member.official_id)


def test_the_certificate_document_is_readable_only_by_recipient_secretariat_and_hr():
    (certificate,) = issued()
    attach_pdf(certificate)
    document = certificate.document
    assert recipient_of(certificate).has_perm("documents.view_document", document)
    assert secretariat().has_perm("documents.view_document", document)
    assert hr().has_perm("documents.view_document", document)
    assert not UserFactory().has_perm("documents.view_document", document)
    assert not CitizenFactory().has_perm("documents.view_document", document)


# --- My certificates -----------------------------------------------------------------------------------------


def test_my_certificates_lists_only_my_own(client):
    (mine,) = issued()
    (theirs,) = issued()
    attach_pdf(mine)
    client.force_login(recipient_of(mine))
    response = client.get(reverse("nominations:my-certificates"))
    assert response.status_code == 200
    assert mine.serial in response.text
    assert _pdf_url(mine) in response.text
    assert theirs.serial not in response.text


def test_my_certificates_is_refused_to_a_citizen(client):
    client.force_login(CitizenFactory())
    assert client.get(reverse("nominations:my-certificates")).status_code == 403


def test_my_certificates_in_the_menu_of_an_official(client):
    client.force_login(UserFactory())
    response = client.get(reverse("nominations:my-certificates"))
    assert reverse("nominations:my-certificates") in response.text
    assert reverse("nominations:certificate-verify") in response.text


def test_my_certificates_query_count_is_constant(client):
    user = UserFactory()
    rnd = SelectionRoundFactory()
    client.force_login(user)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("nominations:my-certificates")).status_code == 200
        return len(ctx.captured_queries)

    def give(n):
        for _ in range(n):
            case = award(rnd, team=1)
            case.nomination.members.update(official=user.official)
        services.issue_certificates(actor=chair(), round=rnd)

    give(1)
    count()  # the first page after signing in also renews the idle timer (a session write); measure from the next
    one = count()
    give(3)
    assert Certificate.objects.filter(member__official=user.official).count() == 4
    assert count() == one


# --- Secretariat and HR --------------------------------------------------------------------------------------


@pytest.mark.parametrize("make_user", [UserFactory, CitizenFactory, chair, lambda: make_staff(Role.AUDIT_OFFICER)])
def test_the_lists_are_refused_to_others(client, make_user):
    rnd = SelectionRoundFactory()
    login_verified(client, make_user())
    assert client.get(reverse("nominations:certificate-rounds")).status_code == 403
    assert client.get(reverse("nominations:certificate-list", args=[rnd.pk])).status_code == 403


@pytest.mark.parametrize("make_user", [secretariat, hr])
def test_the_lists_show_the_round_and_its_certificates(client, make_user):
    rnd = SelectionRoundFactory()
    certificates = issued(team=2, rnd=rnd)
    login_verified(client, make_user())
    rounds = client.get(reverse("nominations:certificate-rounds"))
    assert rounds.status_code == 200
    assert reverse("nominations:certificate-list", args=[rnd.pk]) in rounds.text
    page = client.get(reverse("nominations:certificate-list", args=[rnd.pk]))
    assert page.status_code == 200
    for certificate in certificates:
        assert certificate.serial in page.text
        assert certificate.recipient_name in page.text


def test_hr_sees_no_issue_or_revoke_controls(client):
    rnd = SelectionRoundFactory()
    issued(rnd=rnd)
    login_verified(client, hr())
    page = client.get(reverse("nominations:certificate-list", args=[rnd.pk]))
    assert reverse("nominations:certificate-issue", args=[rnd.pk]) not in page.text
    assert "Revoke" not in page.text


def test_list_query_count_is_constant(client):
    rnd = SelectionRoundFactory()
    login_verified(client, secretariat())

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("nominations:certificate-list", args=[rnd.pk])).status_code == 200
        return len(ctx.captured_queries)

    issued(team=2, rnd=rnd)
    count()  # the first page after signing in also renews the idle timer; measure from the next
    few = count()
    issued(team=3, rnd=rnd)
    attach_pdf(Certificate.objects.first())
    services.revoke_certificate(actor=secretariat(), certificate=Certificate.objects.last(), reason="취소")
    assert count() == few


def test_rounds_query_count_is_constant(client):
    login_verified(client, hr())

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("nominations:certificate-rounds")).status_code == 200
        return len(ctx.captured_queries)

    issued(team=2)
    count()  # the first page after signing in also renews the idle timer; measure from the next
    few = count()
    issued(team=1)
    issued(team=3)
    assert count() == few


def test_rounds_count_winners_certificates_pdfs_and_revocations():
    rnd = SelectionRoundFactory()
    certificates = issued(team=3, rnd=rnd)
    attach_pdf(certificates[0])
    services.revoke_certificate(actor=secretariat(), certificate=certificates[1], reason="취소")
    (row,) = queries.rounds_with_awards()
    assert (row.winner_count, row.certificate_count, row.rendered_count, row.revoked_count) == (3, 3, 1, 1)


def test_the_secretariat_issues_missing_certificates(client):
    rnd = SelectionRoundFactory()
    award(rnd, team=2)
    login_verified(client, secretariat())
    response = client.post(reverse("nominations:certificate-issue", args=[rnd.pk]), follow=True)
    assert response.status_code == 200
    assert "Certificates issued: 2" in response.text
    assert Certificate.objects.filter(award__nomination__round=rnd).count() == 2
    again = client.post(reverse("nominations:certificate-issue", args=[rnd.pk]), follow=True)
    assert "Every winner already has a certificate." in again.text


@pytest.mark.parametrize("make_user", [hr, UserFactory])
def test_issuing_is_refused_to_others(client, make_user):
    rnd = SelectionRoundFactory()
    award(rnd)
    login_verified(client, make_user())
    assert client.post(reverse("nominations:certificate-issue", args=[rnd.pk])).status_code == 403
    assert not Certificate.objects.exists()


def test_revoking_without_a_reason_keeps_the_row_form_with_the_error(client):
    rnd = SelectionRoundFactory()
    (certificate,) = issued(rnd=rnd)
    login_verified(client, secretariat())
    url = reverse("nominations:certificate-revoke", args=[certificate.pk])
    response = client.post(url, {f"c{certificate.pk}-reason": ""})
    assert response.status_code == 400
    assert "Give the reason for the revocation." in response.text
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_the_secretariat_revokes_with_a_reason(client):
    rnd = SelectionRoundFactory()
    (certificate,) = issued(rnd=rnd)
    login_verified(client, secretariat())
    url = reverse("nominations:certificate-revoke", args=[certificate.pk])
    response = client.post(url, {f"c{certificate.pk}-reason": "수상 취소 의결"}, follow=True)
    assert response.status_code == 200
    assert f"Certificate {certificate.serial} was revoked." in response.text
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "수상 취소 의결"


@pytest.mark.parametrize("make_user", [hr, UserFactory, CitizenFactory])
def test_revoking_is_refused_to_others(client, make_user):
    (certificate,) = issued()
    login_verified(client, make_user())
    url = reverse("nominations:certificate-revoke", args=[certificate.pk])
    assert client.post(url, {f"c{certificate.pk}-reason": "x"}).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


# --- Public verification -------------------------------------------------------------------------------------


def _verify(client, serial):
    return client.get(reverse("nominations:certificate-verify"), {"serial": serial})


def test_verify_shows_an_empty_form_to_anyone(client):
    response = client.get(reverse("nominations:certificate-verify"))
    assert response.status_code == 200
    assert "Serial number" in response.text
    assert "Result" not in response.text


def test_verify_a_valid_certificate_masks_the_name_and_shows_nothing_else_personal(client):
    (certificate,) = issued(title="민원 처리기간 단축")
    certificate.recipient_name = "김민수"
    certificate.save(update_fields=["recipient_name"])
    response = _verify(client, certificate.serial.lower())
    assert response.status_code == 200
    text = response.text
    assert "This certificate is valid" in text
    assert "김*수" in text
    assert "김민수" not in text
    assert certificate.recipient_unit not in text
    assert "민원 처리기간 단축" in text
    assert certificate.round_title in text
    assert f"{certificate.issuer_title} {certificate.issuer_name}" in text
    assert response["X-Robots-Tag"] == "noindex"


def test_verify_a_revoked_certificate(client):
    (certificate,) = issued()
    services.revoke_certificate(actor=secretariat(), certificate=certificate, reason="수상 취소")
    response = _verify(client, f"제 {certificate.serial} 호")
    assert "revoked on" in response.text
    assert "수상 취소" not in response.text  # the reason is internal


def test_verify_an_unknown_serial(client):
    response = _verify(client, "2025-1-001-ZZZZ")
    assert response.status_code == 200
    assert "No certificate with the serial number 2025-1-001-ZZZZ was issued." in response.text


def test_verify_an_empty_serial_asks_for_one(client):
    response = _verify(client, "")
    assert response.status_code == 400
    assert "Enter the serial number printed on the certificate." in response.text


def test_verify_stores_nothing_about_the_visitor(client):
    (certificate,) = issued()
    before = AccessRecord.objects.count()
    _verify(client, certificate.serial)
    assert AccessRecord.objects.count() == before


@pytest.mark.parametrize(("name", "masked"), [("김민수", "김*수"), ("김수", "김*"), ("남궁민수", "남**수"), ("", "")])
def test_mask_name(name, masked):
    assert queries.mask_name(name) == masked

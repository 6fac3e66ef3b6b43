"""An item's own page (for the requester too), raising a challenge from it, and downloading the resolution and
minutes documents (rendering replaced by a tiny PDF here; test_documents_pdf.py renders the real ones)."""

import io

import pikepdf
import pytest
from django.urls import reverse

from proactive.audit.models import AccessRecord
from proactive.committee.enums import RecusalState
from proactive.committee.models import Recusal
from proactive.committee.services import agenda, meetings
from tests.committee.conftest import VIEWERS
from tests.committee.support_meetings import opened, planned, propose, vote_all
from tests.conftest import login_verified, make_staff
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def tiny_pdf(*args, **kwargs) -> bytes:
    out = io.BytesIO()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture
def fake_pdf(monkeypatch):
    monkeypatch.setattr("proactive.documents.pdf.html_to_pdf", tiny_pdf)


@pytest.fixture
def requester(db):
    user = UserFactory()
    VIEWERS.add(user.pk)
    return user


def _decided(committee):
    meeting, (item,) = opened(committee)
    propose(committee, item)
    vote_all(committee, item, ["for"] * 6)
    return meeting, agenda.decide_item(actor=None, item=item, outcome="approved", resolution="원안대로 승인한다.")


def test_the_requester_follows_the_item_and_sees_who_is_called(client, committee, requester):
    meeting, (item,) = planned(committee)
    login_verified(client, requester)

    response = client.get(reverse("committee:item-detail", args=[item.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert meeting.number in page
    assert committee.members[0].user.display_name in page
    assert reverse("committee:item-challenge", args=[item.pk]) in page


def test_the_requester_raises_a_challenge(client, committee, requester):
    meeting, (item,) = planned(committee)
    login_verified(client, requester)
    url = reverse("committee:item-challenge", args=[item.pk])

    bad = client.post(url, {"member": committee.members[0].pk, "reason": ""})
    assert bad.status_code == 400
    assert "사유를 입력하십시오" in bad.content.decode() or "필수" in bad.content.decode()

    response = client.post(
        url, {"member": committee.members[0].pk, "reason": "해당 위원은 상대 업체의 자문위원입니다."}
    )
    assert response.status_code == 302
    recusal = Recusal.objects.get(item=item)
    assert (recusal.state, recusal.raised_by) == (RecusalState.PENDING, requester)


def test_a_stranger_gets_a_404(client, committee):
    meeting, (item,) = planned(committee)
    for user in (UserFactory(), make_staff("sysadmin"), make_staff("audit_officer")):
        login_verified(client, user)
        assert client.get(reverse("committee:item-detail", args=[item.pk])).status_code == 404
        assert client.post(reverse("committee:item-challenge", args=[item.pk]), {}).status_code == 404


def test_a_member_called_sees_the_item_but_does_not_challenge(client, committee):
    meeting, (item,) = planned(committee)
    login_verified(client, committee.members[0].user)
    page = client.get(reverse("committee:item-detail", args=[item.pk])).content.decode()
    assert reverse("committee:item-challenge", args=[item.pk]) not in page
    assert client.post(reverse("committee:item-challenge", args=[item.pk]), {}).status_code == 404


def test_the_decision_and_its_resolution_are_downloaded(client, committee, requester, fake_pdf):
    meeting, item = _decided(committee)
    login_verified(client, requester)

    page = client.get(reverse("committee:item-detail", args=[item.pk])).content.decode()
    assert item.decision_number in page
    assert "원안대로 승인한다." in page

    response = client.get(reverse("committee:resolution-pdf", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    item.refresh_from_db()
    assert item.resolution_document is not None
    assert AccessRecord.objects.filter(actor=requester, resource__contains=item.decision_number).exists()
    # Rendered once: a second download sends the stored document.
    client.get(reverse("committee:resolution-pdf", args=[item.pk]))
    item.refresh_from_db()
    assert item.resolution_document.purpose == "committee.resolution"


def test_the_resolution_document_opens_through_the_documents_app_for_those_entitled(
    client, committee, requester, fake_pdf
):
    meeting, item = _decided(committee)
    login_verified(client, committee.secretariat)
    client.get(reverse("committee:resolution-pdf", args=[item.pk]))
    item.refresh_from_db()
    document = item.resolution_document
    assert requester.has_perm("documents.view_document", document)
    assert committee.members[0].user.has_perm("documents.view_document", document)
    assert not UserFactory().has_perm("documents.view_document", document)


def test_nobody_downloads_an_undecided_resolution(client, committee, requester):
    meeting, (item,) = planned(committee)
    login_verified(client, committee.secretariat)
    assert client.get(reverse("committee:resolution-pdf", args=[item.pk])).status_code == 404


def test_strangers_do_not_download_the_resolution(client, committee, fake_pdf):
    meeting, item = _decided(committee)
    login_verified(client, UserFactory())
    assert client.get(reverse("committee:resolution-pdf", args=[item.pk])).status_code == 404


def test_the_minutes_document_of_a_closed_meeting(client, committee, requester, fake_pdf):
    meeting, item = _decided(committee)
    meetings.save_minutes(actor=committee.secretariat, meeting=meeting, minutes="원안 가결.")
    meetings.approve_minutes(actor=committee.chair.user, meeting=meeting)
    url = reverse("committee:minutes-pdf", args=[meeting.pk])
    login_verified(client, committee.members[0].user)
    assert client.get(url).status_code == 404  # not closed yet

    meetings.close_meeting(actor=committee.secretariat, meeting=meeting)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    meeting.refresh_from_db()
    assert meeting.minutes_document.purpose == "committee.minutes"
    assert url in client.get(reverse("committee:meeting-detail", args=[meeting.pk])).content.decode()

    login_verified(client, requester)
    assert client.get(url).status_code == 404

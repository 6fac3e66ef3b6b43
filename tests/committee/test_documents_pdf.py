"""The real documents, once: the resolution (의결서) rendered after the decision commits (ImmediateBackend) and the
minutes (회의록) after the meeting closes, by Chromium with the embedded PretendardGOV font, stored as private
documents, numbered and linked to their meeting. Slow (a browser start each): keep these few."""

import subprocess

import pytest
from django.urls import reverse

from proactive.committee.services import agenda, meetings
from proactive.committee.services.recusals import declare_avoidance
from tests.committee.support_meetings import opened, propose, vote_all
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


def _text(tmp_path, pdf: bytes, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "PretendardGOV" in fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def test_the_resolution_and_the_minutes_are_real_numbered_pdfs(
    client, committee, tmp_path, django_capture_on_commit_callbacks
):
    meeting, (item,) = opened(committee)
    declare_avoidance(actor=committee.members[3].user, item=item, member=committee.members[3], reason="자문 이력")
    item = propose(committee, item, resolution="해상풍력 인허가 선행 절차를 생략하여도 적극행정으로 본다.")
    vote_all(committee, item, ["for", "for", "for", "against", "abstain", None])

    with django_capture_on_commit_callbacks(execute=True):
        decided = agenda.decide_item(
            actor=committee.secretariat, item=item, outcome="approved", resolution=item.proposed_resolution
        )
    decided.refresh_from_db()
    assert decided.resolution_document is not None, "the task did not store the resolution"
    text = _text(tmp_path, decided.resolution_document.file.open("rb").read(), "resolution.pdf")
    assert "의결서" in text.replace(" ", "")
    assert decided.decision_number in text
    assert meeting.number in text
    assert "해상풍력인허가선행절차를생략하여도적극행정으로본다." in text
    assert "찬성3명" in text
    assert "반대1명" in text
    assert "기권1명" in text
    assert committee.members[3].user.display_name in text
    assert "회피" in text
    assert "승인" in text  # the outcome's label
    assert committee.chair.user.display_name in text

    meetings.save_minutes(
        actor=committee.secretariat, meeting=meeting, minutes="간사가 안건을 설명하고 위원 질의 후 표결함."
    )
    meetings.approve_minutes(actor=committee.chair.user, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.close_meeting(actor=committee.secretariat, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.minutes_document is not None, "the task did not store the minutes"
    minutes = _text(tmp_path, meeting.minutes_document.file.open("rb").read(), "minutes.pdf")
    assert "회의록" in minutes
    assert meeting.number in minutes
    assert "간사가안건을설명하고위원질의후표결함." in minutes
    assert decided.decision_number in minutes
    assert committee.chair.user.display_name in minutes
    assert "출석위원" in minutes

    login_verified(client, committee.members[0].user)
    response = client.get(reverse("committee:minutes-pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")

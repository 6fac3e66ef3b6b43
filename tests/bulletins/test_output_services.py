"""The outputs of publication: the e-mail to every subscriber (once, in their language, with a working unsubscribe
link), and the PDF (Korean text, embedded fonts, pages counted)."""

import re
import subprocess

import pytest
from django.core import mail
from django.test import Client

from proactive.bulletins.enums import JobState, SubscriberKind
from proactive.bulletins.models import Delivery, Subscription
from proactive.bulletins.services import output
from proactive.bulletins.services import subscriptions as subs
from tests.bulletins.support import arrange, published

pytestmark = pytest.mark.django_db


def citizen_subscriber(email: str, language: str = "ko") -> Subscription:
    from django.utils import timezone

    return Subscription.objects.create(
        kind=SubscriberKind.CITIZEN,
        email=email,
        language=language,
        consented_at=timezone.now(),
        confirmed_at=timezone.now(),
    )


def test_sending_reaches_every_confirmed_subscriber_once_in_their_language():
    people = arrange()
    subs.subscribe_staff(actor=people.official, language="ko")
    citizen_subscriber("reader@example.com", "en")
    Subscription.objects.create(kind=SubscriberKind.CITIZEN, email="pending@example.com")  # not confirmed
    edition = published(people)
    mail.outbox.clear()
    assert output.send_edition(edition_id=edition.pk) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["official@busan.go.kr", "reader@example.com"]
    korean, english = by_address["official@busan.go.kr"], by_address["reader@example.com"]
    assert korean.subject.startswith("적극행정 월보")
    assert "수신 거부" in korean.body
    assert english.subject.startswith("Proactive administration bulletin")
    assert "Unsubscribe" in english.body
    html = dict((ct, body) for body, ct in english.alternatives)["text/html"]
    assert "적극행정 교육 안내" in html
    assert "/bulletin/unsubscribe/" in html
    edition.refresh_from_db()
    assert (edition.mail_state, edition.mail_total, edition.mail_sent) == (JobState.DONE, 2, 2)
    # A retried task sends nobody the same edition again.
    mail.outbox.clear()
    assert output.send_edition(edition_id=edition.pk) == 0
    assert mail.outbox == []
    assert Delivery.objects.filter(edition=edition).count() == 2


def test_a_claim_written_by_an_earlier_run_is_never_sent_again():
    people = arrange()
    subscriber = citizen_subscriber("reader@example.com")
    edition = published(people)
    Delivery.objects.create(edition=edition, subscription=subscriber, claim="crashed-run")
    mail.outbox.clear()
    assert output.send_edition(edition_id=edition.pk) == 0
    assert mail.outbox == []


def test_the_unsubscribe_link_works_without_signing_in_and_deletes_the_address():
    people = arrange()
    citizen_subscriber("reader@example.com")
    edition = published(people)
    mail.outbox.clear()
    output.send_edition(edition_id=edition.pk)
    link = re.search(r"https?://[^/]+(/bulletin/unsubscribe/[^\s]+/)", mail.outbox[0].body).group(1)
    client = Client()
    assert client.get(link).status_code == 200
    assert Subscription.objects.filter(email="reader@example.com").exists()  # a GET changes nothing
    assert client.post(link).status_code == 200
    assert not Subscription.objects.filter(email="reader@example.com").exists()
    assert client.post(link).status_code == 200  # used twice: the same answer


def test_a_draft_is_never_sent():
    people = arrange()
    from tests.bulletins.support import approved

    edition = approved(people)
    assert output.send_edition(edition_id=edition.pk) == 0


@pytest.mark.e2e
def test_the_pdf_is_korean_with_embedded_fonts(tmp_path):
    people = arrange()
    edition = published(people)
    output.render_pdf(edition_id=edition.pk)
    edition.refresh_from_db()
    assert edition.pdf_state == JobState.DONE
    assert edition.pdf_pages >= 1
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(edition.pdf.file.open("rb").read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "적극행정 교육 안내" in text
    assert "숫자로 보는 이달의 적극행정" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "PretendardGOV" in fonts
    assert " no " not in fonts.split("\n", 2)[2].replace("yes yes", "")

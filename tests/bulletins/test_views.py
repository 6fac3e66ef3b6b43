"""The bulletin's pages: public archive and edition pages (constant queries), the secretariat's pages and each
denial, the progress partial's own check, subscribing by the forms."""

import pytest
from django.core import mail
from django.urls import reverse

from proactive.bulletins.enums import ItemKind
from proactive.bulletins.models import Edition, Subscription
from proactive.bulletins.services import editions as services
from proactive.publications.editorial import EditorialState
from tests.bulletins.support import arrange, assembled, in_review, published
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db
S = EditorialState


def test_archive_lists_published_editions_by_year_with_constant_queries(client, django_assert_max_num_queries):
    people = arrange()
    first = published(people)
    assembled(people, month=(2025, 1))  # a draft: not listed
    with django_assert_max_num_queries(12):
        response = client.get(reverse("bulletins:archive"))
    assert response.status_code == 200
    assert f"{first.year}년 {first.month}월호" in response.text
    assert "2025년 1월호" not in response.text
    for month in (2, 3, 4):
        edition = services.assemble_edition(actor=people.editor, year=2025, month=month)
        services.submit_edition(actor=people.editor, edition=edition)
        services.approve_edition(actor=people.approver, edition=edition)
        services.publish_edition(actor=people.editor, edition=edition)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("bulletins:archive"))
    assert "2025년 4월호" in response.text


def test_edition_page_is_public_and_its_queries_do_not_grow(client, django_assert_max_num_queries):
    people = arrange()
    edition = published(people)
    url = reverse("bulletins:edition", args=[edition.year, edition.month])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert "적극행정 교육 안내" in response.text


def test_edition_page_of_a_draft_is_not_found(client):
    people = arrange()
    edition = in_review(people)
    assert client.get(reverse("bulletins:edition", args=[edition.year, edition.month])).status_code == 404


def test_a_corrected_edition_links_both_ways(client):
    people = arrange()
    first = published(people)
    correction = services.correct_edition(actor=people.editor, edition=first, note="날짜를 바로잡았습니다.")
    services.submit_edition(actor=people.editor, edition=correction)
    services.approve_edition(actor=people.approver, edition=correction)
    services.publish_edition(actor=people.editor, edition=correction)
    latest = client.get(reverse("bulletins:edition", args=[first.year, first.month])).text
    assert "날짜를 바로잡았습니다." in latest
    assert "처음 발행한 제1판 보기" in latest
    old = client.get(reverse("bulletins:edition-version", args=[first.year, first.month, 1])).text
    assert "이 판은 정정되었습니다." in old
    assert "정정한 제2판 보기" in old


@pytest.mark.parametrize("who", ["official", "citizen", "sysadmin"])
def test_staff_pages_are_refused_to_others(client, who):
    people = arrange()
    edition = assembled(people)
    login_verified(client, getattr(people, who))
    assert client.get(reverse("bulletins:staff-list")).status_code == 403
    assert client.get(reverse("bulletins:staff-edition", args=[edition.pk])).status_code == 404
    assert client.get(reverse("bulletins:partial-progress", args=[edition.pk])).status_code == 404
    assert client.post(reverse("bulletins:transition", args=[edition.pk]), {"to": "review"}).status_code == 404
    assert client.post(reverse("bulletins:editorial", args=[edition.pk]), {"editorial": "x"}).status_code == 404
    assert client.get(reverse("bulletins:subscribers")).status_code == 403
    edition.refresh_from_db()
    assert edition.state == S.DRAFT
    assert edition.editorial == ""


def test_staff_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    people = arrange()
    login_verified(client, people.editor)
    assembled(people, month=(2025, 1))
    with django_assert_max_num_queries(25):
        assert client.get(reverse("bulletins:staff-list")).status_code == 200
    for month in (2, 3, 4):
        assembled(people, month=(2025, month))
    with django_assert_max_num_queries(25):
        response = client.get(reverse("bulletins:staff-list"))
    assert "2025-4" in response.text or "2025년 4월호" in response.text


def test_the_secretariat_assembles_edits_and_submits_through_the_pages(client):
    people = arrange()
    login_verified(client, people.editor)
    response = client.post(reverse("bulletins:staff-list"), {"year": 2025, "month": 5})
    edition = Edition.objects.get(year=2025, month=5)
    assert response.status_code == 302
    url = reverse("bulletins:staff-edition", args=[edition.pk])
    client.post(reverse("bulletins:news-add", args=[edition.pk]), {"title": "교육 안내", "body": "본문"})
    client.post(reverse("bulletins:editorial", args=[edition.pk]), {"editorial": "발간사 본문"})
    page = client.get(url).text
    assert "교육 안내" in page
    assert "발간사 본문" in page
    client.post(reverse("bulletins:transition", args=[edition.pk]), {"to": "review"})
    edition.refresh_from_db()
    assert edition.state == S.REVIEW
    # The author sees no approve button and a POST is refused.
    assert 'value="approved"' not in client.get(url).text
    assert client.post(reverse("bulletins:transition", args=[edition.pk]), {"to": "approved"}).status_code == 403


def test_a_news_item_without_a_title_keeps_what_was_typed(client):
    people = arrange()
    edition = assembled(people)
    login_verified(client, people.editor)
    response = client.post(reverse("bulletins:news-add", args=[edition.pk]), {"title": "", "body": "남길 본문"})
    assert response.status_code == 400
    assert "남길 본문" in response.text
    assert not edition.items.filter(kind=ItemKind.NEWS).exists()


def test_progress_partial_shows_counts_to_the_secretariat(client):
    people = arrange()
    edition = published(people)
    login_verified(client, people.editor)
    response = client.get(reverse("bulletins:partial-progress", args=[edition.pk]))
    assert response.status_code == 200
    assert "hx-get" in response.text


def test_a_citizen_subscribes_by_the_form_and_confirms_by_post(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bulletins:subscribe"), {"email": "reader@example.com", "language": "ko", "consent": "on"}
        )
    assert response.status_code == 200
    assert "확인 링크" in response.text
    link = next(line for line in mail.outbox[0].body.splitlines() if "/confirm/" in line)
    path = link[link.index("/bulletin/") :]
    assert client.get(path).status_code == 200
    assert Subscription.objects.get().confirmed_at is None  # a GET changes nothing
    client.post(path)
    assert Subscription.objects.get().confirmed_at is not None


def test_subscribing_without_consent_keeps_the_address_and_says_why(client):
    response = client.post(reverse("bulletins:subscribe"), {"email": "reader@example.com", "language": "ko"})
    assert response.status_code == 400
    assert "reader@example.com" in response.text
    assert "동의해 주세요" in response.text
    assert not Subscription.objects.exists()


def test_staff_subscribe_from_the_page_and_the_secretariat_sees_only_counts(client):
    people = arrange()
    login_verified(client, people.official)
    client.post(reverse("bulletins:my-subscription"), {"language": "ko", "action": "subscribe"})
    assert Subscription.objects.filter(user=people.official).exists()
    login_verified(client, people.editor)
    response = client.get(reverse("bulletins:subscribers"))
    assert response.status_code == 200
    assert "official@busan.go.kr" not in response.text


def test_a_citizen_account_cannot_use_the_staff_subscription_page(client):
    people = arrange()
    login_verified(client, people.citizen)
    assert client.get(reverse("bulletins:my-subscription")).status_code == 403


def test_a_draft_image_is_not_public(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories.documents import image_bytes

    people = arrange()
    edition = assembled(people)
    item = services.add_news_item(
        actor=people.editor,
        edition=edition,
        data={"title": "사진", "body": "본문", "image_alt": "현장 사진"},
        image=SimpleUploadedFile("a.png", image_bytes("PNG"), content_type="image/png"),
    )
    assert client.get(reverse("bulletins:image", args=[item.pk])).status_code == 404
    login_verified(client, people.editor)
    assert client.get(reverse("bulletins:image", args=[item.pk])).status_code == 200

"""The pages: each permission denies who it should; the lists' query counts stay flat; public pages show only
published editions with their Open Graph tags."""

import pytest
from django.urls import reverse

from proactive.publications.editorial import EditorialState as S
from proactive.publications.models import CardSet, Casebook, Mask
from proactive.publications.services import casebooks as services
from proactive.publications.services.cards import create_cardset
from tests.conftest import login_verified
from tests.publications.factories import people, public_round, published_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def arranged():
    p = people()
    rnd = public_round()
    awards = [published_case(rnd, title=f"사례 {i}", rank=i) for i in range(1, 3)]
    casebook = services.create_casebook(actor=p.editor, title="2030 사례집", selection="round", round_id=rnd.pk)
    return p, awards, casebook


def test_the_staff_pages_are_refused_to_an_official_and_a_sysadmin(client, arranged):
    p, awards, casebook = arranged
    card_set = create_cardset(actor=p.editor, award_id=awards[0].pk)
    for user in (p.official, p.sysadmin):
        login_verified(client, user)
        assert client.get(reverse("publications:index")).status_code == 403
        assert client.get(reverse("publications:casebook-create")).status_code == 403
        assert client.get(reverse("publications:cardset-create")).status_code == 403
        assert client.get(reverse("publications:casebook", args=[casebook.pk])).status_code == 404
        assert client.get(reverse("publications:casebook-progress", args=[casebook.pk])).status_code == 404
        assert client.get(reverse("publications:cardset", args=[card_set.pk])).status_code == 404
        assert client.get(reverse("publications:cardset-progress", args=[card_set.pk])).status_code == 404
        assert client.get(reverse("publications:casebook-pdf", args=[casebook.pk])).status_code == 404
        assert client.get(reverse("publications:cardset-zip", args=[card_set.pk])).status_code == 404
        assert client.get(reverse("publications:public-casebook", args=[casebook.pk])).status_code == 404
        entry = casebook.entries.first()
        mask = Mask.objects.filter(entry__casebook=casebook).first()
        for name, args in (
            ("publications:casebook-edit", [casebook.pk]),
            ("publications:casebook-add", [casebook.pk]),
            ("publications:entry-move", [casebook.pk, entry.pk]),
            ("publications:entry-remove", [casebook.pk, entry.pk]),
            ("publications:entry-photos", [casebook.pk, entry.pk]),
            ("publications:mask-decide", [casebook.pk, mask.pk]),
            ("publications:casebook-generate", [casebook.pk]),
            ("publications:casebook-transition", [casebook.pk]),
            ("publications:casebook-correct", [casebook.pk]),
            ("publications:cardset-edit", [card_set.pk]),
            ("publications:cardset-generate", [card_set.pk]),
            ("publications:cardset-transition", [card_set.pk]),
            ("publications:cardset-correct", [card_set.pk]),
        ):
            assert client.post(reverse(name, args=args), {"to": "review", "decision": "confirm"}).status_code == 404, (
                name
            )


def test_the_lead_sees_but_does_not_edit(client, arranged):
    p, awards, casebook = arranged
    login_verified(client, p.lead)
    assert client.get(reverse("publications:casebook", args=[casebook.pk])).status_code == 200
    entry = casebook.entries.first()
    assert (
        client.post(reverse("publications:entry-move", args=[casebook.pk, entry.pk]), {"direction": "down"}).status_code
        == 403
    )
    assert client.post(reverse("publications:casebook-generate", args=[casebook.pk])).status_code == 403
    response = client.post(reverse("publications:casebook-transition", args=[casebook.pk]), {"to": "review"})
    assert response.status_code == 403


def test_the_editor_reorders_and_decides_a_mask_and_a_refusal_keeps_the_page(client, arranged):
    p, awards, casebook = arranged
    login_verified(client, p.editor)
    first = casebook.entries.order_by("position").first()
    response = client.post(reverse("publications:entry-move", args=[casebook.pk, first.pk]), {"direction": "down"})
    assert response.status_code == 302
    assert casebook.entries.order_by("position").last().pk == first.pk
    response = client.post(
        reverse("publications:entry-move", args=[casebook.pk, first.pk]), {"direction": "to", "position": "1"}
    )
    assert casebook.entries.order_by("position").first().pk == first.pk
    mask = Mask.objects.filter(entry__casebook=casebook).first()
    client.post(reverse("publications:mask-decide", args=[casebook.pk, mask.pk]), {"decision": "confirm"})
    mask.refresh_from_db()
    assert mask.decision == "confirmed"
    response = client.post(reverse("publications:casebook-transition", args=[casebook.pk]), {"to": "review"})
    assert response.status_code == 400
    assert "가림 처리" in response.content.decode() or "mask" in response.content.decode()
    response = client.post(reverse("publications:casebook-transition", args=[casebook.pk]), {"to": "published"})
    assert response.status_code == 409


def test_the_progress_partial_polls_while_the_job_runs(client, arranged):
    p, awards, casebook = arranged
    Casebook.objects.filter(pk=casebook.pk).update(job_state="running", progress=40)
    login_verified(client, p.editor)
    body = client.get(reverse("publications:casebook-progress", args=[casebook.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in body
    assert 'value="40"' in body
    Casebook.objects.filter(pk=casebook.pk).update(job_state="done", progress=100)
    body = client.get(reverse("publications:casebook-progress", args=[casebook.pk])).content.decode()
    assert "hx-trigger" not in body


def _publish_without_rendering(casebook, **fields):
    Casebook.objects.filter(pk=casebook.pk).update(state=S.PUBLISHED, html_edition="<p>본문</p>", **fields)


def test_staff_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    p = people()
    award = published_case()
    login_verified(client, p.editor)
    for i in range(2):
        services.create_casebook(
            actor=p.editor, title=f"사례집 {i}", selection="theme", theme="t", award_ids=[award.pk]
        )
        create_cardset(actor=p.editor, award_id=award.pk)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("publications:index")).status_code == 200
    for i in range(6):
        services.create_casebook(actor=p.editor, title=f"더 {i}", selection="theme", theme="t", award_ids=[award.pk])
        create_cardset(actor=p.editor, award_id=award.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("publications:index")).status_code == 200


def test_public_list_query_count_does_not_grow_and_shows_only_published(client, django_assert_max_num_queries):
    p = people()
    award = published_case()
    draft = services.create_casebook(
        actor=p.editor, title="초안 사례집", selection="theme", theme="t", award_ids=[award.pk]
    )
    for i in range(2):
        c = services.create_casebook(
            actor=p.editor, title=f"발행 {i}", selection="theme", theme="t", award_ids=[award.pk]
        )
        _publish_without_rendering(c)
        cs = create_cardset(actor=p.editor, award_id=award.pk)
        CardSet.objects.filter(pk=cs.pk).update(state=S.PUBLISHED)
    with django_assert_max_num_queries(20) as few:
        body = client.get(reverse("publications:public-list")).content.decode()
    assert "발행 0" in body
    assert draft.title not in body
    for i in range(5):
        c = services.create_casebook(
            actor=p.editor, title=f"또 {i}", selection="theme", theme="t", award_ids=[award.pk]
        )
        _publish_without_rendering(c)
        cs = create_cardset(actor=p.editor, award_id=award.pk)
        CardSet.objects.filter(pk=cs.pk).update(state=S.PUBLISHED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("publications:public-list")).status_code == 200


def test_a_published_casebook_page_has_open_graph_tags(client, arranged):
    p, awards, casebook = arranged
    _publish_without_rendering(casebook, subtitle="시민의 일상을 바꾼 공무원들")
    body = client.get(reverse("publications:public-casebook", args=[casebook.pk])).content.decode()
    assert '<meta property="og:title" content="2030 사례집">' in body
    assert f'content="http://testserver/publications/casebooks/{casebook.pk}/og.png"' in body
    assert '<meta property="og:description" content="시민의 일상을 바꾼 공무원들">' in body


def test_og_image_of_a_case_is_a_1200_by_630_png(client, arranged, monkeypatch):
    from proactive.publications.views import public

    p, awards, casebook = arranged
    calls = []
    monkeypatch.setattr(public, "og_image", lambda **kw: calls.append(kw) or b"\x89PNG fake")
    response = client.get(reverse("publications:og-case", args=[awards[0].nomination_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert calls[0]["title"] == "사례 1"
    unpublished = published_case(title="미공개")
    unpublished.confirmed_at = None
    unpublished.save()
    assert client.get(reverse("publications:og-case", args=[unpublished.nomination_id])).status_code == 404

"""A casebook from the selected cases to the public page, in Korean, in the browser: the secretariat creates it for
a round, confirms the proposed masks (a name the official did not consent to publish, a phone number, an e-mail,
an address), moves a case, generates the PDF and HTML edition (the background task; the immediate backend here)
and submits it; the author cannot approve, another secretariat member does; the author publishes. A visitor reads
the HTML edition and downloads the PDF, which is rendered to PNG (pdftoppm) and checked for its page count and
text (pdftotext). The same editor then makes card news for a case and its six PNGs are 1080×1080.
"""

import struct
import subprocess
import urllib.request

import pytest

from proactive.publications.editorial import EditorialState
from proactive.publications.models import CardSet, Casebook
from tests.browser import press, says, tick, visit
from tests.e2e.test_roles_walk import sign_in_official
from tests.publications.factories import people, public_round, published_case

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
S = EditorialState


def new_page(make_page, **kwargs):
    page = make_page(**kwargs)
    page.page.set_default_timeout(120_000)
    return page


def test_a_casebook_is_made_masked_approved_and_published_in_korean(make_page, live_server, tmp_path):
    p = people()
    rnd = public_round()
    published_case(rnd, title="항만 배후 도로 정체 해소", rank=1)
    published_case(rnd, title="어르신 무료 버스 환승 확대", rank=2)

    # 1. The secretariat creates the casebook for the round.
    editor = new_page(make_page)
    sign_in_official(editor, p.editor, staff=True)
    visit(editor, "/publications/edit/casebooks/new/")
    editor.page.locator("input[name=title]").fill("2030 적극행정 우수사례집")
    editor.page.locator("textarea[name=foreword]").fill("시민의 일상을 바꾼 공무원들의 이야기를 담았습니다.")
    tick(editor.page.locator("input[name=selection][value=round]"))
    editor.page.locator("select[name=round]").select_option(str(rnd.pk))
    press(editor, "사례집 만들기")
    says(editor, "사례집을 만들었습니다", "항만 배후 도로 정체 해소", "결정을 기다리는 가림 처리 제안이", "김비공")
    casebook = Casebook.objects.get()

    # 2. Review is refused while masks wait; the editor confirms each mask and moves a case.
    press(editor, "검토 요청", check=False)
    says(editor, "검토 요청 전에 제안된 가림 처리를 모두 확정하거나 거절하세요")
    while editor.page.get_by_role("button", name="가리기", exact=False).count():
        press(editor, editor.page.get_by_role("button", name="가리기", exact=False).first.inner_text(), exact=True)
    says(editor, "가림 처리를 결정했습니다")
    press(editor, "아래로 항만 배후 도로 정체 해소")
    says(editor, "순서를 바꿨습니다")
    assert casebook.entries.order_by("position").first().award.nomination.title == "어르신 무료 버스 환승 확대"

    # 3. Generation (the task; the progress partial shows it done), then review.
    press(editor, "PDF와 HTML판 생성")
    says(editor, "생성을 시작했습니다", "생성 완료")
    press(editor, "검토 요청")
    says(editor, "사례집 검토를 요청했습니다", "작성자가 아닌 다른 담당자(또는 주관부서장)가 승인합니다")
    assert editor.page.get_by_role("button", name="승인", exact=True).count() == 0

    # 4. Another secretariat member approves; the author publishes.
    approver = new_page(make_page)
    sign_in_official(approver, p.colleague, staff=True)
    visit(approver, f"/publications/edit/casebooks/{casebook.pk}/")
    press(approver, "승인")
    says(approver, "사례집을 승인했습니다")
    visit(editor, f"/publications/edit/casebooks/{casebook.pk}/")
    press(editor, "발행")
    says(editor, "사례집을 발행했습니다", "정정판 만들기")
    casebook.refresh_from_db()
    assert casebook.state == S.PUBLISHED

    # 5. A visitor reads it and downloads the PDF; the PDF's pages and text are checked.
    visitor = new_page(make_page)
    visit(visitor, "/publications/")
    says(visitor, "2030 적극행정 우수사례집", "HTML판 읽기")
    visit(visitor, f"/publications/casebooks/{casebook.pk}/")
    says(visitor, "차례", "어르신 무료 버스 환승 확대", "부서별 찾아보기")
    body = visitor.page.locator("main").inner_text()
    assert "김비공" not in body
    assert "010-1234-5678" not in body
    assert (
        visitor.page.locator("meta[property='og:image']")
        .get_attribute("content")
        .endswith(f"/publications/casebooks/{casebook.pk}/og.png")
    )
    pdf = tmp_path / "casebook.pdf"
    with urllib.request.urlopen(f"{live_server.url}/publications/casebooks/{casebook.pk}/casebook.pdf") as response:
        pdf.write_bytes(response.read())
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == casebook.pdf_pages >= 6  # cover, foreword, contents, two cases, index
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2030 적극행정 우수사례집" in text
    assert "항만 배후 도로 정체 해소" in text
    assert "부서별 찾아보기" in text
    assert "김비공" not in text
    assert "○○○" in text

    # 6. Card news for a case: texts prefilled, alt text written, six 1080×1080 PNGs.
    visit(editor, "/publications/edit/card-news/new/")
    award_value = editor.page.locator("select[name=award] option").nth(0).get_attribute("value")
    editor.page.locator("select[name=award]").select_option(award_value)
    press(editor, "카드뉴스 만들기")
    says(editor, "사례 기록으로 카드뉴스를 만들었습니다", "대체 텍스트가 아직 없는 카드")
    for field in editor.page.locator("textarea[name^=alt_]").all():
        field.fill("항만 배후 도로 정체를 푼 적극행정 사례를 소개하는 카드")
    press(editor, "저장")
    press(editor, "카드 생성")
    says(editor, "생성 완료")
    card_set = CardSet.objects.get()
    for position in range(1, 7):
        url = f"{live_server.url}/publications/card-news/{card_set.pk}/cards/{position}.png"
        request = urllib.request.Request(url, headers={"Cookie": _cookie(editor)})
        with urllib.request.urlopen(request) as response:
            head = response.read(24)
        assert struct.unpack(">II", head[16:24]) == (1080, 1080)


def _cookie(page) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in page.page.context.cookies())

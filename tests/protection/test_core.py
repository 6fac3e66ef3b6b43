"""Pure rules of the protection app: the majority and tie rules, the same-matter matching of earlier answers, the
dispositions a mitigation may lead to, the guide's text formatting."""

import datetime

import pytest

from proactive.core.register import RegisterEntry
from proactive.protection.enums import Disposition, Outcome, TieRule, lighter_than
from proactive.protection.services.board import Tally, resolve
from proactive.protection.services.links import shared_words, words
from proactive.protection.templatetags.protection_guide import guide_text

E, M, D = Outcome.EXEMPTED, Outcome.MITIGATED, Outcome.DENIED


@pytest.mark.parametrize(
    ("counts", "rule", "expected"),
    [
        ({E: 3}, TieRule.DISCIPLINARY, (E, "majority")),
        ({E: 2, D: 1}, TieRule.DENIED, (E, "majority")),
        ({M: 3, E: 1, D: 1}, TieRule.CHAIR, (M, "majority")),
        # 2 exempted, 1 mitigated, 2 denied: denied (2) is not a majority of 5; + mitigated = 3 → mitigated.
        ({E: 2, M: 1, D: 2}, TieRule.DISCIPLINARY, (M, "disciplinary")),
        # 2–2: denied (2) is not a majority of 4, + mitigated (0) = 2, + exempted = 4 → exempted.
        ({E: 2, D: 2}, TieRule.DISCIPLINARY, (E, "disciplinary")),
        ({E: 2, D: 2}, TieRule.DENIED, (D, "denied")),
        ({E: 1, M: 1, D: 1}, TieRule.DISCIPLINARY, (M, "disciplinary")),
    ],
)
def test_resolve_applies_the_majority_then_the_tie_rule(counts, rule, expected):
    assert resolve(counts, tie_rule=rule) == expected


def test_the_chair_rule_takes_the_chairs_vote_and_needs_it():
    assert resolve({E: 2, D: 2}, tie_rule=TieRule.CHAIR, chair_vote=D) == (D, "chair")
    assert resolve({E: 2, D: 2}, tie_rule=TieRule.CHAIR, chair_vote=None) == (None, "chair")


def test_no_votes_decide_nothing():
    assert resolve({}, tie_rule=TieRule.DISCIPLINARY) == (None, "")


def test_a_tally_needs_more_than_half_of_the_invited_present_and_every_vote():
    assert Tally(present=2, invited=3, counts={E: 2}).complete
    assert not Tally(present=2, invited=4, counts={E: 2}).quorum
    assert not Tally(present=3, invited=3, counts={E: 2}, missing=["x"]).complete


def test_a_mitigation_leads_to_a_lighter_disposition_never_to_none():
    assert lighter_than(Disposition.HEAVY_DISCIPLINE) == [
        Disposition.LIGHT_DISCIPLINE,
        Disposition.WARNING,
        Disposition.CAUTION,
    ]
    assert lighter_than(Disposition.WARNING) == [Disposition.CAUTION]
    assert lighter_than(Disposition.CAUTION) == []
    assert lighter_than("nonsense") == []


def test_words_drop_particles_and_stopwords():
    assert words("도로점용허가를 감면한 사안에 대한 의견제시 요청") >= {"도로점용허가", "감면한", "사안"}
    assert "의견제시" not in words("의견제시 요청")
    assert "관련" not in words("관련 사항")


def test_shared_words_match_a_word_with_its_endings():
    finding = "태풍 피해 상가의 도로점용허가 수수료를 감면함"
    assert shared_words("태풍 피해 상가 도로점용료 감면 가능 여부", finding) >= {"태풍", "피해", "상가"}
    assert shared_words("청년 창업 공간 임대료 지원", finding) == set()


def test_an_entry_and_its_key_fields():
    entry = RegisterEntry(
        kind="opinion",
        kind_label="의견제시",
        pk=7,
        number="의견-2026-0007",
        title="t",
        summary="s",
        answered_on=datetime.date(2026, 3, 1),
        url="/opinions/7/",
        public=False,
    )
    from proactive.protection.services.links import entry_key

    assert entry_key(entry) == "opinion:7"


def test_guide_text_formats_paragraphs_headings_and_bullets_and_escapes_everything():
    html = guide_text("## 신청 기한\n감사 종료 후 20일 이내\n둘째 줄\n\n- 첫째\n- 둘째\n\n<script>alert(1)</script>")
    assert "<h3>신청 기한</h3>" in html
    assert "<p>감사 종료 후 20일 이내<br>둘째 줄</p>" in html
    assert '<ul class="protection-guide-list"><li>첫째</li><li>둘째</li></ul>' in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_guide_text_mixes_bullets_and_text_in_one_block():
    html = guide_text("준비물\n- 경위서\n- 증빙자료\n끝")
    assert html == ('<p>준비물</p><ul class="protection-guide-list"><li>경위서</li><li>증빙자료</li></ul><p>끝</p>')

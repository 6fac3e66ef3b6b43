"""Kiwi keeps the content morphemes: particles and endings go, stems stay (decision 0021)."""

import threading

from proactive.search.analysis import analyse, analyse_many, kiwi, query_terms


def test_particles_and_endings_are_dropped():
    assert analyse("규제를 개선하여 기업 부담을 해소했습니다") == "규제 개선 기업 부담 해소"


def test_the_query_and_the_inflected_text_share_their_terms():
    assert set(query_terms("규제 개선")) <= set(analyse("불합리한 규제를 개선하여").split())


def test_foreign_words_numbers_and_hanja_are_kept_lowercased():
    assert analyse("AI 챗봇 2024년 處理").split() == ["ai", "챗봇", "2024", "년", "處理"]


def test_only_particles_give_no_terms():
    assert query_terms("을 는 에서") == []
    assert query_terms("   ") == []


def test_repeated_query_words_count_once():
    assert query_terms("규제 규제를 개선") == ["규제", "개선"]


def test_a_batch_is_analysed_like_single_texts():
    texts = ["규제를 개선하여", "", "민원 처리 기간을 단축했다"]
    assert analyse_many(texts) == [analyse(t) for t in texts]


def test_one_analyser_per_process_shared_by_threads():
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(analyse("규제를 개선하여"))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["규제 개선"] * 4
    assert kiwi() is kiwi()

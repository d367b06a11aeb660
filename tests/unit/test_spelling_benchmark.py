"""The spelling benchmark (benchmarks/spelling_quality.py): its corpus and a run with a fake dictionary,
and with the real one where installed (``make spelling``)."""

from __future__ import annotations

import pytest
from benchmarks import spelling_quality
from benchmarks.spelling_quality import good_memos, measure, seeded_typos


def test_the_corpus_has_a_hundred_good_memos_in_both_languages_and_fifty_typos() -> None:
    good = good_memos()
    assert sum(len(m) for m in good.values()) >= 100
    assert min(len(m) for m in good.values()) >= 50
    typos = seeded_typos()
    assert len(typos) >= 50
    assert {t.language for t in typos} == {"ko", "en"}
    for typo in typos:  # each typo memo really carries its typo in a customer-facing field
        assert typo.typo in " ".join(typo.memo.customer_fields().values())


def test_a_run_with_a_dictionary_that_knows_every_word_finds_only_stray_jamo() -> None:
    result = measure(lambda word, language: True)
    assert result["good_clean"] == 1.0
    assert result["typos_found_by_kind"]["jamo"] == 1.0  # a stray jamo is never a word
    assert result["typos_found_by_kind"]["slip"] == 0.0


def test_the_real_dictionaries_meet_the_goal() -> None:
    result = spelling_quality.run()
    if "skipped" in result:
        pytest.skip(result["skipped"])
    assert result["good_clean"] >= 0.95
    assert result["typos_found_without_real_words"] >= 0.9

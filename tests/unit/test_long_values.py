"""A memo value far longer than any text (found by the handler fuzz): shortening it stays cheap.

The shortened forms of a value were every prefix of its first word and every run of its words: for a
40,000-character word that was 800 MB and seconds of work in the plan step (a Lambda of 256 MB dies
of it, and ingest plans the first follow-up: the contact record was retried until it expired).
"""

from __future__ import annotations

import time

from aftercall.domain.composer import ComposeContext
from aftercall.domain.memo import Strategy
from aftercall.domain.shortening import LONGEST_KEPT, shorter_forms
from aftercall.usecases.texts import compose_for
from tests.samples import sample_memo


class _NoOverrides:
    def get(self, template_id: str) -> None:
        return None


def test_the_forms_of_a_very_long_value_are_bounded_by_what_a_text_can_carry() -> None:
    for value in ("x" * 400_000, "가" * 140_000, "word " * 80_000):
        forms = shorter_forms(value)
        assert forms
        assert all(len(form) <= LONGEST_KEPT + 1 for form in forms)
        assert sum(len(form) for form in forms) < 2 * LONGEST_KEPT**2


def test_a_memo_with_a_40000_character_word_is_composed_at_once() -> None:
    memo = sample_memo(desired_outcome="x" * 40_000, progress="x" * 40_000)
    ctx = ComposeContext("Aftercall", "1588-0000", None, "Asia/Seoul")
    started = time.monotonic()
    sms = compose_for(memo, Strategy.CONFIRM, "ko-KR", ctx, "followup", _NoOverrides(), ())
    assert time.monotonic() - started < 1.0  # was about 3 s (and 0.8 GB per such field)
    assert sms.text
    assert sms.shortened
    assert "x" * 20 + "…" in sms.text  # the value is shortened, not dropped

"""The spelling check, built once per process where it runs (the CLI; a function with ``SPELL_CHECK``)."""

from __future__ import annotations

from aftercall import container
from aftercall.adapters.speller import EnchantSpeller, load_speller
from aftercall.domain.memo import Memo
from aftercall.domain.memo_lint import Finding
from aftercall.domain.spelling import spelling_findings
from aftercall.usecases.gating import SpellingCheck


@container.once
def speller() -> EnchantSpeller:
    return load_speller()


def spelling_check() -> SpellingCheck:
    known = speller()

    def check(memo: Memo) -> list[Finding]:
        return spelling_findings(memo, known)

    return check

"""The spelling check, built once per process where it runs: the CLI (Enchant) and a function with
``SPELL_CHECK`` (Hunspell's C library and the dictionaries of its spelling layer)."""

from __future__ import annotations

from aftercall import container
from aftercall.adapters.speller import HunspellSpeller, load_speller
from aftercall.composition import common
from aftercall.domain.memo import Memo
from aftercall.domain.memo_findings import Finding
from aftercall.domain.spelling import spelling_findings
from aftercall.settings.gate import GateSettings
from aftercall.usecases.gating import SpellingCheck


@container.once
def speller() -> HunspellSpeller:
    directory = common.settings(GateSettings).spell_dictionaries
    if not directory:
        return load_speller()
    from aftercall.adapters.hunspell_library import load_library_speller  # the function's layer

    return load_library_speller(directory)


def spelling_check() -> SpellingCheck:
    known = speller()

    def check(memo: Memo) -> list[Finding]:
        return spelling_findings(memo, known)

    return check

"""Spelling quality on a corpus we wrote (tests/corpus_spelling/): typos found, good memos left alone.

The corpus: well-written memos in Korean and English (``good_*.txt``, one memo a line: purpose |
status | desired outcome | progress) and seeded typos (``typos.txt``: each replaces one word of the
first good memo of its language that has it). Measured with the real dictionaries (Hunspell's ko_KR
and en_US through Enchant, ``make spelling``):

- ``typos_found``: the share of typo memos whose typo is flagged (also without the real-word errors,
  which no dictionary can see);
- ``good_clean``: the share of good memos with no spelling finding at all (the goal is ≥ 0.95);
- the words flagged in good memos (our own corpus: safe to print), and the time per memo.

``python -m benchmarks.spelling_quality`` updates only the ``spelling`` key of
benchmarks/results/latest.json; ``make bench`` runs it with the rest.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aftercall.domain.memo import Memo
from aftercall.domain.spelling import Known, spelling_issues
from aftercall.errors import ConfigurationError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus_spelling"
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
HUNSPELL_FILES = "/usr/share/hunspell"  # Debian's files, the same the spelling layer pins
FIELDS = ("purpose", "status", "desired_outcome", "progress")


@dataclass(frozen=True)
class Typo:
    language: str
    word: str
    typo: str
    kind: str
    memo: Memo


def _lines(name: str) -> list[str]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _memo(line: str) -> Memo:
    parts: dict[str, Any] = dict(zip(FIELDS, (p.strip() for p in line.split("|")), strict=False))
    return Memo(**parts)


def good_memos() -> dict[str, list[Memo]]:
    return {language: [_memo(line) for line in _lines(f"good_{language}.txt")] for language in ("ko", "en")}


def seeded_typos() -> list[Typo]:
    good = {language: _lines(f"good_{language}.txt") for language in ("ko", "en")}
    out = []
    for line in _lines("typos.txt"):
        language, word, typo, kind = (p.strip() for p in line.split("|"))
        source = next((g for g in good[language] if word in g), None)
        if source is None:
            raise ValueError(f"no good {language} memo has {word!r} to seed {typo!r} into")
        out.append(Typo(language, word, typo, kind, _memo(source.replace(word, typo, 1))))
    return out


Vocabulary = dict[str, frozenset[str]]


def _share(hits: list[bool]) -> float:
    return round(sum(hits) / len(hits), 3) if hits else 0.0


def measure(known: Known) -> dict[str, Any]:
    good = good_memos()
    typos = seeded_typos()
    started = time.perf_counter()
    clean: dict[str, list[bool]] = defaultdict(list)
    flagged: dict[str, set[str]] = defaultdict(set)
    for language, memos in good.items():
        for memo in memos:
            words = [i.word for i in spelling_issues(memo, known)]
            clean[language].append(not words)
            flagged[language].update(words)
    hits: list[bool] = []
    for typo in typos:
        words = [i.word for i in spelling_issues(typo.memo, known)]
        hits.append(any(typo.typo in w or w in typo.typo for w in words))
    seconds = time.perf_counter() - started
    without_vocabulary = [not spelling_issues(m, known, {}) for ms in good.values() for m in ms]

    def found(keep: Callable[[Typo], bool] = lambda t: True, **equal: str) -> float:
        return _share(
            [
                hit
                for typo, hit in zip(typos, hits, strict=True)
                if keep(typo) and all(getattr(typo, k) == v for k, v in equal.items())
            ]
        )

    return {
        "good_memos": {language: len(m) for language, m in good.items()},
        "typo_memos": {language: sum(t.language == language for t in typos) for language in good},
        "good_clean": _share([c for cs in clean.values() for c in cs]),
        "good_clean_by_language": {language: _share(c) for language, c in clean.items()},
        "good_clean_without_vocabulary": _share(without_vocabulary),
        "typos_found": found(),
        "typos_found_without_real_words": found(lambda t: t.kind != "real"),
        "typos_found_by_language": {language: found(language=language) for language in good},
        "typos_found_by_kind": {kind: found(kind=kind) for kind in sorted({t.kind for t in typos})},
        "flagged_in_good_memos": {language: sorted(words) for language, words in flagged.items()},
        "missed_typos": [
            f"{t.language}: {t.typo} ({t.kind})" for t, hit in zip(typos, hits, strict=True) if not hit
        ],
        "ms_per_memo": round(seconds * 1000 / (len(typos) + sum(len(m) for m in good.values())), 3),
    }


def run() -> dict[str, Any]:
    from aftercall.adapters.speller import load_speller

    began = time.perf_counter()
    try:
        speller = load_speller()
    except ConfigurationError as exc:
        return {"skipped": str(exc)}
    loaded = time.perf_counter() - began
    result = measure(speller)
    result["dictionary_load_seconds"] = round(loaded, 3)
    result["engine"] = "Enchant + Hunspell (Debian hunspell-ko 0.7.92, hunspell-en-us)"
    result["check_memo_lambda"] = lambda_speller(speller)
    return result


def lambda_speller(enchant: Known) -> dict[str, Any]:
    """The check_memo Lambda's speller (Hunspell's C library, the same dictionaries): its load time, its
    agreement with the CLI's, and the Lambda's init and warm time with the spelling check on."""
    import os

    from aftercall import container
    from aftercall.adapters.hunspell_library import load_library_speller
    from aftercall.composition.check_memo import memo_speller
    from benchmarks.flow_lambdas import check_memo_warm

    began = time.perf_counter()
    try:
        library = load_library_speller(HUNSPELL_FILES)
    except ConfigurationError as exc:
        return {"skipped": str(exc)}
    loaded = time.perf_counter() - began
    memos = [m for ms in good_memos().values() for m in ms] + [t.memo for t in seeded_typos()]
    same = all(spelling_issues(m, library) == spelling_issues(m, enchant) for m in memos)
    saved = {name: os.environ.get(name) for name in ("SPELL_CHECK", "SPELL_DICTIONARIES")}
    os.environ.update(SPELL_CHECK="true", SPELL_DICTIONARIES=HUNSPELL_FILES)
    try:
        container.reset()
        began = time.perf_counter()
        memo_speller()  # what the function's init adds: the dictionaries (before SnapStart, if any)
        init = time.perf_counter() - began
        warm = check_memo_warm([_attributes(m) for m in memos])
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)
        container.reset()
    return {
        "engine": "Hunspell 1.7 C library through ctypes (the check_memo Lambda's spelling layer)",
        "dictionary_load_seconds": round(loaded, 3),
        "same_findings_as_enchant": same,
        "memos_compared": len(memos),
        "init_with_dictionaries_ms": round(init * 1000, 1),
        "check_memo_warm": warm,
    }


def _attributes(memo: Memo) -> dict[str, str]:
    """The memo as the form sends it (contact attributes)."""
    return {f"aftercall_{name}": getattr(memo, name) for name in FIELDS if getattr(memo, name)}


def main() -> int:
    result = run()
    existing = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    existing["spelling"] = result
    RESULTS.write_text(json.dumps(existing, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

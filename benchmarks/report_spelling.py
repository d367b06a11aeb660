"""The report's spelling section: the spelling check's quality, and the check_memo Lambda's speller."""

from __future__ import annotations

from typing import Any


def spelling_section(s: dict[str, Any]) -> list[str]:
    if "skipped" in s:
        return [f"Not measured: {s['skipped']}."]
    out = [
        f"On our corpus (`tests/corpus_spelling/`: {sum(s['good_memos'].values())} well-written memos, "
        f"{sum(s['typo_memos'].values())} with one seeded typo each), with {s['engine']}: "
        f"**{s['good_clean']:.3f}** of the good memos get no spelling finding (goal ≥ 0.95); "
        f"**{s['typos_found']:.3f}** of the typos are found ({s['typos_found_without_real_words']:.3f} "
        f"without the real-word typos no dictionary can see); {s['ms_per_memo']} ms a memo; the "
        f"dictionaries load in {s['dictionary_load_seconds']} s.",
    ]
    lam = s.get("check_memo_lambda", {})
    if "skipped" in lam or not lam:
        out += ["", f"The check_memo Lambda's speller was not measured: {lam.get('skipped', 'no result')}."]
        return out
    warm = lam["check_memo_warm"]
    same = "the same findings as" if lam["same_findings_as_enchant"] else "**different findings from**"
    out += [
        "",
        f"The memo form's `check_memo` Lambda checks spelling with {lam['engine']}: {same} the CLI's "
        f"Enchant on all {lam['memos_compared']} memos. Its dictionaries load in "
        f"{lam['dictionary_load_seconds']} s, which the function's init pays once "
        f"({lam['init_with_dictionaries_ms']} ms here; not part of the cold-path ratio above, which counts "
        f"imports, settings and clients). Warm, with spelling, on the same memos as flow events: median "
        f"{warm['median_ms']} ms, p99 {warm['p99_ms']} ms, max {warm['max_ms']} ms over "
        f"{warm['invocations']} invocations (Connect's limit: 8 s).",
    ]
    return out

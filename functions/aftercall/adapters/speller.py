"""Hunspell's dictionaries through Enchant (pyenchant): the ``known(word, language)`` the spelling
check asks (aftercall.domain.spelling).

Enchant is a C library with Python bindings on PyPI (``pyenchant``); it is asked for its Hunspell
provider only, which reads Debian's ``hunspell-ko`` (ko_KR, hunspell-dict-ko) and ``hunspell-en-us``
(en_US) dictionaries from /usr/share/hunspell (``make spelling`` installs them). Neither is in the
Lambda layer: the spelling check runs in the CLI and in the memo check before saving (docs/decisions.md).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from aftercall.errors import ConfigurationError

DICTIONARIES = {"ko": "ko_KR", "en": "en_US"}
INSTALL_HINT = (
    "install Enchant and the dictionaries: make spelling (Debian: libenchant-2-2 hunspell-ko hunspell-en-us)"
)


class HunspellSpeller:
    """``speller(word, "ko" | "en")``: whether the Hunspell dictionary of that language knows the word."""

    def __init__(self, dictionaries: dict[str, Any]) -> None:
        self._dictionaries = dictionaries
        self.known = lru_cache(maxsize=65536)(self._known)

    def _known(self, word: str, language: str) -> bool:
        dictionary = self._dictionaries.get(language)
        return dictionary is None or bool(dictionary.check(word))

    def __call__(self, word: str, language: str) -> bool:
        return self.known(word, language)

    def suggest(self, word: str, language: str, limit: int = 3) -> list[str]:
        dictionary = self._dictionaries.get(language)
        return list(dictionary.suggest(word))[:limit] if dictionary is not None else []


def load_speller() -> HunspellSpeller:
    """The Hunspell dictionaries of ``DICTIONARIES``; ConfigurationError, saying how to install, without."""
    try:
        import enchant  # pyenchant loads the Enchant C library at import
    except ImportError as exc:
        raise ConfigurationError(f"the spelling check needs Enchant: {INSTALL_HINT}") from exc
    broker = enchant.Broker()
    dictionaries: dict[str, Any] = {}
    for language, tag in DICTIONARIES.items():
        broker.set_ordering(tag, "hunspell")  # per tag: Debian's ordering file prefers Aspell for en_US
        try:
            dictionary = broker.request_dict(tag)
        except enchant.errors.DictNotFoundError as exc:
            raise ConfigurationError(f"no {tag} dictionary: {INSTALL_HINT}") from exc
        if dictionary.provider.name != "hunspell":
            raise ConfigurationError(f"the {tag} dictionary is not Hunspell's: {INSTALL_HINT}")
        dictionaries[language] = dictionary
    return HunspellSpeller(dictionaries)

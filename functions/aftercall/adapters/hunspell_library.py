"""Hunspell's own C library through ctypes: the check_memo Lambda's speller.

The Lambda runtime has no Enchant, and the pure-Python port (spylls) gives wrong Korean answers
(docs/decisions.md), so the function loads ``libhunspell-1.7.so.0`` from its spelling layer
(``/opt/lib``, built by ``python -m layers.spelling``) and reads the same Debian dictionaries the CLI
reads through Enchant. Only Hunspell's documented C API is used (hunspell.h): ``Hunspell_create``,
``Hunspell_spell``, ``Hunspell_suggest``, ``Hunspell_free_list``. Both dictionaries are UTF-8 (``SET
UTF-8`` in their .aff files).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path
from typing import Any

from aftercall.adapters.speller import HunspellSpeller
from aftercall.errors import ConfigurationError

LIBRARY = "libhunspell-1.7.so.0"
LAYER_LIBRARY = Path("/opt/lib") / LIBRARY  # where the spelling layer puts it
FILE_NAMES = {"ko": "ko", "en": "en_US"}  # <name>.aff and <name>.dic in the dictionaries directory
MAX_SUGGESTIONS = 5


def _library() -> Any:
    for candidate in (str(LAYER_LIBRARY), LIBRARY, ctypes.util.find_library("hunspell-1.7")):
        if not candidate:
            continue
        try:
            lib = ctypes.CDLL(candidate)
        except OSError:
            continue
        lib.Hunspell_create.restype = ctypes.c_void_p
        lib.Hunspell_create.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        lib.Hunspell_spell.restype = ctypes.c_int
        lib.Hunspell_spell.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        lib.Hunspell_suggest.restype = ctypes.c_int
        lib.Hunspell_suggest.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.POINTER(ctypes.c_char_p)),
            ctypes.c_char_p,
        ]
        lib.Hunspell_free_list.restype = None
        lib.Hunspell_free_list.argtypes = [
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.POINTER(ctypes.c_char_p)),
            ctypes.c_int,
        ]
        return lib
    raise ConfigurationError(f"no {LIBRARY}: the spelling layer is not attached (make layer)")


class HunspellDictionary:
    """One dictionary opened with the C library: Enchant's ``check`` and ``suggest``."""

    def __init__(self, lib: Any, aff: Path, dic: Path) -> None:
        self._lib = lib
        self._handle = lib.Hunspell_create(str(aff).encode(), str(dic).encode())
        if not self._handle:
            raise ConfigurationError(f"Hunspell could not open {dic.name}")

    def check(self, word: str) -> bool:
        return bool(self._lib.Hunspell_spell(self._handle, word.encode("utf-8")))

    def suggest(self, word: str) -> list[str]:
        found = ctypes.POINTER(ctypes.c_char_p)()
        count = self._lib.Hunspell_suggest(self._handle, ctypes.byref(found), word.encode("utf-8"))
        try:
            return [found[i].decode("utf-8", "replace") for i in range(min(count, MAX_SUGGESTIONS))]
        finally:
            self._lib.Hunspell_free_list(self._handle, ctypes.byref(found), count)


def load_library_speller(directory: str | Path) -> HunspellSpeller:
    """ko and en_US from ``directory`` (``<name>.aff``, ``<name>.dic``); ConfigurationError without them."""
    lib = _library()
    dictionaries: dict[str, Any] = {}
    for language, name in FILE_NAMES.items():
        aff, dic = Path(directory) / f"{name}.aff", Path(directory) / f"{name}.dic"
        if not (aff.is_file() and dic.is_file()):
            raise ConfigurationError(f"no {name}.aff/{name}.dic in the spelling dictionaries directory")
        dictionaries[language] = HunspellDictionary(lib, aff, dic)
    return HunspellSpeller(dictionaries)

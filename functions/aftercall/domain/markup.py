"""HTML from package-data template files, with every substituted value escaped unless marked safe.

A template file (``aftercall/templates/*.html``) holds named ``string.Template`` blocks: a line
``<!-- block: NAME -->`` starts a block, which runs to the next such line; text before the first
one is the file's own comment. ``Blocks.render`` HTML-escapes every value (quotes included) unless
it is ``Markup``, and only ``render`` and our own files make ``Markup``. So agent text is escaped
even when a caller forgets to; the opposite slip (our markup passed as text) shows as escaped tags
on the page, never as a hole. ``Markup`` is not a ``str``, so mixing the two fails the type check.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

_MARKER = re.compile(r"^<!-- block: ([a-z_]+) -->\n", flags=re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Markup:
    """HTML that goes into a template as is. Not a ``str``: it cannot be mixed up with text."""

    html: str

    def __add__(self, other: Markup) -> Markup:
        if not isinstance(other, Markup):
            return NotImplemented  # text must go through a template, escaped
        return Markup(self.html + other.html)

    def __bool__(self) -> bool:
        return bool(self.html)


EMPTY = Markup("")


def escape(value: str | Markup) -> str:
    return value.html if isinstance(value, Markup) else html.escape(value, quote=True)


def join(parts: Iterable[Markup]) -> Markup:
    return Markup("".join(part.html for part in parts))


def read_template(filename: str) -> str:
    """A file from ``aftercall/templates`` (package data: shipped in the wheel and the Lambda asset)."""
    return resources.files("aftercall").joinpath("templates", filename).read_text(encoding="utf-8")


def parse_blocks(text: str) -> dict[str, string.Template]:
    pieces = _MARKER.split(text)  # [comment, name, block, name, block, ...]
    names, bodies = pieces[1::2], pieces[2::2]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate template blocks: {sorted(names)}")
    blocks = {name: string.Template(body) for name, body in zip(names, bodies, strict=True)}
    invalid = sorted(name for name, block in blocks.items() if not block.is_valid())
    if invalid:
        raise ValueError(f"invalid placeholders in template blocks: {invalid}")
    return blocks


@cache
def _blocks(filename: str) -> dict[str, string.Template]:
    return parse_blocks(read_template(filename))  # read on first use, once per container


@dataclass(frozen=True, slots=True)
class Blocks:
    """The blocks of one template file."""

    filename: str

    def render(self, name: str, /, **values: str | Markup) -> Markup:
        """Block ``name`` with ``values``; a placeholder without a value raises KeyError."""
        block = _blocks(self.filename)[name]
        return Markup(block.substitute({key: escape(value) for key, value in values.items()}))

    def names(self) -> frozenset[str]:
        return frozenset(_blocks(self.filename))

    def placeholders(self, name: str) -> frozenset[str]:
        return frozenset(_blocks(self.filename)[name].get_identifiers())

"""Reading a memo from a file for the CLI: contact attributes, or a whole contact record."""

from __future__ import annotations

import json
from pathlib import Path

from aftercall.domain.memo import Memo, memo_from_attributes


class MemoFileError(ValueError):
    """The file is not JSON, or holds neither attributes nor a contact record."""


def read_memo(path: Path) -> Memo:
    """A JSON object of contact attributes, or a contact record with an ``Attributes`` object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise MemoFileError(f"{path}: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("Attributes"), dict):
        data = data["Attributes"]
    if not isinstance(data, dict) or not all(isinstance(v, str | None) for v in data.values()):
        raise MemoFileError(f"{path}: expected a JSON object of string attributes or a contact record")
    return memo_from_attributes({str(k): v for k, v in data.items() if v is not None})

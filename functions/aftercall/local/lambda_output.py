"""What the handlers print (Powertools logs and EMF metrics), kept apart like CloudWatch Logs.

Lambda ships a function's stdout to CloudWatch Logs; locally, the handlers run on the embedded AWS's
worker thread, and this stream keeps what that thread writes instead of mixing it into the demo's
output. Tests read it back (the privacy test scans it for personal data).
"""

from __future__ import annotations

import io
import logging
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class ThreadRoutedStream(io.TextIOBase):
    """Writes from the Lambda worker thread go to ``captured``; everything else to ``fallback``."""

    def __init__(self, fallback: TextIO) -> None:
        self._fallback = fallback
        self._lock = threading.Lock()
        self.captured: list[str] = []
        self.lambda_thread: threading.Thread | None = None

    def write(self, text: str) -> int:
        if threading.current_thread() is self.lambda_thread:
            with self._lock:
                self.captured.append(text)
            return len(text)
        return self._fallback.write(text)

    def flush(self) -> None:
        self._fallback.flush()

    def text(self) -> str:
        with self._lock:
            return "".join(self.captured)


@contextmanager
def capture_lambda_output() -> Iterator[ThreadRoutedStream]:
    """Route stdout (EMF metrics) and the aftercall logger's stream through a ThreadRoutedStream."""
    stream = ThreadRoutedStream(sys.stdout)
    handlers = [h for h in logging.getLogger("aftercall").handlers if isinstance(h, logging.StreamHandler)]
    previous = [h.setStream(stream) for h in handlers]
    original, sys.stdout = sys.stdout, stream
    try:
        yield stream
    finally:
        sys.stdout = original
        for handler, old in zip(handlers, previous, strict=True):
            if old is not None:
                handler.setStream(old)

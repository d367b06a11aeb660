"""What every payload must hold to be stored: times a datetime can carry on, text UTF-8 can hold.

Checked where a payload is parsed, so that content AWS can send at its edges is invalid input there
and not an overflow, or a store's encoding error, further on.
"""

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator

# Every time AWS writes is in this range. Anything outside is invalid input, rejected at the edge:
# year 9999 would overflow once a retention, a TTL or a zone offset is added to it.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _aws_time(value: datetime) -> datetime:
    if value.tzinfo is None:  # AWS writes UTC; some of its payloads leave the zone out
        value = value.replace(tzinfo=UTC)
    if not EARLIEST <= value < LATEST:
        raise ValueError("a time outside 2000-2199")
    return value


AwsTime = Annotated[datetime, AfterValidator(_aws_time)]
"""A time as AWS writes it: UTC when it carries no zone, within ``EARLIEST``–``LATEST``."""


def storable(value: Any) -> None:
    """Raise ValueError (UnicodeEncodeError) for text no UTF-8 store can hold: a lone surrogate, which a
    JSON escape can produce (``"\\ud800"``). Walks nested values without recursion."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            node.encode("utf-8")
        elif isinstance(node, dict):
            pending.extend(node.keys())
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)

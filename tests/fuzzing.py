"""Fuzzed input shared by the parser fuzz tests (unit) and the handler fuzz tests (integration).

Inputs are random bytes and text, random JSON, and real sample payloads with one to three fields
deleted or replaced by random values.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from tests.helpers import load_event

# Values that have broken parsers elsewhere: edge dates, huge numbers, ids of the wrong shape.
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "null",
        "2024-13-45T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00",
        "2024-01-01T00:00:00",
        "+821012345678",
        "010-1234-5678",
        "attempt#sms#x",
        "attempt-sms-1",
        "TEXT_DELIVERED",
        "x" * 300,
        "\u0000",
        "\ud800",
        10**18,
        -(10**18),
        2**63,
        -1,
        0,
        1.5e308,
        True,
        [],
        {},
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | TRICKY
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


@st.composite
def mutated(draw: st.DrawFn, sample: Any) -> Any:
    """``sample`` with one to three fields deleted or replaced by random JSON."""
    payload = json.loads(json.dumps(sample))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(payload)
        if not paths:
            break
        *parents, last = draw(st.sampled_from(paths))
        node = payload
        for key in parents:
            node = node[key]
        if isinstance(node, dict) and draw(st.booleans()):
            del node[last]
        else:
            node[last] = draw(JSON)
    return payload


def payloads(sample: Any) -> st.SearchStrategy[Any]:
    return mutated(sample) | JSON | st.just(sample)


def encoded(value: Any) -> bytes:
    """JSON as UTF-8; lone surrogates from the fuzzer are kept (invalid UTF-8 is input too)."""
    return _utf8(json.dumps(value, ensure_ascii=False))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


RANDOM_BYTES = st.binary(max_size=300) | st.text(max_size=300).map(_utf8)

# --- Connect -------------------------------------------------------------------------------------

CONTACT_RECORD = load_event("connect_ctr_voice_inbound_with_acw.json")


def record_bytes() -> st.SearchStrategy[bytes]:
    return payloads(CONTACT_RECORD).map(encoded) | RANDOM_BYTES


# --- receipts -------------------------------------------------------------------------------------

SMS_EVENT = load_event("eum_sms_event_text_successful.json")
SMS_EVENT_WITH_CONTEXT = {**SMS_EVENT, "context": {"followup_id": "f-1", "attempt": "attempt#sms#1"}}
LEGACY_EVENT = load_event("pinpoint_legacy_sms_event_success.json")
SES_EVENTS = [
    load_event(f"ses_v2_event_{name}.sns_message.json")
    for name in ("bounce", "complaint", "delivery", "delivery_delay")
]
RECEIPT_SAMPLES = [SMS_EVENT, SMS_EVENT_WITH_CONTEXT, LEGACY_EVENT, *SES_EVENTS]


def receipt_messages() -> st.SearchStrategy[str]:
    """SNS ``Message`` strings: mutated samples of every format, random JSON, random text."""
    as_json = st.sampled_from(RECEIPT_SAMPLES).flatmap(payloads).map(json.dumps)
    return as_json | st.text(max_size=200)

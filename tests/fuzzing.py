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


# --- content AWS can send, at its edges (the fuzz of every handler) -------------------------------

CONTACT_EVENTS = [
    load_event("connect_contact_event_completed.SYNTHESIZED.json"),
    load_event("connect_contact_event_disconnected.json"),
    load_event("connect_contact_event_connected_to_agent.documented.json"),
]
# Times a payload may carry that overflow once a retention, a TTL or a time zone is added to them.
EDGE_TIMES = st.sampled_from(
    [
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59.999+00:00",
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00",
        "2024-01-01T00:00:00",  # no zone
        "2024-01-01T00:00:00.000",
        "2024-02-30T00:00:00Z",
    ]
)
EDGE_MILLIS = st.sampled_from([253_402_300_799_999, 253_402_300_799_000, 0, 1, 2**53])
# A memo attribute of 400 KB (the memo is over DynamoDB's item limit), and a large one under it.
OVERSIZED = st.sampled_from(["x" * 400_000, "가" * 140_000, "x" * 40_000])
DEPTHS = st.sampled_from([150, 600, 2_000])  # 2,000 is past Python's recursion limit
_DEEP = "\u2063deep\u2063"  # stands for a nested value until the payload is serialised


def deep_json(depth: int) -> str:
    """JSON nested ``depth`` levels deep, objects and arrays in turn."""
    return '{"a":[' * depth + "1" + "]}" * depth


def _recase(key: str, how: int) -> str:
    return [key, key.lower(), key.upper(), key[:1].upper() + key[1:], key[:1].lower() + key[1:]][how]


@st.composite
def recased(draw: st.DrawFn, payload: Any) -> Any:
    """``payload`` with the keys of its ``detail`` in one unexpected casing, some values lower-cased."""
    how = draw(st.integers(0, 4))

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {_recase(k, how): walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node.lower() if isinstance(node, str) and node.isupper() and draw(st.booleans()) else node

    out = json.loads(json.dumps(payload))
    if isinstance(out.get("detail"), dict):
        out["detail"] = walk(out["detail"])
    return out


@st.composite
def with_edge(draw: st.DrawFn, sample: Any, values: st.SearchStrategy[Any], only: str = "") -> Any:
    """``sample`` with one field replaced by one of ``values``: anywhere, or a field whose name
    contains ``only`` (any case)."""
    payload = json.loads(json.dumps(sample))
    paths = [p for p in _paths(payload) if only.lower() in str(p[-1]).lower()]
    *parents, last = draw(st.sampled_from(paths))
    node = payload
    for key in parents:
        node = node[key]
    node[last] = draw(values)
    return payload


@st.composite
def deep_inside(draw: st.DrawFn, sample: Any) -> str:
    """``sample`` as JSON text with one field replaced by a value nested past any sane depth."""
    text = json.dumps(draw(with_edge(sample, st.just(_DEEP))))
    return text.replace(json.dumps(_DEEP), deep_json(draw(DEPTHS)))


def edged(sample: Any, *extra: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``sample`` with an edge time in one of its time fields, or an edge value anywhere."""
    anywhere = st.one_of(EDGE_TIMES, EDGE_MILLIS, OVERSIZED, *extra)
    return with_edge(sample, EDGE_TIMES, only="time") | with_edge(sample, anywhere)


def contact_events() -> st.SearchStrategy[Any]:
    """EventBridge contact events: fuzzed, recased, with edge values; nested as deep as Lambda parses."""
    samples = st.sampled_from(CONTACT_EVENTS)
    nested = st.sampled_from([150, 600]).map(lambda depth: json.loads(deep_json(depth)))
    return samples.flatmap(payloads) | samples.flatmap(recased) | samples.flatmap(lambda s: edged(s, nested))


def contact_record_data() -> st.SearchStrategy[bytes]:
    """Kinesis data: fuzzed records, edge values anywhere, JSON nested past the recursion limit."""
    at_edges = edged(CONTACT_RECORD).map(encoded)
    return record_bytes() | at_edges | deep_inside(CONTACT_RECORD).map(str.encode)


def edge_receipt_messages() -> st.SearchStrategy[str]:
    """Receipts at the edges AWS can reach: times at datetime's end or without a zone, deep JSON."""
    sms = with_edge(SMS_EVENT_WITH_CONTEXT, EDGE_MILLIS, only="timestamp").map(json.dumps)
    ses = st.sampled_from(SES_EVENTS).flatmap(lambda s: with_edge(s, EDGE_TIMES, only="timestamp"))
    ses_json = ses.map(json.dumps)
    deep = st.sampled_from(RECEIPT_SAMPLES).flatmap(deep_inside)
    return sms | ses_json | deep | receipt_messages()


# --- memos: what an agent's contact flow can write ---------------------------------------------------

_MEMO_KEYS = [f"aftercall_{name}" for name in (
    "purpose", "status", "desired_outcome", "occurred_at", "problem", "progress", "agent_note", "strategy",
    "appointment_at", "appointment_place", "appointment_bring", "links", "consent", "locale", "email",
)]  # fmt: skip
_MEMO_VALUES = st.sampled_from(
    ["yes", "no", "네", "appointment", "detail", "confirm", "ko-KR", "en-US", "ja-JP", "", " ",
     "2026-12-01T10:00:00", "2026-12-01", "https://example.com/a b", "http://example.com", "javascript:x",
     "a@b", "@", "x@example.com", "<b>x</b>", "${purpose}", "\u0000", "\ud800", "e\u0301", "가" * 400]
)  # fmt: skip
REQUIRED_MEMO = {
    "aftercall_purpose": "refund",
    "aftercall_status": "approved",
    "aftercall_desired_outcome": "money back",
    "aftercall_consent": "yes",
}
# Fresh mobile numbers mostly (one customer's frequency cap would skip most plans), and odd ones.
NUMBERS = st.integers(20_000_000, 99_999_999).map(lambda n: f"+8210{n}") | st.sampled_from(
    ["+12065550142", "+8222345678", "+190011112222", "010-2345-6789", "", "+999", "x", "+82 10 2345 6789"]
)


def memo_attributes() -> st.SearchStrategy[dict[str, str]]:
    """Contact attributes: a complete memo with some keys at edge or random values, or anything."""
    values = _MEMO_VALUES | EDGE_TIMES | OVERSIZED | st.text(max_size=60)
    changes = st.dictionaries(st.sampled_from(_MEMO_KEYS), values, max_size=8)
    return changes.map(lambda c: {**REQUIRED_MEMO, **c}) | changes

"""Local stand-in for the SMS provider: a carrier answering End User Messaging SMS's SendTextMessage.

moto has no End User Messaging SMS backend, so local runs and the workflow tests use this.
``CarrierSimulator`` answers ``send_text_message`` like a ``pinpoint-sms-voice-v2`` client (requests
checked against the real API model, the real modeled errors) and publishes the delivery events a
configuration set would, in the documented event format, to an SNS topic through a real boto3
``sns`` client (moto's in tests). Its email counterpart is ``aftercall.local.email_events``.

Outcomes are scripted per destination, one per send; events go out at once or on ``flush()``.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from aftercall.adapters.api_model import (
    RequestConstraintError,
    modeled_error,
    service_model,
    validate_request,
)
from aftercall.domain.encoding import GSM7, UCS2, analyze
from aftercall.domain.receipts import CLASSIFICATION, ReceiptSource
from aftercall.local.scripted_events import EVENT_SPACING, NO_RECEIPT, EventTopic, Scripts

SMS_SERVICE = "pinpoint-sms-voice-v2"
SEND_TEXT = "SendTextMessage"

# Scripted outcomes beyond the delivery statuses themselves (and NO_RECEIPT: accepted, then silence).
ACCEPTED_ONLY = "ACCEPTED_ONLY"  # carrier accepted (TEXT_SUCCESSFUL, not final), then silence
OPTED_OUT = "OPTED_OUT"  # refused: ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT
THROTTLED = "THROTTLED"  # refused: ThrottlingException
SMS_OUTCOMES = frozenset(CLASSIFICATION[ReceiptSource.SMS]) | {
    NO_RECEIPT,
    ACCEPTED_ONLY,
    OPTED_OUT,
    THROTTLED,
}

_DELIVERED = "TEXT_DELIVERED"
_ACCEPTED = "TEXT_SUCCESSFUL"
_ENCODING_NAMES = {GSM7: "GSM", UCS2: "UCS2"}  # as messageEncoding spells them
_PRICE_PER_PART = 0.0065


@dataclass(frozen=True, slots=True)
class SentText:
    """One accepted text, as the carrier saw it (local runs only: kept in memory for the demo)."""

    message_id: str
    destination: str
    origination_identity: str
    text: str
    parts: int
    encoding: str
    message_type: str
    context: dict[str, str]
    outcome: str
    requested_at: datetime
    clock_seconds: float = 0.0  # the simulator's clock (virtual in local runs) when it was accepted


@dataclass
class PartsRateLimit:
    """At most ``parts_per_second`` message parts in any one-second window (``clock`` in seconds)."""

    parts_per_second: float
    clock: Callable[[], float] = time.monotonic
    _window: deque[tuple[float, int]] = field(default_factory=deque)

    def admit(self, parts: int) -> bool:
        now = self.clock()
        while self._window and now - self._window[0][0] >= 1.0:
            self._window.popleft()
        used = sum(p for _, p in self._window)
        # A message larger than the whole limit still goes out on an idle number, as on the real one.
        if self._window and used + parts > self.parts_per_second:
            return False
        self._window.append((now, parts))
        return True


class CarrierSimulator:
    """A stand-in for the boto3 ``pinpoint-sms-voice-v2`` client (only ``send_text_message``)."""

    def __init__(
        self,
        sns_client: Any,
        topic_arn: str,
        *,
        default_outcome: str = _DELIVERED,
        parts_per_second: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        publish_immediately: bool = True,
        region: str = "ap-northeast-2",
    ) -> None:
        model = service_model(SMS_SERVICE)
        self.meta = SimpleNamespace(service_model=model, region_name=region)
        self.topic = EventTopic(sns_client, topic_arn, publish_immediately)
        self.scripts = Scripts(default_outcome, SMS_OUTCOMES)
        self.sent: list[SentText] = []
        self.throttled = 0  # ThrottlingException answers (rate limit or scripted)
        self._clock = clock
        self._limit = PartsRateLimit(parts_per_second, clock) if parts_per_second else None
        self._now = now

    def limit_parts_per_second(self, parts_per_second: float | None) -> None:
        """Change the origination identity's throughput (None: unlimited), e.g. between demo scenarios."""
        self._limit = PartsRateLimit(parts_per_second, self._clock) if parts_per_second else None

    def script(self, destination: str, outcomes: Iterable[str]) -> None:
        """The final status of each next send to ``destination``, in order (then the default)."""
        self.scripts.set(destination, outcomes)

    def flush(self) -> int:
        return self.topic.flush()

    def send_text_message(self, **params: Any) -> dict[str, Any]:
        self._validate(params)
        destination = params["DestinationPhoneNumber"]
        encoding = analyze(params["MessageBody"])
        if self._limit and not self._limit.admit(encoding.parts):
            # Refused for rate before the carrier looks at the message: the script is not used up.
            self.throttled += 1
            raise self._error("ThrottlingException", "Rate exceeded.")
        outcome = self.scripts.next_for(destination)
        if outcome == OPTED_OUT:
            raise self._error(
                "ConflictException",
                "The destination phone number is opted out.",
                Reason="DESTINATION_PHONE_NUMBER_OPTED_OUT",
                ResourceType="opted-out-number",
                ResourceId=destination,
            )
        if outcome == THROTTLED:
            self.throttled += 1
            raise self._error("ThrottlingException", "Rate exceeded.")
        text = SentText(
            message_id=str(uuid.uuid4()),
            destination=destination,
            origination_identity=params["OriginationIdentity"],
            text=params["MessageBody"],
            parts=encoding.parts,
            encoding=_ENCODING_NAMES.get(encoding.encoding, encoding.encoding),
            message_type=params.get("MessageType", "TRANSACTIONAL"),
            context=dict(params.get("Context") or {}),
            outcome=outcome,
            requested_at=self._now(),
            clock_seconds=self._clock(),
        )
        self.sent.append(text)
        self.topic.emit(sms_events(text))
        return {"MessageId": text.message_id}

    def _validate(self, params: dict[str, Any]) -> None:
        # botocore's ParamValidationError (names, types, required) propagates as a real client's does.
        try:
            validate_request(self.meta.service_model, SEND_TEXT, params)
        except RequestConstraintError as exc:
            raise self._error("ValidationException", str(exc), Reason="FIELD_VALIDATION_FAILED") from exc

    def _error(self, code: str, message: str, **fields: Any) -> Exception:
        return modeled_error(self.meta.service_model, code, message, SEND_TEXT, **fields)


def sms_statuses(outcome: str) -> list[tuple[str, bool]]:
    """The (event type, isFinal) sequence a carrier reports for one scripted outcome."""
    if outcome == NO_RECEIPT:
        return []
    if outcome == ACCEPTED_ONLY:
        return [(_ACCEPTED, False)]
    if outcome == _DELIVERED:
        return [(_ACCEPTED, False), (_DELIVERED, True)]
    if outcome == _ACCEPTED:  # countries without handset receipts: acceptance is the last word
        return [(_ACCEPTED, True)]
    return [(outcome, True)]


def sms_events(text: SentText) -> list[dict[str, Any]]:
    """End User Messaging SMS events for ``text``, in the documented format (context echoed)."""
    return [
        _sms_event(text, event_type, final, text.requested_at + EVENT_SPACING * (index + 1))
        for index, (event_type, final) in enumerate(sms_statuses(text.outcome))
    ]


def _sms_event(text: SentText, event_type: str, final: bool, at: datetime) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventType": event_type,
        "eventVersion": "1.0",
        "eventTimestamp": _millis(at),
        "isFinal": final,
        "originationPhoneNumber": text.origination_identity,
        "destinationPhoneNumber": text.destination,
        "isInternationalSend": False,
        "messageId": text.message_id,
        "messageRequestTimestamp": _millis(text.requested_at),
        "messageEncoding": text.encoding,
        "messageType": text.message_type,
        "messageStatus": event_type.removeprefix("TEXT_"),
        "messageStatusDescription": f"Simulated carrier report: {event_type}",
        "totalMessageParts": text.parts,
        "totalMessagePrice": round(_PRICE_PER_PART * text.parts, 5),
        "totalCarrierFee": 0.0,
    }
    if text.context:  # the service leaves the key out when no context was sent
        event["context"] = dict(text.context)
    return event


def _millis(at: datetime) -> int:
    return int(at.timestamp() * 1000)


def max_parts_in_one_second(sent: list[Any]) -> int:
    """The most message parts accepted within any one second of the carrier's clock."""
    times = sorted((t.clock_seconds, t.parts) for t in sent)
    best, start, window = 0, 0, 0
    for at, parts in times:
        window += parts
        while times[start][0] <= at - 1.0:
            window -= times[start][1]
            start += 1
        best = max(best, window)
    return best

"""What a customer's reply to a text asks for: no more texts, a confirmed appointment, or an agent.

Keywords are matched on the whole reply, normalised (NFKC, case, surrounding space and punctuation):
"중지", "STOP", "Stop." all stop; "1", "네", "yes" confirm; anything else is a message for an agent.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

OPT_OUT_KEYWORDS = "stop,stopall,unsubscribe,cancel,end,quit,중지,수신거부,거부,그만"
CONFIRM_KEYWORDS = "1,예,네,yes,y,확인"
WHATSAPP_KEYWORDS = "whatsapp,왓츠앱,와츠앱"  # "text me on WhatsApp instead": an opt-in


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A customer's message to our number: an SMS (two-way SMS) or a WhatsApp message."""

    origination_number: str
    body: str
    inbound_message_id: str
    previous_message_id: str | None  # the message id of our text it replies to, when it is a reply
    channel: str = "sms"  # sms | whatsapp
    at: datetime | None = None  # when the customer sent it, when the event says


class Reply(StrEnum):
    OPT_OUT = "opt_out"
    CONFIRM = "confirm"
    WHATSAPP = "whatsapp"  # "on WhatsApp, please": an opt-in and the preferred channel
    MESSAGE = "message"  # anything else: an agent reads it


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    return folded.strip(" .!?~,'\"")


def keyword_set(csv: str) -> frozenset[str]:
    return frozenset(normalise(k) for k in csv.split(",") if normalise(k))


def classify(
    body: str, opt_out: frozenset[str], confirm: frozenset[str], whatsapp: frozenset[str] = frozenset()
) -> Reply:
    said = normalise(body)
    if said in opt_out:
        return Reply.OPT_OUT
    if said in confirm:
        return Reply.CONFIRM
    if said in whatsapp:
        return Reply.WHATSAPP
    return Reply.MESSAGE

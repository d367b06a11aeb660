"""An operator's resend of a follow-up that did not reach the customer (``aftercall resend``).

A resend is a follow-up of its own (``<contact>_resend<n>``), planned and sent by the same workflow
in an execution named ``<contact>-resend-<n>``, so every guarantee of a follow-up holds for it: one
text at most, receipts, fallbacks. Only a follow-up that ended without reaching the customer may be
resent; the reasons for refusing are said in words (``refusal``).
"""

from __future__ import annotations

from dataclasses import dataclass

RESENDABLE = ("failed", "sent_unconfirmed", "skipped")  # outcomes (or their prefixes) a resend may follow


@dataclass(frozen=True)
class Resend:
    """Which resend of the contact's follow-up this is, the channel asked for and who asked."""

    number: int
    channel: str | None  # sms | email | task, or None: the usual route
    requested_by: str  # the operator's identity (an IAM ARN)


def resend_id(contact_id: str, number: int) -> str:
    return f"{contact_id}_resend{number}"


def execution_suffix(number: int) -> str:
    return f"-resend-{number}"


def refusal(status: str, outcome: str | None, opted_out: bool) -> str | None:
    """Why this follow-up may not be resent, or None. ``status``/``outcome``: the latest of the
    follow-up and its resends."""
    if opted_out:
        return "the customer opted out of texts: nothing is resent"
    if status != "done":
        return "its follow-up is still running: wait for its outcome"
    if outcome and outcome.startswith("delivered"):
        return f"it was delivered ({outcome}): nothing to resend"
    if not outcome or not outcome.startswith(RESENDABLE):
        ended = outcome or "without an outcome"
        return f"it ended {ended}: only failed, sent_unconfirmed or skipped follow-ups are resent"
    return None

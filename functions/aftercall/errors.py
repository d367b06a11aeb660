"""Domain errors.

Step Functions sees a Lambda's Python exception class name as the error name, so every error the
state machine retries or catches lives here, with an ``Error`` suffix, and the definition refers to
them by ``SomethingError.__name__`` (see statemachine/). Adapters translate SDK errors into these with
``raise ... from exc``.
"""


class AftercallError(Exception):
    """Base class of every error aftercall raises on purpose."""


class InvalidInputError(AftercallError):
    """An event, record or file did not have the expected shape; the message says what."""


class ConfigurationError(AftercallError):
    """A setting is missing or malformed."""


class SmsAccountRefusedError(ConfigurationError):
    """SendTextMessage refused for a reason of the account (spend limit, sandbox, no identity for the
    destination country): every text would be, until someone changes the account. ``reason`` is the
    service's reason code (no request data)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class TransientError(AftercallError):
    """A failure that may pass: retry with backoff."""


class PermanentError(AftercallError):
    """A failure that will not pass by retrying: fall back to the next channel."""


class ThrottledError(TransientError):
    """The provider refused for rate; the request was not sent and may be retried later."""


class ProviderUnavailableError(TransientError):
    """The provider answered 5xx or did not answer."""


class OutcomeUnknownError(TransientError):
    """A send whose request may have reached the provider but whose answer was lost ("maybe sent").

    Never resent: the attempt stays claimed and its receipt (or the receipt window) decides."""


class SmsTransientError(TransientError):
    """The SMS was not delivered for a reason that may pass (unreachable handset, TTL expired)."""


class SmsPermanentError(PermanentError):
    """The SMS cannot be delivered to this destination (invalid, blocked, spam)."""


class WhatsAppPermanentError(PermanentError):
    """The WhatsApp message cannot be sent as asked (rejected request, unknown template), or Meta
    reported it undeliverable to this customer."""


class WhatsAppTransientError(TransientError):
    """Meta reported the WhatsApp message failed for a reason that may pass (its service, a rate)."""


class WhatsAppSkippedError(PermanentError):
    """WhatsApp may not carry this follow-up now (no opt-in any more, outside the customer-service
    window with no approved template): nothing was sent; the route goes on. ``reason`` is recorded."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"WhatsApp skipped: {reason}")
        self.reason = reason


class OptedOutError(PermanentError):
    """The destination opted out of texts; the opt-out is recorded and no text is sent."""


class EmailFailedError(PermanentError):
    """The email bounced (hard), drew a complaint, or could not be sent."""


class TaskChainLimitError(AftercallError):
    """Connect refused a task: 12 tasks already share this PreviousContactId. Retry with RelatedContactId."""


class DoesNotFitError(AftercallError):
    """A text cannot fit its template's part budget without cutting a link, a date or a number."""

    def __init__(self, template_id: str, parts: int, budget: int) -> None:
        super().__init__(f"{template_id}: needs {parts} parts at least, over the budget of {budget}")
        self.template_id = template_id
        self.parts = parts
        self.budget = budget


class SendWindowExpiredError(PermanentError):
    """The text is too old to send (queued or retried past its maximum age): fall back instead."""


class SendDeadLetteredError(PermanentError):
    """The send queue gave up on the message (the sender failed on it every time): nothing was sent for
    this attempt, and the workflow falls back at once instead of waiting out the receipt window."""

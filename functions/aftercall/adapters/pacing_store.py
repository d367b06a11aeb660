"""The shared SMS pacing window of one origination identity (``aftercall.domain.pacing.WindowStore``).

One DynamoDB item per identity, replaced whole by a PutItem conditional on the version that was read:
a sender that lost the race to another one gets None and reads again. Reads are strongly consistent.
"""

from __future__ import annotations

from pynamodb.exceptions import PutError
from pynamodb.expressions.condition import Condition

from aftercall.adapters.aws_errors import condition_failed, dynamodb_errors
from aftercall.adapters.tables import PacingModel
from aftercall.domain.pacing import Send, Window


class PacingWindowStore:
    def __init__(self, identity: str) -> None:
        self._identity = identity

    @dynamodb_errors
    def load(self) -> Window:
        try:
            item = PacingModel.get(self._identity, consistent_read=True)
        except PacingModel.DoesNotExist:
            return Window()
        return Window(int(item.version), tuple(zip(item.sent_at, item.parts, strict=True)))

    @dynamodb_errors
    def replace(self, current: Window, sends: tuple[Send, ...]) -> Window | None:
        item = PacingModel(
            self._identity,
            version=current.version + 1,
            sent_at=[at for at, _ in sends],
            parts=[parts for _, parts in sends],
        )
        condition: Condition = (
            PacingModel.version.does_not_exist()
            if current.version == 0
            else PacingModel.version == current.version
        )
        try:
            item.save(condition=condition)
        except PutError as exc:
            if condition_failed(exc):
                return None
            raise
        return Window(current.version + 1, sends)

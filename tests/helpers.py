"""Small helpers shared by every test tier."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from botocore.stub import Stubber

EVENTS = Path(__file__).parent / "events"


def load_event(name: str) -> Any:
    """A sample payload from tests/events (copied from shared/events; see its README for provenance)."""
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def mutate(payload: Any, **changes: Any) -> Any:
    """A deep copy of ``payload`` with dotted paths replaced: mutate(ev, **{"detail.channel": "CHAT"})."""
    out = copy.deepcopy(payload)
    for path, value in changes.items():
        node = out
        *parents, last = path.split(".")
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is ...:
            del node[last]
        else:
            node[last] = value
    return out


def korean_mobile() -> str:
    """A random Korean mobile number that phonenumbers accepts (not every 010 block is assigned)."""
    import random

    from aftercall.domain.phone import InvalidPhoneNumber, parse_phone

    while True:
        number = f"+8210{random.randint(20000000, 99999999)}"
        try:
            parse_phone(number)
        except InvalidPhoneNumber:
            continue
        return number


@contextmanager
def stubbed(service: str) -> Iterator[tuple[Any, Stubber]]:
    """A client of ``service`` (the real botocore model) with its Stubber active.

    Any call nothing was stubbed for fails, and a block that ends normally must have used every
    stubbed answer. Dummy credentials: the client never signs for, or reaches, a real account.
    """
    client = boto3.client(
        service, region_name="ap-northeast-2", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()

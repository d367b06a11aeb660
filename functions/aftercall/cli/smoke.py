"""``aftercall smoke --to NUMBER [--stack NAME]``: one test text through the deployed workflow.

After a deploy, and after production access or a new origination number: the command stores a memo
for a smoke contact (``aftercall-smoke-<id>``, strategy ``confirm``, consent given, kept one day), as
ingest would for a call, starts the follow-up workflow for it, and reports each step as it happens,
with the seconds since the start:

    ingest   memo stored, workflow started
    plan     the route, and whether the text waits (quiet hours)
    send     SendTextMessage accepted (its message id)
    receipt  each delivery receipt, up to the final one
    outcome  the follow-up's outcome

Exit 0 when the text was delivered, 1 when it was not (or not within ``--timeout``), 2 for what the
operator must fix. Use a number that may receive texts: in the SMS sandbox, a verified destination
(docs/deploy.md). The number is printed masked; the memo says only that this is a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from aftercall import clients
from aftercall.adapters.customer_keys import CustomerKeyer
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.tables import bind_tables
from aftercall.adapters.workflow_starter import WorkflowStarter, execution_name
from aftercall.cli.smoke_watch import Watch
from aftercall.cli.stack import StackError, resolve_stack
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.memo import Memo, Strategy
from aftercall.domain.phone import InvalidPhoneNumber, mask, parse_phone
from aftercall.errors import AftercallError

SMOKE_PREFIX = "aftercall-smoke-"
KEPT = timedelta(days=1)  # the smoke memo expires (the table's TTL) a day later
MEMO = {
    "ko-KR": Memo(
        purpose="문자 발송 점검",
        status="점검용 문자를 보냈습니다",
        desired_outcome="문자 수신 확인",
        strategy=Strategy.CONFIRM,
        consent=True,
        locale="ko-KR",
    ),
    "en-US": Memo(
        purpose="text delivery check",
        status="a test text was sent",
        desired_outcome="the text received",
        strategy=Strategy.CONFIRM,
        consent=True,
        locale="en-US",
    ),
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "smoke", help="send one test text through the deployed workflow and report each step"
    )
    parser.add_argument("--to", required=True, help="a number that may receive texts (sandbox: verified)")
    parser.add_argument("--stack", help="CloudFormation stack name (default: the environment's tables)")
    parser.add_argument("--locale", choices=sorted(MEMO), default="ko-KR", help="language of the text")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for the final receipt")
    parser.add_argument("--poll", type=float, default=2.0, help="seconds between looks")
    parser.add_argument("--region", help="AWS region (default: the SDK's)")
    parser.add_argument("--default-region", default="KR", help="country of a number without its code")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        phone = parse_phone(args.to, args.default_region)
    except InvalidPhoneNumber as exc:
        print(f"aftercall smoke: {exc}", file=sys.stderr)  # the message never contains the input
        return 2
    if not phone.can_receive_sms:
        print("aftercall smoke: that number cannot receive texts (a fixed line)", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        names, key_parameter, machine = resolve_stack(args.stack, args.region)
        if args.region:
            os.environ.setdefault("AWS_DEFAULT_REGION", args.region)
        bind_tables(names, args.region)
        contact_id = f"{SMOKE_PREFIX}{uuid.uuid4().hex[:12]}"
        now = datetime.now(UTC)
        key = CustomerKeyer(clients.client("ssm"), key_parameter).key_for(phone.e164)
        record = ContactMemo(
            contact_id=contact_id,
            instance_id="aftercall-smoke",
            channel="VOICE",
            initiation_method="API",
            ended_at=now,
            last_update=now,
            source="smoke",
            memo=MEMO[args.locale],
            phone=phone,
            customer_key=key,
        )
        MemoStore().save_if_newer(record, KEPT, now)
        WorkflowStarter(clients.client("stepfunctions"), str(machine)).start(
            contact_id, {"contactId": contact_id}
        )
        _say(started, "ingest", f"memo stored for {contact_id} ({mask(phone.e164)}); workflow started")
        outcome = Watch(
            clients.client("stepfunctions"), str(machine), execution_name(contact_id), contact_id
        ).follow(lambda step, what: _say(started, step, what), args.timeout, args.poll)
    except (StackError, AftercallError) as exc:
        print(f"aftercall smoke: {exc}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as exc:
        print(f"aftercall smoke: AWS refused: {type(exc).__name__}", file=sys.stderr)
        return 1
    delivered = bool(outcome and outcome.startswith("delivered_sms"))
    print(f"smoke {'passed' if delivered else 'FAILED'}: {outcome or 'no outcome within the timeout'}")
    return 0 if delivered else 1


def _say(started: float, step: str, what: str) -> None:
    print(f"+{time.monotonic() - started:6.1f}s  {step:<8} {what}", flush=True)

"""Lambda events as AWS delivers them: Kinesis records, SNS notifications, SQS messages, HTTP requests.

The embedded AWS builds them where moto has no event source of its own (or a poorer one), the local
page server for each HTTP request; tests and benchmarks use them to call a handler directly.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from aftercall.local import ACCOUNT

SEQUENCE_BASE = 49590338271490256608559692538361571095921575989136588898  # record n: SEQUENCE_BASE + n


def kinesis_event(records: list[dict[str, Any]], region: str = "ap-northeast-2") -> dict[str, Any]:
    """Contact records as a Kinesis Data Streams Lambda event (base64 JSON data)."""
    return {
        "Records": [
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": str(record.get("ContactId", "")),
                    "sequenceNumber": f"{SEQUENCE_BASE + n}",
                    "data": base64.b64encode(json.dumps(record).encode()).decode(),
                    "approximateArrivalTimestamp": time.time(),
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": f"shardId-000000000000:{n}",
                "eventName": "aws:kinesis:record",
                "invokeIdentityArn": f"arn:aws:iam::{ACCOUNT}:role/aftercall-ingest",
                "awsRegion": region,
                "eventSourceARN": f"arn:aws:kinesis:{region}:{ACCOUNT}:stream/aftercall-contact-records",
            }
            for n, record in enumerate(records)
        ]
    }


def sns_event(
    message: str, region: str = "ap-northeast-2", topic: str = "aftercall-events"
) -> dict[str, Any]:
    """One SNS notification as Lambda receives it from a subscription."""
    topic_arn = f"arn:aws:sns:{region}:{ACCOUNT}:{topic}"
    endpoint = f"https://sns.{region}.amazonaws.com"
    return {
        "Records": [
            {
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{topic_arn}:{uuid.uuid4()}",
                "EventSource": "aws:sns",
                "Sns": {
                    "SignatureVersion": "1",
                    "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                    "Signature": "EXAMPLE",
                    "SigningCertUrl": f"{endpoint}/SimpleNotificationService-local.pem",
                    "MessageId": str(uuid.uuid4()),
                    "Message": message,
                    "MessageAttributes": {},
                    "Type": "Notification",
                    "UnsubscribeUrl": f"{endpoint}/?Action=Unsubscribe",
                    "TopicArn": topic_arn,
                    "Subject": None,
                },
            }
        ]
    }


def sqs_record(message: dict[str, Any], queue_url: str, region: str) -> dict[str, Any]:
    attributes = message.get("Attributes", {})
    """One received message as an SQS event source mapping hands it to Lambda."""
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {
            "ApproximateReceiveCount": attributes.get("ApproximateReceiveCount", "1"),
            "SentTimestamp": attributes.get("SentTimestamp", "0"),
            "SenderId": attributes.get("SenderId", ACCOUNT),
            "ApproximateFirstReceiveTimestamp": attributes.get("ApproximateFirstReceiveTimestamp", "0"),
        },
        "messageAttributes": {},
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{region}:{ACCOUNT}:{queue_url.rsplit('/', 1)[-1]}",
        "awsRegion": region,
    }


def http_api_event(method: str, target: str, headers: Mapping[str, str], source_ip: str) -> dict[str, Any]:
    """An API Gateway HTTP API payload v2 event for one request (also the function URL shape)."""
    parts = urlsplit(target)
    now = datetime.now(UTC)
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": parts.path,
        "rawQueryString": parts.query,
        "headers": {name.lower(): value for name, value in headers.items()},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": headers.get("Host", "127.0.0.1"),
            "http": {
                "method": method,
                "path": parts.path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": headers.get("User-Agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }

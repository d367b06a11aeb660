"""The price tables (prices.json, one per region) and the USD a follow-up costs by service.

ap-northeast-2 (Seoul) is priced beside us-east-1 because a Korean contact center deploys there. Where
no Seoul figure could be found in the sources read, its entry is a "stand-in": the us-east-1 value,
marked as such with a remark, never an invented figure (prices.json says which, and why).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PRICES_FILE = Path(__file__).with_name("prices.json")
DEFAULT_REGION = "us-east-1"  # the region of the report's per-service tables, as before Seoul was added


def load_price_tables(path: Path = PRICES_FILE) -> dict[str, dict[str, Any]]:
    """Every region's price table, in the file's order: region -> the form ``usd_per_1000`` reads
    (region, currency, note, taken_on, prices)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        region: {"region": region, "currency": data["currency"], "note": data["note"], **table}
        for region, table in data["regions"].items()
    }


def load_prices(region: str = DEFAULT_REGION, path: Path = PRICES_FILE) -> dict[str, Any]:
    return load_price_tables(path)[region]


def _price(prices: dict[str, Any], key: str) -> float | None:
    value = prices["prices"][key]["usd"]
    return None if value is None else float(value)


def usd_per_1000(row: dict[str, Any], prices: dict[str, Any]) -> dict[str, Any]:
    """USD per 1,000 follow-ups like ``row`` (one contact per scenario); SMS fees are kept apart."""
    per = 1000 / max(row["contacts"], 1)
    calls = row["api_calls"]
    sqs = sum(n for k, n in calls.items() if k.startswith("sqs:"))
    lines = {
        "stepfunctions": row["state_transitions"]
        * per
        / 1000
        * (_price(prices, "stepfunctions_standard_per_1000_transitions") or 0),
        "lambda_requests": row["lambda_invocations_total"]
        * per
        / 1e6
        * (_price(prices, "lambda_per_1m_requests") or 0),
        "lambda_duration": row["lambda_gb_seconds"]
        * per
        * (_price(prices, "lambda_arm64_per_gb_second") or 0),
        "dynamodb": (
            row["dynamodb"]["wru"] * per / 1e6 * (_price(prices, "dynamodb_on_demand_per_1m_wru") or 0)
            + row["dynamodb"]["rru"] * per / 1e6 * (_price(prices, "dynamodb_on_demand_per_1m_rru") or 0)
        ),
        "sqs": sqs * per / 1e6 * (_price(prices, "sqs_standard_per_1m_requests") or 0),
        "sns": calls.get("sns:Publish", 0)
        * per
        / 1e6
        * (_price(prices, "sns_standard_per_1m_publishes") or 0),
        "ses": calls.get("sesv2:SendEmail", 0) * per / 1000 * (_price(prices, "ses_per_1000_emails") or 0),
    }
    tasks = calls.get("connect:StartTaskContact", 0) * per
    whatsapp = {key: n * per for key, n in row.get("whatsapp", {}).get("by_category", {}).items()}
    return {
        **{k: round(v, 5) for k, v in lines.items()},
        "aws_total": round(sum(lines.values()), 5),
        "connect_tasks": tasks,
        "connect_task_fee": "price unverified" if tasks else 0,
        "sms_parts": {c: n * per for c, n in row["sms"]["parts_by_country"].items()},
        "whatsapp_messages": whatsapp,
        "whatsapp_fees": whatsapp_fees(whatsapp, prices),
    }


def whatsapp_fees(messages: dict[str, float], prices: dict[str, Any]) -> float | str:
    """USD for WhatsApp messages counted by ``"<category>:<country>"`` (``utility:KR``): AWS's fee per
    message plus Meta's rate for the category and country; "price unverified" when a price needed is
    not known (a category Meta does not charge needs only AWS's)."""
    if not messages:
        return 0
    aws = _price(prices, "whatsapp_aws_per_message")
    total = 0.0
    for key, n in messages.items():
        category, _, country = key.partition(":")
        meta_key = (
            f"whatsapp_meta_{category}"
            if category in ("service", "utility_in_window")
            else f"whatsapp_meta_{category}_{country.lower()}"
        )
        meta = _price(prices, meta_key) if meta_key in prices["prices"] else None
        if aws is None or meta is None:
            return "price unverified"
        total += n * (aws + meta)
    return round(total, 5)


def usd_by_region(row: dict[str, Any], tables: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``usd_per_1000`` of ``row`` under each region's prices."""
    return {region: usd_per_1000(row, prices) for region, prices in tables.items()}

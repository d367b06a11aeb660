"""The alarms admins asked for (issue 17): each one exists with its threshold from context, says what to
check first, is on the dashboard; and templates written by hand reach the validator through the stream."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aftercall_infra.alarm_keys import ALARM_KEYS
from aftercall_infra.config import ConfigError, DeployConfig
from aftercall_infra.constants import Fn, Table
from aftercall_infra.nag import as_text
from aftercall_infra.operator_alarms import operator_alarms
from aftercall_infra.template_checks import READ_STREAM
from tests.infra.cfn import FULL_CONTEXT, Synthesized, actions, resources

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

EXPECTED = {  # alarm → its context key
    "TemplateRejected": "alarmTemplatesRejected",
    "FallbackRate": "alarmFallbackRatePercent",
    "SentUnconfirmedRate": "alarmSentUnconfirmedRatePercent",
    "SmsAccountRefused": "alarmSmsAccountRefusals",
    "OptOutSpike": "alarmOptOutsPerHour",
}


def _alarm(synthesized: Synthesized, name: str) -> dict[str, Any]:
    (alarm,) = [
        a["Properties"]
        for k, a in synthesized.of_type("AWS::CloudWatch::Alarm").items()
        if k.removeprefix("Observability")[:-8] == name
    ]
    return alarm


def _metric_names(alarm: dict[str, Any]) -> set[str]:
    if "MetricName" in alarm:
        return {alarm["MetricName"]}
    return {q["MetricStat"]["Metric"]["MetricName"] for q in alarm["Metrics"] if "MetricStat" in q}


@pytest.mark.parametrize(("name", "key"), EXPECTED.items())
def test_each_alarm_has_its_threshold_from_context_and_says_what_to_check_first(
    synthesized: Synthesized, name: str, key: str
) -> None:
    alarm = _alarm(synthesized, name)
    default = next(k.default for k in ALARM_KEYS if k.name == key)

    assert alarm["Threshold"] == float(FULL_CONTEXT.get(key, default))
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert "Check first" in alarm["AlarmDescription"]
    assert len(alarm["AlarmDescription"]) > 80


def test_thresholds_set_in_context_are_used() -> None:
    config = DeployConfig.from_mapping({"alarmFallbackRatePercent": "35", "alarmOptOutsPerHour": "7"})
    by_name = {a.name: a for a in operator_alarms(config)}

    assert by_name["FallbackRate"].threshold == 35
    assert "35%" in by_name["FallbackRate"].description
    assert by_name["OptOutSpike"].threshold == 7
    assert set(by_name) == set(EXPECTED)
    assert {a.key for a in by_name.values()} == set(EXPECTED.values())


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_a_threshold_that_is_not_a_positive_number_fails_synth(value: str) -> None:
    with pytest.raises(ConfigError, match="alarmOptOutsPerHour"):
        DeployConfig.from_mapping({"alarmOptOutsPerHour": value})


def test_the_alarms_watch_the_metrics_the_functions_emit(synthesized: Synthesized) -> None:
    rates = {name: _alarm(synthesized, name) for name in ("FallbackRate", "SentUnconfirmedRate")}

    assert _metric_names(_alarm(synthesized, "TemplateRejected")) == {"TemplateRejected"}
    assert _metric_names(_alarm(synthesized, "SmsAccountRefused")) == {"SmsAccountRefused"}
    assert _metric_names(_alarm(synthesized, "OptOutSpike")) == {"OptOutRecorded"}
    assert _alarm(synthesized, "OptOutSpike")["Period"] == 3600
    assert _metric_names(rates["FallbackRate"]) == {"FellBack", "FollowupStarted"}
    assert _metric_names(rates["SentUnconfirmedRate"]) == {"Outcome", "Sent"}
    (unconfirmed,) = [
        q["MetricStat"]["Metric"]
        for q in rates["SentUnconfirmedRate"]["Metrics"]
        if "MetricStat" in q and q["MetricStat"]["Metric"]["MetricName"] == "Outcome"
    ]
    assert {"Name": "outcome", "Value": "sent_unconfirmed"} in unconfirmed["Dimensions"]
    (expression,) = [q["Expression"] for q in rates["FallbackRate"]["Metrics"] if "Expression" in q]
    assert expression == "IF(started >= 10, 100 * FILL(fellBack, 0) / started, 0)"


def test_the_dashboard_shows_each_alarm_and_its_metric(synthesized: Synthesized) -> None:
    (dashboard,) = synthesized.of_type("AWS::CloudWatch::Dashboard").values()
    body = as_text(dashboard["Properties"]["DashboardBody"])

    for name in EXPECTED:
        assert f"Observability{name}" in body, name  # the alarm status widget lists it
    for metric in ("SmsAccountRefused", "OptOutRecorded", "TemplateRejected", "FellBack"):
        assert metric in body
    assert "sent_unconfirmed" in body


def test_templates_written_by_hand_reach_the_validator_through_the_stream(synthesized: Synthesized) -> None:
    (table_id,) = [k for k in synthesized.of_type("AWS::DynamoDB::Table") if k.startswith("StorageTemplates")]
    table = synthesized.resources[table_id]["Properties"]
    (mapping,) = [
        m["Properties"]
        for m in synthesized.of_type("AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["FunctionName"] == {"Ref": synthesized.function_id(Fn.TEMPLATE_VALIDATOR)}
    ]
    failure = mapping["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
    (queue,) = [q for k, q in synthesized.of_type("AWS::SQS::Queue").items() if k == failure]

    assert table["StreamSpecification"] == {"StreamViewType": "KEYS_ONLY"}  # no template text in the stream
    assert mapping["EventSourceArn"] == {"Fn::GetAtt": [table_id, "StreamArn"]}
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BisectBatchOnFunctionError"] is True
    assert mapping["MaximumRetryAttempts"] >= 1
    assert queue["Properties"]["MessageRetentionPeriod"] == 14 * 86400  # metadata only: two weeks
    stream_reads = [
        s for s in synthesized.statements_of(Fn.TEMPLATE_VALIDATOR) if set(actions(s)) == set(READ_STREAM)
    ]
    assert [resources(s) for s in stream_reads] == [[{"Fn::GetAtt": [table_id, "StreamArn"]}]]


def test_the_validator_reads_the_settings_the_functions_render_templates_with(
    synthesized: Synthesized,
) -> None:
    validator = synthesized.function(Fn.TEMPLATE_VALIDATOR)["Environment"]["Variables"]
    plan = synthesized.function(Fn.PLAN)["Environment"]["Variables"]

    for name in ("COMPANY_NAME", "CALLBACK_NUMBER", "BANNED_PHRASES", "TEMPLATE_TABLE"):
        assert validator.get(name) == plan.get(name), name
    assert json.dumps(validator["TEMPLATE_TABLE"]).count(Table.TEMPLATES.title()) == 1

"""The aftercall stack as CloudFormation: what each piece must be, read from the synthesized template."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pynamodb.attributes import TTLAttribute
from pynamodb.models import Model

from aftercall import errors, statemachine
from aftercall.adapters import tables as models
from aftercall_infra.constants import METRICS_NAMESPACE, SERVICE_NAME, Fn, Table
from aftercall_infra.function_specs import FUNCTIONS, TOKEN_RESOLVERS
from aftercall_infra.nag import as_text
from aftercall_infra.observability import DIMENSIONED_METRICS, PLAIN_METRICS, VALUE_METRICS
from aftercall_infra.settings_env import RUNTIME_PROVIDED, settings_class
from aftercall_infra.storage import TABLE_SETTINGS
from tests.infra.cfn import FULL_CONTEXT, INSTANCE_ARN, Synthesized, actions, resources

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

REPO = Path(__file__).resolve().parents[2]
LOGS = {"logs:CreateLogStream", "logs:PutLogEvents"}
XRAY = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
READ = {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"}
WRITE = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
TABLE_KEY = {"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"}
BASE = LOGS | XRAY | READ | WRITE | TABLE_KEY
SEND_TO_QUEUE = {"sqs:SendMessage", "kms:Decrypt", "kms:GenerateDataKey"}
CONSUME_QUEUE = {
    "sqs:ReceiveMessage",
    "sqs:ChangeMessageVisibility",
    "sqs:GetQueueUrl",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
}
READ_STREAM = {
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamConsumer",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
    "kinesis:ListStreams",
    "kinesis:SubscribeToShard",
}
READ_TEMPLATE_STREAM = {
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:ListStreams",
}
RESOLVE_TOKENS = {"states:SendTaskSuccess", "states:SendTaskFailure"}
CUSTOMER_KEY = {"ssm:GetParameter", "kms:Decrypt"}
SETTLE_TRANSFERS = {"states:DescribeExecution", "states:StopExecution"}  # with transferWaitSeconds > 0

# Every action each function may call: the specification of least privilege, written out.
EXPECTED_ACTIONS: dict[Fn, set[str]] = {
    Fn.INGEST_EVENT: BASE
    | SEND_TO_QUEUE
    | CUSTOMER_KEY
    | SETTLE_TRANSFERS
    | {"states:StartExecution", "connect:DescribeContact"},
    Fn.INGEST_RECORDS: BASE
    | SEND_TO_QUEUE
    | CUSTOMER_KEY
    | READ_STREAM
    | SETTLE_TRANSFERS
    | {"states:StartExecution"},
    Fn.PLAN: BASE,
    Fn.SEND_SMS: BASE | CONSUME_QUEUE | RESOLVE_TOKENS | {"sms-voice:SendTextMessage"},
    Fn.SEND_EMAIL: BASE | RESOLVE_TOKENS | {"ses:SendEmail"},
    Fn.CREATE_TASK: BASE | {"connect:StartTaskContact"},
    Fn.OUTCOME: BASE,
    Fn.RECEIPTS: BASE | SEND_TO_QUEUE | RESOLVE_TOKENS,
    Fn.DETAIL_PAGE: LOGS | XRAY | READ | {"kms:Decrypt", "kms:DescribeKey"},
    Fn.SEND_DEAD_LETTER: BASE | CONSUME_QUEUE | {"states:SendTaskFailure"},
    Fn.CHECK_MEMO: LOGS | XRAY,  # nothing but the memo it is given
    Fn.CUSTOMER_HISTORY: LOGS | XRAY | READ | CUSTOMER_KEY | {"kms:DescribeKey"},
    Fn.INBOUND_SMS: BASE | SEND_TO_QUEUE | CUSTOMER_KEY | {"connect:StartTaskContact"},
    Fn.SEND_WHATSAPP: BASE
    | RESOLVE_TOKENS
    | {"social-messaging:SendWhatsAppMessage", "social-messaging:ListWhatsAppMessageTemplates"},
    # Statuses resolve tokens; customers' messages may opt out, confirm, or ask an agent (a task).
    Fn.WHATSAPP_EVENTS: BASE | SEND_TO_QUEUE | CUSTOMER_KEY | RESOLVE_TOKENS | {"connect:StartTaskContact"},
    Fn.TEMPLATE_VALIDATOR: BASE | SEND_TO_QUEUE | READ_TEMPLATE_STREAM,
}
MODELS_OF_TABLE: dict[Table, list[type[Model]]] = {
    Table.MEMOS: [models.MemoModel],
    Table.FOLLOWUPS: [models.FollowupModel, models.AttemptModel],
    Table.PREFERENCES: [models.PreferencesModel],
    Table.TEMPLATES: [models.TemplateModel],
    Table.LINKS: [models.LinkModel],
    Table.PACING: [models.PacingModel],
}


def table_named(synthesized: Synthesized, table: Table) -> dict[str, Any]:
    (logical_id,) = [
        k for k in synthesized.of_type("AWS::DynamoDB::Table") if k.startswith(f"Storage{table.title()}")
    ]
    return synthesized.resources[logical_id]["Properties"]


def key_schema(hash_key: str, range_key: str | None) -> list[dict[str, str]]:
    schema = [{"AttributeName": hash_key, "KeyType": "HASH"}]
    return schema + ([{"AttributeName": range_key, "KeyType": "RANGE"}] if range_key else [])


def rendered_definition(synthesized: Synthesized) -> dict[str, Any]:
    """The deployed definition: the ASL asset with CloudFormation's substitutions, tokens as text."""
    (machine,) = synthesized.of_type("AWS::StepFunctions::StateMachine").values()
    properties = machine["Properties"]
    asset = synthesized.asset_path(properties["DefinitionS3Location"]["Key"])
    substitutions = {name: as_text(value) for name, value in properties["DefinitionSubstitutions"].items()}
    text = re.sub(r"\$\{(\w+)\}", lambda m: substitutions[m.group(1)], asset.read_text(encoding="utf-8"))
    return json.loads(text)


# Tables -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", list(Table))
def test_table_key_schema_and_indexes_equal_the_pynamodb_models(
    synthesized: Synthesized, table: Table
) -> None:
    properties = table_named(synthesized, table)

    for model in MODELS_OF_TABLE[table]:
        assert model._hash_keyname is not None
        assert properties["KeySchema"] == key_schema(model._hash_keyname, model._range_keyname)
    expected_indexes = {
        name: key_schema(
            next(a.attr_name for a in index.Meta.attributes.values() if a.is_hash_key),
            next((a.attr_name for a in index.Meta.attributes.values() if a.is_range_key), None),
        )
        for model in MODELS_OF_TABLE[table]
        for name, index in model._indexes.items()
    }
    indexes = {gsi["IndexName"]: gsi["KeySchema"] for gsi in properties.get("GlobalSecondaryIndexes", [])}
    assert indexes == expected_indexes


@pytest.mark.parametrize("table", list(Table))
def test_table_is_on_demand_encrypted_recoverable_retained_with_the_model_ttl(
    synthesized: Synthesized, table: Table
) -> None:
    (logical_id,) = [
        k for k in synthesized.of_type("AWS::DynamoDB::Table") if k.startswith(f"Storage{table.title()}")
    ]
    resource = synthesized.resources[logical_id]
    properties = resource["Properties"]
    ttl = {
        a.attr_name
        for m in MODELS_OF_TABLE[table]
        for a in m.get_attributes().values()
        if isinstance(a, TTLAttribute)
    }

    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    assert properties["SSESpecification"]["SSEType"] == "KMS"
    assert properties["SSESpecification"]["KMSMasterKeyId"]["Fn::GetAtt"][0].startswith("StorageDataKey")
    assert properties["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert properties["DeletionProtectionEnabled"] is True
    assert resource["DeletionPolicy"] == resource["UpdateReplacePolicy"] == "Retain"
    if ttl:
        assert properties["TimeToLiveSpecification"] == {"AttributeName": ttl.pop(), "Enabled": True}
    else:
        assert "TimeToLiveSpecification" not in properties


def test_data_key_rotates_and_is_retained(synthesized: Synthesized) -> None:
    (key,) = synthesized.of_type("AWS::KMS::Key").values()

    assert key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == "Retain"


def test_queues_and_topics_are_encrypted_with_the_data_key(synthesized: Synthesized) -> None:
    encrypted = [
        *(q["Properties"]["KmsMasterKeyId"] for q in synthesized.of_type("AWS::SQS::Queue").values()),
        *(t["Properties"]["KmsMasterKeyId"] for t in synthesized.of_type("AWS::SNS::Topic").values()),
    ]

    assert len(encrypted) >= 7  # four queues, three topics
    assert all(key["Fn::GetAtt"][0].startswith("StorageDataKey") for key in encrypted)


# Functions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", list(Fn))
def test_function_runs_arm64_python_with_json_logs_tracing_and_the_layer(
    synthesized: Synthesized, fn: Fn
) -> None:
    function = synthesized.function(fn)
    environment = function["Environment"]["Variables"]
    log_group = synthesized.resources[function["LoggingConfig"]["LogGroup"]["Ref"]]["Properties"]

    assert function["Architectures"] == ["arm64"]
    assert function["Runtime"] == "python3.13"
    assert function["TracingConfig"] == {"Mode": "Active"}
    assert function["LoggingConfig"]["LogFormat"] == "JSON"
    assert log_group["RetentionInDays"] == 30
    dependencies = next(k for k in synthesized.of_type("AWS::Lambda::LayerVersion") if "Dependencies" in k)
    assert function["Layers"][0]["Ref"] == dependencies  # first, for every function
    assert len(function["Layers"]) == (2 if fn is Fn.CHECK_MEMO else 1)  # check_memo: its dictionaries
    assert environment["POWERTOOLS_SERVICE_NAME"] == SERVICE_NAME
    assert environment["POWERTOOLS_METRICS_NAMESPACE"] == METRICS_NAMESPACE
    assert environment["POWERTOOLS_TRACER_CAPTURE_RESPONSE"] == "false"
    assert environment["POWERTOOLS_TRACE_DISABLED"] == "false"  # detailedTracing=true in FULL_CONTEXT


def test_every_function_shares_one_code_asset(synthesized: Synthesized) -> None:
    keys = {json.dumps(synthesized.function(fn)["Code"], sort_keys=True) for fn in Fn}

    assert len(keys) == 1


def test_powertools_names_are_the_handlers_own() -> None:
    from aftercall.observability import NAMESPACE, SERVICE

    assert (SERVICE_NAME, METRICS_NAMESPACE) == (SERVICE, NAMESPACE)


@pytest.mark.parametrize("fn", list(Fn))
def test_function_environment_is_its_settings_class(synthesized: Synthesized, fn: Fn) -> None:
    fields = settings_class(FUNCTIONS[fn].settings).model_fields
    environment = set(synthesized.function(fn)["Environment"]["Variables"])
    required = {
        name.upper() for name, info in fields.items() if info.is_required() and name not in RUNTIME_PROVIDED
    }
    application = {name for name in environment if not name.startswith("POWERTOOLS_")}

    assert required <= environment
    assert application <= {name.upper() for name in fields}


def test_context_values_reach_the_handlers(synthesized: Synthesized) -> None:
    send_sms = synthesized.function(Fn.SEND_SMS)["Environment"]["Variables"]
    send_email = synthesized.function(Fn.SEND_EMAIL)["Environment"]["Variables"]
    create_task = synthesized.function(Fn.CREATE_TASK)["Environment"]["Variables"]
    plan = synthesized.function(Fn.PLAN)["Environment"]["Variables"]

    assert send_sms["SMS_ORIGINATION_IDENTITY"] == FULL_CONTEXT["originationIdentity"]
    assert send_sms["SMS_PARTS_PER_SECOND"] == FULL_CONTEXT["smsPartsPerSecond"]
    assert send_email["EMAIL_FROM_ADDRESS"] == FULL_CONTEXT["senderAddress"]
    assert create_task["TASK_CONTACT_FLOW_ID"] == FULL_CONTEXT["connectTaskFlowId"]
    assert create_task["CONNECT_INSTANCE_ID"] == INSTANCE_ARN.rsplit("/", 1)[1]
    assert (plan["COMPANY_NAME"], plan["DETAIL_BASE_URL"]) == (
        FULL_CONTEXT["companyName"],
        FULL_CONTEXT["detailBaseUrl"],
    )


def test_table_settings_name_the_tables(synthesized: Synthesized) -> None:
    receipts = synthesized.function(Fn.RECEIPTS)["Environment"]["Variables"]
    sender = synthesized.function(Fn.SEND_SMS)["Environment"]["Variables"]

    for table, setting in TABLE_SETTINGS.items():
        environment = sender if table is Table.PACING else receipts
        assert environment[setting.upper()]["Ref"].startswith(f"Storage{table.title()}")


def test_only_the_senders_use_the_pacing_table(synthesized: Synthesized) -> None:
    (table_id,) = [k for k in synthesized.of_type("AWS::DynamoDB::Table") if k.startswith("StoragePacing")]
    users = {
        fn
        for fn in Fn
        for statement in synthesized.statements_of(fn)
        for resource in resources(statement)
        if table_id in json.dumps(resource)
    }

    assert users == {Fn.SEND_SMS, Fn.SEND_WHATSAPP}  # each paces its own identity's window
    assert {fn for fn in Fn if "PACING_TABLE" in synthesized.function(fn)["Environment"]["Variables"]} == {
        Fn.SEND_SMS,
        Fn.SEND_WHATSAPP,
    }


# Permissions ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fn", list(Fn))
def test_function_role_allows_exactly_its_actions(synthesized: Synthesized, fn: Fn) -> None:
    granted = {action for statement in synthesized.statements_of(fn) for action in actions(statement)}

    assert granted == EXPECTED_ACTIONS[fn]


def test_no_statement_has_a_wildcard_action_or_an_unexplained_wildcard_resource(
    synthesized: Synthesized,
) -> None:
    for policy in synthesized.of_type("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            assert not any("*" in action for action in actions(statement)), statement
            if "*" in resources(statement):
                # Only services without resource-level permissions: X-Ray and Step Functions' log delivery.
                assert all(action.split(":")[0] in {"xray", "logs"} for action in actions(statement)), (
                    statement
                )


def test_only_token_resolvers_may_resolve_task_tokens(synthesized: Synthesized) -> None:
    resolvers = {synthesized.function(fn)["Role"]["Fn::GetAtt"][0] for fn in TOKEN_RESOLVERS}
    holders = {
        role["Ref"]
        for policy in synthesized.of_type("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if RESOLVE_TOKENS & set(actions(statement))
        for role in policy["Properties"]["Roles"]
    }

    assert holders == resolvers


def test_provider_calls_are_scoped_to_the_configured_resources(synthesized: Synthesized) -> None:
    def scoped(fn: Fn, action: str) -> list[str]:
        return [
            as_text(r) for s in synthesized.statements_of(fn) if action in actions(s) for r in resources(s)
        ]

    assert sorted(r.rsplit(":", 1)[1] for r in scoped(Fn.SEND_SMS, "sms-voice:SendTextMessage")) == [
        "configuration-set/Aftercall-sms",
        f"phone-number/{FULL_CONTEXT['originationIdentity']}",
    ]
    assert sorted(r.rsplit(":", 1)[1] for r in scoped(Fn.SEND_EMAIL, "ses:SendEmail")) == [
        "configuration-set/Aftercall-email",
        "identity/care@example.com",
        "identity/example.com",
    ]
    assert sorted(scoped(Fn.CREATE_TASK, "connect:StartTaskContact")) == [
        f"{INSTANCE_ARN}/contact-flow/{FULL_CONTEXT['connectTaskFlowId']}",
        f"{INSTANCE_ARN}/contact/*",
    ]
    assert scoped(Fn.INGEST_EVENT, "connect:DescribeContact") == [f"{INSTANCE_ARN}/contact/*"]
    assert [r.rsplit(":", 1)[1] for r in scoped(Fn.INGEST_EVENT, "states:StartExecution")] == [
        "Aftercall-followup"
    ]
    for fn in (Fn.INGEST_EVENT, Fn.INGEST_RECORDS):  # only the state machine's own executions
        assert [r.rsplit(">:", 1)[1] for r in scoped(fn, "states:StopExecution")] == [
            "execution:Aftercall-followup:*"
        ]
    assert [r.rsplit(":", 1)[1] for r in scoped(Fn.RECEIPTS, "states:SendTaskSuccess")] == [
        "Aftercall-followup"
    ]
    assert [r.rsplit(":", 1)[1] for r in scoped(Fn.INGEST_EVENT, "ssm:GetParameter")] == [
        "parameter/aftercall/customer-key"
    ]


def test_customer_key_decrypt_is_limited_to_ssm_reading_that_parameter(synthesized: Synthesized) -> None:
    (statement,) = [
        s
        for s in synthesized.statements_of(Fn.INGEST_EVENT)
        if actions(s) == ["kms:Decrypt"] and "Condition" in s
    ]
    condition = statement["Condition"]["StringEquals"]

    assert as_text(condition["kms:ViaService"]) == "ssm.<AWS::Region>.amazonaws.com"
    assert as_text(condition["kms:EncryptionContext:PARAMETER_ARN"]).endswith(
        ":parameter/aftercall/customer-key"
    )


# Workflow ---------------------------------------------------------------------------------------


def test_state_machine_is_standard_traced_and_logs_no_execution_data(synthesized: Synthesized) -> None:
    (machine,) = synthesized.of_type("AWS::StepFunctions::StateMachine").values()
    properties = machine["Properties"]

    assert properties["StateMachineType"] == "STANDARD"
    assert properties["StateMachineName"] == "Aftercall-followup"
    assert properties["TracingConfiguration"] == {"Enabled": True}
    assert properties["LoggingConfiguration"]["Level"] == "ALL"
    assert properties["LoggingConfiguration"]["IncludeExecutionData"] is False


def test_state_machine_retry_and_catch_are_the_definition_files(synthesized: Synthesized) -> None:
    source = json.loads(statemachine.DEFINITION_PATH.read_text(encoding="utf-8"))["States"]
    deployed = rendered_definition(synthesized)["States"]

    assert deployed.keys() == source.keys()
    for name, state in source.items():
        assert deployed[name].get("Retry") == state.get("Retry"), name
        assert deployed[name].get("Catch") == state.get("Catch"), name
    assert any("Retry" in state for state in deployed.values())
    assert any("Catch" in state for state in deployed.values())


def test_state_machine_retries_are_bounded_and_name_real_errors(synthesized: Synthesized) -> None:
    deployed = rendered_definition(synthesized)["States"]
    ours = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, Exception)
    }
    service_errors = ("States.", "Lambda.", "DynamoDB.", "SQS.")

    for name, state in deployed.items():
        for retry in state.get("Retry", []):
            assert 1 <= retry["MaxAttempts"] <= 10, name
            assert retry.get("BackoffRate", 2.0) >= 1, name
            assert retry.get("JitterStrategy") == "FULL", name
        for rule in [*state.get("Retry", []), *state.get("Catch", [])]:
            for error in rule["ErrorEquals"]:
                assert error.startswith(service_errors) or error in ours, f"{name}: {error}"
        for catch in state.get("Catch", []):
            assert catch["Next"] in deployed, name


def test_every_placeholder_is_bound_to_the_resource_it_names(synthesized: Synthesized) -> None:
    deployed = json.dumps(rendered_definition(synthesized))
    function_ids = {fn: synthesized.function_id(fn) for fn in Fn}

    assert "${" not in deployed
    for placeholder in statemachine.PLACEHOLDERS:
        if placeholder.endswith("FunctionArn"):
            fn = Fn(placeholder.removesuffix("FunctionArn"))
            assert f"<{function_ids[fn]}.Arn>" in deployed, placeholder
    assert re.search(r'"QueueUrl": "<DeliverySendQueue\w+>"', deployed)
    assert re.search(r'"TableName": "<StorageFollowups\w+>"', deployed)


def test_state_machine_may_call_exactly_its_integrations(synthesized: Synthesized) -> None:
    (machine,) = synthesized.of_type("AWS::StepFunctions::StateMachine").values()
    statements = synthesized.statements_of_role(machine["Properties"]["RoleArn"]["Fn::GetAtt"][0])
    invoked = {as_text(r) for s in statements if "lambda:InvokeFunction" in actions(s) for r in resources(s)}
    granted = {a for s in statements for a in actions(s) if not a.startswith(("logs:", "xray:"))}

    assert invoked == {
        f"<{synthesized.function_id(fn)}.Arn>"
        for fn in (Fn.PLAN, Fn.OUTCOME, Fn.SEND_WHATSAPP, Fn.SEND_EMAIL, Fn.CREATE_TASK)
    }
    assert granted == {
        "lambda:InvokeFunction",
        "sqs:SendMessage",
        "dynamodb:UpdateItem",
        *TABLE_KEY,
    }


# Ingest -----------------------------------------------------------------------------------------


def test_rule_matches_completed_voice_contacts_of_the_instance(synthesized: Synthesized) -> None:
    (rule,) = synthesized.of_type("AWS::Events::Rule").values()
    (target,) = rule["Properties"]["Targets"]

    assert rule["Properties"]["EventPattern"] == {
        "source": ["aws.connect"],
        "detail-type": ["Amazon Connect Contact Event"],
        "detail": {"eventType": ["COMPLETED"], "channel": ["VOICE"], "instanceArn": [INSTANCE_ARN]},
    }
    assert target["Arn"]["Fn::GetAtt"][0] == synthesized.function_id(Fn.INGEST_EVENT)
    assert target["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0].startswith("IngestDeadLetters")
    assert target["RetryPolicy"] == {"MaximumEventAgeInSeconds": 6 * 3600, "MaximumRetryAttempts": 8}


def test_contact_records_mapping_filters_bisects_and_dead_letters(synthesized: Synthesized) -> None:
    (mapping,) = [
        m["Properties"]
        for m in synthesized.of_type("AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["FunctionName"]["Ref"] == synthesized.function_id(Fn.INGEST_RECORDS)
    ]
    (pattern,) = [json.loads(f["Pattern"]) for f in mapping["FilterCriteria"]["Filters"]]

    assert mapping["EventSourceArn"] == FULL_CONTEXT["contactRecordStreamArn"]
    assert pattern == {
        "data": {"ContactId": [{"exists": True}], "Channel": ["VOICE"], "InstanceARN": [INSTANCE_ARN]}
    }
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BisectBatchOnFunctionError"] is True
    assert mapping["MaximumRetryAttempts"] == 5
    assert mapping["MaximumRecordAgeInSeconds"] == 6 * 3600
    assert mapping["StartingPosition"] == "LATEST"
    assert mapping["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0].startswith(
        "IngestDeadLetters"
    )


def test_async_invocations_keep_their_failures(synthesized: Synthesized) -> None:
    for fn, queue in ((Fn.INGEST_EVENT, "IngestDeadLetters"), (Fn.RECEIPTS, "DeliveryReceiptDeadLetters")):
        assert synthesized.function(fn)["DeadLetterConfig"]["TargetArn"]["Fn::GetAtt"][0].startswith(queue)


# Delivery ---------------------------------------------------------------------------------------


def test_sender_consumes_the_send_queue_with_bounded_concurrency(synthesized: Synthesized) -> None:
    (mapping,) = [
        m["Properties"]
        for m in synthesized.of_type("AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["FunctionName"]["Ref"] == synthesized.function_id(Fn.SEND_SMS)
    ]
    sender = synthesized.function(Fn.SEND_SMS)
    queue = synthesized.resources[mapping["EventSourceArn"]["Fn::GetAtt"][0]]["Properties"]

    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["ScalingConfig"] == {"MaximumConcurrency": 2}
    assert sender["ReservedConcurrentExecutions"] == 2
    # The sender knows how many instances pace against the limit (a fixed share each, or one window)
    assert sender["Environment"]["Variables"]["SENDER_CONCURRENCY"] == str(
        mapping["ScalingConfig"]["MaximumConcurrency"]
    )
    assert queue["RedrivePolicy"]["maxReceiveCount"] == int(
        sender["Environment"]["Variables"]["MAX_RECEIVES"]
    )
    assert queue["VisibilityTimeout"] >= 6 * sender["Timeout"]


def test_sms_events_reach_the_receipt_topic(synthesized: Synthesized) -> None:
    (configuration_set,) = synthesized.of_type("AWS::SMSVOICE::ConfigurationSet").values()
    (destination,) = configuration_set["Properties"]["EventDestinations"]
    (policy,) = [
        p
        for k, p in synthesized.of_type("AWS::SNS::TopicPolicy").items()
        if k.startswith("DeliverySmsEventsPolicy")
    ]
    (publish,) = [s for s in policy["Properties"]["PolicyDocument"]["Statement"] if s["Effect"] == "Allow"]

    assert destination["MatchingEventTypes"] == ["TEXT_ALL"]
    assert destination["SnsDestination"]["TopicArn"]["Ref"].startswith("DeliverySmsEvents")
    assert publish["Principal"] == {"Service": "sms-voice.amazonaws.com"}
    assert as_text(publish["Condition"]["ArnLike"]["aws:SourceArn"]).endswith(
        ":configuration-set/Aftercall-sms"
    )
    assert any(d.startswith("DeliverySmsEventsPolicy") for d in configuration_set["DependsOn"])


def test_email_events_reach_the_receipt_topic(synthesized: Synthesized) -> None:
    (destination,) = synthesized.of_type("AWS::SES::ConfigurationSetEventDestination").values()
    event_destination = destination["Properties"]["EventDestination"]

    assert event_destination["SnsDestination"]["TopicARN"]["Ref"].startswith("DeliveryEmailEvents")
    assert {"delivery", "bounce", "complaint"} <= set(event_destination["MatchingEventTypes"])


def test_receipts_subscribe_both_topics_with_a_dead_letter_queue(synthesized: Synthesized) -> None:
    subscriptions = [s["Properties"] for s in synthesized.of_type("AWS::SNS::Subscription").values()]
    receipts = [
        s
        for s in subscriptions
        if s["Protocol"] == "lambda"
        and s["Endpoint"]["Fn::GetAtt"][0] == synthesized.function_id(Fn.RECEIPTS)
    ]

    topics = sorted(s["TopicArn"]["Ref"] for s in receipts)

    assert len(topics) == 2
    assert topics[0].startswith("DeliveryEmailEvents")
    assert topics[1].startswith("DeliverySmsEvents")
    assert all(s["Endpoint"]["Fn::GetAtt"][0] == synthesized.function_id(Fn.RECEIPTS) for s in receipts)
    assert all(
        s["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0].startswith("DeliveryReceiptDeadLetters")
        for s in receipts
    )


# Observability ----------------------------------------------------------------------------------


def test_dashboard_metrics_are_emitted_by_the_handlers() -> None:
    sources = "\n".join(
        p.read_text(encoding="utf-8") for p in (REPO / "functions" / "aftercall").rglob("*.py")
    )
    emitted = set(re.findall(r'name="(\w+)"', sources))
    emitted |= set(re.findall(r'count_by(?:_all)?\(\s*"(\w+)"', sources))
    emitted |= set(re.findall(r'^[A-Z_]+ = "(\w+)"', sources, flags=re.MULTILINE))  # names held in constants

    assert set(PLAIN_METRICS) - emitted == set()
    assert set(DIMENSIONED_METRICS) - emitted == set()
    assert set(VALUE_METRICS) - emitted == set()


def test_alarms_notify_the_alarm_topic(synthesized: Synthesized) -> None:
    alarms = synthesized.of_type("AWS::CloudWatch::Alarm")
    (topic_id,) = [k for k in synthesized.of_type("AWS::SNS::Topic") if k.startswith("ObservabilityAlarms")]
    names = {k.removeprefix("Observability")[:-8] for k in alarms}

    assert names == {
        "FailureRate",
        "IngestDeadLettersNotEmpty",
        "SendDeadLettersNotEmpty",
        "ReceiptsDeadLettersNotEmpty",
        "InboundDeadLettersNotEmpty",
        "WhatsAppEventsDeadLettersNotEmpty",
        "ExecutionsFailed",
        "ReceiptsUnmatched",
        "SendsDeadLettered",
        "TemplateChecksDeadLettersNotEmpty",
        "TemplateRejected",
        "FallbackRate",
        "SentUnconfirmedRate",
        "SmsAccountRefused",
        "OptOutSpike",
    }
    assert all(a["Properties"]["AlarmActions"] == [{"Ref": topic_id}] for a in alarms.values())
    (subscription,) = [
        s["Properties"]
        for s in synthesized.of_type("AWS::SNS::Subscription").values()
        if s["Properties"]["Protocol"] == "email"
    ]
    assert subscription["Endpoint"] == FULL_CONTEXT["alarmEmail"]


def test_dashboard_shows_what_admins_watch(synthesized: Synthesized) -> None:
    (dashboard,) = synthesized.of_type("AWS::CloudWatch::Dashboard").values()
    body = as_text(dashboard["Properties"]["DashboardBody"])
    titles = {widget["properties"]["title"] for widget in json.loads(body)["widgets"]}

    assert {
        "Follow-ups by outcome",
        "Delivery and fallback rates (%)",
        "SMS sent and parts",
        "Call end to delivery (s)",
        "Dead-letter queue depth",
        "Workflow executions",
    } <= titles


def test_the_flow_lambdas_are_associated_with_the_instance_and_only_it_may_invoke_them(
    synthesized: Synthesized,
) -> None:
    associations = synthesized.of_type("AWS::Connect::IntegrationAssociation").values()
    flow_functions = {synthesized.function_id(fn) for fn in (Fn.CHECK_MEMO, Fn.CUSTOMER_HISTORY)}

    assert {a["Properties"]["IntegrationType"] for a in associations} == {"LAMBDA_FUNCTION"}
    assert {a["Properties"]["IntegrationArn"]["Fn::GetAtt"][0] for a in associations} == flow_functions
    assert {a["Properties"]["InstanceId"] for a in associations} == {INSTANCE_ARN}
    permissions = [
        p["Properties"]
        for p in synthesized.of_type("AWS::Lambda::Permission").values()
        if p["Properties"]["FunctionName"]["Fn::GetAtt"][0] in flow_functions
    ]
    assert len(permissions) == 2
    for permission in permissions:
        assert permission["Principal"] == "connect.amazonaws.com"
        assert permission["SourceArn"] == INSTANCE_ARN
        assert permission["Action"] == "lambda:InvokeFunction"


def test_replies_reach_the_inbound_handler_and_only_the_sms_service_may_publish_them(
    synthesized: Synthesized,
) -> None:
    (topic_id,) = [k for k in synthesized.of_type("AWS::SNS::Topic") if k.startswith("TwoWayReplies")]
    [subscription] = [
        s["Properties"]
        for s in synthesized.of_type("AWS::SNS::Subscription").values()
        if s["Properties"]["TopicArn"] == {"Ref": topic_id}
    ]
    [policy] = [
        p["Properties"]["PolicyDocument"]["Statement"]
        for p in synthesized.of_type("AWS::SNS::TopicPolicy").values()
        if p["Properties"]["Topics"] == [{"Ref": topic_id}]
    ]

    assert subscription["Endpoint"]["Fn::GetAtt"][0] == synthesized.function_id(Fn.INBOUND_SMS)
    assert subscription["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0].startswith("TwoWayInbound")
    allow = [s for s in policy if s["Effect"] == "Allow" and s["Action"] == "sns:Publish"]
    deny = [s["Condition"] for s in policy if s["Effect"] == "Deny" and "sns:Publish" in s["Action"]]
    assert [s["Principal"] for s in allow] == [{"Service": "sms-voice.amazonaws.com"}]
    only_sms = {"StringNotEquals": {"aws:PrincipalServiceName": "sms-voice.amazonaws.com"}}
    assert only_sms in deny


def test_the_stack_outputs_every_name_the_operator_commands_read(synthesized: Synthesized) -> None:
    """`aftercall replay` reads the dead-letter queues and the functions from these outputs; the CLI
    tests' stack on moto is made from this template (tests/integration/stack_on_moto.py)."""
    from aftercall.cli.replay import FUNCTION_OUTPUTS, QUEUE_OUTPUTS

    declared = set(synthesized.template.to_json()["Outputs"])
    assert set(QUEUE_OUTPUTS.values()) <= declared
    assert set(FUNCTION_OUTPUTS.values()) | {"ReceiptsFunctionName"} <= declared
    assert {"StateMachineArn", "MemosTable", "FollowupsTable", "PreferencesTable"} <= declared

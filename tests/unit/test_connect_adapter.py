"""ConnectContacts.start_task: Stubber on the real connect model, and the local Connect stand-in."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from aftercall.adapters.connect import ConnectContacts
from aftercall.domain.outbound import TaskRequest
from aftercall.errors import (
    ConfigurationError,
    PermanentError,
    ProviderUnavailableError,
    TaskChainLimitError,
    ThrottledError,
)
from aftercall.local.connect_standin import TASK_CHAIN_LIMIT, ConnectStandIn
from tests.helpers import stubbed

INSTANCE = "11111111-2222-3333-4444-555555555555"
CALL = "c0ffee00-0000-4000-8000-000000000001"
MEMO_URL = "https://aftercall.example.com/memo/abc"


def _task(**changes: Any) -> TaskRequest:
    values: dict[str, Any] = {
        "instance_id": INSTANCE,
        "contact_flow_id": "flow-1",
        "name": "Call back: text not delivered",
        "description": "The follow-up text and email could not be delivered. Please call the customer back.",
        "client_token": "followup-f-1-task",
        "previous_contact_id": CALL,
        "references": {"memo": MEMO_URL, "followup": "f-1"},
    }
    return TaskRequest(**(values | changes))


def test_a_task_is_created_with_our_token_chain_and_references() -> None:
    with stubbed("connect") as (client, stubber):
        # Given the exact request Connect must receive (our ClientToken, not the SDK's random one)
        stubber.add_response(
            "start_task_contact",
            {"ContactId": "task-1"},
            {
                "InstanceId": INSTANCE,
                "ContactFlowId": "flow-1",
                "Name": _task().name,
                "Description": _task().description,
                "ClientToken": "followup-f-1-task",
                "PreviousContactId": CALL,
                "References": {
                    "memo": {"Value": MEMO_URL, "Type": "URL"},
                    "followup": {"Value": "f-1", "Type": "STRING"},
                },
            },
        )
        # When the task is started
        # Then the task's contact id comes back
        assert ConnectContacts(client).start_task(_task()) == "task-1"


def test_a_full_chain_is_a_distinct_error() -> None:
    with stubbed("connect") as (client, stubber):
        # Given Connect refuses a chained task for quota
        stubber.add_client_error("start_task_contact", "ServiceQuotaExceededException", http_status_code=429)
        # Then the caller learns it can retry with RelatedContactId
        with pytest.raises(TaskChainLimitError):
            ConnectContacts(client).start_task(_task())


def test_a_quota_error_without_a_chain_is_throttling() -> None:
    with stubbed("connect") as (client, stubber):
        stubber.add_client_error("start_task_contact", "ServiceQuotaExceededException", http_status_code=429)
        with pytest.raises(ThrottledError):
            ConnectContacts(client).start_task(_task(previous_contact_id=None, related_contact_id=CALL))


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("ThrottlingException", 429, ThrottledError),
        ("InternalServiceException", 500, ProviderUnavailableError),
        ("InvalidParameterException", 400, PermanentError),
        # Our flow or instance is wrong, or IAM refuses: every task alike, so it alarms (the
        # execution fails) instead of ending the follow-up as quietly "failed".
        ("ResourceNotFoundException", 404, ConfigurationError),
        ("AccessDeniedException", 403, ConfigurationError),
    ],
)
def test_connect_errors_become_domain_errors(code: str, status: int, expected: type[Exception]) -> None:
    with stubbed("connect") as (client, stubber):
        stubber.add_client_error("start_task_contact", code, http_status_code=status)
        with pytest.raises(expected):
            ConnectContacts(client).start_task(_task())


def test_a_description_longer_than_the_model_allows_is_refused_before_any_call() -> None:
    with stubbed("connect") as (client, _), pytest.raises(PermanentError, match="Description"):
        ConnectContacts(client).start_task(_task(description="x" * 4097))


def test_a_name_longer_than_the_model_allows_is_refused_before_any_call() -> None:
    with stubbed("connect") as (client, _):
        limit = client.meta.service_model.operation_model("StartTaskContact").input_shape.members["Name"]
        with pytest.raises(PermanentError, match="Name"):
            ConnectContacts(client).start_task(_task(name="x" * (limit.metadata["max"] + 1)))


# --- the local stand-in -----------------------------------------------------------------------


def test_the_same_client_token_returns_the_same_task() -> None:
    # Given the stand-in and one task request sent twice (a retried Lambda)
    connect = ConnectStandIn()
    contacts = ConnectContacts(connect)
    # When both are sent
    first, second = contacts.start_task(_task()), contacts.start_task(_task())
    # Then one task exists
    assert first == second
    assert len(connect.tasks) == 1


def test_the_thirteenth_chained_task_fails_and_a_related_task_succeeds() -> None:
    # Given a call already chained to the limit
    connect = ConnectStandIn()
    contacts = ConnectContacts(connect)
    for n in range(TASK_CHAIN_LIMIT):
        contacts.start_task(_task(client_token=f"t-{n}"))
    # When one more chained task is asked for, then the same one related instead
    with pytest.raises(TaskChainLimitError):
        contacts.start_task(_task(client_token="t-13"))
    related = contacts.start_task(
        _task(client_token="t-13", previous_contact_id=None, related_contact_id=CALL)
    )
    # Then the related one is created
    assert connect.tasks[-1].contact_id == related
    assert connect.tasks[-1].related_contact_id == CALL


def test_the_stand_in_describes_a_registered_contact_in_the_real_shape() -> None:
    connect = ConnectStandIn()
    connect.add_contact(INSTANCE, CALL, customer_number="+821023456789", attributes={"memo_purpose": "환불"})
    details = ConnectContacts(connect).describe_contact(INSTANCE, CALL)
    assert details.customer_number == "+821023456789"
    assert details.attributes == {"memo_purpose": "환불"}


def test_the_stand_in_fails_like_connect_for_an_unknown_contact() -> None:
    connect = ConnectStandIn()
    with pytest.raises(ClientError) as caught:
        connect.describe_contact(InstanceId=INSTANCE, ContactId=CALL)
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_the_stand_in_checks_requests_against_the_model() -> None:
    connect = ConnectStandIn()
    with pytest.raises(ClientError) as caught:
        connect.start_task_contact(InstanceId=INSTANCE, Name="x" * 2000, ClientToken="t")
    assert caught.value.response["Error"]["Code"] == "InvalidParameterException"


def test_an_unknown_contact_is_about_that_contact_not_our_setup() -> None:
    with stubbed("connect") as (client, stubber):
        stubber.add_client_error("describe_contact", "ResourceNotFoundException", http_status_code=404)
        with pytest.raises(PermanentError) as caught:
            ConnectContacts(client).describe_contact("instance-1", "contact-1")
    assert not isinstance(caught.value, ConfigurationError)

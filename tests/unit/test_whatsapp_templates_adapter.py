"""The WhatsApp templates adapter against botocore's real ``socialmessaging`` model (Stubber)."""

from __future__ import annotations

import pytest

from aftercall.adapters.whatsapp_templates import EumWhatsAppTemplates
from aftercall.domain.whatsapp_templates import TEMPLATES
from aftercall.errors import (
    ConfigurationError,
    ProviderUnavailableError,
    ThrottledError,
    WhatsAppPermanentError,
)
from tests.helpers import stubbed

WABA = "waba-fb2594b8a7974770b128a409e2example"
SOCIAL = "socialmessaging"


def _summary(name: str, language: str, status: str) -> dict[str, str]:
    return {
        "templateName": name,
        "metaTemplateId": "1",
        "templateStatus": status,
        "templateLanguage": language,
    }


def test_create_submits_metas_template_json_for_the_account() -> None:
    template = TEMPLATES[0]
    with stubbed(SOCIAL) as (client, stubber):
        stubber.add_response(
            "create_whatsapp_message_template",
            {"metaTemplateId": "9001", "templateStatus": "PENDING", "category": "UTILITY"},
            {"id": WABA, "templateDefinition": template.definition()},
        )
        assert EumWhatsAppTemplates(client, WABA).create(template) == "PENDING"


def test_statuses_follow_every_page() -> None:
    with stubbed(SOCIAL) as (client, stubber):
        first = [_summary("aftercall_confirm", "ko", "APPROVED")]
        stubber.add_response(
            "list_whatsapp_message_templates",
            {"templates": first, "nextToken": "p2"},
            {"id": WABA, "maxResults": 100},
        )
        second = [_summary("aftercall_confirm", "en_US", "rejected")]
        stubber.add_response(
            "list_whatsapp_message_templates",
            {"templates": second},
            {"id": WABA, "maxResults": 100, "nextToken": "p2"},
        )
        statuses = EumWhatsAppTemplates(client, WABA).statuses()
    assert statuses == {("aftercall_confirm", "ko"): "APPROVED", ("aftercall_confirm", "en_US"): "REJECTED"}


def test_a_status_is_read_once_per_ttl_and_again_after_it_or_after_a_create() -> None:
    now = [0.0]
    listing = {"templates": [_summary("aftercall_confirm", "ko", "PENDING")]}
    with stubbed(SOCIAL) as (client, stubber):
        templates = EumWhatsAppTemplates(client, WABA, ttl_seconds=300, monotonic=lambda: now[0])
        stubber.add_response("list_whatsapp_message_templates", listing)
        assert templates.status("aftercall_confirm", "ko") == "PENDING"
        now[0] = 299.0
        assert templates.status("aftercall_detail", "ko") is None  # from the same list: no call
        now[0] = 301.0
        stubber.add_response(
            "list_whatsapp_message_templates",
            {"templates": [_summary("aftercall_confirm", "ko", "APPROVED")]},
        )
        assert templates.status("aftercall_confirm", "ko") == "APPROVED"
        stubber.add_response("create_whatsapp_message_template", {"templateStatus": "PENDING"})
        templates.create(TEMPLATES[1])
        stubber.add_response("list_whatsapp_message_templates", listing)
        assert templates.status("aftercall_confirm", "ko") == "PENDING"  # the create forgot the list


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("ThrottledRequestException", 429, ThrottledError),
        ("AccessDeniedByMetaException", 403, ConfigurationError),
        ("AccessDeniedException", 403, ConfigurationError),
        ("DependencyException", 502, ProviderUnavailableError),
        ("InternalServiceException", 500, ProviderUnavailableError),
        ("ValidationException", 400, WhatsAppPermanentError),
    ],
)
def test_refusals_become_typed_errors(code: str, status: int, expected: type[Exception]) -> None:
    with stubbed(SOCIAL) as (client, stubber):
        stubber.add_client_error(
            "list_whatsapp_message_templates", service_error_code=code, http_status_code=status
        )
        with pytest.raises(expected):
            EumWhatsAppTemplates(client, WABA).statuses()

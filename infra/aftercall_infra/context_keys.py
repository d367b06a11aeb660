"""The CDK context keys the app reads, each with its default and meaning (docs/deploy.md lists them).

Deployment keys are here; the policy keys are in ``policy_keys``, the alarms' thresholds in ``alarm_keys``."""

from __future__ import annotations

from aftercall_infra.alarm_keys import ALARM_KEYS
from aftercall_infra.constants import DEFAULT_STACK_NAME
from aftercall_infra.context_key import ContextKey
from aftercall_infra.policy_keys import POLICY_KEYS

DEPLOYMENT_KEYS: tuple[ContextKey, ...] = (
    ContextKey("stackName", DEFAULT_STACK_NAME, "CloudFormation stack name; also prefixes physical names"),
    ContextKey(
        "originationIdentity",
        "phone-unset",
        "End User Messaging SMS origination identity: a phone number or pool id (phone-..., pool-...) or "
        "the ARN of a phone number, pool or sender ID",
        setting="sms_origination_identity",
        required_for_deploy=True,
    ),
    ContextKey(
        "senderAddress",
        "unset@example.invalid",
        "From address of fallback emails; the address or its domain must be a verified SES identity",
        setting="email_from_address",
        required_for_deploy=True,
    ),
    ContextKey(
        "twoWaySms",
        "false",
        "true: the stack points the originationIdentity's two-way channel (a phone number or pool, not a "
        "sender ID) at its replies topic, and turns it off again when the stack is deleted (false: the admin "
        "does it, docs/deploy.md)",
    ),
    ContextKey(
        "connectInstanceArn",
        "",
        "Amazon Connect instance ARN: limits the contact-event rule, the record filter and the Connect "
        "permissions to it, and is the instance of callback tasks (empty: every instance of the account)",
    ),
    ContextKey(
        "connectTaskFlowId",
        "unset",
        "Id of the contact flow that routes callback tasks (StartTaskContact ContactFlowId)",
        setting="task_contact_flow_id",
        required_for_deploy=True,
    ),
    ContextKey(
        "contactRecordStreamArn",
        "",
        "Kinesis stream ARN of the instance's contact records (empty: contact events only)",
    ),
    ContextKey(
        "contactRecordStreamKeyArn",
        "",
        "KMS key ARN of that stream when it is encrypted with a customer-managed key",
    ),
    ContextKey(
        "customerKeyParameter",
        "/aftercall/customer-key",
        "Name of the SSM SecureString holding the HMAC secret of customer keys (the admin creates it)",
        setting="customer_key_parameter",
    ),
    ContextKey(
        "customerKeyParameterKeyArn",
        "",
        "KMS key ARN of that SecureString when it is not the AWS managed key aws/ssm",
    ),
    ContextKey(
        "companyName",
        "UNSET company name",
        "Company name used in texts, emails and the detail page",
        setting="company_name",
        required_for_deploy=True,
    ),
    ContextKey(
        "callbackNumber",
        "0000",
        "Number customers may call back, used in texts and the detail page",
        setting="callback_number",
        required_for_deploy=True,
    ),
    ContextKey(
        "detailBaseUrl",
        "",
        "https base URL of detail-page links, when the page is served elsewhere (empty: the stack's own "
        "detail page, on detailDomainName or its CloudFront domain)",
        setting="detail_base_url",
    ),
    ContextKey(
        "detailDomainName",
        "",
        "Short custom domain of the detail page, e.g. d.example.kr (empty: the CloudFront domain)",
    ),
    ContextKey(
        "detailCertificateArn",
        "",
        "ACM certificate in us-east-1 covering detailDomainName (set both or neither)",
    ),
    ContextKey(
        "detailPageWaf",
        "false",
        "true: an AWS WAF web ACL (scope CLOUDFRONT, so in a companion stack in us-east-1) with a rate-based "
        "rule per viewer address in front of the detail page; needs the account and region (cdk deploy "
        "takes them from the profile: CDK_DEFAULT_ACCOUNT, CDK_DEFAULT_REGION)",
    ),
    ContextKey(
        "smsPartsPerSecond",
        "1",
        "Message parts per second the origination identity allows (US 10DLC 1, toll-free 3, short code 100)",
        setting="sms_parts_per_second",
    ),
    ContextKey(
        "receiptWindowSeconds",
        "14400",
        "How long a text waits for its final delivery receipt before the workflow decides (60-259200)",
        setting="sms_receipt_window_seconds",
    ),
    ContextKey(
        "emailReceiptWindowSeconds",
        "3600",
        "How long an email waits for its delivery or bounce event (60-86400)",
        setting="email_receipt_window_seconds",
    ),
    ContextKey(
        "whatsappPhoneNumberId",
        "",
        "WhatsApp: the linked WhatsApp Business Account number's id in End User Messaging Social "
        "(phone-number-id-...); set, WhatsApp joins the route of customers who opted in (empty: no WhatsApp)",
        setting="whatsapp_phone_number_id",
    ),
    ContextKey(
        "whatsappWabaId",
        "",
        "WhatsApp: the linked business account's id (waba-...): its templates, and the event destination "
        "the stack points at its WhatsApp events topic (set with whatsappPhoneNumberId)",
        setting="whatsapp_waba_id",
    ),
    ContextKey(
        "whatsappMessagesPerSecond",
        "20",
        "WhatsApp messages per second the number may send; the send step paces to it (Meta allows 80 by "
        "default per number)",
        setting="whatsapp_messages_per_second",
    ),
    ContextKey(
        "whatsappReceiptWindowSeconds",
        "3600",
        "How long a WhatsApp message waits for its delivered, read or failed status (60-86400)",
        setting="whatsapp_receipt_window_seconds",
    ),
    ContextKey(
        "whatsappMetaApiVersion",
        "v20.0",
        "The WhatsApp Cloud API version of the messages sent (SendWhatsAppMessage metaApiVersion)",
        setting="whatsapp_meta_api_version",
    ),
    ContextKey("alarmEmail", "", "Email address subscribed to the alarm topic (empty: no subscription)"),
    ContextKey(
        "detailedTracing",
        "false",
        "true: the Powertools Tracer in every function (X-Ray subsegments for the handler and each AWS "
        "call, about 0.25 s more per cold start); Lambda and Step Functions tracing are on either way",
    ),
)

# What the app reads: where it runs and what it talks to, the contact center's policy, the alarms.
CONTEXT_KEYS: tuple[ContextKey, ...] = (*DEPLOYMENT_KEYS, *POLICY_KEYS, *ALARM_KEYS)

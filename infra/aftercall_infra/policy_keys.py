"""The contact center's policy as CDK context keys: set at deploy time, kept by every later deploy.

Each key feeds the handler setting of the same meaning (``setting``; ``also`` when two settings
classes name it differently). The defaults are the settings' own (a test compares them), and synth
validates every value with the settings class that reads it, so a bad value fails ``cdk synth``, not
the first call. docs/deploy.md lists them all (test).
"""

from __future__ import annotations

from aftercall_infra.context_key import ContextKey

POLICY_KEYS: tuple[ContextKey, ...] = (
    ContextKey(
        "requireConsent",
        "true",
        "true: a follow-up text is sent only when the memo says the customer agreed (aftercall_consent=yes); "
        "false: every eligible call is followed up",
        setting="require_consent",
    ),
    ContextKey(
        "quietHoursStart", "21:00", "Local time from which no text is sent (HH:MM)", setting="quiet_start"
    ),
    ContextKey("quietHoursEnd", "08:00", "Local time until which texts wait (HH:MM)", setting="quiet_end"),
    ContextKey(
        "frequencyCap", "3", "Most texts one customer gets in the window below", setting="frequency_cap"
    ),
    ContextKey(
        "frequencyWindowHours",
        "24",
        "Window of the frequency cap, in hours",
        setting="frequency_window_hours",
    ),
    ContextKey(
        "frequencyCapBypassStrategies",
        "appointment",
        "Strategies the frequency cap does not apply to, comma separated (confirm, detail, appointment)",
        setting="cap_bypass_strategies",
    ),
    ContextKey(
        "bannedPhrases",
        "",
        "Phrases no text may contain, comma separated (a template with one is refused; in a text, a finding)",
        setting="banned_phrases",
    ),
    ContextKey(
        "defaultStrategy",
        "confirm",
        "Strategy when the memo names none: confirm, detail or appointment",
        setting="default_strategy",
    ),
    ContextKey(
        "defaultLocale",
        "ko-KR",
        "Language of texts, emails and pages when neither the memo, the preferences nor the number tell: "
        "ko-KR or en-US",
        setting="default_locale",
    ),
    ContextKey(
        "timeZone",
        "Asia/Seoul",
        "Time zone of quiet hours, shown dates and appointment times typed without an offset (IANA name)",
        setting="default_time_zone",
        also=("time_zone",),
    ),
    ContextKey(
        "landlineAction",
        "skip",
        "A number that cannot take texts: skip (record why) or fallback (email, then task)",
        setting="landline_action",
    ),
    ContextKey(
        "reminderLeadHours",
        "24",
        "How long before an appointment its reminder is sent",
        setting="reminder_lead_hours",
    ),
    ContextKey(
        "reminderMinLeadMinutes",
        "60",
        "No reminder when the appointment is closer than this",
        setting="reminder_min_lead_minutes",
    ),
    ContextKey(
        "reminderHorizonDays",
        "300",
        "No reminder for an appointment further away than this (1-350: the waiting execution lives a year)",
        setting="reminder_horizon_days",
    ),
    ContextKey(
        "defaultRegion",
        "KR",
        "Country of phone numbers written without a country code",
        setting="default_region",
        also=("home_region",),
    ),
    ContextKey("memoRetentionDays", "400", "Days a memo is kept", setting="memo_retention_days"),
    ContextKey(
        "followupRetentionDays", "400", "Days a follow-up record is kept", setting="followup_retention_days"
    ),
    ContextKey(
        "followChannels", "VOICE", "Contact channels followed up, comma separated", setting="follow_channels"
    ),
    ContextKey(
        "followInitiationMethods",
        "INBOUND,OUTBOUND,CALLBACK,API",
        "Contact initiation methods followed up, comma separated",
        setting="follow_initiation_methods",
    ),
    ContextKey(
        "followTransfers",
        "true",
        "true: a transferred call is followed up once, from the memo of its last leg; false: not at all",
        setting="follow_transfers",
    ),
    ContextKey(
        "transferWaitSeconds",
        "0",
        "Seconds a call's text waits after the call ends for a possible transfer leg (0-3600); a leg that "
        "arrives within it calls off the earlier leg's text. 0: each leg says at its end whether it was "
        "handed on, so nothing waits",
        setting="transfer_wait_seconds",
    ),
    ContextKey(
        "requireAgent",
        "true",
        "true: only contacts an agent handled are followed up",
        setting="require_agent",
    ),
    ContextKey(
        "fallbackOrder",
        "email,task",
        "Channels tried after the text, in order (email, task)",
        setting="fallback_order",
    ),
    ContextKey("linkTtlDays", "7", "Days a detail-page link works (1-90)", setting="link_ttl_days"),
    ContextKey(
        "smsTtlSeconds",
        "10800",
        "How long the SMS service keeps trying to deliver one text (TimeToLive, 5-259200)",
        setting="sms_ttl_seconds",
    ),
    ContextKey(
        "smsMaxPrice",
        "",
        "Most one text part may cost, in USD (SendTextMessage MaxPrice; empty: no limit)",
        setting="sms_max_price",
    ),
    ContextKey(
        "maxSendAgeSeconds",
        "21600",
        "A text not sent this long after its planned time is dropped (the route goes on)",
        setting="max_send_age_seconds",
    ),
    ContextKey(
        "agentLocale",
        "ko-KR",
        "Language of what agents read: their tasks (callback, held for review), the memo form, its check "
        "and the caller's history: ko-KR or en-US",
        setting="agent_locale",
    ),
    ContextKey(
        "unconfirmedIsFinal",
        "true",
        "true: a text the carrier accepted but never confirmed ends as sent_unconfirmed; false: fall back",
        setting="unconfirmed_is_final",
    ),
    ContextKey(
        "detailRateLimitPerMinute",
        "30",
        "Detail-page requests one viewer may make per minute",
        setting="rate_limit_per_minute",
    ),
    ContextKey(
        "trustViewerAddress",
        "false",
        "true: the detail page's rate limit keys on CloudFront's viewer address header",
        setting="trust_viewer_address",
    ),
    ContextKey(
        "callbackNumbers",
        "",
        "Callback numbers by the customer's country, COUNTRY=NUMBER comma separated; * for every country "
        "but defaultRegion (a domestic number such as 1588-0000 cannot be dialled from abroad), e.g. "
        "*=+82 2 1234 5678; else callbackNumber",
        setting="callback_numbers",
    ),
    ContextKey(
        "replyOptOutKeywords",
        "stop,stopall,unsubscribe,cancel,end,quit,중지,수신거부,거부,그만",
        "Replies that opt the customer out of texts (the whole reply, any case), comma separated",
        setting="reply_opt_out_keywords",
    ),
    ContextKey(
        "replyConfirmKeywords",
        "1,예,네,yes,y,확인",
        "Replies to an appointment text that confirm the appointment, comma separated",
        setting="reply_confirm_keywords",
    ),
    ContextKey(
        "replyWhatsAppKeywords",
        "whatsapp,왓츠앱,와츠앱",
        "Replies that ask for WhatsApp instead: an opt-in and the preferred channel, comma separated",
        setting="reply_whatsapp_keywords",
    ),
    ContextKey(
        "callbackHoursStart",
        "09:00",
        "Local time (timeZone) from which agents take callback tasks; a task created earlier is scheduled",
        setting="callback_hours_start",
    ),
    ContextKey(
        "callbackHoursEnd",
        "18:00",
        "Local time until which agents take callback tasks; a task created later waits for the next day",
        setting="callback_hours_end",
    ),
    ContextKey(
        "callbackDays",
        "mon,tue,wed,thu,fri",
        "Days agents take callback tasks (mon ... sun, comma separated)",
        setting="callback_days",
    ),
    ContextKey(
        "historyLimit",
        "3",
        "How many of the caller's last calls the next agent sees (1-3: the module's slots)",
        setting="history_limit",
    ),
    ContextKey(
        "historyDays",
        "90",
        "How far back the caller's history goes, in days (1-400)",
        setting="history_days",
    ),
    ContextKey(
        "historyIncludeAgentNotes",
        "false",
        "true: the next agent also sees earlier agents' agent-only notes",
        setting="history_include_agent_notes",
    ),
    *(
        ContextKey(
            f"gate{name}",
            default,
            f"What the gate does with a customer-facing line with a {what} finding: {choices}",
            setting=f"gate_{field}",
        )
        for name, field, default, what, choices in (
            ("Judging", "judging", "hold", "judging", "hold or drop"),
            ("Markup", "markup", "drop", "markup/HTML", "hold or drop"),
            ("Placeholder", "placeholder", "drop", "placeholder", "hold or drop"),
            ("CardNumber", "card_number", "drop", "card number", "hold or drop"),
            ("ResidentNumber", "resident_number", "drop", "resident registration number", "hold or drop"),
            ("AccountNumber", "account_number", "drop", "account number", "hold or drop"),
            ("Vague", "vague", "send", "vague", "send, drop or hold"),
            ("Spelling", "spelling", "send", "spelling", "send, drop or hold"),
        )
    ),
)

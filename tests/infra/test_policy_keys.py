"""Every handler setting can be set at deploy time, with the settings' own defaults and rules."""

from __future__ import annotations

from typing import Any

import pytest

from aftercall_infra.config import DeployConfig, consent_warning
from aftercall_infra.constants import Fn
from aftercall_infra.context_keys import CONTEXT_KEYS, DEPLOYMENT_KEYS
from aftercall_infra.function_specs import FUNCTIONS
from aftercall_infra.policy_keys import POLICY_KEYS
from aftercall_infra.settings_env import RUNTIME_PROVIDED, SettingsError, environment_for, settings_class
from tests.infra.cfn import Synthesized

# Settings no context key offers, and why.
NOT_DEPLOY_SETTINGS = {
    # Set by the stack on check_memo only, with its spelling layer; the send path's functions have no
    # dictionaries (docs/decisions.md).
    "spell_check": "only check_memo checks spelling: its own layer holds the dictionaries",
    "spell_dictionaries": "only check_memo's spelling layer has dictionaries (/opt/hunspell)",
    "max_pacing_wait_seconds": "tuned with the send queue's visibility timeout in code, not per deployment",
}
OFFERED_BY_CONTEXT = {setting for key in CONTEXT_KEYS for setting in key.settings}


def _classes() -> dict[str, type[Any]]:
    return {spec.settings: settings_class(spec.settings) for spec in FUNCTIONS.values()}


def test_policy_keys_are_context_keys_with_unique_names() -> None:
    names = [key.name for key in CONTEXT_KEYS]

    assert len(names) == len(set(names))
    assert set(POLICY_KEYS) <= set(CONTEXT_KEYS)
    assert not set(POLICY_KEYS) & set(DEPLOYMENT_KEYS)


@pytest.mark.parametrize("key", POLICY_KEYS, ids=lambda key: key.name)
def test_a_policy_key_defaults_to_what_its_settings_default_to(key: Any) -> None:
    declaring = [
        (cls, name) for cls in _classes().values() for name in key.settings if name in cls.model_fields
    ]

    assert declaring, f"{key.name} feeds no setting any function reads"
    for cls, name in declaring:
        cls.model_rebuild()
        field_default = cls.model_fields[name].default
        if key.default == "":
            assert field_default in (None, ""), (key.name, name)
            continue
        probe = cls.model_construct()
        cls.__pydantic_validator__.validate_assignment(probe, name, key.default)
        assert getattr(probe, name) == field_default, (key.name, name)


def test_every_setting_a_function_reads_is_offered_at_deploy(synthesized: Synthesized) -> None:
    unoffered: list[str] = []
    for fn, spec in FUNCTIONS.items():
        environment = synthesized.function(fn)["Environment"]["Variables"]
        for name in settings_class(spec.settings).model_fields:
            offered = (
                name.upper() in environment
                or name in OFFERED_BY_CONTEXT
                or name in RUNTIME_PROVIDED
                or name in NOT_DEPLOY_SETTINGS
            )
            if not offered:
                unoffered.append(f"{fn.name}.{name}")

    assert unoffered == []


def test_a_policy_value_reaches_every_function_that_reads_it(synthesized: Synthesized) -> None:
    plan = synthesized.function(Fn.PLAN)["Environment"]["Variables"]
    page = synthesized.function(Fn.DETAIL_PAGE)["Environment"]["Variables"]

    assert plan["QUIET_START"] == "22:30"
    assert plan["DEFAULT_TIME_ZONE"] == "Asia/Tokyo"
    assert page["TIME_ZONE"] == "Asia/Tokyo"  # the same key, another name in the page's settings
    assert plan["REQUIRE_CONSENT"] == "false"


@pytest.mark.parametrize(
    ("setting", "value", "reason"),
    [
        ("frequency_cap", "0", "greater than or equal to 1"),
        ("default_time_zone", "Mars/Olympus", "unknown time zone"),
        ("gate_judging", "send", "Input should be 'drop' or 'hold'"),
        ("reminder_horizon_days", "400", "less than or equal to 350"),
    ],
)
def test_a_bad_policy_value_fails_synth_with_the_settings_rule(setting: str, value: str, reason: str) -> None:
    tables = ("memo_table", "followup_table", "preferences_table", "template_table", "link_table")
    offered = dict.fromkeys(tables, "aftercall-table") | {"company_name": "Co", "callback_number": "1588"}

    with pytest.raises(SettingsError, match=setting.upper()) as raised:
        environment_for("aftercall.settings.plan:PlanSettings", offered | {setting: value})

    assert reason in str(raised.value)


def test_synth_warns_when_consent_is_required_and_nothing_asks_for_it() -> None:
    default = DeployConfig.from_mapping({})
    not_required = DeployConfig.from_mapping({"requireConsent": "false"})

    warning = consent_warning(default, memo_form=False)
    assert warning is not None
    assert "aftercall_consent=yes" in warning
    assert "requireConsent=false" in warning
    assert consent_warning(default, memo_form=True) is None
    assert consent_warning(not_required, memo_form=False) is None

"""Settings of the gate: one action per finding class (docs/texts.md, "The gate").

A mix-in: the settings of every function that composes or shows memo text (plan, email, detail
page) extend it, so each applies the same policy. ``send`` is refused for the classes that must never
leave as written.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from aftercall.domain.gate import Action, Check, GatePolicy
from aftercall.settings import EnvSettings

NeverSent = Literal["drop", "hold"]
MaySend = Literal["send", "drop", "hold"]


class GateSettings(EnvSettings):
    gate_judging: NeverSent = "hold"
    gate_markup: NeverSent = "drop"
    gate_placeholder: NeverSent = "drop"
    gate_card_number: NeverSent = "drop"
    gate_resident_number: NeverSent = "drop"
    gate_account_number: NeverSent = "drop"
    gate_vague: MaySend = "send"
    gate_spelling: MaySend = "send"
    spell_check: bool = False  # needs the dictionaries in the function (docs/decisions.md)
    # A directory of Hunspell .aff/.dic files, read with Hunspell's C library (the check_memo Lambda's
    # spelling layer); unset: Enchant's Hunspell provider (the CLI).
    spell_dictionaries: str | None = None

    @model_validator(mode="after")
    def _policy(self) -> GateSettings:
        self.gate_policy()  # GatePolicy refuses what may not be sent
        return self

    def gate_policy(self) -> GatePolicy:
        return GatePolicy({check: Action(getattr(self, f"gate_{check.value}")) for check in Check})

"""One CDK context key: its name, default, meaning and the handler setting it feeds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ContextKey:
    name: str
    default: str  # for keys required for deploy: a placeholder that synthesizes, with a warning
    meaning: str
    setting: str | None = None  # the handler settings field it feeds, if any
    also: tuple[str, ...] = ()  # the same setting under another name in another settings class
    required_for_deploy: bool = False

    @property
    def settings(self) -> tuple[str, ...]:
        return (self.setting, *self.also) if self.setting else ()

"""What a Lambda container builds once (settings, clients, use cases), and the one ``reset()``.

Every container-level cache is made with ``once`` and so registered here: ``reset()`` forgets all of
them in one call (tests and local runs that change the environment or start a new moto context).
The two clocks are the container's too: AWS runs on the system clock; the demo moves a virtual one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from aftercall.domain.pacing import Clock


Built = TypeVar("Built", bound=Callable[..., Any])

_registry: list[Any] = []


def once(build: Built) -> Built:
    """Cache ``build`` per container (per argument tuple) and register it for ``reset()``."""
    cached = functools.cache(build)
    _registry.append(cached)
    return cached  # type: ignore[return-value]


def forget(*built: Callable[..., Any]) -> None:
    """Forget some of what ``once`` cached (a local page server reconfigured mid-run)."""
    for cached in built:
        cached.cache_clear()  # type: ignore[attr-defined]


def on_reset(forget: Callable[[], None]) -> None:
    """Register state that is not a cache (stand-ins a local run installed) to be dropped by ``reset()``."""
    _registry.append(_Forget(forget))


@dataclass(frozen=True)
class _Forget:
    """A ``cache_clear`` for what ``once`` built, so tests can forget it."""

    forget: Callable[[], None]

    def cache_clear(self) -> None:
        self.forget()


def _system_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Clocks:
    """The clocks the steps read: the wall clock they decide against, and the pacer's."""

    pacer: Clock | None = None  # what the SMS pacer sleeps on; None: the system's clock
    wall: Callable[[], datetime] = _system_now  # what every step decides against

    def now(self) -> datetime:
        # Read on every call, so that a local run can move it between steps.
        return self.wall()


clocks = Clocks()


def reset() -> None:
    """Forget every cached setting, client and use case, and go back to the system clocks."""
    for cached in _registry:
        cached.cache_clear()
    clocks.pacer = None
    clocks.wall = _system_now

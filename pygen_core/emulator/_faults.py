"""Fault injection: make chosen requests fail with 429, 503 or a dropped connection."""

from __future__ import annotations

import fnmatch
import random
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

FaultKind = Literal["429", "503", "drop"]
"""How an injected fault fails a request: HTTP 429, HTTP 503, or the connection dropped without a response."""
_KINDS: tuple[str, ...] = ("429", "503", "drop")


@dataclass
class FaultRule:
    """Fail matching requests, either at random (``rate``) or the next ``remaining`` times.

    ``path`` is an exact path or a glob (``fnmatch``) relative to the project, e.g.
    ``/models/instances/list`` or ``/models/instances*``; ``None`` matches every API request (not the
    token endpoint, which only an explicit ``path="/oauth2/token"`` matches).
    ``method`` is ``"GET"``/``"POST"`` or ``None`` for both.
    """

    kind: FaultKind
    path: str | None = None
    method: str | None = None
    rate: float | None = None
    remaining: int | None = None
    retry_after: float = 1.0
    after: int = 0
    hits: int = field(default=0)

    def matches(self, method: str, path: str, is_token: bool) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.path is None:
            return not is_token
        return path == self.path or fnmatch.fnmatchcase(path, self.path)


@dataclass(frozen=True)
class InjectedFault:
    """One fault that was served."""

    kind: FaultKind
    method: str
    path: str
    retry_after: float


class Faults:
    """The emulator's fault-injection control (``emu.faults``); thread-safe, seeded for reproducible rates."""

    def __init__(self, seed: int = 0) -> None:
        self._rng = random.Random(seed)
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()
        self.log: list[InjectedFault] = []

    def inject(
        self,
        kind: FaultKind,
        *,
        path: str | None = None,
        method: str | None = None,
        rate: float | None = None,
        count: int | None = None,
        retry_after: float = 1.0,
        after: int = 0,
    ) -> FaultRule:
        """Add a rule: with ``rate`` (0 to 1) each matching request fails with that probability; with
        ``count`` the next ``count`` matching requests fail.
        Without either, the next matching request fails once. ``after=k`` lets the first k matching
        requests through untouched (e.g. fail the 3rd chunk of an upload with ``after=2, count=1``)."""
        if kind not in _KINDS:
            raise ValueError(f"fault kind must be one of {', '.join(_KINDS)}, not {kind!r}")
        if rate is not None and count is not None:
            raise ValueError("give either rate= or count=, not both")
        if rate is not None and not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate must be between 0 and 1, not {rate!r}")
        if count is not None and count < 0:
            raise ValueError(f"count must be >= 0, not {count!r}")
        if after < 0:
            raise ValueError(f"after must be >= 0, not {after!r}")
        if rate is None and count is None:
            count = 1
        rule = FaultRule(kind, path, method, rate, count, retry_after, after)
        with self._lock:
            self._rules.append(rule)
        return rule

    def reseed(self, seed: int) -> None:
        """Restart the random sequence used by rate rules."""
        with self._lock:
            self._rng = random.Random(seed)

    def clear(self) -> None:
        """Remove every rule and forget the counters."""
        with self._lock:
            self._rules.clear()
            self.log.clear()

    @property
    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    @property
    def counts(self) -> Counter[str]:
        """How many faults of each kind were served."""
        with self._lock:
            return Counter(fault.kind for fault in self.log)

    def count(self, kind: FaultKind | None = None, path: str | None = None) -> int:
        """Faults served, optionally only of one kind and/or for one exact path."""
        with self._lock:
            return sum(
                1
                for fault in self.log
                if (kind is None or fault.kind == kind) and (path is None or fault.path == path)
            )

    def decide(self, method: str, path: str, *, is_token: bool = False) -> InjectedFault | None:
        """Called once per request: the fault to serve, if any (counted as served)."""
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path, is_token):
                    continue
                if rule.after > 0:
                    rule.after -= 1
                    continue
                if rule.remaining is not None:
                    if rule.remaining <= 0:
                        continue
                    rule.remaining -= 1
                elif rule.rate is None or self._rng.random() >= rule.rate:
                    continue
                rule.hits += 1
                fault = InjectedFault(rule.kind, method.upper(), path, rule.retry_after)
                self.log.append(fault)
                return fault
        return None

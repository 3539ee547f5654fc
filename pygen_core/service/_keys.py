"""API keys: who may call the service, compared in constant time; and a per-key rate limit."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .._errors import PygenError

__all__ = ["KeyStore", "RateLimiter", "hash_key", "parse_key_list", "read_key_file"]

MIN_KEY_LENGTH = 16
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_HASH = re.compile(r"sha256:([0-9a-f]{64})")


def hash_key(key: str) -> str:
    """``sha256:<hex>`` of a key: what a keys file stores (keys are random, so a fast hash is enough)."""
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Entry:
    key_id: str
    digest: bytes


class KeyStore:
    """Known keys as (id, sha256) pairs; :meth:`identify` checks a presented key against all of them."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._entries: list[_Entry] = []
        seen: set[str] = set()
        for key_id, hashed in entries:
            match = _HASH.fullmatch(hashed)
            if match is None:
                raise PygenError(f"key {key_id!r}: expected sha256:<64 hex digits>")
            if key_id in seen:
                raise PygenError(f"key id {key_id!r} is listed twice")
            seen.add(key_id)
            self._entries.append(_Entry(key_id, bytes.fromhex(match.group(1))))

    def __len__(self) -> int:
        return len(self._entries)

    def identify(self, presented: str | None) -> str | None:
        """The id of the key ``presented``, or None. Every entry is compared, in constant time each."""
        digest = hashlib.sha256((presented or "").encode("utf-8")).digest()
        found: str | None = None
        for entry in self._entries:
            if hmac.compare_digest(digest, entry.digest) and presented:
                found = entry.key_id
        return found


def _check_id(key_id: str, where: str) -> str:
    if not _ID.fullmatch(key_id):
        raise PygenError(f"{where}: key id {key_id!r} must be letters, digits, '.', '_' or '-' (at most 64)")
    return key_id


def parse_key_list(text: str, source: str = "PYGEN_SERVICE_KEYS") -> list[tuple[str, str]]:
    """Keys given in clear as ``ID:KEY,ID:KEY`` (or bare ``KEY``, whose id is derived from its hash)."""
    entries: list[tuple[str, str]] = []
    for n, item in enumerate(part.strip() for part in text.split(",")):
        if not item:
            continue
        key_id, sep, key = item.partition(":")
        if not sep:
            key, key_id = item, "key-" + hash_key(item)[7:15]
        else:
            _check_id(key_id, f"{source}[{n}]")
        if len(key) < MIN_KEY_LENGTH:
            raise PygenError(
                f"{source}[{n}] ({key_id}): a key must have at least {MIN_KEY_LENGTH} characters "
                "(make one with: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
            )
        entries.append((key_id, hash_key(key)))
    return entries


def read_key_file(path: str) -> list[tuple[str, str]]:
    """Hashed keys, one ``ID sha256:<hex>`` per line; blank lines and ``#`` comments are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PygenError(f"{path}: cannot read the keys file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise PygenError(f"{path}: the keys file is not UTF-8 text") from None
    entries: list[tuple[str, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or not _HASH.fullmatch(parts[1]):
            raise PygenError(
                f"{path}:{number}: expected 'ID sha256:<64 hex digits>' (pygen serve --hash-key)"
            )
        entries.append((_check_id(parts[0], f"{path}:{number}"), parts[1]))
    return entries


class RateLimiter:
    """A token bucket per key: ``per_minute`` requests a minute, up to ``burst`` at once."""

    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(1, burst))
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key_id: str) -> int:
        """0 when the request may go ahead, else the seconds to wait before retrying (at least 1)."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key_id, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key_id] = (tokens - 1.0, now)
                return 0
            self._buckets[key_id] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self.rate)) if self.rate > 0 else 60

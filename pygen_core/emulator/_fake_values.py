"""Fake property values: the right type, within the type's range and the property's limits."""

from __future__ import annotations

import datetime as dt
import random
import struct
from typing import Any

_WORD_TEXT = (
    "north south east west alpha beta gamma delta pump valve motor tank line unit station plant sensor blade "
    "rotor shaft gear inlet outlet level flow pressure heat cool wind solar river lake ridge stone"
)
WORDS = tuple(_WORD_TEXT.split())
_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_FLOAT32_MAX = 3.4028234663852886e38
_FLOAT64_MAX = 1.7976931348623157e308
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


class _Skip:
    def __repr__(self) -> str:
        return "<skip>"


SKIP: Any = _Skip()
"""No value (the type is unknown or has nothing to choose from)."""


def primitive(prop_type: dict[str, Any], name: str, label: str, rng: random.Random) -> Any:
    """A value of a non-relation container type; ``label`` starts ``name``/``title`` texts."""
    kind = prop_type.get("type")
    roll = rng.random()
    if kind == "text":
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
        if name.lower() in ("name", "title"):
            text = f"{label} {text}"
        size = prop_type.get("maxTextSize")
        return text[:size] if isinstance(size, int) and size > 0 else text
    if kind == "boolean":
        return roll < 0.5
    if kind in _INT_RANGES:
        low, high = _INT_RANGES[kind]
        if roll < 0.05:
            return low
        if roll < 0.1:
            return high
        return rng.randint(-1000, 1000) if roll < 0.8 else rng.randint(low, high)
    if kind == "float32":
        value = _FLOAT32_MAX if roll < 0.05 else rng.uniform(-1000.0, 1000.0)
        return struct.unpack("<f", struct.pack("<f", value))[0]  # exactly representable as float32
    if kind == "float64":
        return -_FLOAT64_MAX if roll < 0.05 else rng.uniform(-1e6, 1e6)
    if kind == "timestamp":  # mostly 2000..2029, sometimes anywhere in CDF's 1900..2099
        millis = (
            rng.randint(946684800000, 1893455999999)
            if roll < 0.9
            else rng.randint(-2208988800000, 4102444799999)
        )
        moment = _EPOCH + dt.timedelta(milliseconds=millis)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+00:00"
    if kind == "date":
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 30))
        if roll >= 0.9:
            day = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randint(0, 73000))
        return day.isoformat()
    if kind == "json":
        return {"word": rng.choice(WORDS), "number": rng.randint(0, 100), "flags": [roll < 0.5, roll > 0.2]}
    if kind == "enum":
        values = sorted(prop_type.get("values") or {})
        return rng.choice(values) if values else SKIP
    if kind in ("timeseries", "file", "sequence"):
        return f"{kind}_{rng.choice(WORDS)}_{rng.randint(0, 9999):04d}"
    return SKIP

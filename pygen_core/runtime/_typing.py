"""Typing names generated code uses that differ between the supported Python versions."""

from __future__ import annotations

import sys

from pydantic import JsonValue

if sys.version_info >= (3, 11):
    from typing import Unpack
else:  # pragma: no cover - Python 3.10 (typing_extensions comes with pydantic)
    from typing_extensions import Unpack

__all__ = ["JsonValue", "Unpack"]

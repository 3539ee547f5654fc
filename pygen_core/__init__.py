"""pygen_core: the engine behind hatch-pygen (DMS models, snapshots, IR, codegen, runtime, emulator)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import PygenError
from ._version import __version__

if TYPE_CHECKING:
    from ._load import load_sdk

__all__ = ["PygenError", "__version__", "load_sdk"]


def __getattr__(name: str) -> Any:
    # load_sdk pulls in the generator: imported on first use, so `import pygen_core` stays cheap.
    if name == "load_sdk":
        from ._load import load_sdk

        return load_sdk
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

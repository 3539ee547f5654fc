"""pygen_core: the engine behind hatch-pygen (DMS models, snapshots, IR, codegen, runtime, emulator)."""

from ._errors import PygenError
from ._version import __version__

__all__ = ["PygenError", "__version__"]

"""`generate`: snapshot → IR → Python package source, entirely in memory."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from ._options import GenerateOptions
from ._python import node_types, render_package

if TYPE_CHECKING:
    from ..ir import IRResult
    from ..snapshot import Snapshot

__all__ = ["generate", "generate_with_ir"]


def generate_with_ir(
    snapshot: Snapshot, options: GenerateOptions
) -> tuple[dict[PurePosixPath, str], IRResult]:
    """Like :func:`generate`, and also return the IR it rendered (its views, and findings to report)."""
    from ..ir import build_ir

    result = build_ir(snapshot, options.ir_options())
    return render_package(result.model, options, node_types(snapshot)), result


def generate(snapshot: Snapshot, options: GenerateOptions) -> dict[PurePosixPath, str]:
    """Return the generated SDK as ``{path: source}``; paths start with the package directory.

    Deterministic: the same snapshot and options give the same bytes, whatever the hash seed. Fatal model
    problems raise :class:`pygen_core.ir.IRValidationError` (a ``PygenError``).
    """
    return generate_with_ir(snapshot, options)[0]

"""`generate`: snapshot → IR → the files of an SDK in one language, entirely in memory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ._options import GenerateOptions

if TYPE_CHECKING:
    from ..ir import IRResult
    from ..snapshot import Snapshot, SnapshotContent

__all__ = ["LANGUAGES", "generate", "generate_with_ir", "languages"]

LANGUAGES: tuple[str, ...] = ("python", "typescript")
"""The languages :func:`generate` writes."""


def languages() -> tuple[str, ...]:
    """The languages this version of the engine generates SDKs in."""
    return LANGUAGES


def generate_with_ir(
    snapshot: Snapshot | SnapshotContent | Mapping[str, Any], options: GenerateOptions
) -> tuple[dict[PurePosixPath, str], IRResult]:
    """Like :func:`generate`, and also return the IR it rendered (its views, and findings to report)."""
    from ..ir import build_ir
    from ..snapshot import SnapshotContent

    result = build_ir(snapshot, options.ir_options())
    if isinstance(snapshot, SnapshotContent) and result.malformed:
        # Plain JSON took the fast path; malformed JSON gets the wire models' exact error instead.
        snapshot.validate()
    if options.language == "typescript":
        from .typescript import render_package as render_typescript

        files = render_typescript(
            result.model, options.package, options.resolved_client_name, options.default_instance_space
        )
    else:
        from .python import render_package

        files = render_package(
            result.model, options.package, options.resolved_client_name, options.default_instance_space
        )
    return files, result


def generate(
    snapshot: Snapshot | SnapshotContent | Mapping[str, Any], options: GenerateOptions
) -> dict[PurePosixPath, str]:
    """Return the generated SDK as ``{path: source}``; paths start with the package directory (Python: the
    package's import path; TypeScript: the npm package's directory holding ``package.json`` and ``src/``).

    ``snapshot`` is a :class:`~pygen_core.snapshot.Snapshot` or its JSON content. Deterministic: the same
    snapshot and options give the same bytes, whatever the hash seed. Fatal model problems raise
    :class:`pygen_core.ir.IRValidationError` (a ``PygenError``).
    """
    return generate_with_ir(snapshot, options)[0]

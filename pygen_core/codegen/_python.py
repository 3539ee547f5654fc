"""Render the Python SDK package from the IR."""

from __future__ import annotations

from pathlib import PurePosixPath

from ..ir import SDKModel
from ._environment import environment
from ._header import header
from ._options import GenerateOptions
from ._runtime_files import runtime_files

__all__ = ["render_package"]


def render_package(model: SDKModel, options: GenerateOptions) -> dict[PurePosixPath, str]:
    """Return every file of the generated package, keyed by path (starting with the package directory)."""
    env = environment()
    root = PurePosixPath(options.package)
    head = header(model.content_hash)
    files: dict[PurePosixPath, str] = {}
    exports: list[tuple[str, str]] = []
    files[root / "__init__.py"] = env.get_template("package_init.py.jinja").render(
        header=head, exports=sorted(exports, key=lambda e: e[0].casefold())
    )
    files[root / "py.typed"] = ""
    for path, text in runtime_files().items():
        files[root / "_runtime" / path] = text
    return dict(sorted(files.items()))

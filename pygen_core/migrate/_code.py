"""``pygen migrate code``: find uses of cognite-pygen's generated SDK in application code and rewrite the
mechanical ones.

libcst keeps the user's formatting and comments. What each predecessor name becomes comes from the mapping
table (``_mapping.py``) and, per view, from the snapshot (``_names.py``). Types are followed through plain
assignments, loops, ``with`` and annotations (a small flow-insensitive inference): a rename is applied only
where the object is known to come from the SDK; elsewhere it is listed for a person.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .._errors import PygenError
from ._files import atomic_write_text, read_text, uses_crlf

if TYPE_CHECKING:
    from ._names import NameMap

__all__ = ["CodeFinding", "CodeScan", "scan_code"]

_SKIP_DIRS = frozenset({"__pycache__", "node_modules", "venv", "build", "dist", "site-packages"})
_API_READS = frozenset({"list", "search", "retrieve", "iterate", "aggregate", "histogram"})


@dataclass(frozen=True)
class CodeFinding:
    """One use of the predecessor's API: where, what, and its replacement (mechanical) or advice (manual)."""

    path: Path
    line: int
    column: int
    what: str
    replacement: str | None = None
    advice: str = ""
    fixed: bool = False

    @property
    def mechanical(self) -> bool:
        """True when ``--fix`` rewrites it."""
        return self.replacement is not None

    def render(self) -> str:
        """``file:line:col: <what> -> <replacement or what to do>``."""
        where = f"{self.path}:{self.line}:{self.column}"
        if self.replacement is not None:
            return f"{where}: {self.what} -> {self.replacement}" + (" (fixed)" if self.fixed else "")
        return f"{where}: {self.what} -> manual: {self.advice}"


@dataclass
class CodeScan:
    """Every finding of a scan (sorted by file and position) and the files ``fix`` rewrote."""

    findings: list[CodeFinding] = field(default_factory=list)
    files_scanned: int = 0
    files_changed: list[Path] = field(default_factory=list)

    @property
    def remaining(self) -> list[CodeFinding]:
        """Findings not fixed (exit code 1 when any)."""
        return [finding for finding in self.findings if not finding.fixed]


def scan_code(
    paths: Sequence[Path],
    *,
    package: str,
    client_name: str | None = None,
    names: NameMap | None = None,
    fix: bool = False,
) -> CodeScan:
    """Scan ``paths`` (files, or directories searched for ``*.py``) for uses of the SDK ``package``.

    With ``fix``, mechanical changes are written back (atomically, only if the result compiles).
    """
    scan = CodeScan()
    # Every finding needs an import of the package or of cognite (cognite-pygen, cognite-sdk): other files
    # are not parsed at all.
    relevant = re.compile(rf"\b(?:{re.escape(package.split('.')[0])}|cognite)\b")
    for path in _python_files(paths):
        scan.files_scanned += 1
        text = read_text(path)
        if not relevant.search(text):
            continue
        findings, new_text = _scan_source(path, text, package, client_name, names, fix)
        if fix and new_text is not None and new_text != text:
            try:
                compile(new_text, str(path), "exec")
            except SyntaxError as exc:  # pragma: no cover - libcst emits valid code; never write if not
                raise PygenError(
                    f"{path}: internal error: the rewrite does not compile ({exc.msg})"
                ) from None
            atomic_write_text(path, new_text, crlf=uses_crlf(path))
            scan.files_changed.append(path)
        else:
            findings = [replace(f, fixed=False) for f in findings]
        scan.findings.extend(findings)
    scan.findings.sort(key=lambda f: (str(f.path), f.line, f.column, f.what))
    return scan


def _python_files(paths: Sequence[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        if path.is_file():
            candidates: list[Path] = [path]
        elif path.is_dir():
            candidates = sorted(_walk(path))
        else:
            raise PygenError(f"{path}: no such file or directory")
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield candidate


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        here = Path(directory)
        subdirs[:] = sorted(
            d
            for d in subdirs
            if not d.startswith(".") and d not in _SKIP_DIRS and not _is_predecessor_sdk(here / d)
        )
        yield from (here / name for name in sorted(files) if name.endswith(".py"))


def _is_predecessor_sdk(directory: Path) -> bool:
    """The committed cognite-pygen package itself: never rewritten (it is replaced, not migrated)."""
    return (directory / "_api_client.py").is_file() and (directory / "data_classes" / "_core").is_dir()


def _scan_source(
    path: Path, text: str, package: str, client_name: str | None, names: NameMap | None, fix: bool
) -> tuple[list[CodeFinding], str | None]:
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from ._rewrite import Migrator

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        finding = CodeFinding(
            path,
            exc.raw_line,
            exc.raw_column + 1,
            "cannot parse",
            advice=f"fix the syntax error: {exc.message}",
        )
        return [finding], None
    wrapper = MetadataWrapper(module)
    transformer = Migrator(path, package, client_name, names, fix)
    new_module = wrapper.visit(transformer)
    return transformer.findings, new_module.code

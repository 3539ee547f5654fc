"""Options of :func:`pygen_core.codegen.generate`."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from .._errors import PygenError
from .._records import field, record
from ..ir import IROptions
from ._requirements import check_package_name

__all__ = ["GenerateOptions"]

_PACKAGE = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*")
_CLASS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NPM_PACKAGE = re.compile(r"(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*")
_TS_CLASS = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


@record(frozen=True)
class GenerateOptions:
    """What to generate and how.

    - `package`: Python: the import name of the generated package (lower case, e.g. ``omni_sdk``, or a
      subpackage such as ``acme.sdk``: the files then start with ``acme/sdk/``). TypeScript: the npm package
      name (``omni-sdk``, ``@acme/omni-sdk``); the files start with its unscoped name (``omni-sdk/``).
    - `client_name`: the client class name; default: the package's last name in PascalCase plus ``Client``
      (``omni-sdk`` → ``OmniSdkClient``).
    - `default_instance_space`, `data_models`, `exclude_views`, `exclude_spaces`, `names`, `strict`,
      `findings`: forwarded to :class:`pygen_core.ir.IROptions`.
    - `language`: one of :func:`pygen_core.codegen.languages`.
    """

    package: str
    client_name: str | None = None
    default_instance_space: str | None = None
    data_models: tuple[str, ...] = ()
    exclude_views: tuple[str, ...] = ()
    exclude_spaces: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    strict: bool = False
    language: str = "python"
    findings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        from ._generate import LANGUAGES

        if self.language not in LANGUAGES:
            raise PygenError(f"language: {self.language!r} is not one of {', '.join(LANGUAGES)}")
        if self.language == "typescript":
            self._check_typescript()
        else:
            self._check_python()
        object.__setattr__(self, "data_models", _as_tuple(self.data_models))
        object.__setattr__(self, "exclude_views", _as_tuple(self.exclude_views))
        object.__setattr__(self, "exclude_spaces", _as_tuple(self.exclude_spaces))
        object.__setattr__(self, "names", MappingProxyType(dict(sorted(dict(self.names).items()))))
        object.__setattr__(self, "findings", MappingProxyType(dict(sorted(dict(self.findings).items()))))

    def _check_python(self) -> None:
        if not _PACKAGE.fullmatch(self.package) or any(
            keyword.iskeyword(part) for part in self.package.split(".")
        ):
            raise PygenError(
                f"package: {self.package!r} is not a valid package name (lower case letters, digits, '_'; "
                "dots between the names of a subpackage)"
            )
        if self.client_name is not None and (
            not _CLASS.fullmatch(self.client_name) or keyword.iskeyword(self.client_name)
        ):
            raise PygenError(f"client_name: {self.client_name!r} is not a valid Python class name")
        check_package_name(self.package)

    def _check_typescript(self) -> None:
        from ..ir import TS_RESERVED_TYPE_NAMES

        if (
            len(self.package) > 214
            or not _NPM_PACKAGE.fullmatch(self.package)
            or self.package.rsplit("/", 1)[-1] in ("node_modules", "favicon.ico")
        ):
            raise PygenError(
                f"package: {self.package!r} is not a valid npm package name (lower case letters, digits, "
                "'-', '.', '_', '~', not starting with '.' or '_'; optionally '@scope/' first)"
            )
        if self.client_name is not None and (
            not _TS_CLASS.fullmatch(self.client_name) or self.client_name in TS_RESERVED_TYPE_NAMES
        ):
            raise PygenError(
                f"client_name: {self.client_name!r} is not a usable TypeScript class name (an identifier "
                "that is not a reserved word, a global type or a runtime name)"
            )

    @property
    def resolved_client_name(self) -> str:
        """`client_name`, or the default derived from `package`."""
        if self.client_name is not None:
            return self.client_name
        if self.language == "typescript":
            last = self.package.rsplit("/", 1)[-1]
            words = re.split(r"[^A-Za-z0-9]+", last)
        else:
            words = self.package.rsplit(".", 1)[-1].split("_")
        pascal = "".join(part[:1].upper() + part[1:] for part in words)
        if pascal[:1].isdigit():
            pascal = "Sdk" + pascal
        return f"{pascal or 'Pygen'}Client"

    def canonical(self) -> dict[str, object]:
        """The options as plain, order-stable JSON: equal options give equal JSON (cache keys use it)."""
        return {
            "package": self.package,
            "client_name": self.resolved_client_name,
            "default_instance_space": self.default_instance_space,
            "data_models": sorted(self.data_models),
            "exclude_views": sorted(set(self.exclude_views)),
            "exclude_spaces": sorted(set(self.exclude_spaces)),
            "names": dict(self.names),
            "strict": self.strict,
            "language": self.language,
            "findings": dict(self.findings),
        }

    def ir_options(self) -> IROptions:
        """The options forwarded to ``build_ir``."""
        return IROptions(
            data_models=self.data_models,
            exclude_views=self.exclude_views,
            exclude_spaces=self.exclude_spaces,
            names=self.names,
            strict=self.strict,
            default_instance_space=self.default_instance_space,
            findings=self.findings,
            language=self.language,
        )


def _as_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return (values,) if isinstance(values, str) else tuple(values)

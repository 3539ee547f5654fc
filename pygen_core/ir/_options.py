"""Options for building the IR."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from .._records import field, record


@record(frozen=True)
class IROptions:
    """How to build the IR from a snapshot.

    - `data_models`: which data models of the snapshot to include, as ``space:externalId/version``,
      ``space:externalId`` or ``externalId``; empty = all.
    - `exclude_views`: view external ids (every version, every space), ``space:externalId`` (every version)
      or ``space:externalId/version``.
    - `exclude_spaces`: drop every view in these spaces.
    - `names`: user overrides; ``"ViewExternalId"`` (or ``"space:ViewExternalId/version"``) → class name,
      ``"ViewExternalId.property"`` → attribute name (Python).
    - `strict`: turn warnings into errors.
    - `findings`: finding code → ``ignore``, ``info``, ``warning`` or ``error`` (wins over `strict`; an error
      code cannot be lowered).
    - `default_instance_space`: carried into the model for the generated client.
    - `language`: the language the SDK is generated in: its names are assigned (Python names always are)
      and only its naming findings are reported. Overrides in `names` are checked against its rules.
    """

    data_models: tuple[str, ...] = ()
    exclude_views: tuple[str, ...] = ()
    exclude_spaces: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    strict: bool = False
    default_instance_space: str | None = None
    findings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    language: str = "python"

    def __post_init__(self) -> None:
        # Accept any iterables/mappings but store immutable, order-stable copies.
        object.__setattr__(self, "data_models", _as_tuple(self.data_models))
        object.__setattr__(self, "exclude_views", _as_tuple(self.exclude_views))
        object.__setattr__(self, "exclude_spaces", _as_tuple(self.exclude_spaces))
        object.__setattr__(self, "names", MappingProxyType(dict(sorted(dict(self.names).items()))))
        object.__setattr__(self, "findings", MappingProxyType(dict(sorted(dict(self.findings).items()))))

    def __hash__(self) -> int:
        return hash(
            (
                self.data_models,
                self.exclude_views,
                self.exclude_spaces,
                tuple(self.names.items()),
                self.strict,
                self.default_instance_space,
                tuple(self.findings.items()),
                self.language,
            )
        )


def _as_tuple(values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    return tuple(values)

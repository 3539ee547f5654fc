"""Typed references to CDF time series, files and sequences, and nodes that are time series or files.

A property of type ``timeseries``/``file``/``sequence`` holds the external id of a classic resource. Read
classes type it :class:`TimeSeriesRef`, :class:`FileRef` or :class:`SequenceRef`: still that string
(equal to it, dumped as it), with the helpers that fetch what it points at. Nodes of views that *are* time
series or files in Cognite's core model (``CogniteTimeSeries``, ``CogniteFile``) subclass
:class:`TimeSeriesNode` / :class:`FileNode` and reach the same helpers by instance id through
``node.datapoints`` and ``node.content``.

The client comes along from the read: the view APIs validate responses inside ``_binding.reading``, and the
references (and nodes) made then keep that client. Objects built by hand are bound with ``bind(client)``.
"""

# The runtime's modules share underscored names with each other (kept private so they stay out
# of the SDK's public surface and clear of generated property names).
# pyright: reportPrivateUsage=false
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import PrivateAttr
from pydantic_core import core_schema

from . import _dp_fetch as dp
from ._binding import current_client
from ._errors import CDFError
from ._ids import NodeId
from ._instances import NodeRead

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from typing_extensions import Self

    from ._client import InstanceClient
    from ._datapoints import Datapoint, Datapoints, TimeLike
    from ._dp_fetch import PointsLike
    from ._files import SequenceRows

__all__ = [
    "FileContent",
    "FileNode",
    "FileRef",
    "SequenceRef",
    "TimeSeriesData",
    "TimeSeriesNode",
    "TimeSeriesRef",
]


def _unbound(what: str) -> CDFError:
    return CDFError(
        f"{what} is not bound to a client: read it through a client, or call .bind(client) first"
    )


class _Bound:
    """What the helpers need: how CDF addresses the resource, and a client."""

    def _identifier(self) -> dict[str, Any]:
        raise NotImplementedError

    def _label(self) -> str:
        raise NotImplementedError

    def _client(self) -> InstanceClient:
        raise NotImplementedError


class _TimeSeriesOps(_Bound):
    """Datapoints helpers (shared by :class:`TimeSeriesRef` and :class:`TimeSeriesData`)."""

    def retrieve(
        self,
        start: TimeLike | None = None,
        end: TimeLike | None = None,
        *,
        aggregates: str | Sequence[str] | None = None,
        granularity: str | None = None,
        limit: int | None = None,
        include_outside_points: bool = False,
        ignore_bad_datapoints: bool = True,
        treat_uncertain_as_bad: bool = True,
    ) -> Datapoints:
        """Datapoints in ``[start, end)``: raw, or ``aggregates`` per ``granularity`` bucket.

        Args:
            start: Inclusive start (default: 1970); epoch ms, a ``datetime``, ``"2d-ago"`` or ``"now"``.
            end: Exclusive end (default: now).
            aggregates: ``"average"``, ``"min"``, ``"max"``, ``"count"``, ``"sum"``, ``"interpolation"``,
                ... (one or several); needs ``granularity`` (``"1h"``, ``"15m"``, ``"1d"``, ...).
            limit: At most this many points or buckets; ``None`` for all.
            include_outside_points: Also the last point before ``start`` and the first at or after
                ``end`` (raw only).
            ignore_bad_datapoints: Leave out points with a Bad status (default).
            treat_uncertain_as_bad: Count Uncertain points as Bad (default).
        """
        return dp.retrieve(
            self._client(),
            self._identifier(),
            start,
            end,
            aggregates=aggregates,
            granularity=granularity,
            limit=limit,
            include_outside_points=include_outside_points,
            ignore_bad_datapoints=ignore_bad_datapoints,
            treat_uncertain_as_bad=treat_uncertain_as_bad,
        )

    def latest(self, before: TimeLike | None = None) -> Datapoint | None:
        """The last datapoint before ``before`` (default: now), or None when there is none."""
        return dp.latest(self._client(), self._identifier(), before)

    def insert(self, points: PointsLike) -> int:
        """Insert (or overwrite) datapoints: a ``Datapoints``, ``(time, value)`` pairs or ``{time: value}``.

        Returns how many were sent (100,000 per request, concurrently).
        """
        return dp.insert(self._client(), self._identifier(), points)

    def delete(self, start: TimeLike, end: TimeLike | None = None) -> None:
        """Delete the datapoints in ``[start, end)`` (just the one at ``start`` without an ``end``)."""
        dp.delete(self._client(), self._identifier(), start, end)


class _FileOps(_Bound):
    """File content helpers (shared by :class:`FileRef` and :class:`FileContent`)."""

    def download(self) -> bytes:
        """The file's content."""
        from ._files import download

        return download(self._client(), self._identifier(), self._label())

    def download_to(self, path: str | Path) -> Path:
        """Stream the content into ``path`` (atomically: a failed download leaves no file); returns it."""
        from ._files import download_to

        return download_to(
            self._client(), self._identifier(), self._label(), Path(path)
        )

    def upload(
        self,
        content: bytes | str | Path,
        *,
        mime_type: str | None = None,
        name: str | None = None,
    ) -> None:
        """Upload ``content`` (bytes, or the path of a file to read) as the file's content.

        A classic file that does not exist yet is created first (``name`` defaults to its external id).
        """
        from ._files import upload

        data = content if isinstance(content, bytes) else Path(content).read_bytes()
        upload(self._client(), self._identifier(), self._label(), data, mime_type, name)


class _Reference(str):
    """A reference to a classic CDF resource by external id: the id itself, plus helpers."""

    _kind = "resource"
    _bound_client: InstanceClient | None

    def __new__(cls, external_id: str, client: InstanceClient | None = None) -> Self:
        made = super().__new__(cls, external_id)
        made._bound_client = client
        return made

    def bind(self, client: InstanceClient) -> Self:
        """This reference with helpers that use ``client``."""
        return type(self)(str(self), client)

    def _identifier(self) -> dict[str, Any]:
        return {"externalId": str(self)}

    def _label(self) -> str:
        return f"{self._kind} {str(self)!r}"

    def _client(self) -> InstanceClient:
        if self._bound_client is None:
            raise _unbound(self._label())
        return self._bound_client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self),))

    @classmethod
    def _validate(cls, value: str) -> Self:
        return cls(value, current_client())

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> Any:
        return core_schema.no_info_after_validator_function(
            cls._validate,
            core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


class TimeSeriesRef(_Reference, _TimeSeriesOps):
    """A time series property: the external id of a CDF time series, with datapoints helpers
    (``retrieve``, ``latest``, ``insert``, ``delete``)."""

    _kind = "time series"


class FileRef(_Reference, _FileOps):
    """A file property: the external id of a CDF file, with ``download``, ``download_to`` and ``upload``."""

    _kind = "file"


class SequenceRef(_Reference):
    """A sequence property: the external id of a CDF sequence, with ``rows``."""

    _kind = "sequence"

    def rows(
        self,
        start: int = 0,
        end: int | None = None,
        *,
        columns: Sequence[str] | None = None,
        limit: int | None = None,
    ) -> SequenceRows:
        """Rows ``start`` (inclusive) to ``end`` (exclusive; default: the last), of ``columns`` (default
        all), at most ``limit`` (default all)."""
        from ._files import sequence_rows

        return sequence_rows(
            self._client(),
            self._identifier(),
            self._label(),
            start,
            end,
            columns,
            limit,
        )


class _NodeHandle(_Bound):
    """The resource a node is, addressed by its instance id."""

    _kind = "node"

    def __init__(self, node: NodeId, client: InstanceClient | None = None) -> None:
        self._node = node
        self._bound_client = client

    def bind(self, client: InstanceClient) -> Self:
        """This handle with helpers that use ``client``."""
        return type(self)(self._node, client)

    def _identifier(self) -> dict[str, Any]:
        return dp.node_identifier(self._node)

    def _label(self) -> str:
        return f"{self._kind} {self._node.space}:{self._node.external_id}"

    def _client(self) -> InstanceClient:
        if self._bound_client is None:
            raise _unbound(self._label())
        return self._bound_client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._node!r})"


class TimeSeriesData(_NodeHandle, _TimeSeriesOps):
    """The datapoints of a time-series node (``TimeSeriesData(NodeId(space, xid), client)``, or
    ``node.datapoints``): ``retrieve``, ``latest``, ``insert``, ``delete``."""

    _kind = "time series node"


class FileContent(_NodeHandle, _FileOps):
    """The content of a file node (``FileContent(NodeId(space, xid), client)``, or ``node.content``):
    ``download``, ``download_to``, ``upload``."""

    _kind = "file node"


class _BoundNode(NodeRead):
    """A node that keeps the client it was read through (for its resource helpers)."""

    _reading_client: InstanceClient | None = PrivateAttr(default=None)

    def model_post_init(self, context: Any, /) -> None:
        """Keep the client the node is being read for."""
        self._reading_client = current_client()

    def bind(self, client: InstanceClient) -> Self:
        """Use ``client`` for this node's helpers (a node built by hand has none)."""
        self._reading_client = client
        return self


class TimeSeriesNode(_BoundNode):
    """Base of read classes of views that are CDF time series (they map ``cdf_cdm:CogniteTimeSeries``)."""

    @property
    def datapoints(self) -> TimeSeriesData:
        """This time series' datapoints: ``retrieve``, ``latest``, ``insert``, ``delete``."""
        return TimeSeriesData(self.as_id(), self._reading_client)


class FileNode(_BoundNode):
    """Base of read classes of views that are CDF files (they map ``cdf_cdm:CogniteFile``)."""

    @property
    def content(self) -> FileContent:
        """This file's content: ``download``, ``download_to``, ``upload``."""
        return FileContent(self.as_id(), self._reading_client)

"""Where the schema comes from: the sdist's embedded snapshot, a refresh from CDF, or the snapshot file.

Order: (1) inside an unpacked sdist (``PKG-INFO`` in the root) only the embedded snapshot, never the network;
(2) ``PYGEN_REFRESH=1`` fetches and atomically rewrites the snapshot file; (3) the snapshot file; (4) when it
is missing and CDF credentials are set, fetch and write it; (5) otherwise one actionable error.
``PYGEN_OFFLINE=1`` forbids the network in every case.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pygen_core import PygenError
from pygen_core._records import record

if TYPE_CHECKING:
    from pygen_core.snapshot import SnapshotContent

    from ._config import BuildEnv, PygenConfig

# Any of these set means the user meant to give credentials; then ClientConfig's own error is the helpful one.
CREDENTIAL_VARIABLES = (
    "CDF_PROJECT",
    "CDF_CLUSTER",
    "CDF_URL",
    "CDF_TOKEN",
    "IDP_CLIENT_ID",
    "IDP_CLIENT_SECRET",
    "IDP_TENANT_ID",
    "IDP_TOKEN_URL",
)


# Snapshot files this process refreshed, with the content hash it wrote.
_REFRESHED: dict[str, str] = {}


@record(frozen=True)
class ResolvedSource:
    """The snapshot to generate from and how it was obtained (for the build log).

    ``snapshot.digest`` is the sha256 of the file's bytes as read (the cache key's view of the snapshot);
    ``snapshot.content_hash`` is the snapshot's own canonical hash (what the build log shows).
    """

    snapshot: SnapshotContent
    path: Path
    origin: str
    fetched: bool

    @property
    def digest(self) -> str:
        """sha256 of the snapshot file's bytes as read."""
        return self.snapshot.digest

    @property
    def content_hash(self) -> str:
        """The snapshot's canonical content hash."""
        return self.snapshot.content_hash


def is_unpacked_sdist(root: Path) -> bool:
    """True when ``root`` is an unpacked sdist (hatchling's own test: a ``PKG-INFO`` file)."""
    return (root / "PKG-INFO").is_file()


def _has_credentials(environ: Mapping[str, str]) -> bool:
    return any(environ.get(name, "").strip() for name in CREDENTIAL_VARIABLES)


def _load(path: Path, origin: str, name: str) -> ResolvedSource:
    from pygen_core.snapshot import read_snapshot

    return ResolvedSource(read_snapshot(path, name=name), path, origin, False)


def _fetch(config: PygenConfig, environ: Mapping[str, str], path: Path, origin: str) -> ResolvedSource:
    from pygen_core.dms import DataModelId
    from pygen_core.snapshot import pull_snapshot_file

    if not config.data_models:
        raise PygenError(
            "tool.pygen.data-models: list the data models to fetch, e.g. ['my_space:MyModel/v1']"
        )
    ids = [DataModelId.parse(text) for text in config.data_models]
    pull_snapshot_file(ids, path, environ=environ, client_name="hatch-pygen")
    loaded = _load(path, origin, config.snapshot)
    return ResolvedSource(loaded.snapshot, path, origin, True)


def resolve_source(
    root: Path, config: PygenConfig, env: BuildEnv, environ: Mapping[str, str]
) -> ResolvedSource:
    """Find the snapshot for this build following the order in the module docstring."""
    path = root / config.snapshot
    if is_unpacked_sdist(root):
        if not path.is_file():
            raise PygenError(
                f"{config.snapshot}: not in this sdist, and wheels built from an sdist never fetch it; build "
                "the sdist with the hook enabled for it ([tool.hatch.build.hooks.pygen], not only the wheel "
                "target) or keep the snapshot under version control"
            )
        return _load(path, "snapshot embedded in the sdist", config.snapshot)
    if env.refresh:
        # `hatch build` runs the sdist and the wheel hook in one process: fetch once, build both from it.
        earlier = _REFRESHED.get(str(path.resolve()))
        if earlier is not None and path.is_file():
            loaded = _load(path, "fetched from CDF earlier in this build", config.snapshot)
            if loaded.content_hash == earlier:
                return loaded
        fetched = _fetch(config, environ, path, "fetched from CDF (PYGEN_REFRESH=1)")
        _REFRESHED[str(path.resolve())] = fetched.content_hash
        return fetched
    if path.is_file():
        return _load(path, "snapshot file", config.snapshot)
    models = " ".join(f"--data-model {text}" for text in config.data_models) or "--data-model <space:model/v>"
    hint = (
        f"{config.snapshot}: snapshot file not found; create it with "
        f"'pygen snapshot pull {models} -o {config.snapshot}', or set the CDF credentials (CDF_PROJECT, "
        "CDF_CLUSTER or CDF_URL, and CDF_TOKEN or IDP_CLIENT_ID/IDP_CLIENT_SECRET/IDP_TOKEN_URL) to fetch it "
        "during the build"
    )
    if env.offline:
        raise PygenError(f"{hint} (PYGEN_OFFLINE=1 forbids fetching)")
    if not _has_credentials(environ):
        raise PygenError(hint)
    return _fetch(config, environ, path, f"fetched from CDF ({config.snapshot} was missing)")


def check_models_match(snapshot: SnapshotContent, config: PygenConfig, origin: str) -> None:
    """Every data model listed in ``tool.pygen.data-models`` must be in the snapshot."""
    present = set(snapshot.data_model_ids)
    absent = [text for text in config.data_models if text not in present]
    if absent:
        raise PygenError(
            f"tool.pygen.data-models: {', '.join(absent)} not in the {origin} {config.snapshot} (it holds "
            f"{', '.join(sorted(present)) or 'no data model'}); refresh it with PYGEN_REFRESH=1"
        )

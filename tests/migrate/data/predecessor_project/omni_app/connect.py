"""How the app gets its client (three ways people did it with cognite-pygen)."""

from __future__ import annotations

from cognite.client import CogniteClient
from cognite.pygen import load_cognite_client_from_toml

from omni import OmniClient
from omni.data_classes._core import DEFAULT_INSTANCE_SPACE


def from_config_file(path: str = "config.toml") -> OmniClient:
    # config.toml holds [cognite] project, tenant_id, cdf_cluster, client_id, client_secret
    return OmniClient.from_toml(path)


def from_azure(tenant: str, client_id: str, secret: str) -> OmniClient:
    return OmniClient.azure_project(tenant, client_id, secret, "westeurope-1", "omni-dev")


def interactive() -> OmniClient:
    cognite = CogniteClient.default_oauth_interactive(
        project="omni-dev", cdf_cluster="westeurope-1", tenant_id="t", client_id="c"
    )
    return OmniClient(cognite)


def wrapped() -> OmniClient:
    return OmniClient(load_cognite_client_from_toml("config.toml"))


def default_space() -> str:
    return DEFAULT_INSTANCE_SPACE

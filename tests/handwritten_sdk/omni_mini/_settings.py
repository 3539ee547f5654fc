"""SDK options baked in at generation time."""

from __future__ import annotations

DEFAULT_INSTANCE_SPACE = "sp_omni_instances"

"""Where the shared, real data-model snapshots live: ``../shared/models`` beside the repository.

Override with ``PYGEN_SHARED_MODELS`` (a directory) when the checkout sits elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

MODELS_DIR = Path(
    os.environ.get("PYGEN_SHARED_MODELS") or Path(__file__).resolve().parents[2] / "shared" / "models"
)

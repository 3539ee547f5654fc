"""What a cognite-pygen v1 user runs: one process that imports cognite.pygen and writes the SDK of one model.

Usage: ``python benchmarks/_v1_child.py MODEL.json PACKAGE_DIR`` (run as a file: nothing of this repository
is imported). The benchmark times the whole process; ``format_code=False``: ours does not format either.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any


def main(model_path: str, package_dir: str) -> int:
    warnings.simplefilter("ignore")
    from cognite.client.data_classes.data_modeling import DataModel
    from cognite.pygen import generate_sdk

    model: Any = DataModel.load(json.loads(Path(model_path).read_text(encoding="utf-8")))
    generate_sdk(
        model,
        top_level_package="sdk",
        client_name="Client",
        default_instance_space="sp_bench_instances",
        output_dir=Path(package_dir),
        format_code=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

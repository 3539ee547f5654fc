"""Run an example application against a local, seeded DMS emulator.

Used by ``nox -s demo``: the application is installed (from its wheel, built through the hatch-pygen hook) in
its own virtual environment; this script starts the emulator with the example's snapshot and demo data, hands
the application the standard CDF/IDP environment variables, and runs the application's console script.

    python examples/run_demo.py --example examples/windfarm --app-bin .venv-app/bin/windfarm-report
    python examples/run_demo.py --example examples/windfarm --app-bin node \
        --app-arg examples/windfarm-ts/dist/report.js
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pygen_core.emulator import Emulator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--example", type=Path, required=True, help="example project folder")
    parser.add_argument("--app-bin", type=Path, required=True, help="the application's console script")
    parser.add_argument(
        "--app-arg", action="append", default=[], help="an argument for the application (repeatable)"
    )
    args = parser.parse_args(argv)
    if not args.app_bin.exists() and shutil.which(str(args.app_bin)):  # a program on PATH, e.g. node
        args.app_bin = Path(str(shutil.which(str(args.app_bin))))

    example: Path = args.example
    snapshot = example / "pygen-snapshot.json"
    seed = example / "demo-data.json"
    for path in (snapshot, seed, args.app_bin):
        if not path.exists():
            parser.error(f"{path}: not found")

    with Emulator(snapshots=[snapshot], seed=seed) as emu:
        print(f"emulator: {emu.base_url} (project {emu.project}), seeded from {seed}", flush=True)
        env = {
            **os.environ,
            "CDF_URL": emu.base_url,
            "CDF_PROJECT": emu.project,
            "IDP_TOKEN_URL": emu.token_url,
            "IDP_CLIENT_ID": emu.client_id,
            "IDP_CLIENT_SECRET": emu.client_secret,
            "IDP_SCOPES": f"{emu.base_url}/.default",
        }
        env.pop("CDF_TOKEN", None)
        completed = subprocess.run([str(args.app_bin), *args.app_arg], env=env, check=False)
    return completed.returncode


if __name__ == "__main__":
    sys.exit(main())

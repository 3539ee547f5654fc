"""Start the emulator (Omni.json, seeded) and the control server for running the Node tests by hand.

``.venv/bin/python -m tests.typescript.serve`` prints the ``export ...`` lines to paste into a shell, then
``cd tests/typescript && npm test`` runs the tests against it. Serves until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import shlex
import threading

from pygen_core.emulator import Emulator
from tests._models import model_path

from ._control import ControlServer


def main() -> None:
    seed = model_path("Omni.instances.json")
    with (
        Emulator(snapshots=[model_path("Omni.json")], seed=seed, fault_seed=7) as emu,
        ControlServer(emu) as control,
    ):
        env = {
            "CDF_URL": emu.base_url,
            "CDF_PROJECT": emu.project,
            "IDP_CLIENT_ID": emu.client_id,
            "IDP_CLIENT_SECRET": emu.client_secret,
            "IDP_TOKEN_URL": emu.token_url,
            "IDP_SCOPES": f"{emu.base_url}/.default",
            "PYGEN_CONTROL_URL": control.url,
            "PYGEN_SEED_FILE": str(seed),
        }
        print("export " + " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items()), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()

"""A generator worker process: ``python -m pygen_core.service._worker FD``.

It imports and warms up the engine, says ``ready`` on the socket ``FD``, then answers ``(job, payload)``
messages with :func:`pygen_core.service._jobs.run_job` until ``None`` or the service goes away.
"""

from __future__ import annotations

import signal
import sys
from multiprocessing.connection import Connection

READY = "ready"


def main(fd: int) -> int:
    """Serve jobs on the connection ``fd``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the service's to handle
    from ._jobs import clean_environment, run_job, warm_up

    clean_environment()
    conn = Connection(fd)
    import hatchling.builders.wheel  # noqa: F401  (wheel builds start warm too)

    warm_up()
    try:
        conn.send(READY)
        while True:
            message = conn.recv()
            if message is None:
                return 0
            name, payload = message
            conn.send(run_job(name, payload))
    except (EOFError, OSError):
        return 0  # the service went away


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1])))

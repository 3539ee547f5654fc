"""``pygen serve``: SDK generation over HTTP (FastAPI on uvicorn), with a web page, API keys and limits.

Needs the ``service`` extra (``pip install 'hatch-pygen[service]'``). Every call into the engine goes through
``_engine``; generation runs in worker processes with a hard timeout (``_pool``).
"""

from ._errors import ServiceError
from ._keys import hash_key
from ._server import MISSING_EXTRA, Service, require_extra
from ._settings import ServiceSettings

__all__ = ["MISSING_EXTRA", "Service", "ServiceError", "ServiceSettings", "hash_key", "require_extra"]

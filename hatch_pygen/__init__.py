"""hatch-pygen: a hatchling build hook that generates a typed CDF data-model SDK into your wheel."""

from pygen_core import __version__

__all__ = ["__version__"]

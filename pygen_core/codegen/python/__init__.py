"""The Python emitter: IR → specs → jinja2 templates (in ``templates/``) → the files of a typed SDK."""

from .._runtime_files import runtime_files
from ._escape import Source, check_identifier, docstring, py_str
from ._header import header, is_generated
from ._render import render_package

__all__ = [
    "Source",
    "check_identifier",
    "docstring",
    "header",
    "is_generated",
    "py_str",
    "render_package",
    "runtime_files",
]

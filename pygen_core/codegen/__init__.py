"""Code generation: snapshot → IR → the files of a typed Python SDK (jinja2 templates in ``python/``)."""

from ._escape import Source, check_identifier, docstring, py_str
from ._generate import generate, generate_with_ir
from ._header import header, is_generated
from ._options import GenerateOptions
from ._runtime_files import runtime_files
from ._writer import diff_files, write_files

__all__ = [
    "GenerateOptions",
    "Source",
    "check_identifier",
    "diff_files",
    "docstring",
    "generate",
    "generate_with_ir",
    "header",
    "is_generated",
    "py_str",
    "runtime_files",
    "write_files",
]

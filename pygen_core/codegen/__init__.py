"""Code generation: snapshot → IR → the files of a typed SDK (one emitter per language)."""

from ._generate import LANGUAGES, generate, generate_with_ir, languages
from ._options import GenerateOptions
from ._writer import diff_files, write_files
from .python import header, is_generated, runtime_files

__all__ = [
    "LANGUAGES",
    "GenerateOptions",
    "diff_files",
    "generate",
    "generate_with_ir",
    "header",
    "is_generated",
    "languages",
    "runtime_files",
    "write_files",
]

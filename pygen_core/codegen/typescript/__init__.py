"""The TypeScript emitter: IR → typed specs → prettier-exact layout → the files of an npm package."""

from ._render import GENERATOR, TYPESCRIPT_VERSION, package_directory, render_package
from ._runtime_files import runtime_files

__all__ = ["GENERATOR", "TYPESCRIPT_VERSION", "package_directory", "render_package", "runtime_files"]

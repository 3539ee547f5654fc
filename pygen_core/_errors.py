class PygenError(Exception):
    """A user-facing error: the CLI and the build hook print its message on one line, no traceback.

    The message names what is wrong (a config key, a file, a JSON path) and, where possible, how to fix it.
    """

"""Benchmarks against cognite-pygen v1, cognite-sdk and raw httpx (``nox -s bench``, not a test)."""

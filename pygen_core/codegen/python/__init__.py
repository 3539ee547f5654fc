"""Jinja2 templates that render the generated Python SDK (package data, loaded by ``PackageLoader``)."""

"""The web page at ``/``: plain server-rendered HTML; behaviour in ``static/app.js`` (no inline script).

Only the generator's own values (version, languages, formats) are rendered here, escaped all the same; model
text reaches the page only through the API and is shown with ``textContent`` by the script.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

__all__ = ["render_page"]

_TEMPLATE = Path(__file__).resolve().parent / "static" / "index.html"


def render_page(version: str, languages: Sequence[str], formats: Mapping[str, Sequence[str]]) -> str:
    """The page's HTML."""
    options = "\n".join(
        f'          <option value="{escape(lang, quote=True)}">{escape(lang)}</option>' for lang in languages
    )
    formats_json = json.dumps({lang: list(values) for lang, values in formats.items()}, sort_keys=True)
    return (
        _TEMPLATE.read_text(encoding="utf-8")
        .replace("{{version}}", escape(version))
        .replace("{{language_options}}", options)
        .replace("{{formats}}", escape(formats_json, quote=True))
    )

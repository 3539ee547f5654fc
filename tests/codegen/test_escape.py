"""The escaping helpers: model text must round-trip exactly, never execute, and be ruff-format stable."""

from __future__ import annotations

import ast
import importlib.util
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pygen_core import PygenError
from pygen_core.codegen.python import check_identifier, docstring, py_str
from pygen_core.codegen.python._environment import environment

RUFF = str(Path(sys.executable).parent / "ruff")


def canary_payloads(canary: Path) -> list[str]:
    """Strings that would run ``touch canary`` if they ever reached source unescaped."""
    cmd = f"__import__('os').system('touch {canary}')"
    return [
        cmd,
        f'"""\n{cmd}\n"""',
        f"'''\n{cmd}\n'''",
        f'"; {cmd}; "',
        f"'; {cmd}; '",
        f'\\"""; {cmd} #',
        f"\\'''; {cmd} #",
        f"\\\n{cmd}",
        f"\u2028{cmd}",
        f"\u2029{cmd}\x85{cmd}",
        f"\r{cmd}\r\n{cmd}",
        f"\x00{cmd}",
        f"\\N{{LATIN SMALL LETTER A}}{cmd}",
        f"\\x00\\u2028{cmd}",
        f"{{{{ {cmd} }}}} {{% raw %}}",
        f'" + {cmd} + "',
        f'""" + {cmd} + """',
        f"{cmd}\\",
        f'{cmd}"',
        f"{cmd}'",
        f'{cmd}""',
        f'  \t"""{cmd}"""  \t',
        f'""""""{cmd}',
        f"\ud800{cmd}\udfff",
        f"\U0001f600 {cmd} \ufeff\u200b\xa0",
        f"\x0c{cmd}\x0b",
    ]


HOSTILE = [
    "",
    " ",
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\\\",
    "\\n",
    "\\N{BULLET}",
    "\n",
    "\x00",
    "\u2028\u2029\x85",
    "{{ 7 * 7 }}",
    "{% if true %}x{% endif %}",
    "a\"b'c",
    'a""b\'c',
    "\t",
    "\r\n",
    "\ud800",
    "\U0001f600",
]


@given(st.text())
def test_py_str_round_trips_any_text(text: str) -> None:
    literal = py_str(text)
    assert "\n" not in literal
    assert ast.literal_eval(literal) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_py_str_round_trips_hostile_text(text: str) -> None:
    assert ast.literal_eval(py_str(text)) == text


def test_py_str_prefers_double_quotes_like_ruff() -> None:
    assert py_str("abc") == '"abc"'
    assert py_str('a"b') == "'a\"b'"
    assert py_str("a'b") == '"a\'b"'
    assert py_str("\x00\u2028\U0001f600") == '"\\x00\\u2028\U0001f600"'


@given(st.text())
def test_docstring_is_one_string_statement(text: str) -> None:
    doc = docstring(text, 4)
    source = f"def f() -> None:\n    {doc or 'pass'}\n"
    tree = ast.parse(source)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    assert len(func.body) == 1
    if doc:
        node = func.body[0]
        assert isinstance(node, ast.Expr)
        assert isinstance(node.value, ast.Constant)
        assert isinstance(node.value.value, str)


def test_docstring_keeps_words_and_normalises_whitespace() -> None:
    assert docstring(None) == ""
    assert docstring("  \n \n") == ""
    assert docstring("Hello.") == '"""Hello."""'
    assert docstring('  Say "hi"  \n    - item\n      more\n\n', 4) == (
        '"""Say \\"hi\\"\n    - item\n      more\n    """'
    )
    value = ast.literal_eval(docstring("a\\b\nc\u2028d", 0))
    assert value == "a\\b\nc\u2028d\n"


def test_check_identifier() -> None:
    assert check_identifier("name_1") == "name_1"
    assert check_identifier("match") == "match"
    for bad in ["class", "None", "1a", "a b", "a-b", "é", "", "a\n", "__import__('os')"]:
        with pytest.raises(PygenError):
            check_identifier(bad)


def test_templates_do_not_interpret_model_text_and_refuse_raw_values() -> None:
    env = environment()
    rendered = env.from_string("x = {{ value | py_str }}\n").render(value="{{ 7 * 7 }}")
    assert rendered == 'x = "{{ 7 * 7 }}"\n'
    with pytest.raises(PygenError, match="unescaped"):
        env.from_string("x = {{ value }}\n").render(value="1; import os")
    with pytest.raises(PygenError, match="unescaped"):
        env.from_string("x = {{ value }}\n").render(value=1.5)
    assert env.from_string("{{ a }}.{{ b }}").render(a="pkg.mod", b=3) == "pkg.mod.3"


def _sample_module(canary: Path, count: int) -> str:
    rng = random.Random(1234)
    alphabet = [
        '"',
        "'",
        "\\",
        "\n",
        "\r",
        "\t",
        " ",
        "N",
        "{",
        "}",
        "x",
        "\x00",
        "\u2028",
        "é",
        "\ud800",
        "#",
    ]
    texts = HOSTILE + canary_payloads(canary)
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(count)]
    lines = ['"""Samples."""', "", "VALUES = ["]
    lines += [f"    {py_str(t)}," for t in texts]
    lines += ["]", ""]
    for i, text in enumerate(texts):
        doc = docstring(text, 4)
        lines += ["", f"class C{i}:"]
        lines += [f"    {doc}", ""] if doc else []
        lines += ["    value = 1", ""]
    return "\n".join(lines)


@pytest.mark.slow
def test_hostile_strings_never_execute_and_are_ruff_stable(tmp_path: Path) -> None:
    canary = tmp_path / "CANARY"
    module = tmp_path / "samples.py"
    module.write_text(_sample_module(canary, 300), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("samples", module)
    assert spec is not None
    assert spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert not canary.exists()
    assert mod.VALUES[: len(HOSTILE)] == HOSTILE
    assert mod.VALUES[len(HOSTILE) : len(HOSTILE) + len(canary_payloads(canary))] == canary_payloads(canary)
    fmt = subprocess.run(
        [RUFF, "format", "--isolated", "--check", "--diff", str(module)], capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    check = subprocess.run([RUFF, "check", "--isolated", str(module)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert not canary.exists()

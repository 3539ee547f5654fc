"""Generated npm packages as generated, on Node: every shared model, long names and hostile text compile with
``tsc --strict --noUncheckedIndexedAccess`` (the pinned typescript) with zero errors, are prettier-clean,
and ``npm run build`` gives ESM JavaScript and ``.d.ts`` files that node imports.

Needs node and npm (skips without them unless ``CI`` is set), like ``test_node.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ._generated import generate_packages, package_json
from ._tooling import BIN, PRETTIER_CONFIG, base_env, installed, run

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("typescript")]  # slow: tsc, prettier, npm


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    installed()
    return generate_packages(tmp_path_factory.mktemp("ts-packages"))


def test_every_package_compiles_strict_with_zero_errors(packages: dict[str, Path]) -> None:
    assert len(packages) >= 11
    for name, directory in packages.items():
        output = run(
            [str(BIN / "tsc"), "-p", str(directory), "--strict", "--noUncheckedIndexedAccess", "--noEmit"],
            base_env(),
            300,
            f"tsc --strict --noUncheckedIndexedAccess on the {name} package",
        )
        assert output.strip() == "", output


def test_every_package_is_prettier_clean_as_generated(packages: dict[str, Path]) -> None:
    patterns = [f"{directory}/src/**/*.ts" for directory in packages.values()]
    output = run(
        [str(BIN / "prettier"), "--config", str(PRETTIER_CONFIG), "--check", *patterns],
        base_env(),
        300,
        "prettier --check on the generated packages",
    )
    assert "All matched files use Prettier code style!" in output


def test_npm_run_build_gives_esm_and_declarations_node_imports(packages: dict[str, Path]) -> None:
    node, npm = installed()
    directory = packages["omni"]
    env = {**base_env(), "PATH": f"{BIN}:{base_env().get('PATH', '')}"}
    run([npm, "run", "build"], env, 300, "npm run build in the generated omni package", cwd=directory)
    dist = directory / "dist"
    for name in ("index.js", "index.d.ts", "_client.js", "views/primitiveNullable.d.ts", "_runtime/api.js"):
        assert (dist / name).is_file(), name
    manifest = package_json(directory)
    entry = directory / manifest["exports"]["."]["import"]
    script = (
        f"const sdk = await import({json.dumps(entry.as_uri())});\n"
        "const client = new sdk.OmniClient({ baseUrl: 'http://127.0.0.1:9', project: 'p', "
        "credentials: new sdk.Token('t') });\n"
        "const filter = sdk.PrimitiveNullableFilter.text.prefix('a').dump();\n"
        "console.log(JSON.stringify({ client: typeof sdk.OmniClient, view: sdk.PrimitiveNullableView.view, "
        "apis: typeof client.primitiveNullable.list, filter }));\n"
    )
    output = run([node, "--input-type=module", "-e", script], base_env(), 60, "importing the built package")
    result = json.loads(output.strip().splitlines()[-1])
    assert result["client"] == "function"
    assert result["apis"] == "function"
    assert result["view"] == {"space": "sp_pygen_models", "externalId": "PrimitiveNullable", "version": "1"}
    assert result["filter"] == {
        "prefix": {"property": ["sp_pygen_models", "PrimitiveNullable/1", "text"], "value": "a"}
    }

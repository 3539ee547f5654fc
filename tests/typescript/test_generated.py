"""The TypeScript emitter without node: omni-mini reproduced byte for byte, determinism, the package files,
model text kept out of code, the CLI and the writer on npm packages (compiling, prettier: test_compile)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

from pygen_core import PygenError
from pygen_core.cli import main
from pygen_core.codegen import GenerateOptions, diff_files, generate, generate_with_ir, write_files
from pygen_core.codegen.typescript import TYPESCRIPT_VERSION, runtime_files
from pygen_core.snapshot import load_snapshot, parse_snapshot
from tests._models import model_path

from ._generated import HERE, HOSTILE, OMNI_MINI, hostile_model, omni_mini_files

REPO = HERE.parents[1]


def _on_disk(root: Path) -> dict[str, str]:
    skip = ("node_modules", "dist")
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and not set(p.relative_to(root).parts[:1]) & set(skip) and "_runtime" not in p.parts
    }


def test_generated_omni_mini_is_the_reference_package_byte_for_byte() -> None:
    generated = {
        p.relative_to("omni-mini").as_posix(): text
        for p, text in omni_mini_files().items()
        if "_runtime" not in p.parts
    }
    reference = _on_disk(OMNI_MINI)
    assert sorted(generated) == sorted(reference)
    # The generator's version is the one line that moves with every release.
    version = re.compile(r'"generator": "hatch-pygen [^"]+"')
    for name in sorted(generated):
        expected, actual = reference[name], generated[name]
        if name == "package.json":
            assert version.search(actual), actual
            expected, actual = version.sub("", expected), version.sub("", actual)
        assert actual == expected, f"{name} differs from tests/typescript/omni-mini/{name}"


def test_runtime_is_copied_verbatim() -> None:
    files = omni_mini_files()
    copied = {p.name: text for p, text in files.items() if p.parts[:3] == ("omni-mini", "src", "_runtime")}
    sources = REPO / "pygen_core" / "codegen" / "typescript" / "runtime"
    expected = {p.name: p.read_text(encoding="utf-8") for p in sorted(sources.glob("*.ts"))}
    assert copied == expected
    assert {p.name: t for p, t in runtime_files().items()} == expected


@pytest.mark.slow
def test_output_is_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    script = (
        "import hashlib, sys\n"
        "from pygen_core.codegen import GenerateOptions, generate\n"
        "from pygen_core.snapshot import load_snapshot\n"
        f"files = generate(load_snapshot({str(model_path('Omni.json'))!r}), "
        "GenerateOptions(package='omni', language='typescript'))\n"
        "digest = hashlib.sha256()\n"
        "for path in sorted(files):\n"
        "    digest.update(str(path).encode() + b'\\0' + files[path].encode() + b'\\0')\n"
        "print(digest.hexdigest(), len(files))\n"
    )
    outputs = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=REPO
        )
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1
    files = generate(
        load_snapshot(model_path("Omni.json")), GenerateOptions(package="omni", language="typescript")
    )
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path).encode() + b"\0" + files[path].encode() + b"\0")
    assert outputs == {f"{digest.hexdigest()} {len(files)}\n"}


def test_package_json_is_esm_with_types_and_no_runtime_dependencies() -> None:
    snapshot = load_snapshot(model_path("WindTurbine.json"))
    files = generate(snapshot, GenerateOptions(package="@acme/wind-sdk", language="typescript"))
    assert {p.parts[0] for p in files} == {"wind-sdk"}
    package = json.loads(files[PurePosixPath("wind-sdk/package.json")])
    assert package["name"] == "@acme/wind-sdk"
    assert package["type"] == "module"
    assert package["exports"] == {".": {"types": "./dist/index.d.ts", "import": "./dist/index.js"}}
    assert (package["main"], package["types"]) == ("./dist/index.js", "./dist/index.d.ts")
    assert "dependencies" not in package
    assert package["devDependencies"] == {"typescript": TYPESCRIPT_VERSION}
    assert package["scripts"]["build"] == "tsc -p ."
    assert package["pygen"]["snapshot"] == snapshot.content_hash
    pinned = json.loads((HERE / "package.json").read_text(encoding="utf-8"))["devDependencies"]["typescript"]
    assert pinned == TYPESCRIPT_VERSION, "generated packages use the typescript the tests pin"
    tsconfig = json.loads(files[PurePosixPath("wind-sdk/tsconfig.json")])["compilerOptions"]
    assert tsconfig["strict"] is tsconfig["noUncheckedIndexedAccess"] is tsconfig["declaration"] is True
    assert (
        "export class WindSdkClient extends InstanceClient {"
        in files[PurePosixPath("wind-sdk/src/_client.ts")]
    )


def test_model_text_never_becomes_code() -> None:
    files, result = generate_with_ir(
        parse_snapshot(hostile_model(), source="Hostile.json"),
        GenerateOptions(package="h", language="typescript"),
    )
    assert result.findings
    escaped = HOSTILE.replace("*/", "*\\/")
    for path, text in files.items():
        if path.suffix != ".ts" or "_runtime" in path.parts:
            continue
        if "views" in path.parts:
            assert "pwned" in text, path
        for line in text.splitlines():
            if "pwned" not in line:
                continue
            # model text only ever sits inside a doc comment, with its "*/" defused
            stripped = line.strip()
            assert stripped.startswith(("/**", "*")), (path, line)
            body = stripped.removeprefix("/**").removesuffix("*/")
            assert "*/" not in body, (path, line)
        assert "\u2028" not in text
    readme = files[PurePosixPath("h/README.md")]
    assert "<b>" not in readme
    assert "pwned" not in readme
    assert escaped.split(" ")[0] not in files[PurePosixPath("h/package.json")]


def test_views_enum_values_are_escaped_string_literals() -> None:
    files = generate(
        parse_snapshot(hostile_model(), source="Hostile.json"),
        GenerateOptions(package="h", language="typescript"),
    )
    pump = files[PurePosixPath("h/src/views/pump.ts")]
    assert 'state?: "*/" | \'a"b\' | "c\'d" | "e\\\\f\\n" | "\\xe9t\\xe9" | (string & {}) | null;' in pump


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["generate", "--language", "typescript", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_checks_and_keeps_what_npm_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "--snapshot",
        str(model_path("Pumps.json")),
        "--package",
        "@acme/pumps",
        "--output",
        str(tmp_path),
    ]
    code, _out, err = run_cli(capsys, *args)
    assert code == 0, err
    package = tmp_path / "pumps"
    assert (package / "src" / "_runtime" / "index.ts").is_file()
    assert run_cli(capsys, *args, "--check")[:2] == (0, "")
    # what npm install / npm run build add is no part of the package pygen owns
    (package / "node_modules" / "typescript").mkdir(parents=True)
    (package / "node_modules" / "typescript" / "package.json").write_text("{}\n")
    (package / "dist").mkdir()
    (package / "dist" / "index.js").write_text("export {};\n")
    (package / "package-lock.json").write_text("{}\n")
    code, out, err = run_cli(capsys, *args, "--check")
    assert (code, out) == (0, ""), out
    assert "up to date" in err
    client = package / "src" / "_client.ts"
    client.write_text(client.read_text() + "// edited\n")
    (package / "src" / "stale.ts").write_text("export {};\n")
    code, out, err = run_cli(capsys, *args, "--check")
    assert code == 1
    assert "-// edited" in out
    assert "--- a/pumps/src/stale.ts\n+++ /dev/null" in out
    assert "node_modules" not in out
    assert "dist/index.js" not in out
    assert run_cli(capsys, *args)[0] == 0
    assert not (package / "src" / "stale.ts").exists()
    assert "// edited" not in client.read_text()
    assert (package / "node_modules" / "typescript" / "package.json").read_text() == "{}\n"
    assert (package / "dist" / "index.js").read_text() == "export {};\n"
    assert (package / "package-lock.json").is_file()
    assert run_cli(capsys, *args, "--check")[0] == 0


def test_writer_refuses_an_npm_package_pygen_did_not_write(tmp_path: Path) -> None:
    files = generate(
        load_snapshot(model_path("Pumps.json")), GenerateOptions(package="pumps", language="typescript")
    )
    mine = tmp_path / "pumps"
    mine.mkdir()
    (mine / "package.json").write_text('{"name": "pumps", "version": "9.9.9"}\n')
    with pytest.raises(PygenError, match="exists and was not generated by pygen"):
        write_files(files, tmp_path)
    assert json.loads((mine / "package.json").read_text())["version"] == "9.9.9"
    assert "--- a/pumps/package.json" in diff_files(files, tmp_path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--package", "Bad Name"], "package: 'Bad Name' is not a valid npm package name"),
        (["--package", "_private"], "package: '_private' is not a valid npm package name"),
        (["--package", "ok", "--client-name", "Filter"], "client_name: 'Filter' is not a usable TypeScript"),
        (["--package", "ok", "--client-name", "PumpView"], "client name 'PumpView' is also the name"),
        (["--package", "ok", "--name", "Pump.name=constructor"], "PYG305"),
    ],
)
def test_cli_mistakes_are_one_line(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(
        capsys, "--snapshot", str(model_path("Pumps.json")), *args, "--output", str(tmp_path)
    )
    assert code == 2
    assert out == ""
    assert err.startswith("pygen: error: ")
    assert err.count("\n") == 1, err
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_default_client_names_come_from_the_npm_name() -> None:
    cases = {"omni-sdk": "OmniSdkClient", "@acme/wind.farm": "WindFarmClient", "3d-sdk": "Sdk3dSdkClient"}
    for package, client in cases.items():
        assert GenerateOptions(package=package, language="typescript").resolved_client_name == client

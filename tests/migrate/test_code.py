"""``pygen migrate code`` on the realistic predecessor app: findings at file:line, --fix, manual leftovers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pygen_core.codegen import GenerateOptions
from pygen_core.ir import build_ir
from pygen_core.migrate import NameMap, scan_code
from pygen_core.snapshot import Snapshot, load_snapshot, write_snapshot
from tests._models import model_path

from .conftest import Run, app_on_emulator, comments, files_under, findings, line_of

Pygen = Callable[..., Run]
APP = "omni_app"
RENAMES_MODEL = Path(__file__).parent / "data" / "models" / "Renames.json"


# (file, a unique piece of its line, what the finding says) — mechanical ones end in their replacement.
EXPECTED = [
    ("report.py", "from omni.data_classes import (", "from omni.data_classes import -> from omni"),
    ("report.py", "    ConnectionItemCNode,", "import of ConnectionItemCNode -> ConnectionItemC"),
    ("report.py", "record = item.data_record", ".data_record -> manual: data_record is gone"),
    (
        "report.py",
        "item.data_record.last_updated_time",
        ".data_record.last_updated_time -> .last_updated_time",
    ),
    (
        "report.py",
        "first.data_record.deleted_time",
        ".data_record.deleted_time -> manual: deleted_time is gone",
    ),
    (
        "report.py",
        '"sp_omni_instances", "full")',
        "retrieve() positional argument 3 -> retrieve_connections=...",
    ),
    ("report.py", 'aggregate("count", "text")', "aggregate() positional argument 2 -> group_by=..."),
    ("report.py", 'histogram("int_32", 10, "north")', "histogram() positional argument 3 -> manual:"),
    ("report.py", "dropna_columns=True", "to_pandas(dropna_columns=...) -> manual:"),
    (
        "report.py",
        "dm.NodeId(",
        "cognite-sdk NodeId -> manual: the SDK takes its own ids: from omni import NodeId",
    ),
    ("report.py", "nodes.as_node_ids()", ".as_node_ids -> .as_ids"),
    ("report.py", "retrieve_edges=True", 'retrieve(retrieve_edges=...) -> retrieve_connections="identifier"'),
    (
        "report.py",
        "client.connection_item_c_node.list()",
        "client.connection_item_c_node -> client.connection_item_c",
    ),
    (
        "report.py",
        "client.connection_item_a.select()",
        "select() -> manual: the select() query builder is gone",
    ),
    (
        "report.py",
        "outwards_edge",
        "edge API .outwards_edge -> manual: the edge API is .outwards_edge: list(start_node=...",
    ),
    ("report.py", "graphql_query", "client.graphql_query -> manual: no GraphQL"),
    ("report.py", "page.cursors", ".cursors -> manual:"),
    (
        "report.py",
        'connection_item_a.list("A")',
        "list() positional argument 1 -> manual: filters are keyword-only",
    ),
    (
        "report.py",
        'OmniClient.from_toml("config.toml")',
        "OmniClient.from_toml() -> manual: OmniClient.from_toml(path) reads the environment variables' keys",
    ),
    ("ingest.py", "from omni.config import global_config", "import of global_config -> manual:"),
    ("ingest.py", "from omni.data_classes import (", "from omni.data_classes import -> from omni"),
    ("ingest.py", "    DomainModelWrite,", "import of DomainModelWrite -> manual:"),
    (
        "ingest.py",
        "data_record=DataRecordWrite",
        "data_record=DataRecordWrite(existing_version=...) -> existing_version=",
    ),
    ("ingest.py", "allow_version_increase=True", "upsert(allow_version_increase=...) -> manual:"),
    (
        "ingest.py",
        "print(result.nodes, result.edges)",
        "upsert result .edges -> manual: upsert() returns UpsertResult",
    ),
    ("ingest.py", "source.as_apply()", ".as_apply -> .as_write"),
    ("ingest.py", "self.client.apply(clone)", "client.apply -> .upsert"),
    (
        "connect.py",
        "import DEFAULT_INSTANCE_SPACE",
        "import of DEFAULT_INSTANCE_SPACE -> manual: the client's default",
    ),
    ("connect.py", "OmniClient.azure_project(", "OmniClient.azure_project() -> manual:"),
    (
        "connect.py",
        "default_oauth_interactive(",
        "default_oauth_interactive() -> manual: interactive login is a device-code login",
    ),
    (
        "connect.py",
        "return OmniClient(cognite)",
        "OmniClient(...) -> manual: OmniClient() takes the SDK's own",
    ),
    ("connect.py", "load_cognite_client_from_toml(", "load_cognite_client_from_toml() -> manual:"),
    ("mechanical.py", "from omni.data_classes import (", "from omni.data_classes import -> from omni"),
    ("mechanical.py", "    ConnectionItemCNode,", "import of ConnectionItemCNode -> ConnectionItemC"),
    ("mechanical.py", "item.data_record.version", ".data_record.version -> .version"),
]

# Lines whose SDK names cognite-pygen and our naming spell alike (numbers start a word in both: float_32,
# value_1, implementation_1; date is not reserved): nothing on them may be reported.
UNCHANGED = [
    ("report.py", "return sum(item.float_64"),
    ("report.py", "min_float_32=0.5"),
    ("report.py", 'sort_by="int_32"'),
    ("report.py", "print([row.int_64 for row in"),
    ("report.py", "client.implementation_1.list"),
    ("report.py", "return row.float_32"),
    ("ingest.py", "float_32=row"),
    ("ingest.py", "int_32=int(row"),
    ("mechanical.py", "float_32=1.5, int_32=7"),
    ("mechanical.py", "Implementation1Write(external_id"),
    ("mechanical.py", 'text_prefix="al", min_float_32=0.1'),
    ("mechanical.py", "[item.float_32 for item"),
    ("mechanical.py", "min_int_32=6"),
    ("mechanical.py", "client.implementation_1.list"),
    ("mechanical.py", "return item.int_32"),
]


def test_scan_lists_every_use_with_file_and_line(project: Path, snapshot: Path, pygen: Pygen) -> None:
    before = files_under(project)
    run = pygen("migrate", "code", APP, cwd=project)
    assert run.code == 1
    assert files_under(project) == before
    found = findings(run.out)
    app = project / APP
    for name, snippet, what in EXPECTED:
        line = line_of(app / name, snippet)
        hits = [f for f in found if f[0] == f"{APP}/{name}" and f[1] == line and f[3].startswith(what)]
        assert hits, (name, line, what, [f for f in found if f[0] == f"{APP}/{name}" and f[1] == line])
    for name, snippet in UNCHANGED:
        line = line_of(app / name, snippet)
        assert not [f for f in found if f[0] == f"{APP}/{name}" and f[1] == line], (name, snippet)
    histogram = line_of(app / "report.py", 'histogram("int_32", 10, "north")')
    assert not [f for f in found if f[1] == histogram and "field name" in f[3]]
    assert not [f for f in found if f[0].endswith("unrelated.py")]
    assert not [f for f in found if f[0].endswith("__init__.py")]
    assert "using the snapshot" in run.err
    assert "fixable with --fix" in run.err


@pytest.mark.slow  # seconds: libcst over a whole project
def test_fix_rewrites_the_mechanical_ones_keepingcomments(
    project: Path, snapshot: Path, pygen: Pygen
) -> None:
    app = project / APP
    originals = {path.name: path.read_text() for path in app.glob("*.py")}
    before = {path.name: comments(path) for path in app.glob("*.py")}
    first = pygen("migrate", "code", APP, cwd=project)
    fixed = pygen("migrate", "code", APP, "--fix", cwd=project)
    assert fixed.code == 1  # the manual ones are left
    for path in app.glob("*.py"):
        compile(path.read_text(), str(path), "exec")
        assert comments(path) == before[path.name], path.name
    assert (app / "unrelated.py").read_text() == originals["unrelated.py"]
    report, ingest = (app / "report.py").read_text(), (app / "ingest.py").read_text()
    for expected in (
        "from omni import (\n    ConnectionItemC,\n",
        "isinstance(node, ConnectionItemC) for node in c_nodes",
        'retrieve("a:1", "sp_omni_instances", retrieve_connections="full")',
        'aggregate("count", group_by="text")',
        'retrieve("a:1", retrieve_connections="identifier")  # cognite-pygen 0.x spelling',
        "client.connection_item_c.list()",
        "print(item.external_id, item.float_32, item.last_updated_time)",
        "print(nodes.as_ids())",
        # names both SDKs spell alike are left as they were
        "return sum(item.float_64 or 0.0 for item in items)  # None counts as 0",
        "        min_float_32=0.5,  # only the interesting ones\n",
        '        sort_by="int_32",\n',
        'histogram("int_32", 10, "north")',
        'client.implementation_1.list(main_value_prefix="m", value_1="x")',
        # what needs a person is left exactly as it was
        "client.connection_item_a.select()",
        "record = item.data_record",
        "first.data_record.deleted_time",
        "page.cursors",
    ):
        assert expected in report, expected
    assert "omni.data_classes" not in report
    for expected in (
        "from omni.config import global_config",
        "from omni import (\n    ConnectionItemAWrite,\n",
        '                    float_32=row["f"],  # single precision\n',
        "                    existing_version=0,\n",
        "clone = source.as_write()  # cognite-pygen 0.x names",
        "self.client.upsert(clone)",
        "self.client.upsert(items, allow_version_increase=True)",
    ):
        assert expected in ingest, expected
    # Every manual finding of the first scan is still listed; nothing mechanical is left.
    manual = {(f[0], f[3]) for f in findings(first.out) if "-> manual:" in f[3]}
    after = findings(fixed.out)
    assert manual <= {(f[0], f[3]) for f in after}
    assert all(f[3].endswith("(fixed)") or "-> manual:" in f[3] for f in after)
    again = pygen("migrate", "code", APP, "--fix", cwd=project)
    assert {(f[0], f[3]) for f in findings(again.out)} == manual
    assert "0 fixed, 0 fixable with --fix" in again.err


@pytest.mark.slow
def test_fixed_code_runs_on_the_new_sdk(project: Path, snapshot: Path, pygen: Pygen, tmp_path: Path) -> None:
    """mechanical.py (cognite-pygen API only) fails on the new SDK as written and works once --fix ran."""
    options = GenerateOptions(
        package="omni", client_name="OmniClient", default_instance_space="sp_omni_instances"
    )
    shutil.rmtree(project / "omni")  # the cognite-pygen package goes; the new SDK takes its place
    script = (
        "import json\nfrom omni import OmniClient\nfrom omni_app.mechanical import run\n"
        "with OmniClient.from_env() as client:\n    print(json.dumps(run(client)))\n"
    )
    with app_on_emulator(snapshot, project, tmp_path / "sdk", options, script) as run_app:
        before = run_app()
        assert before.returncode != 0
        assert "No module named 'omni.data_classes'" in before.stderr
        fixed = pygen("migrate", "code", f"{APP}/mechanical.py", "--fix", cwd=project)
        assert fixed.code == 0, fixed.out
        after = run_app()
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == {
        "loaded": 3,
        "floats": [0.25, 1.5],
        "dates": ["2024-01-02"],
        "versions": [1, 1, 1],
        "implementations": ["two"],
        "int": 7,
        "is_c": False,
    }


def test_without_a_snapshot_only_what_needs_no_model_is_found(project: Path, pygen: Pygen) -> None:
    run = pygen("migrate", "code", APP, cwd=project)
    assert run.code == 1
    assert "no snapshot: renamed classes, attributes and filter keywords are not checked" in run.err
    found = [f[3] for f in findings(run.out)]
    assert any(f.startswith("OmniClient.from_toml() -> manual") for f in found)
    assert any(f.startswith(".data_record.version -> .version") for f in found)
    assert any(f.startswith("from omni.data_classes import -> from omni") for f in found)  # no model needed
    assert not any("ConnectionItemCNode" in f or "connection_item_c_node" in f for f in found)


def test_unrelated_code_is_not_reported(project: Path, snapshot: Path, pygen: Pygen) -> None:
    run = pygen("migrate", "code", f"{APP}/unrelated.py", f"{APP}/__init__.py", cwd=project)
    assert run.code == 0
    assert run.out == ""
    assert "nothing found in 2 file(s)" in run.err


def test_the_committed_predecessor_package_is_skipped(project: Path, snapshot: Path, pygen: Pygen) -> None:
    (project / "omni" / "data_classes" / "_primitive_nullable.py").write_text(
        "from omni.data_classes._core import DomainModel\n\nx = item.data_record.version\n"
    )
    run = pygen("migrate", "code", ".", cwd=project)
    assert not [f for f in findings(run.out) if f[0].startswith("omni/")]
    assert "in 6 file(s)" in run.err  # omni_app/*.py only


def test_a_file_that_does_not_parse_is_listed(tmp_path: Path, pygen: Pygen) -> None:
    (tmp_path / "broken.py").write_text("from omni import OmniClient\ndef f(:\n")
    run = pygen("migrate", "code", "broken.py", "--package", "omni", cwd=tmp_path)
    assert run.code == 1
    ((path, line, _column, rest),) = findings(run.out)
    assert (path, line) == ("broken.py", 2)
    assert rest.startswith("cannot parse -> manual: fix the syntax error")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("migrate", "code"), "the following arguments are required: PATH"),
        (("migrate", "code", "missing.py", "--package", "omni"), "missing.py: no such file or directory"),
        (("migrate", "code", "."), "no SDK package given: pass --package NAME"),
        (
            ("migrate", "code", ".", "--package", "omni", "--snapshot", "nope.json"),
            "nope.json: no such snapshot",
        ),
        (("migrate", "code", ".", "--project", "nowhere"), "pyproject.toml: no such file"),
        (("migrate", "config", "nowhere"), "nowhere: not a directory"),
    ],
)
def test_usage_errors_are_one_line_exit_2(
    tmp_path: Path, pygen: Pygen, args: tuple[str, ...], expected: str
) -> None:
    run = pygen(*args, cwd=tmp_path)
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert expected in run.err


def test_a_bad_snapshot_is_one_line_exit_2(project: Path, pygen: Pygen) -> None:
    (project / "pygen-snapshot.json").write_text('{"views": 3}')
    run = pygen("migrate", "code", APP, cwd=project)
    assert run.code == 2
    assert run.err.splitlines()[-1].startswith("pygen: error: ")
    assert "pygen-snapshot.json" in run.err.splitlines()[-1]


def test_multi_model_groups_collapse_onto_the_client_where_names_are_unambiguous(tmp_path: Path) -> None:
    models = [load_snapshot(model_path(f"OmniMulti{x}.json")) for x in "ABC"]
    snapshot = Snapshot(data_models=[m for s in models for m in s.data_models], containers=[])
    write_snapshot(snapshot, tmp_path / "snap.json")
    names = NameMap.from_model(build_ir(snapshot).model)
    source = tmp_path / "multi.py"
    source.write_text(
        "from multi import MultiClient\n\nclient = MultiClient.from_env()\n"
        "rows = client.omni_multi_b.implementation_1_v_2.list(sub_value_prefix='s')  # B\n"
        "more = client.omni_multi_c.implementation_1_v_1.list()  # C\n"
        "main = client.omni_multi_a.main_interface.list()\n"
        "print([row.sub_value for row in rows])\n"
    )
    scan = scan_code([source], package="multi", client_name="MultiClient", names=names, fix=True)
    # implementation_1 names a view in B and another in C: both stay in their models' namespaces.
    assert [f.render().split(": ", 1)[1] for f in scan.findings] == [
        "client.omni_multi_b.implementation_1_v_2 -> client.omni_multi_b.implementation_1 (fixed)",
        "client.omni_multi_c.implementation_1_v_1 -> client.omni_multi_c.implementation_1 (fixed)",
        "client.omni_multi_a.main_interface -> client.main_interface (fixed)",
    ]
    text = source.read_text()
    assert "rows = client.omni_multi_b.implementation_1.list(sub_value_prefix='s')  # B\n" in text
    assert "more = client.omni_multi_c.implementation_1.list()  # C\n" in text
    assert "main = client.main_interface.list()\n" in text


def test_the_mapping_table_drives_the_rewrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When the lead maps a predecessor method to one of ours in _mapping.py, --fix applies it."""
    from pygen_core.migrate import _rewrite
    from pygen_core.migrate._mapping import CLIENT_METHODS, Change

    source = tmp_path / "app.py"
    text = 'from omni import OmniClient\n\nclient = OmniClient.from_toml("config.toml")  # creds\n'
    source.write_text(text)
    (manual,) = scan_code([source], package="omni").findings
    assert (manual.mechanical, manual.line, manual.column) == (False, 3, 21)
    monkeypatch.setattr(_rewrite, "CLIENT_METHODS", {**CLIENT_METHODS, "from_toml": Change("from_env")})
    (fixed,) = scan_code([source], package="omni", fix=True).findings
    assert fixed.render() == f"{source}:3:21: OmniClient.from_toml() -> .from_env (fixed)"
    assert source.read_text() == text.replace("from_toml", "from_env")


def test_attributes_of_unknown_objects_are_listed_not_rewritten(tmp_path: Path) -> None:
    names = NameMap.from_model(build_ir(load_snapshot(RENAMES_MODEL)).model)
    source = tmp_path / "app.py"
    text = (
        "import datetime\nfrom stations import StationClient\n\n\ndef f(row, when):\n"
        "    return row.model_3_d_revision, row.data_, row.region_2_d(), datetime.date.today()\n"
    )
    source.write_text(text)
    scan = scan_code([source], package="stations", names=names, fix=True)
    assert [(f.line, f.column, f.what, f.fixed) for f in scan.findings] == [
        (6, 16, ".model_3_d_revision", False),
        (6, 40, ".data_", False),
    ]
    assert "(Pump3DModel), the attribute is now .field_model_3d_revision" in scan.findings[0].advice
    assert "(Pump3DModel), the attribute is now .data" in scan.findings[1].advice
    assert source.read_text() == text

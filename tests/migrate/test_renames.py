"""``pygen migrate code`` where cognite-pygen and our SDK spell names differently
(``data/models/Renames.json``; its cognite-pygen 1.4.2 names are recorded in ``data/predecessor_names.json``).

``data/station_app`` is written against cognite-pygen 1.4.2's SDK of that model; ``pumps.py`` ran as written
on it (checked by hand against the emulator) and printed ``PREDECESSOR_RESULT``. After ``--fix`` it must
print the same on our SDK.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pygen_core.codegen import GenerateOptions
from pygen_core.snapshot import load_snapshot, write_snapshot

from .conftest import Run, app_on_emulator, comments, findings, line_of

Pygen = Callable[..., Run]
DATA = Path(__file__).parent / "data"
APP = "station_app"
SDK = ("--snapshot", "renames.json", "--package", "stations", "--client-name", "StationClient")
PREDECESSOR_RESULT = {
    "loaded": 3,
    "revisions": [3],
    "third_party": ["pump:1"],
    "by_query": ["raw", "cooked"],
    "home_region": "N-2",
    "cheap": ["N-2"],
    "content": ["manual", "q-1"],
}


@pytest.fixture
def stations(tmp_path: Path) -> Path:
    """The station app and the snapshot of its model (as ``pygen snapshot pull`` writes it)."""
    root = tmp_path / "stations-project"
    shutil.copytree(DATA / APP, root / APP)
    write_snapshot(load_snapshot(DATA / "models" / "Renames.json"), root / "renames.json")
    return root


# (file, a unique piece of its line, what the finding says) — mechanical ones end in their replacement.
EXPECTED = [
    ("pumps.py", "import stations.data_classes as dc", "import stations.data_classes -> import stations"),
    ("pumps.py", "from stations.data_classes import", "from stations.data_classes import -> from stations"),
    ("pumps.py", 'name="North", region_2_d=', "StationWrite(region_2_d=...) -> region_2d="),
    ("pumps.py", 'name="North", region_2_d=', "StationWrite(replace_=...) -> replace="),
    ("pumps.py", 'data_="raw",', "Pump3DModelWrite(data_=...) -> data="),
    ("pumps.py", 'content_="manual"', "Pump3DModelWrite(content_=...) -> content="),
    ("pumps.py", 'query_="q-1"', "Pump3DModelWrite(query_=...) -> query="),
    (
        "pumps.py",
        "model_3_d_revision=3,",
        "Pump3DModelWrite(model_3_d_revision=...) -> field_model_3d_revision=",
    ),
    ("pumps.py", "  no_3_rd_party=True,", "Pump3DModelWrite(no_3_rd_party=...) -> field_3rd_party="),
    ("pumps.py", 'dc.Pump3DModelWrite(external_id="pump:3"', "dc.Pump3DModelWrite(query_=...) -> query="),
    ("pumps.py", "found = client.pump_3_d_model.list(", "client.pump_3_d_model -> client.pump_3d_model"),
    (
        "pumps.py",
        "min_model_3_d_revision=2",
        "list(min_model_3_d_revision=...) -> min_field_model_3d_revision=",
    ),
    ("pumps.py", "min_model_3_d_revision=2", 'list(sort_by=...) field name -> "field_model_3d_revision"'),
    (
        "pumps.py",
        "return [pump.model_3_d_revision",
        "Pump3DModel.model_3_d_revision -> .field_model_3d_revision",
    ),
    ("pumps.py", "list(no_3_rd_party=True", "list(no_3_rd_party=...) -> field_3rd_party="),
    ("pumps.py", 'sort_by="data_"', 'list(sort_by=...) field name -> "data"'),
    ("pumps.py", "return [pump.data_ for", "Pump3DModel.data_ -> .data"),
    ("pumps.py", '"sp_stations", "full")', "retrieve() positional argument 3 -> retrieve_connections=..."),
    ("pumps.py", "pump.home_station_3d.region_2_d", "Station.region_2_d -> .region_2d"),
    ("pumps.py", "max_replace_=2.0", "list(max_replace_=...) -> max_replace="),
    ("pumps.py", "return pump.content_, pump.query_", "Pump3DModel.query_ -> .query"),
    ("report.py", "import stations.data_classes", "import stations.data_classes -> import stations"),
    (
        "report.py",
        "from stations import StationClient, data_classes",
        "from stations import data_classes -> manual: the module moved: import stations as data_classes",
    ),
    ("report.py", "import Pump3DModelFields,", "import of Pump3DModelFields -> manual: <View>Fields and"),
    ("report.py", 'aggregate("count", "data_")', "aggregate() positional argument 2 -> group_by=..."),
    ("report.py", 'aggregate("count", "data_")', 'aggregate(group_by=...) field name -> "data"'),
    (
        "report.py",
        'histogram("model_3_d_revision", 2)',
        'histogram(property=...) field name -> "field_model_3d',
    ),
    ("report.py", 'properties=["data_", "query_"]', 'search(properties=...) field name -> ["data", "query"]'),
    ("report.py", "list[stations.data_classes.Pump3DModel]", "stations.data_classes -> stations"),
    ("report.py", "pumps[0].no_3_rd_party", "Pump3DModel.no_3_rd_party -> .field_3rd_party"),
    (
        "report.py",
        "return row.model_3_d_revision, row.region_2_d()",
        ".model_3_d_revision -> manual: if this is an SDK object (Pump3DModel), the attribute is now "
        ".field_model_3d_revision",
    ),
]

# Names both SDKs spell alike: nothing on these lines may be reported.
UNCHANGED = [
    ("pumps.py", "from stations import StationClient"),
    ("pumps.py", "installed_at=INSTALLED"),
    ("pumps.py", "home_station_3d=north"),
    ("pumps.py", "def load(client: StationClient)"),
    ("report.py", "field: Pump3DModelFields"),  # the import is reported; its uses follow it
]


def test_every_rename_is_found_at_its_line(stations: Path, pygen: Pygen) -> None:
    run = pygen("migrate", "code", APP, *SDK, cwd=stations)
    assert run.code == 1
    found = findings(run.out)
    app = stations / APP
    for name, snippet, what in EXPECTED:
        line = line_of(app / name, snippet)
        hits = [f for f in found if f[0] == f"{APP}/{name}" and f[1] == line and f[3].startswith(what)]
        assert hits, (name, line, what, [f for f in found if f[0] == f"{APP}/{name}" and f[1] == line])
    for name, snippet in UNCHANGED:
        line = line_of(app / name, snippet)
        assert not [f for f in found if f[0] == f"{APP}/{name}" and f[1] == line], (name, snippet)
    # A renamed field called as a method, or a method of another object, is no SDK field: not listed.
    legacy = line_of(app / "report.py", "row.region_2_d()")
    assert [f[3].split(" ->")[0] for f in found if f[1] == legacy] == [".model_3_d_revision"]
    assert "pygen: 49 finding(s) in 3 file(s): 0 fixed, 46 fixable with --fix, 3 to do by hand" in run.err


def test_fix_leaves_only_what_needs_a_person(stations: Path, pygen: Pygen) -> None:
    app = stations / APP
    before = {path.name: comments(path) for path in app.glob("*.py")}
    fixed = pygen("migrate", "code", APP, *SDK, "--fix", cwd=stations)
    assert fixed.code == 1
    assert "46 fixed, 0 fixable with --fix, 3 to do by hand" in fixed.err
    for path in app.glob("*.py"):
        compile(path.read_text(), str(path), "exec")
        assert comments(path) == before[path.name], path.name
    pumps, report = (app / "pumps.py").read_text(), (app / "report.py").read_text()
    for expected in (
        "import stations as dc\n",
        "from stations import Pump3DModel, Pump3DModelWrite, StationWrite\n",
        'StationWrite(external_id="st:north", name="North", region_2d="N-2", replace=1.5)',
        '            data="raw",  # `data` in CDF\n',
        "            field_model_3d_revision=3,\n            field_3rd_party=True,\n",
        'dc.Pump3DModelWrite(external_id="pump:3", data="cooked", field_model_3d_revision=7, query="q-3")',
        'data_prefix="ra", min_field_model_3d_revision=2, sort_by="field_model_3d_revision", limit=-1',
        # `query_` stays a keyword: `query` is search()'s parameter in both SDKs
        'client.pump_3d_model.list(query_=["q-1", "q-3"], sort_by="data", direction="descending")',
        'retrieve("pump:1", "sp_stations", retrieve_connections="full")',
        "return pump.home_station_3d.region_2d",
        "return pump.content, pump.query\n",
    ):
        assert expected in pumps, expected
    assert "_3_d_" not in pumps
    assert "2_d" not in pumps
    for expected in (
        "import stations\n",
        "from stations import StationClient, data_classes\n",  # manual: left as it was
        "from stations import Pump3DModelFields, Pump3DModelList\n",
        'aggregate("count", group_by="data")',
        'histogram("field_model_3d_revision", 2)',
        'search("pump", properties=["data", "query"])',
        "def first(pumps: list[stations.Pump3DModel]) -> object:",
        "return pumps[0].field_3rd_party if pumps else data_classes.StationWrite",
        "return row.model_3_d_revision, row.region_2_d(), when.replace(year=2000)",
    ):
        assert expected in report, expected
    again = pygen("migrate", "code", APP, *SDK, "--fix", cwd=stations)
    assert "0 fixed, 0 fixable with --fix, 3 to do by hand" in again.err


@pytest.mark.slow
def test_fixed_app_prints_on_our_sdk_what_it_printed_on_cognite_pygen(
    stations: Path, pygen: Pygen, tmp_path: Path
) -> None:
    options = GenerateOptions(
        package="stations", client_name="StationClient", default_instance_space="sp_stations"
    )
    script = (
        "import json\nfrom stations import StationClient\nfrom station_app.pumps import run\n"
        "with StationClient.from_env() as client:\n    print(json.dumps(run(client)))\n"
    )
    with app_on_emulator(stations / "renames.json", stations, tmp_path / "sdk", options, script) as run_app:
        before = run_app()
        assert before.returncode != 0
        assert "No module named 'stations.data_classes'" in before.stderr
        fixed = pygen("migrate", "code", f"{APP}/pumps.py", *SDK, "--fix", cwd=stations)
        assert fixed.code == 0, fixed.out
        after = run_app()
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == PREDECESSOR_RESULT

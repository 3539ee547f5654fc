"""Record the names cognite-pygen 1.4.2 generates for the test models (``data/predecessor_names.json``).

Not a test: run by hand in a scratch environment with ``cognite-pygen==1.4.2`` installed (never a dependency
of this repository): ``python tests/migrate/_record_predecessor_names.py tests/data/models
tests/migrate/data/models > <that file>``.
For every view it records the class, write class, client attribute, fields, list() filter keywords and edge
sub-APIs, plus the client's attributes; ``test_names.py`` checks our re-derivation against them.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path
from typing import Any


def record(models: list[Any]) -> dict[str, Any]:
    from cognite.pygen._core.generators import SDKGenerator
    from cognite.pygen.config import PygenConfig

    model = models if len(models) > 1 else models[0]
    generator = SDKGenerator("pkg", "PkgClient", model, "sp_instances", config=PygenConfig())
    views: dict[str, list[dict[str, Any]]] = {}
    for api in generator._multi_api_generator.apis:
        data_class = api.data_class
        view_id = api.view_id
        key = f"{view_id.space}:{view_id.external_id}/{view_id.version}"
        views.setdefault(key, []).append(
            {
                "class": data_class.read_name,
                "write": data_class.write_name if data_class.is_writable else None,
                "api_attribute": api.api_class.parent_attribute,
                "fields": {f.name: f.prop_name for f in data_class.fields},
                "list_params": [p.name for p in api.list_method.parameters],
                "edge_apis": sorted(e.parent_attribute for e in api.edge_apis),
            }
        )
    files = generator.generate_sdk()
    client = next(text for path, text in files.items() if path.name == "_api_client.py")
    attributes = sorted(set(re.findall(r"^        self\.([a-z0-9_]+) = ", client, re.MULTILINE)))
    return {"views": views, "client_attributes": attributes}


def main(models_dirs: list[Path]) -> None:
    """Every model file in ``models_dirs`` (keyed by file name), and the OmniMulti models of the first one."""
    from cognite.client.data_classes import data_modeling as dm

    warnings.simplefilter("ignore")

    def load(path: Path) -> Any:
        return dm.DataModel.load(json.loads(path.read_text()))

    out: dict[str, Any] = {}
    for models_dir in models_dirs:
        for path in sorted(models_dir.glob("*.json")):
            if not path.name.endswith(".instances.json"):
                out[path.name] = record([load(path)])
    multi = [f"OmniMulti{x}.json" for x in "ABC"]
    out["+".join(multi)] = record([load(models_dirs[0] / name) for name in multi])
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]])

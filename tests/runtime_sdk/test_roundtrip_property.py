"""Property test: write object → upsert item → read form → read object → as_write → the same item."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pygen_core.runtime._flatten import flatten

from .test_models import VIEW, Pump, PumpWrite

_TEXT = st.text(st.characters(codec="utf-8"), max_size=20)
_MS = st.datetimes(
    min_value=datetime.datetime(1900, 1, 1),
    max_value=datetime.datetime(2099, 12, 31),
    timezones=st.just(datetime.timezone.utc),
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))

_FIELDS: dict[str, Any] = {
    "name": st.none() | _TEXT,
    "status": st.none() | st.sampled_from(["running", "stopped"]),
    "installed": st.none()
    | st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)),
    "last_seen": st.none() | _MS,
    "site": st.none() | st.tuples(_TEXT.filter(bool), _TEXT.filter(bool)),
}


def _as_read_form(item: dict[str, Any]) -> dict[str, Any]:
    """What a DMS server answers for an upserted node (metadata added, properties nested by view)."""
    [source] = item["sources"]
    view = source["source"]
    return {
        "instanceType": "node",
        "space": item["space"],
        "externalId": item["externalId"],
        "version": 1,
        "createdTime": 0,
        "lastUpdatedTime": 0,
        "properties": {view["space"]: {f"{view['externalId']}/{view['version']}": source["properties"]}},
    }


@settings(max_examples=150, deadline=None)
@given(xid=_TEXT.filter(bool), values=st.fixed_dictionaries({}, optional=_FIELDS))
def test_write_read_write_is_stable(xid: str, values: dict[str, Any]) -> None:
    write = PumpWrite(external_id=xid, **values)
    [item] = flatten([write], None)
    assert set(item["sources"][0]["properties"]) == {
        PumpWrite.model_fields[name].serialization_alias or name for name in values
    }
    read = Pump.model_validate(_as_read_form(item))
    assert read.dump()["properties"] == {VIEW.space: {VIEW.key: item["sources"][0]["properties"]}}
    [again] = flatten([read.as_write()], None)
    assert again == item

"""The list filters of time series, files and sequences."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_core.emulator import DMSError
from pygen_core.emulator._resource_filters import ListFilter

FILES = ListFilter(
    equal=("name", "uploaded"),
    asset_field="assetIds",
    prefixes={"externalIdPrefix": "externalId", "directoryPrefix": "directory"},
    ranges=("createdTime", "uploadedTime"),
)
SERIES = ListFilter(equal=("isString",), asset_field="assetId")
FILE: dict[str, Any] = {
    "externalId": "doc-1",
    "name": "a.pdf",
    "directory": "/plans/2024",
    "uploaded": True,
    "assetIds": [3, 4],
    "dataSetId": 9,
    "metadata": {"site": "north", "kind": "plan"},
    "createdTime": 100,
    "uploadedTime": 200,
}


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({}, True),
        ({"name": "a.pdf", "uploaded": True}, True),
        ({"uploaded": False}, False),
        ({"externalIdPrefix": "doc-"}, True),
        ({"directoryPrefix": "/plans/2025"}, False),
        ({"metadata": {"site": "north"}}, True),
        ({"metadata": {"site": "south"}}, False),
        ({"assetIds": [4, 7]}, True),  # any overlap
        ({"assetIds": [7]}, False),
        ({"dataSetIds": [{"id": 9}, {"id": 1}]}, True),
        ({"dataSetIds": [{"externalId": "ds"}]}, False),
        ({"createdTime": {"min": 100, "max": 100}}, True),  # inclusive
        ({"createdTime": {"min": 101}}, False),
        ({"uploadedTime": {"max": 199}}, False),
    ],
)
def test_file_filters(flt: dict[str, Any], expected: bool) -> None:
    assert FILES.matches(FILE, FILES.parse(flt)) is expected


def test_single_asset_and_missing_range_fields() -> None:
    series = {"isString": False, "assetId": 5, "createdTime": 1}
    assert SERIES.matches(series, {"assetIds": [5]})
    assert not SERIES.matches(series, {"assetIds": [6]})
    assert not FILES.matches({**FILE, "uploadedTime": None}, {"uploadedTime": {"min": 0}})


@pytest.mark.parametrize(
    ("flt", "where"),
    [({"colour": "red"}, "filter.colour"), ({"createdTime": 5}, "filter.createdTime"), ([1], "filter")],
)
def test_bad_filters_name_the_key(flt: Any, where: str) -> None:
    with pytest.raises(DMSError, match=where) as failure:
        FILES.parse(flt)
    assert failure.value.status == 400

"""``to_pandas()`` with real pandas (a test-only dependency), and the message when pandas is missing."""

from __future__ import annotations

import datetime
import sys

import pandas as pd
import pytest

from .test_models import WIRE, Pump, PumpList


def test_to_pandas_gives_one_typed_row_per_item() -> None:
    second = {**WIRE, "externalId": "pump:2", "properties": {"my_space": {"Pump/v1": {"name": "P2"}}}}
    frame = PumpList([Pump.model_validate(WIRE), Pump.model_validate(second)]).to_pandas()

    assert isinstance(frame, pd.DataFrame)
    assert list(frame["external_id"]) == ["pump:1", "pump:2"]
    assert list(frame.columns[:2]) == ["space", "external_id"]
    assert {"name", "status", "installed", "last_seen", "site", "version"} <= set(frame.columns)
    assert frame.loc[0, "site"] == {"space": "inst", "externalId": "site:1"}
    assert frame.loc[0, "status"] == "exploded"  # an enum value the SDK does not know is kept
    assert frame.loc[0, "installed"] == datetime.date(2024, 4, 19)
    assert pd.api.types.is_datetime64_any_dtype(frame["last_seen"])
    assert frame["last_seen"][0] == pd.Timestamp("2024-04-12T11:48:44+00:00")
    assert pd.isna(frame["last_seen"][1])


def test_to_pandas_of_an_empty_list_is_an_empty_frame() -> None:
    frame = PumpList().to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert frame.empty


def test_to_pandas_without_pandas_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an environment without pandas looks like
    with pytest.raises(ImportError, match="pip install pandas"):
        PumpList([Pump.model_validate(WIRE)]).to_pandas()

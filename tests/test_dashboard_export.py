"""Exports hold exactly the filtered events with the store's fields."""
import io
import json

import pandas as pd

from dashboard.export import events_csv, events_json


def test_csv_has_one_row_per_event_and_readable_chinese(sample_data):
    table = pd.read_csv(io.BytesIO(events_csv(sample_data.events)), encoding="utf-8-sig")
    assert sorted(table["id"]) == [1, 2, 3, 4]
    assert "国能集团; 华药集团" in set(table["companies"])


def test_json_keeps_companies_as_lists_and_missing_values_as_null(sample_data):
    records = json.loads(events_json(sample_data.events))
    by_id = {r["id"]: r for r in records}
    assert by_id[2]["companies"] == ["国能集团", "华药集团"]
    assert by_id[1]["city"] == "吴忠" and by_id[3]["city"] is None and by_id[1]["date_end"] is None

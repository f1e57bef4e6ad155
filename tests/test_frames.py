from datetime import datetime

import pandas as pd

from newsnlp.frames import build_frame, check_schema, empty_items, empty_mentions
from newsnlp.items import ITEMS_SCHEMA, MENTIONS_SCHEMA


def test_frames_empty_tables_follow_the_schema() -> None:
    assert check_schema(empty_items(), ITEMS_SCHEMA) == []
    assert check_schema(empty_mentions(), MENTIONS_SCHEMA) == []
    assert list(empty_items().columns) == list(ITEMS_SCHEMA)


def test_frames_build_casts_rows_and_keeps_missing_values_missing() -> None:
    rows = [("m1", 0, 5, "Aliyev", "PERSON", None, "AZE", None, None, None, None),
            ("m1", 9, 14, "Baku", "GPE", "Baku", None, None, "election",
             datetime(2024, 9, 1), 0.5)]
    frame = build_frame(rows, MENTIONS_SCHEMA)
    assert check_schema(frame, MENTIONS_SCHEMA) == []
    assert frame["country"].isna().tolist() == [False, True]
    assert frame["event_date"].iloc[1] == pd.Timestamp("2024-09-01")
    assert pd.isna(frame["score"].iloc[0])


def test_frames_check_schema_names_what_is_wrong() -> None:
    frame = empty_items().drop(columns=["title"]).astype({"position": "int64"})
    problems = check_schema(frame, ITEMS_SCHEMA)
    assert "missing column 'title'" in problems
    assert any("'position'" in p and "int64" in p for p in problems)

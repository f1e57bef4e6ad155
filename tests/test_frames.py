from datetime import datetime

import pandas as pd
import pytest

from newsnlp.errors import InputError
from newsnlp.frames import build_frame, check_schema, empty_items, empty_mentions
from newsnlp.items import ITEMS_SCHEMA, MENTIONS_SCHEMA


def test_frames_empty_tables_follow_the_schema() -> None:
    assert check_schema(empty_items(), ITEMS_SCHEMA) == []
    assert check_schema(empty_mentions(), MENTIONS_SCHEMA) == []
    assert list(empty_items().columns) == list(ITEMS_SCHEMA)


def test_frames_build_casts_rows_and_keeps_missing_values_missing() -> None:
    rows = [("m1", 0, 5, "Aliyev", "PERSON", None, "AZE", None, None, None, None, "body"),
            ("m1", 9, 14, "Baku", "GPE", "Baku", None, None, "election",
             datetime(2024, 9, 1), 0.5, "title")]
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


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    items = build_frame([tuple({"item_id": "a", "published": datetime(2024, 9, 2),
                                "text": "Aliyev met Lavrov.", "countries": ["AZE"],
                                "topic": "diplomacy", "position": 0, "start": 0, "end": 18,
                                "n_mentions": 2}.get(c) for c in ITEMS_SCHEMA)], ITEMS_SCHEMA)
    mentions = build_frame([("a", 0, 6, "Aliyev", "PERSON", "Ilham Aliyev", "AZE", None, None,
                             None, None, "body"),
                            ("a", 11, 17, "Lavrov", "PERSON", "Sergei Lavrov", "RUS", None, None,
                             None, None, "body")], MENTIONS_SCHEMA)
    return items, mentions


def test_frames_news_accessor_is_registered_by_importing_newsnlp() -> None:
    import subprocess
    import sys

    code = ("import pandas as pd, newsnlp; "
            "print(pd.DataFrame({'item_id': [], 'label': []}).news.kind)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "mentions"


def test_frames_news_accessor_tells_the_tables_apart() -> None:
    items, mentions = _tables()
    assert (items.news.kind, mentions.news.kind) == ("items", "mentions")
    assert empty_items().news.kind == "items"
    with pytest.raises(InputError, match=r"\[E090\].*'x'.*newsnlp.Tagger"):
        _ = pd.DataFrame({"x": [1]}).news.kind


def test_frames_news_accessor_names_the_missing_columns() -> None:
    _, mentions = _tables()
    with pytest.raises(InputError, match=r"\[E091\]") as info:
        mentions[["item_id", "label"]].news.top("person")
    assert "'text'" in str(info.value)
    assert "result.mentions" in str(info.value)


def test_frames_news_accessor_binds_the_other_table_or_takes_it_as_argument() -> None:
    items, mentions = _tables()
    bound = mentions.news(items).kwic("Sergei Lavrov")
    passed = mentions.news.kwic("Sergei Lavrov", items=items)
    pd.testing.assert_frame_equal(bound, passed)
    assert bound["match"].tolist() == ["Lavrov"]

    class Result:  # the shape of a TagResult
        pass

    result = Result()
    result.items, result.mentions = items, mentions  # type: ignore[attr-defined]
    pd.testing.assert_frame_equal(items.news(result).top("person"),
                                  mentions.news.top("person"))


def test_frames_news_accessor_does_not_change_the_table() -> None:
    items, mentions = _tables()
    before = mentions.copy()
    mentions.news(items).timeline("D", by="person")
    mentions.news.cooccurrence()
    pd.testing.assert_frame_equal(mentions, before)


def test_frames_archive_and_in_memory_items_share_one_schema() -> None:
    from newsnlp.archive import ARCHIVE_ITEMS_SCHEMA

    assert list(ARCHIVE_ITEMS_SCHEMA) == list(ITEMS_SCHEMA)
    assert {"duplicate_of", "meta"} <= set(ITEMS_SCHEMA)
    items = empty_items()
    assert str(items["duplicate_of"].dtype) == str(items["meta"].dtype) == "string"


def test_frames_accessor_default_labels_are_the_analysis_defaults() -> None:
    import inspect

    from newsnlp.analysis.network import DEFAULT_LABELS
    from newsnlp.frames import NewsAccessor

    default = inspect.signature(NewsAccessor.cooccurrence).parameters["labels"].default
    assert default == DEFAULT_LABELS


@pytest.mark.parametrize("cell", [["economy, business and finance", "election"], [], None])
def test_frames_csv_list_cells_round_trip(cell: list[str] | None) -> None:
    from newsnlp.frames import decode_list, encode_list

    assert decode_list(encode_list(cell) or "") == cell


def test_frames_csv_reads_back_booleans_and_lists_of_an_events_table() -> None:
    import io

    from newsnlp.frames import read_csv, write_csv
    from newsnlp.items import EVENTS_SCHEMA

    row: dict[str, object] = dict.fromkeys(EVENTS_SCHEMA)
    rows = [dict(row, event_id=f"i:{n}", item_id="i", event_type="meeting",
                 modality="asserted", date_precision="day", future=future, actors=actors,
                 n_event_mentions=1, trigger_start=0, trigger_end=4)
            for n, (future, actors) in enumerate([(True, ["Ann Lee", "the UN, in Geneva"]),
                                                  (False, []), (None, ["x"])])]
    frame = build_frame([tuple(r.values()) for r in rows], EVENTS_SCHEMA)
    out = io.StringIO()
    write_csv(frame, out)
    back = read_csv(io.StringIO(out.getvalue()), EVENTS_SCHEMA)
    assert back["future"].tolist() == [True, False, pd.NA]
    assert back["actors"].tolist() == [["Ann Lee", "the UN, in Geneva"], [], ["x"]]
    pd.testing.assert_frame_equal(back, frame)

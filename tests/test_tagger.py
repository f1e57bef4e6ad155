import warnings
from pathlib import Path

import pandas as pd
import pytest

from newsnlp import InputError, Item, Tagger, TagOptions, segment
from newsnlp.frames import check_schema
from newsnlp.items import ITEMS_SCHEMA, MENTIONS_SCHEMA, make_item_id
from newsnlp.tagger import _batches, split_text

from .conftest import EXAMPLE


def _assert_consistent(result) -> None:  # type: ignore[no-untyped-def]
    assert check_schema(result.items, ITEMS_SCHEMA) == []
    assert check_schema(result.mentions, MENTIONS_SCHEMA) == []
    fields = result.items.set_index("item_id")[["text", "title"]]
    for row in result.mentions.itertuples():
        # Offsets are into the field the mention is in: the body, or the headline.
        field = "title" if row.part == "title" else "text"
        assert fields.loc[row.item_id, field][row.start : row.end] == row.text
    counts = result.mentions.groupby("item_id").size()
    for row in result.items.itertuples():
        assert row.n_mentions == counts.get(row.item_id, 0)


def test_tagger_seed_bulletin_gives_five_items_with_their_entities(tagger: Tagger,
                                                                   seed_path: Path) -> None:
    result = tagger.tag(seed_path.read_text())
    _assert_consistent(result)
    assert len(result.items) == 5
    assert result.items["position"].tolist() == [0, 1, 2, 3, 4]
    assert result.items["published"].iloc[0] == pd.Timestamp("2024-09-01 14:18")
    people = set(result.mentions.loc[result.mentions["label"] == "PERSON", "text"])
    assert {"Ilham Aliyev", "Marko Djuric", "Sergei Lavrov"} <= people


def test_tagger_example_bulletin_has_mentions_in_every_item(tagger: Tagger) -> None:
    result = tagger.tag(EXAMPLE.read_text())
    _assert_consistent(result)
    assert len(result.items) == 5
    assert (result.items["n_mentions"] > 0).all()


@pytest.mark.parametrize("text", ["", "   \n\t \r\n"])
def test_tagger_empty_text_gives_empty_tables(tagger: Tagger, text: str) -> None:
    result = tagger.tag(text)
    assert len(result.items) == 0
    assert len(result.mentions) == 0
    _assert_consistent(result)


def test_tagger_unstructured_text_is_one_item(tagger: Tagger) -> None:
    text = "the minister of finance of Kazakhstan met bankers in London and talked about bonds"
    result = tagger.tag(text)
    assert len(result.items) == 1
    assert result.items["text"].iloc[0] == text


def test_tagger_accepts_items_and_lists_of_bulletins(tagger: Tagger) -> None:
    bulletins = [EXAMPLE.read_text(), "Ilham Aliyev met Marko Djuric in Baku."]
    by_text = tagger.tag(bulletins)
    by_items = tagger.tag([item for text in bulletins for item in segment(text)])
    pd.testing.assert_frame_equal(by_text.mentions, by_items.mentions)
    assert by_text.items["position"].tolist() == [0, 1, 2, 3, 4, 0]
    assert by_items.items["position"].tolist() == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("bad", [b"bytes", 42, None, [1, 2], ["ok", None]])
def test_tagger_rejects_what_is_not_text(tagger: Tagger, bad: object) -> None:
    with pytest.raises(InputError, match=r"\[E006\]"):
        tagger.tag(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["batch_size", "batch_chars", "n_process", "max_piece_chars"])
def test_tagger_options_out_of_range_are_refused(field: str) -> None:
    with pytest.raises(InputError, match=rf"\[E009\] {field}=0"):
        TagOptions(**{field: 0})


def test_tagger_long_item_is_tagged_in_pieces_with_offsets_into_the_whole_text() -> None:
    sentence = "Ilham Aliyev received Marko Djuric in Baku on Monday. "
    text = sentence * 400  # ~21,000 characters
    item = Item(text=text, start=0, end=len(text), item_id=make_item_id(text, 0))
    whole = Tagger().tag([item])
    pieces = Tagger(max_piece_chars=1000).tag([item])
    _assert_consistent(pieces)
    assert len(pieces.mentions) == len(whole.mentions) > 400
    assert pieces.mentions["end"].max() > 20_000


def test_tagger_batches_end_at_the_item_or_character_limit(tagger: Tagger) -> None:
    sizes = [300, 300, 500, 2000, 10, 10, 10, 10]
    pairs = [(tagger.nlp.make_doc("x" * n), (row, 0, n)) for row, n in enumerate(sizes)]
    batches = [[context[0] for _, context in batch]
               for batch in _batches(iter(pairs), max_docs=3, max_chars=1000)]
    # 300+300 < 1000 <= 300+300+500; a piece over the limit makes a batch of its own.
    assert batches == [[0, 1], [2], [3], [4, 5, 6], [7]]


def test_tagger_tables_do_not_depend_on_the_batches() -> None:
    whole = Tagger(topic_model=None).tag(EXAMPLE.read_text(encoding="utf-8"))
    small = Tagger(topic_model=None, batch_size=3, batch_chars=400).tag(
        EXAMPLE.read_text(encoding="utf-8"))
    assert len(whole.mentions) > 20
    pd.testing.assert_frame_equal(small.items, whole.items)
    pd.testing.assert_frame_equal(small.mentions, whole.mentions)


def test_tagger_long_run_does_not_grow_the_string_store(tagger: Tagger) -> None:
    def unseen(n: int) -> list[str]:
        return [f"Minister Zqx{n}{i}ov visited Qrv{n}{i}stan." for i in range(50)]

    tagger.tag(unseen(1))  # warm up: strings the pipeline adds once
    before = len(tagger.nlp.vocab.strings)
    tagger.tag(unseen(2))
    assert len(tagger.nlp.vocab.strings) == before


@pytest.mark.parametrize("text", ["abc " * 10, "x" * 25, "line one\nline two\nline three\n" * 3])
def test_tagger_split_text_pieces_rebuild_the_text_within_the_limit(text: str) -> None:
    pieces = list(split_text(text, 12))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 12 for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [text.index(p, o) for o, p in pieces]


def test_tagger_tag_files_records_the_origin(tagger: Tagger, tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text(EXAMPLE.read_text(), encoding="cp1252", errors="replace")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = tagger.tag_files([path, EXAMPLE])
    assert result.items["origin"].tolist() == [str(path)] * 5 + [str(EXAMPLE)] * 5
    assert result.items["item_id"].is_unique


def test_tagger_items_carry_the_countries_they_name_and_the_dateline_country(
    tagger: Tagger, seed_path: Path
) -> None:
    items = tagger.tag(seed_path.read_text()).items
    assert items["dateline_country"].isna().tolist()[:2] == [True, False]
    assert items["dateline_country"].iloc[1] == "AZE"
    assert items["countries"].iloc[0] == ["AZE", "SRB"]
    assert {"ARM", "AZE", "RUS"} <= set(items["countries"].iloc[3])


def test_tagger_links_a_surname_to_the_full_name_in_another_item(tagger: Tagger) -> None:
    bulletin = (
        "-\n- 2 September 2024, 10:00\nRussian Foreign Minister Sergei Lavrov arrived in Minsk.\n"
        "-\n- 2 September 2024, 11:00\nTalks will continue tomorrow, Lavrov told reporters.\n"
    )
    result = tagger.tag(bulletin)
    assert len(result.items) == 2
    lavrov = result.mentions[result.mentions["text"] == "Lavrov"]
    assert lavrov["canonical"].tolist() == ["Sergei Lavrov"]
    assert lavrov["country"].tolist() == ["RUS"]


def test_tagger_tags_topics_with_the_default_model_or_none() -> None:
    text = "Voters elected a new parliament on Sunday; turnout was 37 percent, the commission said."
    with_topics = Tagger().tag(text).items
    assert with_topics["topic_l1"].tolist() == ["politics"]
    assert 0 < with_topics["topic_score"].iloc[0] <= 1
    without = Tagger(topic_model=None).tag(text).items
    assert without["topic"].isna().all()
    assert check_schema(without, ITEMS_SCHEMA) == []


def test_tagger_a_bulletin_given_twice_keeps_item_id_a_key(tagger: Tagger) -> None:
    text = "Ilham Aliyev met Marko Djuric in Baku."
    result = tagger.tag([text, text])
    assert result.items["item_id"].is_unique
    joined = result.mentions.merge(result.items[["item_id"]], on="item_id")
    assert len(joined) == len(result.mentions)
    assert result.items["item_id"].tolist() == tagger.tag([text, text]).items["item_id"].tolist()


def test_tagger_labels_filter_events_too_and_must_be_a_set() -> None:
    text = "Protesters clashed with police in Baku after the election."
    places = Tagger(topic_model=None, labels=frozenset({"GPE"})).tag(text).mentions
    assert set(places["label"]) == {"GPE"}
    with pytest.raises(InputError, match=r"\[E079\] labels"):
        TagOptions(labels="GPE")  # type: ignore[arg-type]


def test_tagger_misspelt_option_is_a_numbered_error() -> None:
    with pytest.raises(InputError, match=r"\[E079\].*'batchsize'"):
        Tagger(batchsize=8)


_TAG_TO_PARQUET = """
import json, sys
from pathlib import Path
from newsnlp import Tagger
bulletins = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))
             if p.stem.endswith("-00") or p.stem.startswith("seed")]
with open(sys.argv[2], encoding="utf-8") as handle:
    rows = [json.loads(line) for line in handle][840:880]
stories = [" ".join(row["body"].split()) for row in rows if row.get("body")]
result = Tagger().tag(bulletins + stories)
result.items.to_parquet(Path(sys.argv[3]) / "items.parquet")
result.mentions.to_parquet(Path(sys.argv[3]) / "mentions.parquet")
"""


def test_tagger_output_does_not_depend_on_the_hash_seed(shared_data: Path, tmp_path: Path) -> None:
    # Python salts str hashes per process, so anything that follows the order of a set of
    # strings differs from run to run; the whole pipeline must not. Reuters stories 840-880
    # hold a surname shared by two full names in one story, which once did depend on it (seeds
    # 1 and 4 order those names differently).
    import os
    import subprocess
    import sys

    tables = []
    for seed in ("1", "4"):
        out = tmp_path / seed
        out.mkdir()
        subprocess.run([sys.executable, "-c", _TAG_TO_PARQUET, str(shared_data / "bulletins"),
                        str(shared_data / "reuters-21578" / "reuters21578.jsonl"), str(out)],
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=600)
        tables.append([pd.read_parquet(out / name) for name in ("items.parquet",
                                                                 "mentions.parquet")])
    assert len(tables[0][0]) > 50
    assert len(tables[0][1]) > 500
    pd.testing.assert_frame_equal(tables[0][0], tables[1][0])
    pd.testing.assert_frame_equal(tables[0][1], tables[1][1])

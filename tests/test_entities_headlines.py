"""Headlines are tagged: title mentions say so, their offsets are into the title."""

from __future__ import annotations

import pytest

from newsnlp.items import Item


@pytest.mark.slow
def test_headlines_mentions_and_countries(tagger) -> None:  # type: ignore[no-untyped-def]
    item = Item(text="The two governments signed the deal on Monday.", start=0, end=47,
                item_id="h1", title="Latvia and Lithuania sign energy deal")
    result = tagger.tag(item)
    mentions = result.mentions
    title = mentions[mentions["part"] == "title"]
    assert set(title["country"].dropna()) == {"LVA", "LTU"}
    for row in title.itertuples():
        assert item.title[row.start : row.end] == row.text  # type: ignore[index]
    assert set(mentions.loc[mentions["part"] == "body", "part"]) <= {"body"}
    assert result.items["countries"].iloc[0] == ["LTU", "LVA"]


@pytest.mark.slow
def test_headlines_all_caps_multi_word_country(tagger) -> None:  # type: ignore[no-untyped-def]
    item = Item(text="Ministers met.", start=0, end=14, item_id="h2",
                title="TRINIDAD AND TOBAGO HOSTS TALKS")
    countries = tagger.tag(item).mentions["country"].dropna().tolist()
    assert countries == ["TTO"]

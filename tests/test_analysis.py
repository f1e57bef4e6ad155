"""Counts, timelines, co-occurrence, lookups, plots and display over small hand-made tables
(the behaviour is arithmetic on the tables) and over the tagged seed bulletin (real model)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from newsnlp import analysis
from newsnlp.errors import InputError
from newsnlp.frames import build_frame
from newsnlp.items import EVENTS_SCHEMA, ITEMS_SCHEMA, MENTIONS_SCHEMA

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after choosing the backend


def _items() -> pd.DataFrame:
    rows = [
        # item_id, published, countries, topic
        ("a", datetime(2024, 9, 2, 10), ["AZE", "RUS"], "election"),
        ("b", datetime(2024, 9, 3, 12), ["AZE"], "election"),
        ("c", datetime(2024, 9, 17, 9), ["ARM", "AZE"], "diplomacy"),
        ("d", None, ["RUS"], "diplomacy"),
    ]
    texts = {"a": "Ilham Aliyev met Vladimir Putin in Baku.",
             "b": "Aliyev voted in Baku on Sunday.",
             "c": "Aliyev and Nikol Pashinyan spoke about Armenia.",
             "d": "Putin spoke in Moscow."}
    full = []
    for item_id, published, countries, topic in rows:
        values = {"item_id": item_id, "published": published, "countries": countries,
                  "topic": topic, "topics": [topic], "text": texts[item_id], "position": 0,
                  "start": 0, "end": 0, "n_mentions": 0}
        full.append(tuple(values.get(column) for column in ITEMS_SCHEMA))
    return build_frame(full, ITEMS_SCHEMA)


def _mentions() -> pd.DataFrame:
    def m(item_id: str, text: str, label: str, canonical: str | None = None,
          country: str | None = None, event_type: str | None = None) -> tuple[object, ...]:
        start = _items().set_index("item_id").loc[item_id, "text"].index(text)
        return (item_id, start, start + len(text), text, label, canonical, country, None,
                event_type, None, None, "body")

    return build_frame([
        m("a", "Ilham Aliyev", "PERSON", "Ilham Aliyev", "AZE"),
        m("a", "Vladimir Putin", "PERSON", "Vladimir Putin", "RUS"),
        m("a", "Baku", "GPE", "Baku", "AZE"),
        m("b", "Aliyev", "PERSON", "Ilham Aliyev", "AZE"),
        m("b", "Baku", "GPE", "Baku", "AZE"),
        m("b", "voted", "EVENT", None, None, "election"),
        m("c", "Aliyev", "PERSON", "Ilham Aliyev", "AZE"),
        m("c", "Nikol Pashinyan", "PERSON", None, "ARM"),
        m("c", "Armenia", "GPE", "Armenia", "ARM"),
        m("d", "Putin", "PERSON", "Vladimir Putin", "RUS"),
        m("d", "Moscow", "GPE", "Moscow", "RUS"),
    ], MENTIONS_SCHEMA)


@pytest.fixture(autouse=True)
def _close_figures():  # type: ignore[no-untyped-def]
    yield
    plt.close("all")


def test_analysis_top_counts_people_under_their_canonical_name() -> None:
    people = analysis.top(_mentions(), "person")
    assert people.loc["Ilham Aliyev"].tolist() == [3, 3]
    assert people.loc["Vladimir Putin"].tolist() == [2, 2]
    assert "Aliyev" not in people.index
    # A mention without a canonical name counts under its text.
    assert "Nikol Pashinyan" in people.index
    assert list(people.index[:2]) == ["Ilham Aliyev", "Vladimir Putin"]


def test_analysis_top_counts_items_once_however_often_they_name_something() -> None:
    mentions = pd.concat([_mentions(), _mentions().iloc[[0, 0]]], ignore_index=True)
    aliyev = analysis.top(mentions, "person").loc["Ilham Aliyev"]
    assert (aliyev["items"], aliyev["mentions"]) == (3, 5)


def test_analysis_top_country_is_read_off_the_table_it_is_asked_on() -> None:
    on_items = analysis.top(_items(), "country")
    on_mentions = analysis.top(_mentions(), "country")
    assert on_items["items"].to_dict() == {"AZE": 3, "RUS": 2, "ARM": 1}
    assert list(on_items.columns) == ["items"]
    # Mentions count the places only: Putin (RUS) is a person, not a mention of Russia.
    assert on_mentions.loc["RUS"].tolist() == [1, 1]
    assert on_mentions.loc["AZE"].tolist() == [2, 2]


def test_analysis_top_per_period_keeps_n_in_each_period() -> None:
    table = analysis.top(_items(), "country", n=1, freq="W")
    assert table.columns.tolist() == ["period", "country", "items"]
    assert table["period"].tolist() == [pd.Timestamp("2024-09-02"), pd.Timestamp("2024-09-16")]
    assert table["country"].tolist() == ["AZE", "ARM"]  # ARM/AZE tie, broken by name


@pytest.mark.parametrize(("what", "needed"), [("person", "mentions"), ("topic", "items")])
def test_analysis_top_asks_for_the_other_table_when_it_needs_it(what: str, needed: str) -> None:
    frame = _items() if needed == "mentions" else _mentions()
    with pytest.raises(InputError, match=rf"\[E092\].*{needed}="):
        analysis.top(frame, what)
    other = {needed: _mentions() if needed == "mentions" else _items()}
    assert len(analysis.top(frame, what, **other))


def test_analysis_top_rejects_unknown_what() -> None:
    with pytest.raises(InputError, match=r"\[E093\].*'people'.*'person'"):
        analysis.top(_mentions(), "people")


def test_analysis_timeline_has_every_period_and_columns_by_total() -> None:
    table = analysis.timeline(_items(), freq="W", by="country")
    weeks = pd.date_range("2024-09-02", "2024-09-16", freq="7D")
    assert table.index.tolist() == weeks.tolist()
    assert table.loc["2024-09-09"].sum() == 0  # a week with no items is a row of zeros
    assert table.columns.tolist() == ["AZE", "ARM", "RUS"]
    # The undated item is left out: RUS has two items but one with a date.
    assert table.sum().to_dict() == {"AZE": 3, "ARM": 1, "RUS": 1}


def test_analysis_timeline_of_mentions_takes_dates_from_items() -> None:
    table = analysis.timeline(_mentions(), "M", by="person", count="mentions", items=_items(), n=1)
    assert table.columns.tolist() == ["Ilham Aliyev"]
    assert table.iloc[:, 0].tolist() == [3]
    totals = analysis.timeline(_items(), "D")
    assert totals.columns.tolist() == ["items"]
    assert int(totals["items"].sum()) == 3


@pytest.mark.parametrize(("freq", "expected"), [("ME", "M"), ("M", "M"), ("W", "W"), ("D", "D")])
def test_analysis_timeline_accepts_date_range_aliases(freq: str, expected: str) -> None:
    assert analysis.timeline(_items(), freq).attrs["freq"] == expected


@pytest.mark.parametrize("freq", ["weekly", "", "3X"])
def test_analysis_timeline_rejects_unknown_frequencies(freq: str) -> None:
    with pytest.raises(InputError, match=r"\[E094\]"):
        analysis.timeline(_items(), freq)


def test_analysis_cooccurrence_weights_pairs_by_shared_items() -> None:
    edges = analysis.cooccurrence(_mentions())
    weights = {(s, t): w for s, t, w in edges[["source", "target", "weight"]].itertuples(
        index=False)}
    assert weights[("Baku", "Ilham Aliyev")] == 2
    assert weights[("Moscow", "Vladimir Putin")] == 1
    assert all(s < t for s, t in weights)
    assert edges["weight"].is_monotonic_decreasing
    assert edges.set_index("source").loc["Baku", "source_label"].iloc[0] == "GPE"


def test_analysis_cooccurrence_filters_by_label_weight_period_and_size() -> None:
    mentions, items = _mentions(), _items()
    people = analysis.cooccurrence(mentions, labels=["PERSON"])
    assert set(people["source_label"]) | set(people["target_label"]) == {"PERSON"}
    assert analysis.cooccurrence(mentions, min_weight=2)["weight"].min() >= 2
    september_2 = analysis.cooccurrence(mentions, period=("2024-09-02", "2024-09-03"),
                                        items=items)
    assert set(september_2["source"]) | set(september_2["target"]) == {
        "Baku", "Ilham Aliyev", "Vladimir Putin"}
    two = analysis.cooccurrence(mentions, n=2)
    assert set(two["source"]) | set(two["target"]) <= {"Ilham Aliyev", "Baku", "Vladimir Putin"}
    assert len(two) == 1


def test_analysis_cooccurrence_period_needs_dates() -> None:
    with pytest.raises(InputError, match=r"\[E092\]"):
        analysis.cooccurrence(_mentions(), period="2024-09")
    with pytest.raises(InputError, match=r"\[E095\]"):
        analysis.cooccurrence(_mentions(), period="not a period", items=_items())


def test_analysis_to_networkx_keeps_weights_and_labels() -> None:
    graph = analysis.to_networkx(analysis.cooccurrence(_mentions()))
    assert graph["Baku"]["Ilham Aliyev"]["weight"] == 2
    assert graph.nodes["Ilham Aliyev"]["label"] == "PERSON"
    assert graph.nodes["Baku"]["weight"] == sum(
        d["weight"] for _, _, d in graph.edges("Baku", data=True))


def test_analysis_kwic_shows_each_mention_in_context() -> None:
    table = analysis.kwic(_mentions(), "Ilham Aliyev", width=10, items=_items())
    assert table["match"].tolist() == ["Ilham Aliyev", "Aliyev", "Aliyev"]
    assert table["item_id"].tolist() == ["a", "b", "c"]  # by date
    assert table["right"].iloc[1] == " voted in "
    assert (table["left"].str.len() == 10).all()  # right-aligned, so the matches line up


def test_analysis_kwic_country_code_finds_places_not_citizens() -> None:
    table = analysis.kwic(_mentions(), "rus", items=_items())
    assert table["match"].tolist() == ["Moscow"]


def test_analysis_kwic_on_items_searches_the_text() -> None:
    table = analysis.kwic(_items(), "baku")
    assert table["match"].tolist() == ["Baku", "Baku"]
    assert table["label"].isna().all()
    assert analysis.mentioning(_items(), "Putin")["item_id"].tolist() == ["a", "d"]


def test_analysis_show_highlights_entities_and_topics() -> None:
    view = analysis.item_view(_items(), "a", _mentions())
    markup = view._repr_html_()
    assert markup.count("<mark") == 3
    assert "Vladimir Putin" in markup
    assert "election" in markup
    assert "Vladimir Putin [PERSON]" in repr(view)
    with pytest.raises(InputError, match=r"\[E097\].*'zz'"):
        analysis.item_view(_items(), "zz", _mentions())


def test_analysis_show_draws_an_event_that_contains_an_entity_without_overlap() -> None:
    mentions = _mentions()
    event = mentions.iloc[[5]].assign(start=0, end=10)  # "Aliyev vot": overlaps "Aliyev"
    markup = analysis.render_item(_items().iloc[1], pd.concat([mentions.iloc[[3]], event]))
    assert markup.count("<mark") == 1


def test_analysis_result_html_summarises_both_tables() -> None:
    markup = analysis.result_html(_items(), _mentions())
    assert "4 items, 11 mentions" in markup
    assert "Ilham Aliyev (3)" in markup
    assert "2024-09-02 to 2024-09-17" in markup


def test_analysis_plots_label_their_axes_and_save_to_png(tmp_path: Path) -> None:
    timeline = analysis.timeline(_items(), "W", by="topic")
    axes = [analysis.plot_timeline(timeline, kind="area"),
            analysis.plot_top(analysis.top(_items(), "country")),
            analysis.plot_network(analysis.cooccurrence(_mentions()))]
    assert axes[0].get_ylabel() == "items per week"
    assert axes[0].get_title() == "Items per week by topic"
    assert [t.get_text() for t in axes[1].get_yticklabels()][::-1] == [
        "Azerbaijan", "Russia", "Armenia"]
    assert axes[1].get_xlabel() == "number of items"
    for index, ax in enumerate(axes):
        assert ax.get_title()
        path = tmp_path / f"{index}.png"
        ax.figure.savefig(path)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_analysis_network_drawing_is_the_same_for_the_same_seed() -> None:
    edges = analysis.cooccurrence(_mentions())

    def positions(seed: int) -> list[tuple[float, float]]:
        ax = analysis.plot_network(edges, seed=seed)
        return [tuple(t.get_position()) for t in ax.texts]

    assert positions(1) == positions(1)
    assert positions(1) != positions(2)


@pytest.mark.slow
def test_analysis_on_the_tagged_seed_bulletin(tagger, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = tagger.tag_files([seed_path])
    items, mentions = result.items, result.mentions
    people = items.news(mentions).top("person", n=None)
    persons = mentions[mentions["label"] == "PERSON"]
    assert int(people["mentions"].sum()) == len(persons)
    assert people.index[0] in {"Ilham Aliyev", "Sergei Lavrov"}
    daily = items.news.timeline("D", by="country", n=None)
    dated = items[items["published"].notna()]
    assert int(daily.sum().sum()) == int(dated["countries"].str.len().sum())
    edges = mentions.news.cooccurrence()
    assert {"Ilham Aliyev", "Serbia"} <= set(edges["source"]) | set(edges["target"])
    summary = result._repr_html_()
    assert f"{len(items)} items, {len(mentions)} mentions" in summary
    assert people.index[0] in summary
    lavrov = mentions.news(items).kwic("Sergei Lavrov")
    assert (lavrov["match"].str.contains("Lavrov")).all()
    assert len(lavrov) == int(people.loc["Sergei Lavrov", "mentions"])


# ---- the events table -------------------------------------------------------------------------

def _events() -> pd.DataFrame:
    def e(event_id: str, event_type: str, date: str, actors: list[str], targets: list[str],
          place: str | None = None) -> dict[str, object]:
        return {"event_id": event_id, "item_id": event_id.split("#")[0], "event_type": event_type,
                "event_date": pd.Timestamp(date), "actor_countries": actors,
                "target_countries": targets, "place_country": place, "actors": actors,
                "targets": targets, "future": False, "trigger_start": 0, "trigger_end": 0,
                "n_event_mentions": 1}

    rows = [
        # Item a reports two meetings of ARM and AZE (one in Geneva), b a third a week later.
        e("a#0", "meeting", "2024-09-02", ["ARM"], ["AZE"], "CHE"),
        e("a#1", "meeting", "2024-09-03", ["ARM", "AZE"], []),
        e("a#2", "statement", "2024-09-03", ["RUS"], ["ARM", "AZE"]),
        e("b#0", "meeting", "2024-09-17", ["AZE"], ["ARM"]),
        # A country both acting and acted on is one country of the event.
        e("c#0", "protest", "2024-09-16", ["GEO"], ["GEO"], "GEO"),
    ]
    return build_frame([tuple(row.get(column) for column in EVENTS_SCHEMA) for row in rows],
                       EVENTS_SCHEMA)


def test_analysis_events_table_is_a_third_kind() -> None:
    assert _events().news.kind == "events"
    # Mentions carry `event_type` too: their `label` still makes them mentions.
    assert _mentions().news.kind == "mentions"
    # A selection of an events table's columns is still one.
    assert _events()[["item_id", "event_type"]].news.kind == "events"


def test_analysis_top_on_events_counts_events_and_the_items_reporting_them() -> None:
    types = _events().news.top("event_type")
    assert list(types.columns) == ["events", "items"]
    assert types.loc["meeting"].tolist() == [3, 2]
    assert list(types.index) == ["meeting", "protest", "statement"]  # protest/statement tie


def test_analysis_top_country_on_events_counts_each_event_once() -> None:
    countries = _events().news.top("country")
    assert countries.loc["GEO"].tolist() == [1, 1]  # actor, target and place: one event
    assert countries.loc["ARM", "events"] == 4
    assert countries.loc["CHE", "events"] == 1  # the place is a country of the event
    assert "CHE" not in _events().news.top("actor_country").index


def test_analysis_timeline_on_events_dates_them_by_event_date() -> None:
    weekly = _events().news.timeline("W", by="event_type")
    assert weekly.index.tolist() == list(pd.date_range("2024-09-02", "2024-09-16", freq="7D"))
    assert weekly["meeting"].tolist() == [2, 0, 1]
    assert weekly.columns[0] == "meeting"
    by_items = _events().news.timeline("W", by="event_type", count="items")
    assert by_items["meeting"].tolist() == [1, 0, 1]  # a's two meetings are one item
    by_country = _events().news.timeline("W", by="country", n=2)
    assert by_country.columns.tolist() == ["ARM", "AZE"]
    assert by_country["ARM"].tolist() == [3, 0, 1]


def test_analysis_event_network_links_participants_not_places() -> None:
    edges = _events().news.cooccurrence()
    assert edges.iloc[0][["source", "target", "weight"]].tolist() == ["ARM", "AZE", 4]
    names = set(edges["source"]) | set(edges["target"])
    assert "CHE" not in names  # talks in Geneva do not involve Switzerland
    assert {("ARM", "RUS"), ("AZE", "RUS")} <= set(zip(edges["source"], edges["target"],
                                                       strict=True))
    assert analysis.event_network(_events(), min_weight=2)["weight"].tolist() == [4]
    september_3 = analysis.event_network(_events(), period=("2024-09-03", "2024-09-04"))
    assert september_3.set_index(["source", "target"])["weight"].to_dict() == {
        ("ARM", "AZE"): 2, ("ARM", "RUS"): 1, ("AZE", "RUS"): 1}


def test_analysis_on_events_says_which_columns_are_missing() -> None:
    events = _events().drop(columns=["actor_countries"])
    with pytest.raises(InputError, match=r"\[E091\].*'actor_countries'.*events table"):
        events.news.top("country")
    with pytest.raises(InputError, match=r"\[E091\].*'event_date'.*result\.events"):
        _events().drop(columns=["event_date"]).news.timeline("W")


def test_analysis_on_events_rejects_whats_and_methods_of_the_other_tables() -> None:
    with pytest.raises(InputError, match=r"\[E093\].*'person'.*'actor'"):
        _events().news.top("person")
    with pytest.raises(InputError, match=r"\[E093\].*count='mentions'"):
        _events().news.timeline("W", count="mentions")
    with pytest.raises(InputError, match=r"\[E145\].*kwic"):
        _events().news.kwic("Aliyev")
    with pytest.raises(InputError, match=r"\[E092\].*event_network"):
        analysis.event_network(_mentions())
    with pytest.raises(InputError, match=r"\[E093\].*'event_type' is counted on result\.events"):
        _mentions().news.top("event_type")


def test_analysis_plots_of_events_draw_events_by_event_date() -> None:
    bars = _events().news.plot_top("actor_country")
    assert bars.get_xlabel() == "number of events"
    assert "Armenia" in [t.get_text() for t in bars.get_yticklabels()]
    lines = _events().news.plot_timeline("W", by="event_type")
    assert (lines.get_xlabel(), lines.get_ylabel()) == ("event date", "events per week")

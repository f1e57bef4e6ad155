"""The events table: one row per event in an item, with the documented schema."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from newsnlp import Tagger
from newsnlp.archive import tag_archive
from newsnlp.events.clusters import ClusterIndex, cluster_events, link_events
from newsnlp.events.score import fit_calibration, mention_score
from newsnlp.events.table import event_rows, group_mentions
from newsnlp.frames import check_schema
from newsnlp.items import EVENTS_SCHEMA


def _mention(event_type: str, start: int, *, date: str | None = None,
             modality: str = "asserted", arguments: list[dict[str, Any]] | None = None
             ) -> dict[str, Any]:
    return {"event_type": event_type, "start": start, "end": start + 5, "head_start": start,
            "head_end": start + 5, "text": "word", "is_noun": True, "modality": modality,
            "date": date, "date_precision": "day" if date else None,
            "arguments": arguments or []}


def test_events_table_groups_mentions_of_one_event() -> None:
    mentions = [_mention("election", 0), _mention("election", 30, date="2024-09-01"),
                _mention("election", 60, modality="future"), _mention("arrest", 90)]
    groups = group_mentions(mentions)
    assert [[m["start"] for m in g] for g in groups] == [[0, 30], [60], [90]]


def test_events_table_rows_take_dates_arguments_and_drop_trigger_arguments() -> None:
    place = {"role": "place", "text": "Baku", "start": 40, "end": 44, "canonical": "Baku",
             "country": "AZE"}
    actor = {"role": "actor", "text": "Aliyev", "start": 50, "end": 56,
             "canonical": "Ilham Aliyev", "country": "AZE"}
    itself = {"role": "target", "text": "talks", "start": 30, "end": 35, "canonical": None,
              "country": None}
    rows = event_rows("i1", [_mention("meeting", 0, arguments=[place]),
                             _mention("meeting", 30, date="2024-09-01",
                                      arguments=[actor, itself])], datetime(2024, 9, 2))
    assert len(rows) == 1
    row = dict(zip(EVENTS_SCHEMA, rows[0], strict=True))
    assert row["event_date"] == datetime(2024, 9, 1)
    assert row["date_precision"] == "day"
    assert (row["actors"], row["actor_countries"], row["targets"]) == (
        ["Ilham Aliyev"], ["AZE"], [])
    assert (row["place"], row["place_country"]) == ("Baku", "AZE")
    assert row["mention_spans"] == ["0:5", "30:35"]
    assert row["cameo"] == "04"
    assert 0.0 <= row["score"] <= 1.0


def test_events_score_is_calibrated_and_lower_when_not_asserted() -> None:
    table = fit_calibration([(("arrest", "verb", "args"), True)] * 9
                            + [(("arrest", "verb", "args"), False)], source="test")
    mention = {"event_type": "arrest", "is_noun": False, "modality": "asserted",
               "arguments": [{"role": "target"}]}
    rare = mention | {"event_type": "protest"}
    assert mention_score(mention, table) > mention_score(rare, table)
    assert mention_score(mention | {"modality": "negated"}, table) < mention_score(mention, table)


@pytest.fixture(scope="module")
def tagged() -> Any:
    text = ("BAKU, 2 September 2024 - President Ilham Aliyev met Foreign Minister Marko Djuric "
            "in Baku on Monday. Aliyev said the meeting was useful. Georgia will hold "
            "elections next year.")
    return Tagger(topic_model=None).tag(text)


def test_events_table_from_the_tagger_has_the_schema(tagged: Any) -> None:
    assert check_schema(tagged.events, EVENTS_SCHEMA) == []
    assert set(tagged.events["item_id"]) <= set(tagged.items["item_id"])


def test_events_table_one_meeting_row_with_its_people(tagged: Any) -> None:
    meetings = tagged.events[tagged.events["event_type"] == "meeting"]
    assert len(meetings) == 1
    assert "Ilham Aliyev" in meetings["actors"].iloc[0]
    assert meetings["event_date"].iloc[0] == datetime(2024, 9, 2)


def test_events_table_future_election_is_flagged(tagged: Any) -> None:
    elections = tagged.events[tagged.events["event_type"] == "election"]
    assert elections["future"].tolist() == [True]
    assert elections["event_date"].iloc[0].year == 2025


def _row(event_id: str, day: int, actors: list[str], countries: list[str],
         event_type: str = "meeting") -> dict[str, Any]:
    return {"event_id": event_id, "event_type": event_type, "modality": "asserted",
            "trigger": "met", "trigger_start": int(event_id.split(":")[0], 36),
            "event_date": datetime(2024, 9, day), "actors": actors, "targets": [],
            "actor_countries": countries, "target_countries": [], "place": None,
            "place_country": None}


def test_events_clusters_join_reports_of_one_event_only() -> None:
    events = pd.DataFrame([
        _row("a:0", 2, ["Ilham Aliyev"], ["AZE"]),
        _row("b:0", 3, ["Ilham Aliyev", "Marko Djuric"], ["AZE", "SRB"]),  # same, next day
        _row("c:0", 3, ["Nikol Pashinyan"], ["ARM"]),                       # other people
        _row("d:0", 9, ["Ilham Aliyev"], ["AZE"]),                          # a week later
        _row("e:0", 2, ["Ilham Aliyev"], ["AZE"], event_type="statement"),  # other type
        _row("f:0", 3, [], ["AZE"]),                         # no names: not with a named one,
        _row("g:0", 4, ["the delegations"], ["AZE"]),        # but with another with none
        _row("h:0", 4, ["the company"], []),                 # a common noun is no name
        _row("i:0", 4, ["the company"], []),
        _row("j:0", 2, ["Ilham Aliyev"], ["AZE"], event_type="statement"),  # statements: never
    ])
    assert cluster_events(events).tolist() == ["a:0", "a:0", "c:0", "d:0", "e:0", "f:0", "f:0",
                                               "h:0", "i:0", "j:0"]


def test_events_clusters_join_a_reprinted_statement() -> None:
    said = _row("a:0", 2, ["Ilham Aliyev"], ["AZE"], event_type="statement")
    events = pd.DataFrame([said, said | {"event_id": "b:0"},
                           said | {"event_id": "c:0", "trigger_start": 99}])
    assert cluster_events(events).tolist() == ["a:0", "a:0", "c:0"]


def test_events_clusters_across_items_of_a_tag_call() -> None:
    text = ("BAKU, 2 September 2024 - President Ilham Aliyev met Marko Djuric in Baku.\n\n"
            "BELGRADE, 2 September 2024 - Marko Djuric met President Ilham Aliyev on Monday.")
    events = Tagger(topic_model=None).tag(text).events
    meetings = events[events["event_type"] == "meeting"]
    assert meetings["item_id"].nunique() == 2
    assert meetings["event_cluster"].nunique() == 1


def _report(event_id: str, event_type: str, day: int, trigger: str, *, precision: str = "day",
            actors: list[str] | None = None, countries: list[str] | None = None,
            place: str | None = None, start: int = 0) -> dict[str, Any]:
    return {"event_id": event_id, "item_id": event_id.split(":")[0], "event_type": event_type,
            "modality": "asserted", "trigger": trigger, "trigger_start": start,
            "event_date": datetime(2024, 9, day), "date_precision": precision,
            "actors": actors or [], "targets": [], "actor_countries": countries or [],
            "target_countries": [], "place": place, "place_country": None}


def test_events_link_shares_a_day_and_gives_a_violation_its_election() -> None:
    events = pd.DataFrame([
        _report("a:0", "election", 1, "The early parliamentary elections on September 1"),
        _report("b:0", "election", 2, "early parliamentary elections", precision="published",
                actors=["Azerbaijan"], countries=["AZE"]),
        _report("c:0", "election", 2, "the special elections", precision="published",
                countries=["AZE"], place="polling station"),
        _report("c:1", "violation", 2, "violations", precision="published", start=90),
        _report("d:0", "election", 2, "the presidential election", precision="published",
                countries=["FRA"]),
    ])
    linked = link_events(events)
    # one vote in Azerbaijan: a and b share two describing words, b and c the country
    assert linked["event_cluster"].tolist()[:3] == ["a:0"] * 3
    assert linked.loc[4, "event_cluster"] == "d:0"
    days = [str(d)[:10] for d in linked["event_date"]]
    assert days == ["2024-09-01"] * 4 + ["2024-09-02"]
    assert linked.loc[3, "place"] == "polling station"
    assert linked.loc[4, "date_precision"] == "published"
    assert events.loc[1, "date_precision"] == "published"  # the caller's frame is unchanged


def test_events_cluster_index_joins_reports_of_later_tables() -> None:
    index = ClusterIndex()
    first = index.link(pd.DataFrame([_report("a:0", "meeting", 2, "met",
                                             actors=["Ilham Aliyev"], countries=["AZE"])]))
    later = index.link(pd.DataFrame([
        _report("b:0", "meeting", 3, "talks", actors=["Ilham Aliyev"], countries=["AZE"]),
        _report("c:0", "meeting", 9, "talks", actors=["Ilham Aliyev"], countries=["AZE"])]))
    assert first["event_cluster"].tolist() == ["a:0"]
    assert later["event_cluster"].tolist() == ["a:0", "c:0"]  # a week later is another
    resumed = ClusterIndex.from_tables([first])
    again = resumed.link(pd.DataFrame([_report("d:0", "meeting", 2, "met",
                                               actors=["Ilham Aliyev"])]))
    assert again["event_cluster"].tolist() == ["a:0"]


def test_events_clusters_hold_across_the_parts_of_an_archive_run(tmp_path: Path) -> None:
    for name, place in (("a", "BAKU"), ("b", "BELGRADE")):
        (tmp_path / f"{name}.txt").write_text(
            f"{place}, 2 September 2024 - President Ilham Aliyev met Marko Djuric on Monday.",
            encoding="utf-8")
    tag_archive(tmp_path, tmp_path / "out", n_process=1, part_size=1, progress=False,
                topic_model=None)
    events = pd.read_parquet(tmp_path / "out" / "events")
    meetings = events[events["event_type"] == "meeting"]
    assert meetings["item_id"].nunique() == 2
    assert meetings["event_cluster"].nunique() == 1


def test_events_table_counts_a_statement_by_who_made_it() -> None:
    said = _mention("statement", 0, arguments=[
        {"role": "actor", "text": "he", "start": 10, "end": 12, "canonical": None,
         "country": None}])
    named = _mention("meeting", 30, arguments=[
        {"role": "actor", "text": "she", "start": 40, "end": 43, "canonical": None,
         "country": None}])
    rows = event_rows("i1", [said, named], datetime(2024, 9, 2))
    # "he said" alone is nobody's statement; a meeting stands, without the pronoun as actor
    assert [(row[0], row[2], row[11]) for row in rows] == [("i1:0", "meeting", [])]

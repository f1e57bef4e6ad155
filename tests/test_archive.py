import gzip
import json
import logging
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from newsnlp import InputError, NewsnlpWarning, Tagger, segment, tag_archive
from newsnlp.archive import ARCHIVE_ITEMS_SCHEMA, ERRORS_SCHEMA, tag_dask_frame
from newsnlp.archive import run as archive_run
from newsnlp.frames import check_schema
from newsnlp.items import EVENTS_SCHEMA, MENTIONS_SCHEMA
from newsnlp.nlp import load_pipeline

from .conftest import EXAMPLE

REUTERS = Path("reuters-21578") / "reuters21578.jsonl"
MENTION_KEYS = ("item_id", "start", "end", "label", "text")


def _stories(shared_data: Path, n: int, start: int = 0) -> list[dict[str, str]]:
    """`n` distinct Reuters stories with a title and a body of two or three sentences."""
    stories, seen = [], set()
    with open(shared_data / REUTERS, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            body = " ".join((row.get("body") or "").split())
            title = " ".join((row.get("title") or "").split()).capitalize()
            if len(body) < 200 or not title or body in seen:
                continue
            seen.add(body)
            cut = body.find(". ", 250)
            stories.append({"title": title, "text": body[: cut + 1] if cut > 0 else body})
            if len(stories) == start + n:
                break
    return stories[start : start + n]


def _bulletin(stories: list[dict[str, str]]) -> str:
    # The digest layout of ../shared/data/bulletins: "N. Title (hh:mm)" above each body.
    lines = ["NEWS DIGEST | 13 March 1987", ""]
    for number, story in enumerate(stories, 1):
        lines += [f"{number}. {story['title']} (10:{number:02d})", story["text"], ""]
    return "\n".join(lines)


def _write_bulletins(folder: Path, stories: list[dict[str, str]], per_file: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(0, len(stories), per_file):
        path = folder / f"bulletin-{n // per_file:03d}.txt"
        path.write_text(_bulletin(stories[n : n + per_file]), encoding="utf-8")
        paths.append(path)
    return paths


def _expected_ids(paths: list[Path]) -> set[str]:
    return {item.item_id for path in paths
            for item in segment(path.read_text(encoding="utf-8"), origin=str(path))}


def _read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / table)


@pytest.fixture(scope="module")
def stories(shared_data: Path) -> list[dict[str, str]]:
    return _stories(shared_data, 120)


def test_archive_reads_every_kind_of_input_with_origin_and_position(
    tmp_path: Path, stories: list[dict[str, str]]
) -> None:
    inputs = tmp_path / "in"
    bulletins = _write_bulletins(inputs / "txt", stories[:6], per_file=3)
    latin = inputs / "txt" / "latin1.txt"
    latin.write_bytes(_bulletin(stories[6:8]).replace("NEWS", "NÉWS").encode("cp1252"))
    rows = [{"text": s["text"], "headline": s["title"], "date": "1987-03-13", "lang": "en"}
            for s in stories[8:14]]
    (inputs / "rows.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n")
    with gzip.open(inputs / "rows.jsonl.gz", "wt") as handle:
        handle.write(json.dumps(rows[2]) + "\n")
    pd.DataFrame(rows[3:4]).to_csv(inputs / "rows.csv", index=False)
    pd.DataFrame(rows[4:6]).to_parquet(inputs / "rows.parquet", index=False)
    with zipfile.ZipFile(inputs / "sent.zip", "w") as archive:
        archive.writestr("inner/b.txt", _bulletin(stories[14:16]))
        archive.writestr("inner/r.jsonl", json.dumps(rows[0] | {"text": stories[16]["text"]}))
    (inputs / "notes.docx").write_bytes(b"left out: a folder takes known suffixes only")

    summary = tag_archive(inputs, tmp_path / "out", n_process=1, progress=False)

    items = _read(tmp_path / "out", "items")
    assert summary.n_items == len(items)
    assert summary.n_errors == 0
    counts = items["origin"].value_counts().to_dict()
    assert counts == {str(bulletins[0]): 3, str(bulletins[1]): 3, str(latin): 2,
                      str(inputs / "rows.jsonl"): 2, str(inputs / "rows.jsonl.gz"): 1,
                      str(inputs / "rows.csv"): 1, str(inputs / "rows.parquet"): 2,
                      f"{inputs / 'sent.zip'}::inner/b.txt": 2,
                      f"{inputs / 'sent.zip'}::inner/r.jsonl": 1}
    assert items["item_id"].is_unique
    by_origin = items.groupby("origin")["position"].agg(list)
    assert by_origin[str(bulletins[0])] == [0, 1, 2]
    assert by_origin[str(inputs / "rows.parquet")] == [0, 1]
    table_rows = items[items["origin"].str.contains("rows")]
    assert set(table_rows["title"]) == {r["headline"] for r in rows}
    assert (table_rows["published"] == pd.Timestamp("1987-03-13")).all()
    assert table_rows["meta"].map(json.loads).tolist() == [{"lang": "en"}] * len(table_rows)
    assert "NÉWS" not in " ".join(items["text"])  # the header is not an item, in any encoding


def test_archive_tables_follow_the_documented_schemas(
    tmp_path: Path, stories: list[dict[str, str]]
) -> None:
    _write_bulletins(tmp_path / "in", stories[:4], per_file=2)
    (tmp_path / "in" / "empty.txt").write_text("")
    tag_archive(tmp_path / "in", tmp_path / "out", n_process=1, progress=False, part_size=2)
    items, mentions = _read(tmp_path / "out", "items"), _read(tmp_path / "out", "mentions")
    assert check_schema(items, ARCHIVE_ITEMS_SCHEMA) == []
    assert check_schema(mentions, MENTIONS_SCHEMA) == []
    assert check_schema(_read(tmp_path / "out", "errors"), ERRORS_SCHEMA) == []
    # Parts of two items: one per bulletin file, and the empty file alone at the end.
    assert len(list((tmp_path / "out" / "items").glob("*.parquet"))) == 3
    assert len(items) == 4
    texts = items.set_index("item_id")["text"]
    assert all(texts[m.item_id][m.start : m.end] == m.text for m in mentions.itertuples())
    assert items["n_mentions"].sum() == len(mentions)


def test_archive_faults_go_to_errors_and_the_run_goes_on(
    tmp_path: Path, stories: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "in"
    good = _write_bulletins(inputs, stories[:4], per_file=2)
    (inputs / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02" * 50)
    whole = gzip.compress(("\n".join(json.dumps({"text": s["text"]}) for s in stories[4:40])
                           ).encode())
    (inputs / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (inputs / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (inputs / "blank.txt").write_text(" \n\n")  # gives no items: recorded, not silently skipped
    (inputs / "rows.jsonl").write_text('{"text": "Fine row."}\n{not json\n{"body": "no text"}\n')
    # A component that raises on one item: the real pipeline, failing on a marked text.
    from newsnlp.entities.events import EventFinder

    real = EventFinder.__call__

    def fragile(self, doc):  # type: ignore[no-untyped-def]
        if "Explode" in doc.text:
            raise RuntimeError("component failure")
        return real(self, doc)

    monkeypatch.setattr(EventFinder, "__call__", fragile)
    monkeypatch.setattr(EventFinder, "pipe", lambda self, docs, batch_size=128: map(
        self, docs))
    bomb = inputs / "bomb.txt"
    bomb.write_text(_bulletin([stories[41], {"title": "Bad", "text": "Explode it, he said."},
                               stories[42]]))

    summary = tag_archive(inputs, tmp_path / "out", n_process=1, progress=False)

    errors = _read(tmp_path / "out", "errors")
    by_code = {code: set(group["origin"]) for code, group in errors.groupby("code")}
    assert by_code == {"E001": {str(inputs / "scan.txt")},
                       "E070": {str(inputs / "cut.jsonl.gz"), str(inputs / "broken.zip")},
                       "E072": {str(bomb)}, "E073": {str(inputs / "rows.jsonl")},
                       "E087": {str(inputs / "blank.txt")}}
    assert sorted(errors.loc[errors["code"] == "E073", "position"]) == [1, 2]
    assert errors.loc[errors["code"] == "E072", "position"].tolist() == [1]
    assert errors["message"].str.startswith("[E").all()
    items = _read(tmp_path / "out", "items")
    assert "only white space" in errors.loc[errors["code"] == "E087", "message"].item()
    assert summary.n_errors == len(errors) == 7
    assert _expected_ids(good) <= set(items["item_id"])
    assert items.loc[items["origin"] == str(bomb), "position"].tolist() == [0, 2]
    assert 0 < (items["origin"] == str(inputs / "cut.jsonl.gz")).sum() < 36


def test_archive_rerun_naming_the_same_files_another_way_resumes_under_the_first_names(
    tmp_path: Path, stories: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_bulletins(tmp_path / "in", stories[:4], per_file=2)
    out = tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    first = tag_archive(["in/*.txt"], out, n_process=1, progress=False)
    origins = set(_read(out, "items")["origin"])
    assert origins == {"in/bulletin-000.txt", "in/bulletin-001.txt"}
    absolute = tag_archive([str(tmp_path / "in")], out, n_process=1, progress=False)
    monkeypatch.chdir(tmp_path / "in")
    elsewhere = tag_archive(["./bulletin-000.txt", "bulletin-001.txt"], out, n_process=1,
                            progress=False)
    for again in (absolute, elsewhere):
        assert (again.n_tagged, again.n_reused_units, again.n_items) == (0, 2, first.n_items)
    assert set(_read(out, "items")["origin"]) == origins


def test_archive_rerun_resumes_redoes_changed_inputs_and_force_redoes_all(
    tmp_path: Path, stories: list[dict[str, str]]
) -> None:
    paths = _write_bulletins(tmp_path / "in", stories[:12], per_file=2)
    out = tmp_path / "out"
    first = tag_archive(tmp_path / "in", out, n_process=1, progress=False, part_size=4)
    assert first.n_tagged == 12
    stray = out / "items" / "part-999999.parquet"  # as if a crash came before the manifest
    stray.write_bytes(b"half a part")
    again = tag_archive(tmp_path / "in", out, n_process=1, progress=False, part_size=4)
    assert (again.n_tagged, again.n_reused_units, again.n_items) == (0, 6, 12)
    assert not stray.exists()
    paths[5].write_text(_bulletin(stories[10:12] + stories[20:21]))
    changed = tag_archive(tmp_path / "in", out, n_process=1, progress=False, part_size=4)
    # The changed file's part (two files, four items) is redone, with the new item.
    assert (changed.n_tagged, changed.n_items) == (5, 13)
    forced = tag_archive(tmp_path / "in", out, n_process=1, progress=False, part_size=4,
                         force=True)
    assert forced.n_tagged == 13
    items = _read(out, "items")
    assert sorted(items["item_id"]) == sorted(_expected_ids(paths))


def test_archive_a_sigkilled_run_finishes_on_rerun_with_every_item_once(
    tmp_path: Path, stories: list[dict[str, str]]
) -> None:
    paths = _write_bulletins(tmp_path / "in", stories[:120], per_file=3)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "newsnlp.cli", "tag", str(tmp_path / "in"), "-o",
               f"{out}/", "--quiet", "--n-process", "1", "--part-size", "6"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    manifest = out / "_manifest.jsonl"
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and len(manifest.read_text().splitlines()) >= 4:  # header + 3
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    written = len(manifest.read_text().splitlines()) - 1
    assert 3 <= written < 20

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    items = _read(out, "items")
    assert sorted(items["item_id"]) == sorted(_expected_ids(paths))
    assert items["item_id"].is_unique
    assert set(_read(out, "mentions")["item_id"]) <= set(items["item_id"])
    assert f"{len(items):,} items" in rerun.stdout


def test_archive_streams_a_large_bulletin_file_in_units_and_resumes_within_it(
    tmp_path: Path, stories: list[dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsnlp.archive import inputs

    monkeypatch.setattr(inputs, "STREAM_BYTES", 0)  # every bulletin file counts as large
    [path] = _write_bulletins(tmp_path / "in", stories[:12], per_file=12)
    expected = segment(path.read_text(encoding="utf-8"), origin=str(path))
    out = tmp_path / "out"
    real_tag_part, calls = archive_run.tag_part, []

    def crash_on_second_part(*args: object) -> object:
        calls.append(1)
        if len(calls) == 5:
            raise KeyboardInterrupt  # as if the run were killed: two parts written, two tagged
        return real_tag_part(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(archive_run, "tag_part", crash_on_second_part)
    with pytest.raises(KeyboardInterrupt):
        tag_archive(path, out, n_process=1, progress=False, part_size=2)
    monkeypatch.setattr(archive_run, "tag_part", real_tag_part)
    rerun = tag_archive(path, out, n_process=1, progress=False, part_size=2)

    # Two items to a unit: the two units written were kept, the other four tagged again.
    assert (rerun.n_reused_units, rerun.n_tagged, rerun.n_items) == (2, 8, 12)
    units = [unit for line in (out / "_manifest.jsonl").read_text().splitlines()[1:]
             for unit in json.loads(line)["units"]]
    # As in a table, the file's end is known only after its last full unit: an empty unit.
    assert [(u["key"], u["last"]) for u in units] == [
        (f"{path}#{n}", n == 6) for n in range(7)]
    items = _read(out, "items").sort_values("position")
    assert items[["item_id", "position", "start", "end", "text"]].values.tolist() == [
        [item.item_id, n, item.start, item.end, item.text] for n, item in enumerate(expected)]


@pytest.mark.parametrize("part_size", [1, 1000])
def test_archive_repeated_items_point_to_the_first_seen(
    tmp_path: Path, stories: list[dict[str, str]], part_size: int
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(_bulletin(stories[:3]))
    # The same items again, one re-cased and re-spaced, as agencies repeat them.
    repeated = [stories[1] | {"text": stories[1]["text"].upper()}, stories[4],
                stories[0] | {"text": "  " + stories[0]["text"].replace(" ", "  ")}]
    (inputs / "b.txt").write_text(_bulletin(repeated))
    tag_archive(inputs, tmp_path / "out", n_process=1, progress=False, part_size=part_size)
    items = _read(tmp_path / "out", "items").set_index(["origin", "position"])
    first = items.loc[str(inputs / "a.txt"), "item_id"]
    later = items.loc[str(inputs / "b.txt"), "duplicate_of"]
    assert [None if pd.isna(v) else v for v in later] == [first[1], None, first[0]]
    assert items.loc[str(inputs / "a.txt"), "duplicate_of"].isna().all()


def test_archive_long_run_does_not_grow_the_string_store(tmp_path: Path) -> None:
    def unseen(n: int) -> None:
        folder = tmp_path / f"in{n}"
        folder.mkdir()
        for f in range(3):
            (folder / f"{f}.txt").write_text(" ".join(
                f"Minister Zqx{n}{f}{i}ov visited Qrv{n}{f}{i}stan." for i in range(40)))
        tag_archive(folder, tmp_path / f"out{n}", n_process=1, progress=False, part_size=1)

    unseen(1)  # warm up: strings the pipeline adds once
    before = len(load_pipeline().vocab.strings)
    unseen(2)
    assert len(load_pipeline().vocab.strings) == before


def test_archive_progress_is_a_bar_or_log_lines(
    tmp_path: Path, stories: list[dict[str, str]], caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_bulletins(tmp_path / "in", stories[:4], per_file=1)
    monkeypatch.setattr(archive_run._Progress, "every", 0.0)
    with caplog.at_level(logging.INFO, logger="newsnlp.archive"):
        tag_archive(tmp_path / "in", tmp_path / "a", n_process=1, part_size=1)  # not a TTY
    lines = [r.getMessage() for r in caplog.records if "items/s" in r.getMessage()]
    assert len(lines) >= 3
    assert "4 items tagged" in lines[-2]
    assert "ETA" in lines[-2]
    capsys.readouterr()
    tag_archive(tmp_path / "in", tmp_path / "b", n_process=1, part_size=1, progress=True)
    bar = capsys.readouterr().err
    assert "4 items" in bar
    assert "items/s" in bar
    assert "100%" in bar


def test_archive_stream_in_chunks_gives_the_tables_of_one_call(tagger: Tagger) -> None:
    bulletins = [EXAMPLE.read_text(), "Ilham Aliyev met Marko Djuric in Baku."]
    whole = tagger.tag(bulletins)
    chunks = list(tagger.tag_stream(bulletins, chunk_size=2))
    assert [len(c.items) for c in chunks] == [2, 2, 2]
    joined = pd.concat([c.items for c in chunks], ignore_index=True)
    assert joined["item_id"].tolist() == whole.items["item_id"].tolist()
    assert joined["position"].tolist() == [0, 1, 2, 3, 4, 0]
    assert sum(len(c.mentions) for c in chunks) == len(whole.mentions)


@pytest.mark.parametrize(
    ("setup", "kwargs", "code"),
    [
        ("missing", {}, "E074"),
        ("file_out", {}, "E075"),
        ("stranger", {}, "E075"),
        ("ok", {"engine": "spark"}, "E076"),
        ("ok", {"part_size": 0}, "E009"),
    ],
)
def test_archive_refuses_bad_arguments_before_tagging(
    tmp_path: Path, setup: str, kwargs: dict[str, object], code: str
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Polls closed.")
    out = tmp_path / "out"
    if setup == "file_out":
        out.write_text("not a directory")
    elif setup == "stranger":
        out.mkdir()
        (out / "thesis.docx").write_text("mine")
    inputs = tmp_path / "nothing-*.txt" if setup == "missing" else source
    with pytest.raises(InputError, match=rf"\[{code}\]"):
        tag_archive(inputs, out, n_process=1, progress=False, **kwargs)  # type: ignore[arg-type]


def test_archive_output_written_with_other_options_is_not_resumed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Polls closed in Baku.")
    tag_archive(tmp_path / "a.txt", tmp_path / "out", n_process=1, progress=False)
    with pytest.raises(InputError, match=r"\[E078\]"):
        tag_archive(tmp_path / "a.txt", tmp_path / "out", n_process=1, progress=False,
                    topic_model=None)
    redone = tag_archive(tmp_path / "a.txt", tmp_path / "out", n_process=1, progress=False,
                         topic_model=None, force=True)
    assert redone.n_tagged == 1


def _sorted(frame: pd.DataFrame, *by: str) -> pd.DataFrame:
    return frame.sort_values(list(by)).reset_index(drop=True)


@pytest.mark.slow
def test_archive_worker_processes_give_the_tables_of_one_process(
    tmp_path: Path, stories: list[dict[str, str]]
) -> None:
    _write_bulletins(tmp_path / "in", stories[:16] + stories[:2], per_file=2)
    one = tag_archive(tmp_path / "in", tmp_path / "one", n_process=1, progress=False,
                      part_size=4)
    two = tag_archive(tmp_path / "in", tmp_path / "two", n_process=2, progress=False,
                      part_size=4)
    assert one.n_duplicates == two.n_duplicates == 2
    for table, keys in (("items", ("item_id",)), ("mentions", MENTION_KEYS)):
        pd.testing.assert_frame_equal(_sorted(_read(tmp_path / "one", table), *keys),
                                      _sorted(_read(tmp_path / "two", table), *keys))


@pytest.mark.slow
def test_archive_dask_engine_and_dask_frames_give_the_local_tables(
    tmp_path: Path, stories: list[dict[str, str]]
) -> None:
    distributed = pytest.importorskip("distributed")
    import dask
    import dask.dataframe as dd

    inputs = tmp_path / "in"
    _write_bulletins(inputs, stories[:8] + stories[:1], per_file=3)
    rows = pd.DataFrame({"text": [s["text"] for s in stories[20:26]],
                         "title": [s["title"] for s in stories[20:26]]})
    rows.to_json(inputs / "rows.jsonl", orient="records", lines=True)
    local = tag_archive(inputs, tmp_path / "local", n_process=1, progress=False, part_size=4)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = tag_archive(inputs, tmp_path / "dask", engine="dask", client=client,
                             progress=False, part_size=4)
        frame = rows.assign(origin=str(inputs / "rows.jsonl"))
        lazy = tag_dask_frame(dd.from_pandas(frame, npartitions=2), origin_col="origin")
        items, mentions, errors, events = dask.compute(*lazy)
    assert (remote.n_items, remote.n_duplicates) == (local.n_items, local.n_duplicates) == (15, 1)
    for table, keys in (("items", ("item_id",)), ("mentions", MENTION_KEYS)):
        pd.testing.assert_frame_equal(_sorted(_read(tmp_path / "local", table), *keys),
                                      _sorted(_read(tmp_path / "dask", table), *keys))
    archived = _read(tmp_path / "local", "items")
    archived = archived[archived["origin"] == str(inputs / "rows.jsonl")]
    assert len(errors) == 0
    assert sorted(items["item_id"]) == sorted(archived["item_id"])
    assert check_schema(items, ARCHIVE_ITEMS_SCHEMA) == []
    local_mentions = _read(tmp_path / "local", "mentions")
    local_mentions = local_mentions[local_mentions["item_id"].isin(archived["item_id"])]
    # Labels and canonical names may differ: names are linked within a part, and the parts differ.
    keys = ["item_id", "start", "end", "text"]
    pd.testing.assert_frame_equal(_sorted(mentions, *keys)[keys],
                                  _sorted(local_mentions, *keys)[keys])
    local_events = _read(tmp_path / "local", "events")
    local_events = local_events[local_events["item_id"].isin(archived["item_id"])]
    keys = ["item_id", "event_type", "trigger_start", "trigger_end"]
    assert len(events)
    assert check_schema(events, EVENTS_SCHEMA) == []
    # Categories are the dataset's on read, the part's in memory: compare the types as text.
    as_text = {"event_type": "string"}
    pd.testing.assert_frame_equal(_sorted(events, *keys)[keys].astype(as_text),
                                  _sorted(local_events, *keys)[keys].astype(as_text))


def test_archive_falls_back_to_one_process_when_workers_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(EXAMPLE.read_text())

    def no_fork(method: str) -> None:
        raise ValueError(f"cannot find context for {method!r}")

    monkeypatch.setattr(archive_run.multiprocessing, "get_context", no_fork)
    with pytest.warns(NewsnlpWarning, match=r"\[W070\] Could not start 2 worker processes"):
        summary = tag_archive(tmp_path / "a.txt", tmp_path / "out", n_process=2,
                              progress=False)
    assert (summary.n_items, summary.n_errors) == (5, 0)


ALLOCATION_PROBE = """
import resource, sys
import numpy as np
from newsnlp.archive.allocator import tune_for_batches
tuned = sys.argv[1] == "tuned" and tune_for_batches()
np.ones(2**19)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    np.ones(2**19)  # 4 MB, allocated and freed as a batch's arrays are
print(tuned, (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 50)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the settings are glibc's")
def test_archive_workers_reuse_batch_sized_memory_instead_of_faulting_it_in_again() -> None:
    def faults_per_array(mode: str) -> tuple[str, float]:
        out = subprocess.run([sys.executable, "-c", ALLOCATION_PROBE, mode], check=True,
                             capture_output=True, text=True).stdout.split()
        return out[0], float(out[1])

    plain, tuned = faults_per_array("plain"), faults_per_array("tuned")
    if tuned[0] != "True":
        pytest.skip("not glibc: malloc settings are left alone")
    # Mapped anew, each 4 MB block is faulted in again (about 15 faults here, in huge pages);
    # kept in the heap, it is reused with none.
    assert tuned[1] < 1 < plain[1]

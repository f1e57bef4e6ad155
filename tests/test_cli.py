import json
import subprocess
import sys
from pathlib import Path

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
)

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
def test_cli_tag_writes_both_tables(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"out{suffix}"
    assert main(["tag", str(EXAMPLE), "-o", str(out)]) == 0
    read = {".parquet": pd.read_parquet, ".csv": pd.read_csv,
            ".jsonl": lambda p: pd.read_json(p, lines=True)}[suffix]
    items, mentions = read(out), read(tmp_path / f"out.mentions{suffix}")
    assert len(items) == 5
    assert set(mentions["item_id"]) <= set(items["item_id"])
    assert items["n_mentions"].sum() == len(mentions)


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

"""Archive runs that lose nothing and leave nothing behind (issue 20): locks, the user's
files, bad inputs contained, resume trusting what was read, links, damaged output, workers
that die with the driver, exit codes. Texts are written here; each run is small."""

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from newsnlp import InputError, tag_archive
from newsnlp.archive import inputs as archive_inputs
from newsnlp.archive import store as archive_store
from newsnlp.archive.inputs import expand

from ._support import alive, children

BULLETIN = ("BAKU, 2 September 2024 – Polls closed in Azerbaijan on Sunday.\n\n"
            "MOSCOW, 3 September 2024 – Vladimir Putin met Ilham Aliyev in Moscow.\n")
ROOT = Path(__file__).resolve().parents[1]


def _bulletin(n: int) -> str:
    return f"BAKU, {n % 28 + 1} September 2024 – Story number {n} about Azerbaijan.\n"


def _run(inputs: object, out: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    kwargs.setdefault("n_process", 1)
    kwargs.setdefault("progress", False)
    return tag_archive(inputs, out, **kwargs)  # type: ignore[arg-type]


def _read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / table)


def _texts(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"b{i:03d}.txt"
        path.write_text(_bulletin(i), encoding="utf-8")
        paths.append(path)
    return paths


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _wait_for(condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


# --- 1. one run at a time ------------------------------------------------------------------


def test_archive_safety_a_second_run_into_a_locked_directory_is_refused_naming_the_pid(
    tmp_path: Path,
) -> None:
    _texts(tmp_path / "in", 2)
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from newsnlp.archive.store import Store; "
         "s = Store(sys.argv[1], {}); print('locked', flush=True); time.sleep(120)", str(out)],
        stdout=subprocess.PIPE, text=True, env=_env())
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(InputError, match=rf"\[E080\].*pid {holder.pid}"):
            _run(tmp_path / "in", out)
        assert not list((out / "items").glob("*.parquet"))
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    # The holder died: its lock went with it, and the lock file it left is taken over.
    assert (out / "_lock").read_text().strip() == str(holder.pid)
    summary = _run(tmp_path / "in", out, force=True)  # its manifest has other options
    assert summary.n_items == 2
    assert (out / "_lock").read_text().strip() == str(os.getpid())


def test_archive_safety_two_commands_at_once_one_is_refused_the_other_complete(
    tmp_path: Path,
) -> None:
    # The reproduction: the same output, two `newsnlp tag` processes at once. The first
    # has far more to do (loading the model, 1,500 files) than the second needs to be refused.
    _texts(tmp_path / "in", 1500)
    out = tmp_path / "out"

    def command() -> list[str]:
        return [sys.executable, "-m", "newsnlp.cli", "tag", str(tmp_path / "in"), "-o",
                f"{out}/", "--quiet", "--n-process", "1", "--part-size", "10"]

    first = subprocess.Popen(command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=_env())
    try:
        _wait_for(lambda: (out / "_lock").exists()
                  and (out / "_lock").read_text().strip() == str(first.pid), 120, "the lock")
        second = subprocess.run(command(), capture_output=True, text=True, timeout=300,
                                env=_env())
        _, stderr = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert second.returncode == 1
    assert "[E080]" in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert first.returncode == 0, stderr
    items = _read(out, "items")
    assert len(items) == 1500
    assert items["item_id"].is_unique
    manifest = [json.loads(line) for line in (out / "_manifest.jsonl").read_text().splitlines()]
    keys = [unit["key"] for line in manifest[1:] for unit in line["units"]]
    assert len(keys) == len(set(keys)) == 1500


# --- 2. never delete what newsnlp did not write ---------------------------------------------


@pytest.mark.parametrize("force", [False, True])
def test_archive_safety_files_newsnlp_did_not_write_are_never_deleted(
    tmp_path: Path, force: bool
) -> None:
    _texts(tmp_path / "in", 1)
    out = tmp_path / "proj"
    (out / "items").mkdir(parents=True)
    (out / "items" / "data.json").write_text("{}")
    (out / "items" / "sub").mkdir()
    with pytest.raises(InputError, match=r"\[E075\].*data\.json"):
        _run(tmp_path / "in", out, force=force)
    assert (out / "items" / "data.json").read_text() == "{}"
    assert (out / "items" / "sub").is_dir()
    assert sorted(p.name for p in out.iterdir()) == ["items"]  # and nothing left behind


def test_archive_safety_other_inputs_into_a_used_directory_need_force(tmp_path: Path) -> None:
    first, second = _texts(tmp_path / "a", 2), _texts(tmp_path / "b", 3)
    out = tmp_path / "out"
    _run(tmp_path / "a", out)
    (out / "README.txt").write_text("mine")
    with pytest.raises(InputError, match=r"\[E081\]"):
        _run(tmp_path / "b", out)
    assert len(_read(out, "items")) == 2  # the first run's parts are intact
    # Adding inputs loses nothing and is allowed; other inputs are a --force decision.
    assert _run([tmp_path / "a", tmp_path / "b"], out).n_items == 5
    forced = _run(tmp_path / "b", out, force=True)
    assert forced.n_items == 3
    assert set(_read(out, "items")["origin"]) == {str(p) for p in second}
    assert not set(_read(out, "items")["origin"]) & {str(p) for p in first}
    assert (out / "README.txt").read_text() == "mine"


# --- 3. one bad input never stops the run ---------------------------------------------------


def _zip_member_with_method(path: Path, name: str, data: bytes, method: int, flags: int) -> None:
    """A zip whose member claims a method zipfile cannot read (as Windows' Deflate64 does)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    raw = bytearray(buffer.getvalue())
    # Patch the method and flags in the local header and in the central directory entry.
    local = raw.find(b"PK\x03\x04")
    raw[local + 6 : local + 8] = flags.to_bytes(2, "little")
    raw[local + 8 : local + 10] = method.to_bytes(2, "little")
    central = raw.find(b"PK\x01\x02")
    raw[central + 8 : central + 10] = flags.to_bytes(2, "little")
    raw[central + 10 : central + 12] = method.to_bytes(2, "little")
    path.write_bytes(bytes(raw))


def test_archive_safety_each_bad_input_is_an_error_row_and_the_rest_is_tagged(
    tmp_path: Path,
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(BULLETIN, encoding="utf-8")
    (inputs / "extra.csv").write_text("text,title\nFine row.,T\nToo,many,fields\nLast row.,U\n")
    deep = "[" * 5000 + "]" * 5000
    (inputs / "deep.jsonl").write_text(f'{{"text": "Deep.", "x": {deep}}}\n'
                                       '{"text": "After the deep row."}\n')
    (inputs / "meta.jsonl").write_text('{"text": "Surrogate in meta.", "note": "\\ud800"}\n')
    (inputs / os.fsdecode(b"e\xff.txt")).write_text("Odd name, good text.", encoding="utf-8")
    _zip_member_with_method(inputs / "enc.zip", "a.txt", b"Encrypted text.", 0, 0x1)
    _zip_member_with_method(inputs / "d64.zip", "a.txt", b"Deflate64 text.", 9, 0)

    summary = _run(inputs, tmp_path / "out")

    items, errors = _read(tmp_path / "out", "items"), _read(tmp_path / "out", "errors")
    codes = {(Path(o.split("::")[0]).name, c) for o, c in zip(errors["origin"], errors["code"],
                                                             strict=True)}
    assert codes == {("extra.csv", "E073"), ("deep.jsonl", "E073"), ("enc.zip", "E082"),
                     ("d64.zip", "E082")}
    assert summary.n_errors == len(errors) == 4
    texts = set(items["text"])
    assert {"Fine row.", "Last row.", "After the deep row.", "Surrogate in meta.",
            "Odd name, good text."} <= texts
    meta = items.loc[items["text"] == "Surrogate in meta.", "meta"].iloc[0]
    assert json.loads(meta) == {"note": "\ud800"}  # kept exactly, as a JSON escape
    assert "e\\xff.txt" in " ".join(items["origin"])
    assert _run(inputs, tmp_path / "out").n_tagged == 0  # and the rerun resumes


# --- 6. resume trusts what was read ---------------------------------------------------------


def test_archive_safety_a_file_changed_while_read_is_redone_after_it_is_restored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "in"
    paths = _texts(inputs, 3)
    whole = paths[1].read_bytes()
    real_digest = archive_inputs.file_digest

    def listed_then_truncated(path: str) -> tuple[int, str]:
        found = real_digest(path)
        if path == str(paths[1]):  # the scraper rewrites it just after it was listed
            paths[1].write_bytes(whole[:10])
        return found

    monkeypatch.setattr(archive_inputs, "file_digest", listed_then_truncated)
    _run(inputs, tmp_path / "out", part_size=1)  # a part per file
    monkeypatch.undo()
    paths[1].write_bytes(whole)  # restored
    rerun = _run(inputs, tmp_path / "out", part_size=1)
    assert rerun.n_tagged == 1
    items = _read(tmp_path / "out", "items")
    assert items.loc[items["origin"] == str(paths[1]), "text"].tolist() == [
        "Story number 1 about Azerbaijan."]


def test_archive_safety_a_file_deleted_mid_run_is_retried_when_it_is_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "in"
    paths = _texts(inputs, 2)
    kept = paths[0].read_bytes()
    real_sources = archive_inputs.sources

    def deleting(path: str, origin: str | None = None):  # type: ignore[no-untyped-def]
        found = list(real_sources(path, origin))
        if path == str(paths[0]):
            paths[0].unlink()  # gone between listing and reading
        return iter(found)

    monkeypatch.setattr("newsnlp.archive.run.sources", deleting)
    first = _run(inputs, tmp_path / "out", part_size=1)
    assert first.n_errors == 1
    monkeypatch.undo()
    paths[0].write_bytes(kept)
    rerun = _run(inputs, tmp_path / "out", part_size=1)
    assert (rerun.n_errors, rerun.n_items) == (0, 2)
    assert str(paths[0]) in set(_read(tmp_path / "out", "items")["origin"])


# --- 7. glob ** and links -------------------------------------------------------------------


def test_archive_safety_glob_does_not_follow_symlinked_folders(tmp_path: Path) -> None:
    root = tmp_path / "loopdir"
    _texts(root / "a", 2)
    (root / "a" / "up").symlink_to("..")
    (root / "a" / "top").symlink_to(tmp_path)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.txt").write_text("hidden")
    found = expand([f"{root}/**/*.txt"])
    assert found == [str(root / "a" / "b000.txt"), str(root / "a" / "b001.txt")]
    assert expand([f"{root}/a/*.txt"]) == found
    assert expand([f"{root}/**/b001.txt"]) == found[1:]


# --- 8. damaged output ----------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["delete_items", "truncate_mentions", "duplicate_line",
                                    "line_without_key"])
def test_archive_safety_damaged_output_is_noticed_and_redone(tmp_path: Path, damage: str) -> None:
    _texts(tmp_path / "in", 6)
    out = tmp_path / "out"
    clean = _run(tmp_path / "in", out, part_size=2)
    expected = _read(out, "items").sort_values("item_id").reset_index(drop=True)
    manifest = out / "_manifest.jsonl"
    lines = manifest.read_text().splitlines()
    if damage == "delete_items":
        (out / "items" / "part-000001.parquet").unlink()
    elif damage == "truncate_mentions":
        path = out / "mentions" / "part-000002.parquet"
        path.write_bytes(path.read_bytes()[:-20])
    elif damage == "duplicate_line":
        manifest.write_text("\n".join([*lines, lines[1]]) + "\n")
    else:
        broken = json.loads(lines[2])
        del broken["counts"]
        manifest.write_text("\n".join([lines[0], lines[1], json.dumps(broken), *lines[3:]])
                            + "\n")
    again = _run(tmp_path / "in", out, part_size=2)
    assert (again.n_items, again.n_mentions) == (clean.n_items, clean.n_mentions)
    assert again.n_tagged == (0 if damage == "duplicate_line" else 2)
    items = _read(out, "items").sort_values("item_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(items[["item_id", "text"]], expected[["item_id", "text"]])
    assert len(_read(out, "mentions")) == clean.n_mentions


# --- 13. exit codes -------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "says"), [("ENOSPC", "disk is full"),
                                           ("EROFS", "read-only"), ("EACCES", "read-only")])
def test_archive_safety_a_full_disk_is_a_numbered_error_and_exit_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    code: str, says: str
) -> None:
    import errno

    from newsnlp.cli import main

    _texts(tmp_path / "in", 3)
    out = tmp_path / "out"
    real = archive_store.pq.write_table
    calls = []

    def fill_up(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) > len(archive_store.TABLES):  # one part is written, then the disk is full
            raise OSError(getattr(errno, code), os.strerror(getattr(errno, code)))
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(archive_store.pq, "write_table", fill_up)
    code = main(["tag", str(tmp_path / "in"), "-o", f"{out}/", "--quiet", "--n-process", "1",
                 "--part-size", "1"])
    assert code == 5
    err = capsys.readouterr().err
    assert "[E086]" in err
    assert says in err
    assert "Traceback" not in err
    assert not [p for p in (out / "items").iterdir() if p.name.startswith(".")]
    monkeypatch.undo()
    assert _run(tmp_path / "in", out, part_size=1).n_tagged == 2  # resumes after the first


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_archive_safety_a_read_only_output_is_exit_5(tmp_path: Path) -> None:
    from newsnlp.cli import main

    _texts(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        assert main(["tag", str(tmp_path / "in"), "-o", f"{out}/", "--quiet"]) == 5
    finally:
        out.chmod(0o700)


# --- 9 and 13. worker processes -------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_archive_safety_workers_exit_when_the_driver_is_killed(
    tmp_path: Path, sig: signal.Signals
) -> None:
    _texts(tmp_path / "in", 400)
    out = tmp_path / "out"
    driver = subprocess.Popen(
        [sys.executable, "-m", "newsnlp.cli", "tag", str(tmp_path / "in"), "-o", f"{out}/",
         "--quiet", "--n-process", "2", "--part-size", "5"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    try:
        _wait_for(lambda: len(children(driver.pid)) >= 2 or driver.poll() is not None, 240,
                  "the workers to start")
        workers = children(driver.pid)
        assert driver.poll() is None
        assert len(workers) >= 2
        driver.send_signal(sig)
        driver.wait(timeout=60)
        _wait_for(lambda: not any(alive(pid) for pid in workers), 5, "the workers to exit")
    finally:
        if driver.poll() is None:
            driver.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork")
@pytest.mark.parametrize("times", [1, 2])
def test_archive_safety_a_lost_worker_is_retried_once_then_an_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, times: int
) -> None:
    from newsnlp.archive import run as archive_run

    inputs = tmp_path / "in"
    _texts(inputs, 6)
    (inputs / "x.txt").write_text("BAKU, 1 September 2024 – Vanish now.\n")
    clean = _run(inputs, tmp_path / "clean", part_size=2)
    marks = tmp_path / "marks"
    marks.mkdir()
    real = archive_run._isolate

    def oom(tagger, items):  # type: ignore[no-untyped-def]
        # As the OOM killer would: the worker that meets the marked item dies at once.
        marked = any("Vanish" in item.text for item, _, _ in items)
        if marked and len(list(marks.iterdir())) < times:
            (marks / str(os.getpid())).touch()
            os.kill(os.getpid(), signal.SIGKILL)
        return real(tagger, items)

    monkeypatch.setattr(archive_run, "_isolate", oom)
    summary = _run(inputs, tmp_path / "out", part_size=2, n_process=2)
    items = _read(tmp_path / "out", "items")
    if times == 1:
        assert (summary.n_items, summary.n_errors) == (clean.n_items, 0)
        assert sorted(items["item_id"]) == sorted(_read(tmp_path / "clean", "items")["item_id"])
    else:
        errors = _read(tmp_path / "out", "errors")
        assert set(errors["code"]) == {"E085"}
        assert str(inputs / "x.txt") in set(errors["origin"])
        assert summary.n_items == clean.n_items - len(errors)
        monkeypatch.undo()
        rerun = _run(inputs, tmp_path / "out", part_size=2)  # the lost part is retried
        assert (rerun.n_items, rerun.n_errors) == (clean.n_items, 0)


# --- 5, 11, 12. bounded reading, binary by proportion, CSV cells ---------------------------


def test_archive_safety_inputs_over_the_size_limits_are_error_rows_not_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive_inputs, "MAX_SPOOL_BYTES", 4 << 20)
    monkeypatch.setattr(archive_inputs, "MAX_RECORD_BYTES", 1000)
    inputs = tmp_path / "in"
    inputs.mkdir()
    with zipfile.ZipFile(inputs / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", "Polls closed. " * 1_000_000)  # 14 MB from 30 KB
        archive.writestr("small.txt", "Markets rose in Baku.")
    (inputs / "rows.jsonl").write_text(json.dumps({"text": "x" * 5000}) + "\n"
                                       + json.dumps({"text": "After the long line."}) + "\n")
    _run(inputs, tmp_path / "out")
    errors = _read(tmp_path / "out", "errors")
    assert sorted(zip(errors["origin"], errors["code"], errors["position"].fillna(-1),
                      strict=True)) == [(str(inputs / "bomb.zip") + "::big.txt", "E084", -1),
                                        (str(inputs / "rows.jsonl"), "E084", 0)]
    assert set(_read(tmp_path / "out", "items")["text"]) == {"Markets rose in Baku.",
                                                              "After the long line."}


def test_archive_safety_binary_is_judged_by_proportion_as_the_file_is_read(
    tmp_path: Path,
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = ("BAKU, 2 September 2024 – Polls closed in Azerbaijan. " * 2000).encode()
    (inputs / "stray.txt").write_bytes(b"\x00" + text)  # one stray NUL: still text
    (inputs / "tail.txt").write_bytes(text + b"\x00" * 200_000)  # text, then binary
    _run(inputs, tmp_path / "out")
    errors = _read(tmp_path / "out", "errors")
    assert errors[["origin", "code"]].values.tolist() == [[str(inputs / "tail.txt"), "E001"]]
    assert set(_read(tmp_path / "out", "items")["origin"]) == {str(inputs / "stray.txt")}


def test_archive_safety_csv_long_cells_are_read_and_only_damaged_rows_dropped(
    tmp_path: Path,
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    long_text = "Polls closed in Baku. " * 10_000  # 220,000 characters in one cell
    rows = [("First row.", "a"), (long_text, "b"), ("After the long cell.", "c")]
    pd.DataFrame(rows, columns=["text", "title"]).to_csv(inputs / "long.csv", index=False)
    (inputs / "bad.csv").write_bytes(b"text,title\nBefore the damage.,a\nBad \xff byte.,b\n"
                                     b"After the damage.,c\n")
    _run(inputs, tmp_path / "out")
    items, errors = _read(tmp_path / "out", "items"), _read(tmp_path / "out", "errors")
    by_origin = items.groupby("origin")["title"].agg(sorted).to_dict()
    assert by_origin == {str(inputs / "long.csv"): ["a", "b", "c"],
                         str(inputs / "bad.csv"): ["a", "c"]}
    assert items.loc[items["title"] == "b", "text"].iloc[0] == long_text
    assert errors[["origin", "code", "position"]].values.tolist() == [
        [str(inputs / "bad.csv"), "E073", 1]]


def test_archive_safety_large_bulletins_in_gz_and_zip_are_streamed_in_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsnlp import segment

    monkeypatch.setattr(archive_inputs, "STREAM_BYTES", 200)  # every member counts as large
    monkeypatch.setattr(archive_inputs, "MAX_WHOLE_BYTES", 300)  # and could not be read whole
    text = "\n\n".join(_bulletin(n).strip() for n in range(8)) + "\n"
    inputs = tmp_path / "in"
    inputs.mkdir()
    with zipfile.ZipFile(inputs / "z.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", text)
    (inputs / "big.txt.gz").write_bytes(gzip.compress(text.encode("utf-8")))
    summary = _run(inputs, tmp_path / "out", part_size=3)
    assert summary.n_errors == 0
    items = _read(tmp_path / "out", "items")
    for origin in (f"{inputs / 'z.zip'}::big.txt", str(inputs / "big.txt.gz")):
        expected = [item.item_id for item in segment(text, origin=origin)]
        assert items.loc[items["origin"] == origin, "item_id"].tolist() == expected
    units = [json.loads(line)["units"] for line in
             (tmp_path / "out" / "_manifest.jsonl").read_text().splitlines()[1:]]
    keys = {unit["key"] for part in units for unit in part}
    assert {f"{inputs / 'z.zip'}::big.txt#{i}" for i in range(3)} <= keys
    assert _run(inputs, tmp_path / "out", part_size=3).n_tagged == 0

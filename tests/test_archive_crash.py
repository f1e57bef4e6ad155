"""The crash matrix (issue 20): kill -9 of the driver, or of one worker, at several points of
a run over a mixed archive (txt, gz, zip, jsonl, csv, parquet); the rerun's tables equal a clean
run's, and no process of the run is alive 5 s after the driver was killed."""

import gzip
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

from newsnlp import tag_archive

from ._support import alive, children

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]

ROOT = Path(__file__).resolve().parents[1]
PART_SIZE = 3
PLACES = ["BAKU", "MOSCOW", "ANKARA", "TBILISI", "KYIV", "PARIS", "BERLIN", "CAIRO"]


def _story(n: int) -> str:
    place = PLACES[n % len(PLACES)]
    return f"{place}, {n % 27 + 1} March 2024 – Officials in {place.title()} met on story {n}."


def _archive(root: Path) -> Path:
    inputs = root / "in"
    (inputs / "txt").mkdir(parents=True)
    n = 0
    for i in range(12):
        (inputs / "txt" / f"b{i:02d}.txt").write_text(
            "\n\n".join(_story(n + k) for k in range(3)) + "\n", encoding="utf-8")
        n += 3
    with gzip.open(inputs / "g.txt.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n\n".join(_story(n + k) for k in range(4)) + "\n")
    n += 4
    rows = [{"text": f"Row {n + k} says Ilham Aliyev visited Paris.", "title": f"T{k}"}
            for k in range(20)]
    n += 20
    (inputs / "rows.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    pd.DataFrame([{"text": f"Csv row {n + k} on Turkey.", "lang": "en"} for k in range(8)]
                 ).to_csv(inputs / "rows.csv", index=False)
    n += 8
    pd.DataFrame([{"text": f"Parquet row {n + k} on Georgia."} for k in range(8)]
                 ).to_parquet(inputs / "rows.parquet", index=False)
    n += 8
    with zipfile.ZipFile(inputs / "z.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("in/a.txt", "\n\n".join(_story(n + k) for k in range(3)) + "\n")
        archive.writestr("in/r.jsonl", "".join(
            json.dumps({"text": f"Zip row {n + k}."}) + "\n" for k in range(5)))
    (inputs / "scan.txt").write_bytes(b"%PDF-1.4\x00\x01\x02" * 100)  # an error row
    return inputs


def _command(inputs: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "newsnlp.cli", "tag", str(inputs), "-o", f"{out}/",
            "--quiet", "--n-process", "2", "--part-size", str(PART_SIZE)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _lines(out: Path) -> int:
    try:
        return len((out / "_manifest.jsonl").read_text().splitlines()) - 1
    except OSError:
        return 0


def _poll(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    keys = {"items": ["item_id"], "mentions": ["item_id", "start", "end", "label"],
            "errors": ["origin", "code", "position"]}
    tables = {}
    for table, by in keys.items():
        frame = pd.read_parquet(out / table)
        tables[table] = frame.sort_values(by, kind="stable").reset_index(drop=True)
    return tables


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, pd.DataFrame]]:
    root = tmp_path_factory.mktemp("crash")
    inputs = _archive(root)
    tag_archive(inputs, root / "clean", n_process=1, part_size=PART_SIZE, progress=False)
    return inputs, _tables(root / "clean")


def _assert_equal(out: Path, clean: dict[str, pd.DataFrame]) -> None:
    found = _tables(out)
    for table, frame in clean.items():
        pd.testing.assert_frame_equal(found[table], frame, check_categorical=False,
                                      obj=table)


@pytest.mark.parametrize("after_parts", [1, 6, 14])
def test_archive_crash_driver_killed_then_rerun_equals_a_clean_run(
    tmp_path: Path, archive: tuple[Path, dict[str, pd.DataFrame]], after_parts: int
) -> None:
    inputs, clean = archive
    out = tmp_path / "out"
    driver = subprocess.Popen(_command(inputs, out), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=_env())
    try:
        assert _poll(lambda: _lines(out) >= after_parts or driver.poll() is not None, 300)
        workers = children(driver.pid)
        assert driver.poll() is None, "the run ended before it could be killed"
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait(timeout=60)
        assert _poll(lambda: not any(alive(pid) for pid in workers), 5), \
            "a worker outlived the driver by 5 s"
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
    rerun = subprocess.run(_command(inputs, out), capture_output=True, text=True, timeout=600,
                           env=_env())
    assert rerun.returncode == 4, rerun.stderr  # 4: finished, with the PDF's error row
    _assert_equal(out, clean)


@pytest.mark.parametrize("after_parts", [2, 9])
def test_archive_crash_worker_killed_the_run_goes_on_and_equals_a_clean_run(
    tmp_path: Path, archive: tuple[Path, dict[str, pd.DataFrame]], after_parts: int
) -> None:
    inputs, clean = archive
    out = tmp_path / "out"
    driver = subprocess.Popen(_command(inputs, out), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, env=_env())
    try:
        assert _poll(lambda: _lines(out) >= after_parts or driver.poll() is not None, 300)
        workers = sorted(children(driver.pid))
        assert driver.poll() is None, "the run ended before it could be killed"
        assert workers
        os.kill(workers[0], signal.SIGKILL)  # as the OOM killer does
        _, stderr = driver.communicate(timeout=600)
    finally:
        if driver.poll() is None:
            driver.kill()
            driver.wait()
    assert driver.returncode == 4, stderr
    _assert_equal(out, clean)
    assert _poll(lambda: not children(driver.pid), 5)

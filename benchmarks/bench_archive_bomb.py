"""Peak memory and time of `tag_archive` on a zip bomb: a zip of a few MB whose one `.txt`
member decompresses to gigabytes of NUL bytes (issue 20, item 5).

    python benchmarks/bench_archive_bomb.py [--gib 1 3] [--pythonpath DIR]

Each size runs in a fresh process (so peak RSS is the run's own); `--pythonpath` runs another
checkout of newsnlp for comparison. Prints one row per size: member size, zip size, seconds,
peak RSS, and the error code the run recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

_RUN = """
import json, resource, sys, time
import pandas as pd
from newsnlp import tag_archive
started = time.perf_counter()
tag_archive(sys.argv[1], sys.argv[2], n_process=1, progress=False, topic_model=None)
errors = pd.read_parquet(sys.argv[2] + "/errors")
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "codes": sorted(set(errors["code"]))}))
"""


def _bomb(path: Path, gib: float) -> None:
    block = b"\x00" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("bomb.txt", "w", force_zip64=True) as member:
        for _ in range(int(gib * 1024)):
            member.write(block)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gib", type=float, nargs="+", default=[1.0, 3.0])
    parser.add_argument("--pythonpath", help="another newsnlp checkout to run instead")
    args = parser.parse_args()
    env = dict(os.environ)
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    print(f"{'member GiB':>10} {'zip MB':>8} {'seconds':>8} {'peak RSS MB':>12}  codes")
    for gib in args.gib:
        with tempfile.TemporaryDirectory() as tmp:
            bomb = Path(tmp) / "bomb.zip"
            _bomb(bomb, gib)
            run = subprocess.run([sys.executable, "-c", _RUN, str(bomb), f"{tmp}/out"],
                                 capture_output=True, text=True, env=env, check=False,
                                 cwd=args.pythonpath)  # -c puts the cwd first on sys.path
            if run.returncode != 0:
                print(f"{gib:>10.2f} failed: {run.stderr.strip().splitlines()[-1]}")
                continue
            result = json.loads(run.stdout.strip().splitlines()[-1])
            print(f"{gib:>10.2f} {bomb.stat().st_size / 1e6:>8.1f} {result['seconds']:>8.1f} "
                  f"{result['peak_mb']:>12.0f}  {','.join(result['codes'])}")


if __name__ == "__main__":
    main()

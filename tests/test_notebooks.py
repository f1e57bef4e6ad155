"""The notebooks are executed top to bottom so that they never rot.

Their text outputs (tables, printed lines, reprs) must come out as committed; figures are not
compared. When a change to the library changes them on purpose (a new topic model, say),
re-execute and save them with `python tests/test_notebooks.py` and review the diff.
"""

import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_run_and_reproduce_their_saved_results(
    path: Path, request: pytest.FixtureRequest
) -> None:
    saved = nbformat.read(path, as_version=4)
    if any("shared/data" in c.source for c in saved.cells if c.cell_type == "code"):
        request.getfixturevalue("shared_data")  # skips, with the reason, when it is absent
    assert all(c.get("outputs") for c in saved.cells if c.cell_type == "code"), \
        "commit notebooks with their outputs"
    notebook = _execute(nbformat.read(path, as_version=4), path)
    # Cells print plain-text results; the same input must give the same tables as committed.
    for before, after in zip(saved.cells, notebook.cells, strict=True):
        if before.cell_type == "code":
            assert _text(after) == _text(before), (
                f"{path.name}: the output of this cell changed; if on purpose, re-run "
                f"`python tests/test_notebooks.py`.\n{before.source}")
    assert NOTEBOOKS


def _execute(notebook, path: Path):  # type: ignore[no-untyped-def]
    nbclient.NotebookClient(notebook, timeout=600, resources={"metadata": {"path": path.parent}}
                            ).execute()
    return notebook


def _text(cell: dict) -> list[str]:  # type: ignore[type-arg]
    return [out.get("text") or out.get("data", {}).get("text/plain", "")
            for out in cell["outputs"] if out["output_type"] != "display_data"]


if __name__ == "__main__":
    # Re-execute the notebooks (or those named) and save them with their new outputs.
    for path in NOTEBOOKS:
        if len(sys.argv) == 1 or path.name in sys.argv[1:]:
            notebook = _execute(nbformat.read(path, as_version=4), path)
            for cell in notebook.cells:
                cell.metadata.pop("execution", None)  # timings would make every run a diff
            nbformat.write(notebook, path)
            print("saved", path)

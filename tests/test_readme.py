"""The README's commands and shown output stay true (its Python examples run as doctests)."""

import re

import pytest

from newsnlp.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(command: str) -> str:
    match = re.search(re.escape(f"$ {command}") + r"\n(.*?)```", README, re.S)
    assert match, f"README has no console block for {command!r}"
    return match.group(1)


def test_readme_shows_the_real_output_of_the_quickstart_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["tag", "examples/bulletin.txt"]) == 0
    shown = _block_after("pip install . && newsnlp tag examples/bulletin.txt")
    assert capsys.readouterr().out == shown


def test_readme_test_command_is_the_one_ci_runs() -> None:
    command = re.search(r"\$ (pip install -e \"\.\[test\]\" && python -m pytest)", README)
    assert command, "README has no test command"
    ci = (ROOT / ".ci" / "run").read_text()
    for part in command.group(1).split(" && "):
        assert part in ci

"""Shared fixtures. The research-only datasets live beside the project in ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from spacy.language import Language

# The property tests draw the same examples on every machine and every run, so that a green run
# means the same thing in CI as here, and no example stored by an earlier run is replayed.
# NEWSNLP_HYPOTHESIS=explore draws new random examples (to look for bugs, not to gate a change).
settings.register_profile("gate", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile("explore" if os.environ.get("NEWSNLP_HYPOTHESIS") == "explore" else "gate")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
EXAMPLE = ROOT / "examples" / "bulletin.txt"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the shared datasets are not beside the project ({SHARED_DATA})")
    return SHARED_DATA


@pytest.fixture(scope="session")
def seed_path(shared_data: Path) -> Path:
    return shared_data / "bulletins" / "seed-turan-2024-09.txt"


@pytest.fixture(scope="session")
def tagger():  # type: ignore[no-untyped-def]
    # One real pipeline for the whole session: loading it is the slow part.
    from newsnlp import Tagger

    return Tagger()


@pytest.fixture(scope="module")
def people_nlp() -> Language:
    """A blank English pipeline with newsnlp's countries (adding missing places) and people
    (without the leaders dictionary): the people rules on NER spans a test gives by hand."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("newsnlp_countries", config={"add_missing": True})
    nlp.add_pipe("newsnlp_people", config={"use_leaders": False})
    return nlp

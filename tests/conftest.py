"""Shared fixtures. The research-only datasets live beside the project in ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

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

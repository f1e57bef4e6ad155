"""The documentation stays true: the tables reference is generated from the schemas, and the
links between the docs point at files that exist."""

import doctest
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsnlp.items import EVENTS_SCHEMA, ITEMS_SCHEMA, MENTIONS_SCHEMA

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_tables_doc",
                                                  ROOT / "scripts" / "make_tables_doc.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_docs_tables_reference_is_current() -> None:
    script = _script()
    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == script.render(), (
        "docs/tables.md is out of date: run python scripts/make_tables_doc.py")


def test_docs_tables_reference_lists_every_column_with_its_dtype() -> None:
    doc = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    for schema in (ITEMS_SCHEMA, MENTIONS_SCHEMA, EVENTS_SCHEMA):
        for column, (dtype, _) in schema.items():
            assert re.search(rf"^\| `{column}` \| `{re.escape(dtype)}` ", doc, re.MULTILINE), column


def test_docs_generator_takes_any_table_it_is_given() -> None:
    script = _script()
    events = script.Table("events", {"event_id": ("string", "the event"),
                                     "kind": ("category", "what | happened")},
                          "one row per event", {"event_id": "`e1`"})
    doc = script.render([*script.TABLES, events])
    assert "[`events`](#events)" in doc
    assert "| `kind` | `category` (text or null, categorical) | What \\| happened |  |" in doc
    with pytest.raises(ValueError, match="no_such_column"):
        script.render([script.Table("x", {"a": ("string", "a")}, "rows", {"no_such_column": ""})])


def test_docs_user_guide_examples_run() -> None:
    failures, tried = doctest.testfile(str(ROOT / "docs" / "user-guide.md"), module_relative=False,
                                       optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 5
    assert failures == 0


@pytest.mark.parametrize("page", ["README.md", "docs/user-guide.md", "docs/accuracy.md",
                                  "docs/tables.md", "docs/topic-model-history.md",
                                  "newsnlp/topics/model/MODEL_CARD.md"])
def test_docs_relative_links_point_at_files_that_exist(page: str) -> None:
    path = ROOT / page
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8"))
    missing = [link for link in links if "://" not in link
               and not (path.parent / link).exists()]
    assert missing == []

"""newsnlp: raw news-bulletin text -> tidy pandas tables of items, entities and topics.

`import newsnlp` is cheap (pandas and the segmenter): the names that need spaCy or
scikit-learn (`Tagger`, `TagOptions`, `TagResult`, `tag_archive`, `ArchiveSummary`) are imported
the first time they are used, so a script, or the command line, that only segments or fails on a
bad argument never pays for loading them.

Examples:
    >>> import newsnlp
    >>> [item.dateline for item in newsnlp.segment("BAKU, 2 September 2024 – Polls closed.")]
    ['BAKU']
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from . import frames as _frames  # noqa: F401  # registers the `df.news` accessor
from .errors import InputError, ModelError, NewsnlpError, NewsnlpWarning
from .items import Item, Mention
from .reading import read_text
from .segment import Layout, iter_segment_file, segment, segment_report

if TYPE_CHECKING:
    from .archive import ArchiveSummary, tag_archive
    from .tagger import Tagger, TagOptions, TagResult

#: Public names imported on first use: name -> the module that defines it.
_LAZY = {
    "ArchiveSummary": ".archive",
    "tag_archive": ".archive",
    "Tagger": ".tagger",
    "TagOptions": ".tagger",
    "TagResult": ".tagger",
}
#: Subpackages that used to come in with `import newsnlp` and now load on first access.
_SUBMODULES = frozenset({"analysis", "archive", "entities", "lang", "nlp", "tagger", "topics"})

__all__ = [
    "ArchiveSummary",
    "InputError",
    "Item",
    "Layout",
    "Mention",
    "ModelError",
    "NewsnlpError",
    "NewsnlpWarning",
    "TagOptions",
    "TagResult",
    "Tagger",
    "iter_segment_file",
    "read_text",
    "segment",
    "segment_report",
    "tag_archive",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    # PEP 562: runs only for names not found in the module, i.e. the lazy ones.
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value  # later look-ups are plain attribute reads
        return value
    if name in _SUBMODULES:  # `newsnlp.topics.X` after a bare `import newsnlp`, as before
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

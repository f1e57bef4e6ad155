"""newsnlp: raw news-bulletin text -> tidy pandas tables of items, entities and topics.

Examples:
    >>> import newsnlp
    >>> [item.dateline for item in newsnlp.segment("BAKU, 2 September 2024 – Polls closed.")]
    ['BAKU']
"""

import logging

from .archive import ArchiveSummary, tag_archive
from .errors import InputError, ModelError, NewsnlpError, NewsnlpWarning
from .items import Item, Mention
from .reading import read_text
from .segment import Layout, iter_segment_file, segment, segment_report
from .tagger import Tagger, TagOptions, TagResult

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

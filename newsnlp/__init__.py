"""newsnlp: raw news-bulletin text -> tidy pandas tables of items, entities and topics."""

import logging

from .items import Item, Mention
from .segment import segment

__all__ = ["Item", "Mention", "segment"]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

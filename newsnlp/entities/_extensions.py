"""The Doc and Span extensions newsnlp's components write and the Tagger reads."""

from __future__ import annotations

from spacy.tokens import Doc, Span

#: Span attributes the Tagger copies into the mentions table, in its column order.
SPAN_ATTRIBUTES = ("canonical", "country", "role", "event_type", "event_date", "score")


def set_extensions() -> None:
    """Register the extensions (idempotent: force=True, so re-imports and reloads never fail).

    Examples:
        >>> set_extensions()
        >>> Span.has_extension("country") and Doc.has_extension("dateline_country")
        True
    """
    for attribute in SPAN_ATTRIBUTES:
        if not Span.has_extension(attribute):
            Span.set_extension(attribute, default=None, force=True)
    # `ner_ents`: the NER's own (start, end, label) entities, kept by the first newsnlp component
    # so that the mention scorer can tell kept, relabelled and added entities apart.
    for attribute in ("dateline_country", "item_id", "published", "dateline", "ner_ents"):
        # The last three are the item context nlp.set_item_context fills; registering them here
        # too lets the components run in any spaCy pipeline, without newsnlp.nlp.
        if not Doc.has_extension(attribute):
            Doc.set_extension(attribute, default=None, force=True)

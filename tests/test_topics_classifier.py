from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.estimator_checks import parametrize_with_checks
from threadpoolctl import threadpool_info, threadpool_limits

from newsnlp.errors import InputError, ModelError, NewsnlpWarning
from newsnlp.topics import (
    TOPICS_SCHEMA,
    TopicClassifier,
    load_default,
    read_training_file,
    topic_frame,
    topic_rows,
    train_from_file,
)
from newsnlp.topics import classifier as classifier_module
from newsnlp.topics.calibration import platt
from newsnlp.topics.classifier import model_digest
from newsnlp.topics.features import ppmi_svd_vectors
from newsnlp.topics.hierarchy import best_class

TEXTS = [
    "the striker scored twice and the team won the cup final",
    "the coach praised the goalkeeper after the league match",
    "parliament passed the budget after a long debate",
    "the prime minister reshuffled the cabinet and the government",
    "voters went to the polls to elect a new parliament",
    "the election commission counted ballots from every polling station",
    "the central bank raised interest rates as inflation climbed",
    "shares fell on the stock market as the company reported losses",
]
ECONOMY = "economy, business and finance"
LABELS = ["sport", "sport", "politics", "politics", "election", "election", ECONOMY, ECONOMY]
CLASSES = [ECONOMY, "election", "politics", "sport"]


@pytest.fixture(scope="module")
def fitted() -> TopicClassifier:
    return TopicClassifier(min_df=1).fit(TEXTS, LABELS)


# -- scikit-learn conventions --------------------------------------------------------------------

_NUMERIC_X = "takes raw texts, not the numeric matrix this check feeds it"
_REASONS = {
    "check_fit_score_takes_y": _NUMERIC_X,
    "check_estimators_overwrite_params": _NUMERIC_X,
    "check_dont_overwrite_parameters": _NUMERIC_X,
    "check_estimators_fit_returns_self": _NUMERIC_X,
    "check_readonly_memmap_input": _NUMERIC_X,
    "check_n_features_in_after_fitting": _NUMERIC_X,
    "check_positive_only_tag_during_fit": _NUMERIC_X,
    "check_estimators_dtypes": _NUMERIC_X,
    "check_complex_data": _NUMERIC_X,
    "check_dtype_object": _NUMERIC_X,
    "check_estimators_empty_data_messages": _NUMERIC_X,
    "check_pipeline_consistency": _NUMERIC_X,
    "check_estimators_nan_inf": _NUMERIC_X,
    "check_estimator_sparse_array": _NUMERIC_X,
    "check_estimator_sparse_matrix": _NUMERIC_X,
    "check_estimators_pickle": _NUMERIC_X,
    "check_f_contiguous_array_estimator": _NUMERIC_X,
    "check_classifier_data_not_an_array": _NUMERIC_X,
    "check_classifiers_one_label": _NUMERIC_X,
    "check_classifiers_classes": _NUMERIC_X,
    "check_classifiers_train": _NUMERIC_X,
    "check_classifiers_regression_target": _NUMERIC_X,
    "check_supervised_y_2d": _NUMERIC_X,
    "check_methods_sample_order_invariance": _NUMERIC_X,
    "check_methods_subset_invariance": _NUMERIC_X,
    "check_fit2d_1sample": _NUMERIC_X,
    "check_fit2d_1feature": _NUMERIC_X,
    "check_dict_unchanged": _NUMERIC_X,
    "check_fit_idempotent": _NUMERIC_X,
    "check_fit_check_is_fitted": _NUMERIC_X,
    "check_n_features_in": _NUMERIC_X,
    "check_fit2d_predict1d": _NUMERIC_X,
    "check_requires_y_none": _NUMERIC_X,
    "check_decision_proba_consistency": _NUMERIC_X,
    "check_class_weight_classifiers": "class_weight is None or 'balanced' (one binary model "
    "per topic), not a dict of weights per class",
    "check_array_api_input": "no array API: the input is text",
}


def _expected_failures(estimator: Any) -> dict[str, str]:
    return _REASONS


@parametrize_with_checks([TopicClassifier()], expected_failed_checks=_expected_failures)
def test_topics_classifier_sklearn_checks(estimator: Any, check: Callable[[Any], None]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)  # sklearn's SkipTestWarning
        check(estimator)


def test_topics_classifier_init_stores_params_only() -> None:
    clf = TopicClassifier(C=3.0, threshold=0.3)
    assert clf.get_params()["C"] == 3.0
    assert not [name for name in vars(clf) if name.endswith("_")]
    assert clone(clf).get_params() == clf.get_params()


def test_topics_classifier_fit_returns_self_with_fitted_attributes() -> None:
    clf = TopicClassifier(min_df=1)
    assert clf.fit(TEXTS, LABELS) is clf
    assert clf.classes_.tolist() == CLASSES
    assert clf.coef_.shape == (4, len(clf.vectorizer_.vocabulary_))
    assert clf.intercept_.shape == (4,)


def test_topics_classifier_predict_before_fit_raises_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        TopicClassifier().predict(["a text"])


@pytest.mark.parametrize("method", ["predict", "predict_scores", "predict_labels"])
def test_topics_classifier_rejects_a_bare_str(fitted: TopicClassifier, method: str) -> None:
    with pytest.raises(InputError, match=r"\[E030\].*single str"):
        getattr(fitted, method)("the striker scored")


def test_topics_classifier_fit_rejects_a_bare_str() -> None:
    with pytest.raises(InputError, match=r"\[E030\]"):
        TopicClassifier().fit("one text", ["sport"])


def test_topics_classifier_rejects_non_text_items(fitted: TopicClassifier) -> None:
    with pytest.raises(InputError, match=r"\[E031\].*item 1 is int"):
        fitted.predict(["fine", 3])


def test_topics_classifier_predicts_the_obvious_topic(fitted: TopicClassifier) -> None:
    pred = fitted.predict(["the team won the match", "the bank raised interest rates"])
    assert pred.tolist() == ["sport", ECONOMY]


def test_topics_classifier_scores_are_independent_probabilities(fitted: TopicClassifier) -> None:
    scores = fitted.predict_scores(TEXTS)
    assert scores.shape == (len(TEXTS), 4)
    assert ((scores >= 0) & (scores <= 1)).all()


def test_topics_classifier_learns_several_labels_per_text() -> None:
    texts = [*TEXTS, "the football club's shares fell on the stock market"] * 2
    labels: list[Any] = [*LABELS, ["sport", ECONOMY]] * 2
    clf = TopicClassifier(min_df=1, threshold=0.3).fit(texts, labels)
    got = clf.predict_labels(["the football club's shares fell on the stock market"])[0]
    assert set(got) >= {"sport", ECONOMY}


def test_topics_classifier_iptc_hierarchy_adds_the_parent_class() -> None:
    clf = TopicClassifier(min_df=1).fit(TEXTS, LABELS)
    parents = dict(zip(clf.classes_.tolist(), clf.parents_.tolist(), strict=True))
    assert clf.classes_[parents["election"]] == "politics"  # "politics" is election's parent
    assert parents["politics"] == -1
    assert parents[ECONOMY] == -1


def test_topics_classifier_iptc_label_gets_its_level1_class() -> None:
    # "economy" is an IPTC level-2 topic: its level-1 parent becomes a class of its own. Three
    # copies of the texts make the subtopic pass its threshold by a wide margin (0.8 against
    # 0.5), so the answer does not hang on how a tie is broken.
    labels = [lab if lab != ECONOMY else "economy" for lab in LABELS]
    clf = TopicClassifier(min_df=1).fit(TEXTS * 3, labels * 3)
    classes = clf.classes_.tolist()
    assert classes[clf.parents_[classes.index("economy")]] == ECONOMY
    query = ["the central bank raised interest rates"]
    assert clf.predict(query).tolist() == ["economy"]
    assert set(clf.predict_labels(query)[0]) == {ECONOMY, "economy"}


# One root (0) with one child (1), both with threshold 0.5.
_TREE = (np.array([0]), [np.array([1]), np.array([], dtype=np.intp)], np.array([0, 1]))


@pytest.mark.parametrize(
    ("scores", "best"),
    [
        ([0.9, 0.6], 1),  # the child passes its threshold
        ([0.9, 0.4], 0),  # the child fails and is weaker than its parent
        ([0.3, 0.3], 1),  # the child ties its parent: the narrower label, at no loss
        ([0.3, 0.2], 0),
    ],
)
def test_topics_classifier_best_class_takes_a_child_that_passes_or_ties(
    scores: list[float], best: int
) -> None:
    assert best_class(np.array(scores), _TREE, np.array([0.5, 0.5])) == best


def test_topics_classifier_child_never_scores_above_its_parent(fitted: TopicClassifier) -> None:
    scores = fitted.predict_scores([*TEXTS, "ballots", "a cabinet vote"])
    k = fitted.classes_.tolist().index("election")
    assert (scores[:, k] <= scores[:, fitted.parents_[k]]).all()


def test_topics_classifier_parent_only_texts_are_not_negatives_for_children() -> None:
    # Texts labelled just "politics" say nothing about "election": they must not push it down.
    texts = ["voters elect a parliament", "ballots counted", "a match", "the team won"]
    labels = ["election", "election", "sport", "sport"]
    extra = ["election ballots and voters in the parliament vote"] * 6
    with_hierarchy = TopicClassifier(min_df=1).fit(texts + extra, labels + ["politics"] * 6)
    flat = TopicClassifier(min_df=1, hierarchy=False).fit(texts + extra, labels + ["politics"] * 6)
    query = ["voters cast ballots"]
    k = with_hierarchy.classes_.tolist().index("election")
    assert with_hierarchy.predict_scores(query)[0, k] > flat.predict_scores(query)[0, k]


def test_topics_classifier_parent_only_texts_are_unknown_at_every_lower_level() -> None:
    clf = TopicClassifier(min_df=1)
    clf.parents_ = np.array([-1, 0, 1])  # politics > election > referenda
    Y = np.array(
        [
            [True, False, False],  # politics only: unknown for election and referenda
            [True, True, False],  # election but no level 3: unknown for referenda only
            [True, True, True],  # referenda
            [False, False, False],  # another topic: a negative everywhere
        ]
    )
    assert clf._training_rows(Y, 0).tolist() == [True, True, True, True]
    assert clf._training_rows(Y, 1).tolist() == [False, True, True, True]
    assert clf._training_rows(Y, 2).tolist() == [False, False, True, True]


def test_topics_classifier_hierarchy_off_for_labels_outside_iptc() -> None:
    clf = TopicClassifier(min_df=1).fit(TEXTS, ["a", "a", "b", "b", "c", "c", "d", "d"])
    assert (clf.parents_ == -1).all()
    assert clf.predict(["the team won the cup final"]).tolist() == ["a"]


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"threshold": 1.5}, "threshold"), ({"C": 0.0}, "C"), ({"class_weight": "x"}, "class")],
)
def test_topics_classifier_bad_params_fail_at_fit(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(InputError, match=rf"\[E009\] {name}"):
        TopicClassifier(**kwargs).fit(TEXTS, LABELS)


def test_topics_classifier_needs_two_classes() -> None:
    with pytest.raises(InputError, match=r"\[E038\].*sport"):
        TopicClassifier(min_df=1).fit(TEXTS[:2], ["sport", "sport"])


def test_topics_classifier_needs_one_label_entry_per_text() -> None:
    with pytest.raises(InputError, match=r"\[E037\] Got 8 texts but 2"):
        TopicClassifier().fit(TEXTS, ["sport", "politics"])


def test_topics_classifier_rejects_an_indicator_matrix() -> None:
    Y = np.eye(len(TEXTS), 4, dtype=int)
    with pytest.raises(InputError, match=r"\[E042\].*\(8, 4\)"):
        TopicClassifier(min_df=1).fit(TEXTS, Y)


@pytest.mark.parametrize("bad", ["", None, []])
def test_topics_classifier_rejects_an_empty_label(bad: Any) -> None:
    with pytest.raises(InputError, match=r"\[E041\] The label at row 0"):
        TopicClassifier(min_df=1).fit(TEXTS, [bad, *LABELS[1:]])


# -- saving and loading ----------------------------------------------------------------------


def test_topics_classifier_save_load_round_trip(fitted: TopicClassifier, tmp_path: Path) -> None:
    fitted.save(tmp_path / "m")
    loaded = TopicClassifier.load(tmp_path / "m")
    assert loaded.get_params() == fitted.get_params()
    assert loaded.classes_.tolist() == fitted.classes_.tolist()
    np.testing.assert_allclose(
        loaded.predict_scores(TEXTS), fitted.predict_scores(TEXTS), atol=2e-3
    )
    assert loaded.predict(TEXTS).tolist() == fitted.predict(TEXTS).tolist()


def test_topics_classifier_weights_are_column_major_after_fit_and_load(
    fitted: TopicClassifier, tmp_path: Path
) -> None:
    # Row-major weights make scipy copy the whole matrix on every predict call.
    assert fitted.coef_.flags.f_contiguous
    loaded = TopicClassifier.load(fitted.save(tmp_path / "m"))
    assert loaded.coef_.flags.f_contiguous
    assert loaded.coef_.dtype == np.float32
    with np.load(tmp_path / "m" / "arrays.npz", allow_pickle=False) as npz:
        assert npz["coef"].flags.c_contiguous  # the saved layout did not change


def test_topics_classifier_load_missing_model_is_e032(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"\[E032\]") as info:
        TopicClassifier.load(tmp_path / "nothing here")
    assert info.value.code == "E032"


def test_topics_classifier_load_other_format_version_is_e033(
    fitted: TopicClassifier, tmp_path: Path
) -> None:
    fitted.save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text())
    meta["format_version"] = 99
    (tmp_path / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"\[E033\].*99"):
        TopicClassifier.load(tmp_path)


def test_topics_classifier_load_changed_arrays_is_e034(
    fitted: TopicClassifier, tmp_path: Path
) -> None:
    fitted.save(tmp_path)
    with np.load(tmp_path / "arrays.npz") as npz:
        arrays = dict(npz)
    arrays["coef"] = arrays["coef"] * 2
    np.savez_compressed(tmp_path / "arrays.npz", **arrays)
    with pytest.raises(ModelError, match=r"\[E034\].*checksum"):
        TopicClassifier.load(tmp_path)


def test_topics_classifier_load_never_unpickles(fitted: TopicClassifier, tmp_path: Path) -> None:
    # Even with a matching checksum, an object array (a pickle) in the file is refused.
    fitted.save(tmp_path)
    with np.load(tmp_path / "arrays.npz") as npz:
        arrays: dict[str, Any] = dict(npz)
    arrays["coef"] = np.array([{"evil": 1}], dtype=object)
    np.savez_compressed(tmp_path / "arrays.npz", **arrays)
    meta = json.loads((tmp_path / "model.json").read_text())
    meta["sha256"] = model_digest(meta, (tmp_path / "arrays.npz").read_bytes())
    (tmp_path / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"\[E034\]"):
        TopicClassifier.load(tmp_path)


def test_topics_classifier_load_inconsistent_shapes_is_e034(
    fitted: TopicClassifier, tmp_path: Path
) -> None:
    fitted.save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text())
    meta["vocabulary"] = meta["vocabulary"][:-1]
    meta["sha256"] = model_digest(meta, (tmp_path / "arrays.npz").read_bytes())
    (tmp_path / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"\[E034\].*vocabulary"):
        TopicClassifier.load(tmp_path)


# -- topic_frame ---------------------------------------------------------------------------------


def test_topics_classifier_topic_frame_has_the_schema(fitted: TopicClassifier) -> None:
    df = topic_frame(fitted, TEXTS)
    assert list(df.columns) == list(TOPICS_SCHEMA)
    dtypes = {c: str(t) for c, t in df.dtypes.items()}
    assert dtypes == {c: d for c, (d, _) in TOPICS_SCHEMA.items()}
    assert len(df) == len(TEXTS)


def test_topics_classifier_topic_frame_of_no_text_is_an_empty_frame(
    fitted: TopicClassifier,
) -> None:
    df = topic_frame(fitted, [])
    assert df.empty
    assert {c: str(t) for c, t in df.dtypes.items()} == {
        c: d for c, (d, _) in TOPICS_SCHEMA.items()
    }


def test_topics_classifier_topic_frame_rows_follow_the_texts(fitted: TopicClassifier) -> None:
    df = topic_frame(fitted, ["the team won the league match", "voters elect a new parliament"])
    assert df["topic"].tolist() == ["sport", "election"]
    assert df["topic_l1"].tolist() == ["sport", "politics"]
    assert df["topics_l1"].tolist()[1] == ["politics"]
    assert 0.5 <= df["topic_score"][1] <= 1.0


def test_topics_classifier_topic_rows_are_the_frame_rows(fitted: TopicClassifier) -> None:
    texts = [*TEXTS, "", "voters elect a new parliament"]
    frame = topic_frame(fitted, texts).astype(object).where(lambda df: df.notna(), None)
    assert topic_rows(fitted, texts) == list(frame.itertuples(index=False, name=None))
    assert topic_rows(fitted, []) == []
    with pytest.raises(InputError, match=r"\[E030\] topic_rows"):
        topic_rows(fitted, "")  # a bare str, even empty, is not a list of texts


def test_topics_classifier_topic_frame_unknown_words_give_na(fitted: TopicClassifier) -> None:
    df = topic_frame(fitted, ["", "zzz qqq"])
    assert df["topic"].isna().all()
    assert df["topic_score"].isna().all()
    assert df["topics"].tolist() == [[], []]


def test_topics_classifier_topic_frame_non_iptc_labels_have_no_level1() -> None:
    clf = TopicClassifier(min_df=1).fit(TEXTS, ["a", "a", "b", "b", "c", "c", "d", "d"])
    df = topic_frame(clf, ["the team won the cup final"])
    assert df["topic"].tolist() == ["a"]
    assert df["topic_l1"].isna().all()


def test_topics_classifier_topic_frame_rejects_a_bare_str(fitted: TopicClassifier) -> None:
    with pytest.raises(InputError, match=r"\[E030\] topic_frame"):
        topic_frame(fitted, "one text")


def test_topics_classifier_topic_frame_names_iptc_codes() -> None:
    codes = ["medtop:15000000"] * 2 + ["medtop:11000000"] * 2 + ["medtop:20000574"] * 2
    clf = TopicClassifier(min_df=1).fit(TEXTS[:6], codes)
    df = topic_frame(clf, ["voters elect a new parliament"])
    assert df["topic"].tolist() == ["election"]
    assert df["topic_l1"].tolist() == ["politics"]


# -- training from a file --------------------------------------------------------------------


def _write(tmp_path: Path, suffix: str) -> Path:
    df = pd.DataFrame({"body": TEXTS, "tags": [[lab] for lab in LABELS]})
    path = tmp_path / f"train{suffix}"
    if suffix == ".csv":
        df.assign(tags=["|".join(t) for t in df["tags"]]).to_csv(path, index=False)
    elif suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True)
    else:
        df.to_parquet(path)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_topics_classifier_train_from_file_formats(tmp_path: Path, suffix: str) -> None:
    path = _write(tmp_path, suffix)
    clf = train_from_file(path, "body", "tags", out=tmp_path / "model", min_df=1)
    assert clf.classes_.tolist() == CLASSES
    loaded = TopicClassifier.load(tmp_path / "model")
    assert loaded.predict(["the team won the match"]).tolist() == ["sport"]


def test_topics_classifier_training_file_splits_pipe_labels(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('text,label\n"a vote, a goal",politics | sport\n')
    assert read_training_file(path) == (["a vote, a goal"], [["politics", "sport"]])


def test_topics_classifier_training_file_drops_empty_rows_with_w030(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("text,label\nA vote,politics\n,sport\nA goal,\n")
    with pytest.warns(NewsnlpWarning, match=r"\[W030\] Dropped 2 of 3"):
        texts, labels = read_training_file(path)
    assert texts == ["A vote"]
    assert labels == [["politics"]]


def test_topics_classifier_training_file_unknown_suffix_is_e035(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\[E035\].*'.xlsx'"):
        read_training_file(tmp_path / "t.xlsx")


def test_topics_classifier_training_file_missing_column_is_e036(tmp_path: Path) -> None:
    path = _write(tmp_path, ".csv")
    with pytest.raises(InputError, match=r"\[E036\].*'label'.*body, tags"):
        read_training_file(path, "body", "label")


# -- the shipped default model ---------------------------------------------------------------


def test_topics_classifier_default_model_is_loaded_once() -> None:
    assert load_default() is load_default()


def test_topics_classifier_default_model_files_are_documented() -> None:
    model_dir = Path(__file__).resolve().parents[1] / "newsnlp" / "topics" / "model"
    card = (model_dir / "MODEL_CARD.md").read_text()
    for source in ("HuffPost", "Wikinews", "SIB-200", "Current Events", "IPTC", "PETRARCH2"):
        assert source in card
    assert sum(p.stat().st_size for p in model_dir.iterdir()) < 5_000_000


@pytest.mark.parametrize(
    ("text", "topic", "topic_l1"),
    [
        (
            "Polling stations closed at 8 pm and the central election commission began "
            "counting ballots in the parliamentary elections.",
            "election",
            "politics",
        ),
        (
            "The foreign ministers of the two countries signed a treaty on bilateral "
            "cooperation during a state visit.",
            "international relations",
            "politics",
        ),
        (
            "Troops shelled rebel positions and fighting continued along the front line, "
            "the army said.",
            "armed conflict",
            "conflict, war and peace",
        ),
        ("The striker scored twice as the team won the league title.", "sport", "sport"),
    ],
)
def test_topics_classifier_default_model_level2(text: str, topic: str, topic_l1: str) -> None:
    row = topic_frame(load_default(), [text]).iloc[0]
    assert (row["topic"], row["topic_l1"]) == (topic, topic_l1)
    assert topic in row["topics"]
    assert topic_l1 in row["topics_l1"]


# -- calibrated scores, thresholds and the number of topics ----------------------------------


def _synthetic(n: int, seed: int, purity: float = 0.6) -> tuple[list[str], list[list[str]]]:
    """Texts whose words hint at a topic only some of the time (so scores are uncertain)."""
    rng = np.random.RandomState(seed)
    words = {
        "sport": ["goal", "match", "striker", "league", "coach"],
        "politics": ["vote", "parliament", "minister", "party", "cabinet"],
        "health": ["doctor", "hospital", "vaccine", "patients", "clinic"],
    }
    noise = ["city", "people", "new", "plan", "report", "group", "local", "public"]
    texts, labels = [], []
    for _ in range(n):
        topic = rng.choice(["sport", "politics", "politics", "politics", "health"])
        bag = list(rng.choice(noise, 4))
        for _ in range(2):  # a topic word is another topic's (1 - purity) of the time
            pool = words[topic] if rng.rand() < purity else words[rng.choice(list(words))]
            bag.append(str(rng.choice(pool)))
        texts.append(" ".join(bag))
        labels.append([str(topic)])
    return texts, labels


def test_topics_classifier_predict_proba_is_per_label_in_unit_interval() -> None:
    texts, labels = _synthetic(300, 0)
    clf = TopicClassifier(min_df=1).fit(texts, labels)
    proba = clf.predict_proba(texts[:50])
    assert proba.shape == (50, 3)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert not np.allclose(proba.sum(axis=1), 1.0)  # independent labels, not a distribution
    np.testing.assert_array_equal(proba, clf.predict_scores(texts[:50]))


def test_topics_classifier_calibration_lowers_held_out_brier_score() -> None:
    # Balanced class weights push every minority topic's raw probability up; Platt scaling on
    # cross-validated margins brings the scores back to the observed frequencies.
    texts, labels = _synthetic(600, 1)
    held_texts, held_labels = _synthetic(600, 2)
    brier = {}
    for calibration in (None, "sigmoid"):
        clf = TopicClassifier(min_df=1, calibration=calibration).fit(texts, labels)
        truth = np.array([[c in labs for c in clf.classes_] for labs in held_labels])
        brier[calibration] = float(((clf.predict_proba(held_texts) - truth) ** 2).mean())
    assert brier["sigmoid"] < brier[None]


def test_topics_classifier_platt_scaling_recovers_a_known_sigmoid() -> None:
    rng = np.random.RandomState(0)
    margins = rng.normal(0.0, 2.0, 5000)
    target = rng.rand(5000) < 1.0 / (1.0 + np.exp(-(0.7 * margins - 0.5)))
    a, b = platt(margins, target)
    assert a == pytest.approx(0.7, abs=0.08)
    assert b == pytest.approx(-0.5, abs=0.1)


def test_topics_classifier_cv_thresholds_are_per_topic() -> None:
    texts, labels = _synthetic(300, 3)
    clf = TopicClassifier(min_df=1, threshold="cv").fit(texts, labels)
    assert clf.thresholds_.shape == (3,)
    assert ((clf.thresholds_ > 0) & (clf.thresholds_ < 1)).all()
    assert len(set(clf.thresholds_.round(6).tolist())) > 1
    fixed = TopicClassifier(min_df=1, threshold=0.4).fit(texts, labels)
    assert (fixed.thresholds_ == 0.4).all()


@pytest.mark.parametrize("min_labels", [0, 1])
def test_topics_classifier_min_labels(min_labels: int) -> None:
    clf = TopicClassifier(min_df=1, threshold=1.0, min_labels=min_labels).fit(TEXTS, LABELS)
    got = clf.predict_labels(["the team won the cup final"])[0]
    assert got == (["sport"] if min_labels else [])


def test_topics_classifier_max_labels_caps_top_level_topics() -> None:
    # Every score passes threshold 0: all four classes (three top-level topics) would be picked.
    clf = TopicClassifier(min_df=1, threshold=0.0, max_labels=2).fit(TEXTS, LABELS)
    got = clf.predict_labels(["voters elect a new parliament"])[0]
    roots = {"election": "politics"}
    assert len({roots.get(lab, lab) for lab in got}) == 2
    assert got[:2] == ["politics", "election"]  # a subtopic is counted with its parent
    assert (
        len(
            TopicClassifier(min_df=1, threshold=0.0, max_labels=None)
            .fit(TEXTS, LABELS)
            .predict_labels(["voters"])[0]
        )
        == 4
    )


def test_topics_classifier_save_load_keeps_calibration_and_thresholds(tmp_path: Path) -> None:
    texts, labels = _synthetic(200, 4)
    clf = TopicClassifier(min_df=1, threshold="cv").fit(texts, labels)
    loaded = TopicClassifier.load(clf.save(tmp_path))
    np.testing.assert_allclose(loaded.calibration_, clf.calibration_)
    np.testing.assert_allclose(loaded.thresholds_, clf.thresholds_)
    assert loaded.predict_labels(texts[:20]) == clf.predict_labels(texts[:20])


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"threshold": "best"}, "threshold"),
        ({"calibration": "isotonic"}, "calibration"),
        ({"cv": 1}, "cv"),
        ({"min_labels": 2}, "min_labels"),
        ({"max_labels": 0}, "max_labels"),
        ({"min_examples": 0}, "min_examples"),
        ({"char_ngrams": (5, 3)}, "char_ngrams"),
        ({"char_ngrams": (0, 3)}, "char_ngrams"),
        ({"char_ngrams": 4}, "char_ngrams"),
        ({"embedding_dims": 0}, "embedding_dims"),
        ({"embedding_dims": 2.5}, "embedding_dims"),
        ({"embedding_dims": True}, "embedding_dims"),
        ({"embedding_dims": 3, "embedding_weight": 1.5}, "embedding_weight"),
        ({"embedding_dims": 3, "embedding_weight": "half"}, "embedding_weight"),
        ({"relevance_weights": "yes"}, "relevance_weights"),
        ({"n_jobs": 0}, "n_jobs"),
        ({"n_jobs": 1.5}, "n_jobs"),
        ({"n_jobs": True}, "n_jobs"),
    ],
)
def test_topics_classifier_bad_new_params_fail_at_fit(kwargs: dict[str, Any], name: str) -> None:
    with pytest.raises(InputError, match=rf"\[E009\] {name}="):
        TopicClassifier(**kwargs).fit(TEXTS, LABELS)


# -- bad training data -------------------------------------------------------------------------


def test_topics_classifier_label_with_too_few_examples_is_e043() -> None:
    with pytest.raises(InputError, match=r"\[E043\] 1 label\(s\).*'health' \(1\)"):
        TopicClassifier(min_df=1).fit([*TEXTS, "the hospital opened"], [*LABELS, "health"])
    clf = TopicClassifier(min_df=1, min_examples=1).fit(
        [*TEXTS, "the hospital"], [*LABELS, "health"]
    )
    assert "health" in clf.classes_.tolist()


@pytest.mark.parametrize("blank", ["", "   \n"])
def test_topics_classifier_empty_training_text_is_e044(blank: str) -> None:
    with pytest.raises(InputError, match=r"\[E044\] 1 of 8 .*rows \[2\]"):
        TopicClassifier(min_df=1).fit([*TEXTS[:2], blank, *TEXTS[3:]], LABELS)


def test_topics_classifier_no_usable_words_is_e045() -> None:
    with pytest.raises(InputError, match=r"\[E045\] None of the 4"):
        TopicClassifier(min_df=1).fit(["the", "and 2024", "of", "to 12"], ["a", "a", "b", "b"])


# -- inside scikit-learn's tools -------------------------------------------------------------


def test_topics_classifier_works_in_a_pipeline_and_grid_search() -> None:
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    texts, labels = _synthetic(120, 5, purity=0.95)
    flat = [labs[0] for labs in labels]
    pipe = make_pipeline(
        FunctionTransformer(lambda xs: [x.upper() for x in xs]),  # the classifier lower-cases
        TopicClassifier(min_df=1, cv=3),
    )
    grid = {"topicclassifier__C": [1.0, 10.0], "topicclassifier__calibration": [None, "sigmoid"]}
    search = GridSearchCV(pipe, grid, cv=3).fit(texts, flat)
    assert len(search.cv_results_["params"]) == 4
    assert search.best_score_ > 0.9  # well above the majority class (politics, ~60%)
    assert set(search.predict(texts[:10]).tolist()) <= {"sport", "politics", "health"}


# -- character n-grams -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fitted_chars() -> TopicClassifier:
    return TopicClassifier(min_df=1, char_ngrams=(3, 5)).fit(TEXTS, LABELS)


def test_topics_classifier_char_ngrams_match_unseen_word_forms(
    fitted: TopicClassifier, fitted_chars: TopicClassifier
) -> None:
    # "goalkeepers" and "strikers" never occur in training: no word feature, but their
    # n-grams are those of "goalkeeper" and "striker".
    text = ["goalkeepers and strikers"]
    assert fitted._features(text, "test").words.nnz == 0
    assert fitted_chars._features(text, "test").words.nnz > 0
    assert fitted_chars.predict(text).tolist() == ["sport"]


def test_topics_classifier_char_ngrams_add_features_after_the_words(
    fitted: TopicClassifier, fitted_chars: TopicClassifier
) -> None:
    n_words = len(fitted_chars.vectorizer_.vocabulary_)
    assert n_words == len(fitted.vectorizer_.vocabulary_)
    assert fitted_chars.coef_.shape[1] == n_words + len(fitted_chars.char_vectorizer_.vocabulary_)
    assert fitted.char_vectorizer_ is None


def test_topics_classifier_char_ngrams_save_load_round_trip(
    fitted_chars: TopicClassifier, tmp_path: Path
) -> None:
    loaded = TopicClassifier.load(fitted_chars.save(tmp_path / "m"))
    assert loaded.get_params() == fitted_chars.get_params()
    assert loaded.char_ngrams == (3, 5)
    np.testing.assert_allclose(
        loaded.predict_scores(TEXTS), fitted_chars.predict_scores(TEXTS), atol=2e-3
    )


def test_topics_classifier_word_only_model_is_saved_without_optional_fields(
    fitted: TopicClassifier, tmp_path: Path
) -> None:
    # Word-only files keep the layout they had before character n-grams and word vectors.
    fitted.save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text())
    optional = {"char_ngrams", "embedding_dims", "embedding_weight", "relevance_weights"}
    assert not optional & set(meta["params"])
    assert not {"char_vocabulary", "embedding_vocabulary"} & set(meta)
    with np.load(tmp_path / "arrays.npz", allow_pickle=False) as npz:
        assert not {"char_idf", "word_vectors"} & set(npz.files)


def test_topics_classifier_load_char_model_without_char_vocabulary_is_e034(
    fitted_chars: TopicClassifier, tmp_path: Path
) -> None:
    fitted_chars.save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text())
    del meta["char_vocabulary"]
    meta["sha256"] = model_digest(meta, (tmp_path / "arrays.npz").read_bytes())
    (tmp_path / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"\[E034\].*char_vocabulary"):
        TopicClassifier.load(tmp_path)


# -- word vectors (embedding_dims) ------------------------------------------------------------

#: Unlabelled text: puts words the labelled texts never use beside words they do.
UNLABELLED = [
    "the goalkeeper and the striker trained before the cup final",
    "a goalkeeper saved the penalty and the team won the league match",
    "the referee booked the goalkeeper during the match",
    "the cabinet minister defended the budget in parliament",
    "the chancellor presented the budget to parliament and the cabinet",
    "the chancellor and the prime minister met the cabinet",
    "the bank raised interest rates and shares fell on the stock market",
    "investors sold shares as the bank warned on interest rates",
] * 3


@pytest.fixture(scope="module")
def fitted_vectors() -> TopicClassifier:
    return TopicClassifier(min_df=1, embedding_dims=4).fit(TEXTS, LABELS, unlabelled=UNLABELLED)


def test_topics_classifier_word_vectors_move_a_word_unseen_in_labelled_data(
    fitted: TopicClassifier, fitted_vectors: TopicClassifier
) -> None:
    # "referee" and "chancellor" occur only in the unlabelled texts: the word-only model
    # knows neither, the one with vectors puts each with the words around it.
    for text, topic in (("the referee", "sport"), ("the chancellor", "politics")):
        assert fitted._features([text], "test").words.nnz == 0
        scores = fitted_vectors.predict_proba([text])[0]
        assert fitted_vectors.classes_[np.argmax(scores)] == topic
    sport = CLASSES.index("sport")
    assert fitted_vectors.predict_proba(["the referee"])[0, sport] > max(
        fitted_vectors.predict_proba(["the chancellor"])[0, sport], 0.5
    )


def test_topics_classifier_word_vectors_weight_zero_is_the_word_model(
    fitted: TopicClassifier,
) -> None:
    clf = TopicClassifier(min_df=1, embedding_dims=4, embedding_weight=0.0)
    clf.fit(TEXTS, LABELS, unlabelled=UNLABELLED)
    np.testing.assert_allclose(clf.predict_proba(TEXTS), fitted.predict_proba(TEXTS), atol=1e-6)


def test_topics_classifier_word_vectors_save_load_round_trip(
    fitted_vectors: TopicClassifier, tmp_path: Path
) -> None:
    loaded = TopicClassifier.load(fitted_vectors.save(tmp_path / "m"))
    assert loaded.get_params() == fitted_vectors.get_params()
    assert loaded.word_vectors_.shape == fitted_vectors.word_vectors_.shape
    texts = [*TEXTS, "the referee", "the chancellor"]
    np.testing.assert_allclose(
        loaded.predict_proba(texts), fitted_vectors.predict_proba(texts), atol=2e-3
    )
    assert loaded.predict(texts).tolist() == fitted_vectors.predict(texts).tolist()


def test_topics_classifier_load_vectors_model_with_wrong_vocabulary_is_e034(
    fitted_vectors: TopicClassifier, tmp_path: Path
) -> None:
    fitted_vectors.save(tmp_path)
    meta = json.loads((tmp_path / "model.json").read_text())
    meta["embedding_vocabulary"] = meta["embedding_vocabulary"][1:]
    meta["sha256"] = model_digest(meta, (tmp_path / "arrays.npz").read_bytes())
    (tmp_path / "model.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"\[E034\].*word vectors"):
        TopicClassifier.load(tmp_path)


def test_topics_classifier_parallel_fit_saves_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Topics fitted in two worker processes must give the model a serial fit gives, byte for
    # byte (every option whose fits run in the workers is on); n_jobs itself is not saved.
    monkeypatch.setattr(classifier_module, "PARALLEL_MIN_PAIRS", 0)  # workers even for this
    params = {"min_df": 1, "char_ngrams": (3, 4), "relevance_weights": True,
              "embedding_dims": 4, "threshold": "cv", "cv": 2}
    for n_jobs in (None, 2):
        clf = TopicClassifier(**params, n_jobs=n_jobs).fit(TEXTS, LABELS, unlabelled=UNLABELLED)
        clf.save(tmp_path / str(n_jobs))
    for name in ("model.json", "arrays.npz"):
        assert (tmp_path / "None" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()
    assert "n_jobs" not in json.loads((tmp_path / "2" / "model.json").read_text())["params"]
    assert TopicClassifier.load(tmp_path / "2").n_jobs is None


@pytest.mark.parametrize(("min_pairs", "n_jobs", "expected"),
                         [(10**9, 2, 1), (0, 2, 2), (10**9, None, None), (10**9, 1, 1)])
def test_topics_classifier_small_fits_start_no_workers(
    monkeypatch: pytest.MonkeyPatch, min_pairs: int, n_jobs: int | None, expected: int | None
) -> None:
    # Worker processes cost more than they save on a small fit (benchmarks/bench_topic_fit.py
    # --sizes): below PARALLEL_MIN_PAIRS (text, topic) pairs, n_jobs=2 fits in this process;
    # None is left to joblib's context.
    seen: list[int | None] = []
    real = classifier_module.Parallel

    def parallel(n_jobs: int | None = None, **kwargs: Any) -> Any:
        seen.append(n_jobs)
        return real(n_jobs=n_jobs, **kwargs)

    monkeypatch.setattr(classifier_module, "PARALLEL_MIN_PAIRS", min_pairs)
    monkeypatch.setattr(classifier_module, "Parallel", parallel)
    TopicClassifier(min_df=1, n_jobs=n_jobs).fit(TEXTS, LABELS)
    assert seen == [expected]


def test_topics_classifier_fits_on_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # With two BLAS threads the word vectors' SVD came out with other signs than with one, so a
    # model depended on the machine's core count: fit must pin BLAS to one thread.
    import newsnlp.topics.classifier as module

    seen: list[int] = []

    def svd_vectors(*args: Any) -> Any:
        seen.extend(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")
        return ppmi_svd_vectors(*args)

    monkeypatch.setattr(module, "ppmi_svd_vectors", svd_vectors)
    with threadpool_limits(2):
        TopicClassifier(min_df=1, embedding_dims=4).fit(TEXTS, LABELS, unlabelled=UNLABELLED)
    assert set(seen) == {1}  # also: BLAS was seen at all


def test_topics_classifier_more_dims_than_words_is_e009() -> None:
    with pytest.raises(InputError, match=r"\[E009\] embedding_dims=500.*words seen"):
        TopicClassifier(min_df=1, embedding_dims=500).fit(TEXTS, LABELS)


def test_topics_classifier_unlabelled_must_be_texts() -> None:
    with pytest.raises(InputError, match=r"\[E030\]"):
        TopicClassifier(min_df=1, embedding_dims=3).fit(TEXTS, LABELS, unlabelled="one text")


# -- features ------------------------------------------------------------------------------------

#: Accents, case, numbers, stop words, repeats, an unknown word and an empty text.
ODD_TEXTS = [
    "Élection: the Café voters re-elect the parliament, parliament again in 2024",
    "THE STRIKER scored; scored twice!! the league's cup final",
    "qqq zzz",
    "",
]


@pytest.mark.parametrize(
    "params",
    [{}, {"ngram_range": (1, 3), "stop_words": None}, {"ngram_range": (2, 2)},
     {"sublinear_tf": False, "stop_words": "english"}],
)
def test_topics_classifier_features_are_those_of_scikit_learn_vectorizers(
    params: dict[str, Any], tmp_path: Path
) -> None:
    # Prediction counts terms itself (each text tokenised once); its features must be exactly
    # what the fitted TfidfVectorizers give, also for a loaded model.
    clf = TopicClassifier(min_df=1, embedding_dims=4, **params)
    clf.fit([*TEXTS, *ODD_TEXTS[:2]], [*LABELS, "election", "sport"], unlabelled=UNLABELLED)
    texts = [*TEXTS, *ODD_TEXTS, *UNLABELLED[:3]]
    for model in (clf, TopicClassifier.load(clf.save(tmp_path / "m"))):
        features = model._features(texts, "test")
        expected = model.vectorizer_.transform(texts)
        assert features.words.nnz == expected.nnz > 0
        np.testing.assert_allclose(features.words.toarray(), expected.toarray(), atol=1e-6)
        docs = model._doc_vectors(model.embedding_vectorizer_.transform(texts))
        np.testing.assert_allclose(features.docs, docs, atol=1e-5)


# -- relevance weights -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fitted_relevance() -> TopicClassifier:
    return TopicClassifier(min_df=1, relevance_weights=True, calibration=None).fit(TEXTS, LABELS)


def test_topics_classifier_relevance_weights_scale_each_topics_features(
    fitted_relevance: TopicClassifier,
) -> None:
    # Topic k's model is a logistic regression on the TF-IDF rows times log2(2 + a / max(1, c)),
    # a / c the number of texts of k / of other topics with the term, refitted here by hand.
    x = fitted_relevance._features(TEXTS, "test").words.toarray()
    k = CLASSES.index("sport")
    target = np.array([label == "sport" for label in LABELS])
    scaled = x * _rf(x, target)
    model = fitted_relevance._binary_model(scaled.shape).fit(scaled, target)
    margins = fitted_relevance.decision_function(TEXTS)[:, k]
    np.testing.assert_allclose(margins, model.decision_function(scaled), atol=1e-4)
    plain = fitted_relevance._binary_model(x.shape).fit(x, target)  # the weights do count
    assert np.abs(margins - plain.decision_function(x)).max() > 0.01


def test_topics_classifier_relevance_weights_save_load_round_trip(
    fitted_relevance: TopicClassifier, tmp_path: Path
) -> None:
    loaded = TopicClassifier.load(fitted_relevance.save(tmp_path / "m"))
    assert loaded.get_params() == fitted_relevance.get_params()
    np.testing.assert_allclose(
        loaded.predict_scores(TEXTS), fitted_relevance.predict_scores(TEXTS), atol=2e-3
    )


def test_topics_classifier_relevance_weights_are_learnt_per_calibration_fold() -> None:
    # Each out-of-fold margin comes from rf learnt on the other folds' labels only: the same
    # margins computed by hand, not those of rf learnt once from every training text.
    texts, labels = _synthetic(60, 2)
    clf = TopicClassifier(min_df=1, relevance_weights=True)
    x = clf.fit(texts, labels)._features(texts, "test").words
    target = np.array([label == labels[0] for label in labels])
    got = clf._out_of_fold_margins(x, target, clf._binary_model, True)
    assert got is not None
    folds = StratifiedKFold(n_splits=clf.cv, shuffle=True, random_state=0)
    expected, leaky = np.zeros(target.size), np.zeros(target.size)
    dense = x.toarray()
    everyone = _rf(dense, target)
    for train, held in folds.split(dense, target):
        for out, rf in ((expected, _rf(dense[train], target[train])), (leaky, everyone)):
            model = clf._binary_model(dense.shape).fit(dense[train] * rf, target[train])
            out[held] = model.decision_function(dense[held] * rf)
    np.testing.assert_allclose(got, expected, atol=1e-4)
    assert np.abs(got - leaky).max() > 1e-3


def _rf(x: Any, target: Any) -> Any:
    a, c = (x[target] > 0).sum(axis=0), (x[~target] > 0).sum(axis=0)
    return np.log2(2.0 + a / np.maximum(1, c))

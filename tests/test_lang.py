import json
from pathlib import Path

import pytest

from newsnlp.errors import InputError
from newsnlp.lang import (
    MIN_LETTERS,
    PREFIX_CHARS,
    _plainly_english,
    check_languages,
    detect_language,
)

# Hand-written headlines and leads in the languages of the region, and English ones full of the
# region's names, which are what fools a detector on short text.
OTHER = [
    ("ru", "В Баку завершились парламентские выборы, явка превысила половину избирателей."),
    ("ru", "Лавров провёл переговоры с армянским коллегой в Москве."),
    ("az", "Prezident İlham Əliyev Serbiyanın xarici işlər nazirini qəbul edib."),
    ("az", "Mərkəzi Bank uçot dərəcəsini dəyişməz saxlayıb."),
    ("tr", "Merkez Bankası faiz oranını sabit tuttu."),
    ("de", "Die Zentralbank lässt den Leitzins unverändert."),
    ("uk", "Уряд затвердив бюджет на наступний рік."),
    ("ar", "ارتفاع أسعار النفط بعد خفض الإنتاج"),
]
ENGLISH = [
    "Ilham Aliyev met Marko Djuric in Baku.",
    "Pashinyan met Aliyev in Almaty.",
    "Tokayev visited Bishkek.",
    "No. 12 Virginia loses key defensive player",
    "Polls closed in Baku.",
    "Kremlin acknowledges tension in ties with Azerbaijan",
]


@pytest.mark.parametrize(("lang", "text"), OTHER)
def test_lang_detects_the_languages_of_the_region(lang: str, text: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ENGLISH)
def test_lang_short_english_full_of_foreign_names_is_english(text: str) -> None:
    assert detect_language(text) == "en"


def test_lang_preferring_english_is_what_keeps_name_heavy_text_english() -> None:
    # The model's plain best guess for these is another language; the preference rule is what
    # keeps them in the English pipeline, and it never pulls real non-English text over.
    plain = [detect_language(text, prefer=()) for text in ENGLISH]
    assert plain.count("en") < len(ENGLISH)
    assert all(detect_language(text) == lang for lang, text in OTHER)


@pytest.mark.parametrize("text", ["", "   ", "Reuter", "OK", "12:05 - 2024", "😀😀😀", "- * -"])
def test_lang_too_little_text_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_lang_reads_only_a_prefix() -> None:
    english = "The minister said the talks in the capital went well. " * 40
    assert len(english) > PREFIX_CHARS
    russian = "Министр заявил, что переговоры в столице прошли хорошо. " * 400
    assert detect_language(english + russian) == "en"
    assert detect_language(russian + english) == "ru"
    assert MIN_LETTERS > 1


@pytest.mark.parametrize(
    "text",
    ["Baku \ud800 talks went well today.", "NUL\x00 in the talks today",
     "\u202eRTL override in English text here"],
)
def test_lang_odd_characters_do_not_break_detection(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("bad", [b"bytes", None, 42, ["a list"]])
def test_lang_rejects_what_is_not_text(bad: object) -> None:
    with pytest.raises(InputError, match=r"\[E101\]"):
        detect_language(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["en", ["EN"], [], 5, ["english"], [None]])
def test_lang_languages_option_is_checked(bad: object) -> None:
    with pytest.raises(InputError, match=r"\[E100\]"):
        check_languages(bad)


def test_lang_azernews_sample_is_english(shared_data: Path) -> None:
    texts = []
    for path in sorted((shared_data / "azernews-scraped-sample").glob("*.json")):
        for article in json.loads(path.read_text(encoding="utf-8")):
            content = article.get("content") or ""
            texts += [article["title"], " ".join(content) if isinstance(content, list) else content]
    assert len(texts) > 40
    assert [detect_language(text) for text in texts if text].count("en") == len(
        [text for text in texts if text]
    )


# Paragraphs of other languages that share words or letters with English ("in", "is", "of",
# "was", "die", "to"): the function-word shortcut must leave every one of them to the model.
PARAGRAPHS = [
    ("de", "Die Regierung hat am Montag in Berlin einen neuen Haushalt vorgelegt. Der Minister "
           "sagte, dass die Ausgaben für Bildung und Verkehr steigen werden, was die Opposition "
           "als zu wenig kritisiert. Die Debatte im Bundestag beginnt in der nächsten Woche."),
    ("nl", "De regering heeft maandag in Den Haag een nieuwe begroting gepresenteerd. De minister "
           "zei dat de uitgaven voor onderwijs en verkeer zullen stijgen, of dat genoeg is, is "
           "de vraag. Het debat in de Tweede Kamer begint volgende week."),
    ("fr", "Le gouvernement a présenté lundi à Paris un nouveau budget. Le ministre a déclaré que "
           "les dépenses pour l'éducation et les transports vont augmenter, ce que l'opposition "
           "juge insuffisant. Le débat à l'Assemblée nationale commence la semaine prochaine."),
    ("es", "El gobierno presentó el lunes en Madrid un nuevo presupuesto. El ministro dijo que el "
           "gasto en educación y transporte aumentará, lo que la oposición considera insuficiente. "
           "El debate en el Congreso comenzará la próxima semana con las enmiendas."),
    ("ru", "Правительство в понедельник представило в Москве новый бюджет. Министр заявил, что "
           "расходы на образование и транспорт вырастут, что оппозиция считает недостаточным. "
           "Обсуждение в Государственной думе начнётся на следующей неделе."),
]


@pytest.mark.parametrize(("lang", "text"), PARAGRAPHS)
def test_lang_other_languages_prose_is_left_to_the_model(lang: str, text: str) -> None:
    assert not _plainly_english(text)
    assert detect_language(text) == lang


def test_lang_english_prose_is_english_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("The central bank said on Monday that it would keep its main rate unchanged, and "
            "that the outlook for inflation had improved since the last meeting of the board, "
            "which was held in the capital in July.")
    assert _plainly_english(text)
    monkeypatch.setattr("newsnlp.lang._identifier", lambda: pytest.fail("the model ran"))
    assert detect_language(text) == "en"
    # A caller that cannot read English gets the model's answer, not the shortcut.
    with pytest.raises(pytest.fail.Exception):
        detect_language(text, prefer=("de",))

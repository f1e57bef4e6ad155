import inspect
import re
import string
import warnings

import pytest

from newsnlp import errors
from newsnlp.errors import Errors, InputError, ModelError, NewsnlpError, Warnings


def _messages(cls: type) -> dict[str, str]:
    return {name: value for name, value in vars(cls).items() if re.fullmatch(r"[EW]\d{3}", name)}


def test_errors_codes_match_their_names_and_are_unique() -> None:
    seen = set()
    for cls in (Errors, Warnings):
        for name, message in _messages(cls).items():
            assert message.startswith(f"[{name}] "), name
            assert name not in seen
            seen.add(name)
    assert seen, "no messages found"


@pytest.mark.parametrize("cls", [InputError, ModelError])
def test_errors_exceptions_are_value_errors_with_a_code(cls: type[NewsnlpError]) -> None:
    err = cls(Errors.E001.format(path="x.bin"))
    assert isinstance(err, ValueError)
    assert err.code == "E001"
    assert "x.bin" in str(err)


def test_errors_warn_is_a_newsnlp_warning() -> None:
    with pytest.warns(errors.NewsnlpWarning, match=r"\[W001\]"):
        errors.warn(Warnings.W001.format(path="a.txt", encoding="cp1251"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(errors.NewsnlpWarning):
            errors.warn("[W001] x")


# --- every message teaches: a code, a value, what to do -----------------------------------------

_ALL = {name: message for cls in (Errors, Warnings) for name, message in _messages(cls).items()}
# What a message says to do opens with one of these (an imperative, or a sentence saying what
# newsnlp did instead, for warnings and for errors recorded without stopping a run).
_ADVICE = re.compile(
    r"(?:^|[.,;:(]\s+|\bor\s+|\bthen\s+|\band\s+)"
    r"(?:Pass|Use|Install|Check|Fix|Run|Retrain|Save|Add|Wrap|Extract|Convert|Fill|Quote|"
    r"Restore|Decode|Tag|Keep|Give|Write|Set)\b|\{hint\}",
    re.IGNORECASE,
)


def _fields(message: str) -> list[tuple[str, str]]:
    return [(field, spec or "") for _, field, spec, _ in string.Formatter().parse(message)
            if field is not None]


@pytest.mark.parametrize("code", sorted(_ALL))
def test_errors_message_shows_its_values(code: str) -> None:
    message = _ALL[code]
    fields = _fields(message)
    assert fields, f"{code} shows no value: add a placeholder for what went wrong"
    assert all(name.isidentifier() for name, _ in fields), f"{code}: positional placeholder"
    # Filled in, every value is visible in the text the user reads (numbers as formatted).
    values: dict[str, object] = {
        name: 12345 if spec else f"<value of {name}>" for name, spec in fields
    }
    shown = message.format(**values)
    for name, spec in fields:
        assert format(values[name], spec) in shown, (code, name)
    assert shown.startswith(f"[{code}] ")
    assert not re.search(r"\{\w+[}!:]", shown)


@pytest.mark.parametrize("code", sorted(_ALL))
def test_errors_message_says_what_to_do(code: str) -> None:
    assert _ADVICE.search(_ALL[code].split("]", 1)[1]), f"{code} does not say what to do"


def test_errors_codes_are_unique_across_errors_and_warnings() -> None:
    numbers = [int(code[1:]) for code in _ALL]
    errors_only = [int(c[1:]) for c in _ALL if c.startswith("E")]
    assert len(set(errors_only)) == len(errors_only)
    # A code assigned twice in errors.py would silently keep only the last message.
    assigned = re.findall(r"^\s+([EW]\d{3}) = ", inspect.getsource(errors), re.M)
    assert len(assigned) == len(set(assigned)) == len(_ALL)
    # Each code appears in exactly one message text: no message carries another's number.
    for code in _ALL:
        carriers = [name for name, message in _ALL.items() if f"[{code}]" in message]
        assert carriers == [code]
    assert numbers


@pytest.mark.parametrize("code", ["E100", "E101", "E102", "W100", "W101"])
def test_errors_hardening_messages_are_in_their_range(code: str) -> None:
    assert 100 <= int(code[1:]) <= 119
    assert code in _ALL

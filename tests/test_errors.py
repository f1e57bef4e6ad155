import re
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

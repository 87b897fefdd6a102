"""Vietnamese alphabetical order: a ă â b c d đ e ê g … and tones ngang, huyền, hỏi, ngã, sắc, nặng.

Python's default order compares code points, which puts "Đ" after "Z" and "Ư" among
symbols. `vi_key` sorts as a Vietnamese dictionary does: letters first (with tones
ignored), then tones, then case.
"""

from __future__ import annotations

import unicodedata
from typing import Tuple

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: i + 20 for i, ch in enumerate(_ALPHABET)}

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_MODIFIED = {("a", _BREVE): "ă", ("a", _CIRCUMFLEX): "â", ("e", _CIRCUMFLEX): "ê",
             ("o", _CIRCUMFLEX): "ô", ("o", _HORN): "ơ", ("u", _HORN): "ư"}


def _letters(text: str):
    """Yield (letter, tone, is_upper) for each base character of `text`."""
    base = None
    tone = 0
    upper = False
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if base is None:
                continue
            if ch in _TONES:
                tone = _TONES[ch]
            else:
                base = _MODIFIED.get((base, ch), base)
            continue
        if base is not None:
            yield base, tone, upper
        upper = ch != ch.lower()
        base, tone = ch.lower(), 0
    if base is not None:
        yield base, tone, upper


def _rank(letter: str) -> int:
    if letter in _RANK:
        return _RANK[letter]
    if letter.isspace():
        return 0
    if letter.isdigit():
        return 1 + int(letter) if letter in "0123456789" else 11
    if letter.isalpha():
        return 100 + ord(letter)
    return 12  # punctuation sorts after spaces and digits, before letters


def vi_key(text: str) -> Tuple[Tuple[int, ...], Tuple[int, ...], Tuple[int, ...]]:
    """Sort key for Vietnamese text."""
    letters = list(_letters(text))
    return (tuple(_rank(b) for b, _, _ in letters),
            tuple(t for _, t, _ in letters),
            tuple(int(u) for _, _, u in letters))

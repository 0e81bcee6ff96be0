"""The paper's language check: a CJK query needs a CJK answer, a non-CJK query a non-CJK one."""

from __future__ import annotations

import re

from warp_report.protocol.markers import CJK, CODE_SPAN

# Citation markers and node ids carry digits and ASCII letters that say nothing of the language.
_MARKERS = re.compile(r"\[[^\]]*\]|section-[\d.]+")


_LATIN_WORD = re.compile(r"[^\W\d_]+")


def is_cjk_text(text: str) -> bool:
    """Is this question written in Chinese, Japanese or Korean?

    Counted in units a reader would: each CJK character is one unit, each run of other letters
    (an English word, "SQLite") one unit. A Chinese question that names English terms is still
    Chinese; an English question quoting one Japanese word (太陽光) is still English.
    """
    cleaned = _MARKERS.sub(" ", text)
    cjk = len(CJK.findall(cleaned))
    words = len(_LATIN_WORD.findall(CJK.sub(" ", cleaned)))
    return cjk > 0 and cjk >= words


#: Cyrillic, Hebrew, Arabic and Thai letters (as regex ranges): no script of a question in Latin
#: letters; the written fields' grammar leaves them out too (``schemas.LATIN_ONLY``).
OTHER_SCRIPTS = r"\u0400-\u052f\u0590-\u06ff\u0e00-\u0e7f"
_OTHER_ALPHABET = re.compile(f"[{OTHER_SCRIPTS}]")


def is_latin_text(text: str) -> bool:
    """Is this question written in Latin letters (English, French, ...): not CJK, and no
    Cyrillic, Hebrew, Arabic or Thai letter in it?"""
    return bool(_LATIN_WORD.search(text)) and not is_cjk_text(text) and not _OTHER_ALPHABET.search(text)


def cjk_share(text: str) -> float:
    """Share of letters that are CJK; digits, punctuation and citation markers are ignored."""
    # A code span names a command or an identifier ("`git stash`"), whatever the language.
    letters = [ch for ch in CODE_SPAN.sub(" ", _MARKERS.sub(" ", text)) if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if CJK.match(ch)) / len(letters)


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


def cjk_language(text: str) -> str:
    """The name a model reads for a CJK question's language: kana make it Japanese, hangul
    Korean, Han characters alone Chinese."""
    if _KANA.search(text):
        return "Japanese (日本語)"
    if _HANGUL.search(text):
        return "Korean (한국어)"
    return "Chinese (简体中文)"


def language_error(query: str, output: str) -> str | None:
    """None when ``output`` is in the language of ``query``, else why not."""
    share = cjk_share(output)
    if is_cjk_text(query):
        if share <= 0.6:
            return f"the question is in Chinese/Japanese/Korean; write in that language ({share:.0%} CJK letters, need > 60%)"
    elif share >= 0.01:
        return f"write in the language of the question, without CJK characters ({share:.1%} CJK letters, need < 1%)"
    return None

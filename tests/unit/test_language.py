"""The paper's language rule: > 60% CJK letters for CJK queries, < 1% for all others."""

from __future__ import annotations

import pytest

from warp_report.protocol.language import cjk_share, is_cjk_text, language_error

ZH_QUERY = "长城有多长？"
JA_QUERY = "富士山について教えてください"
KO_QUERY = "한국의 역사"
EN_QUERY = "How long is the Great Wall?"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(ZH_QUERY, True), (JA_QUERY, True), (KO_QUERY, True), ("カタカナ", True), (EN_QUERY, False),
     ("Ünïcödé façade 2024", False), ("", False)],
)
def test_is_cjk_text(text: str, expected: bool) -> None:
    assert is_cjk_text(text) is expected


def test_cjk_share_counts_letters() -> None:
    assert cjk_share("长城ab") == pytest.approx(0.5)
    assert cjk_share("长城") == 1.0
    assert cjk_share("Great Wall") == 0.0
    # A command in a code span is no letter of either language.
    assert cjk_share("用 `git worktree add` 创建") == 1.0
    assert cjk_share("") == 0.0


def test_cjk_share_ignores_digits_punctuation_and_markers() -> None:
    # Digits, ASCII and full-width punctuation are not letters.
    assert cjk_share("长城 2024, 21196 千米。！（）") == 1.0
    # Citation markers (whatever is inside) and node ids carry no language.
    assert cjk_share("长城很长[12][3, 5][ref]") == 1.0
    assert cjk_share("长城很长 section-2.1") == 1.0
    assert cjk_share("1234 ... [7] !!") == 0.0


# --- CJK queries: more than 60% of the letters must be CJK --------------------------------


@pytest.mark.parametrize("query", [ZH_QUERY, JA_QUERY, KO_QUERY])
def test_cjk_query_accepts_cjk_answer(query: str) -> None:
    assert language_error(query, "长城是中国古代的军事防御工程[1]。") is None


def test_cjk_query_threshold_is_strictly_more_than_sixty_percent() -> None:
    # 3 CJK + 2 Latin letters = 60%: not enough.
    assert language_error(ZH_QUERY, "长城很ab") is not None
    # 2 CJK + 1 Latin letter = 66.7%: enough.
    assert language_error(ZH_QUERY, "长城a") is None


def test_cjk_query_rejects_english_answer_with_reason() -> None:
    err = language_error(ZH_QUERY, "The Great Wall is long [1].")
    assert err is not None
    assert "0%" in err and "60%" in err


def test_cjk_query_markers_and_digits_do_not_dilute_share() -> None:
    text = "长城全长21196千米[1][2][3]，始建于公元前7世纪 section-2.1。"
    assert language_error(ZH_QUERY, text) is None


def test_cjk_query_answer_without_letters_fails() -> None:
    assert language_error(ZH_QUERY, "12345 [1]") is not None


# --- other queries: fewer than 1% of the letters may be CJK -------------------------------


def test_non_cjk_query_accepts_plain_answer() -> None:
    assert language_error(EN_QUERY, "The Great Wall is about 21,196 km long [1].") is None


def test_non_cjk_query_rejects_cjk_answer_with_reason() -> None:
    err = language_error(EN_QUERY, "长城很长[1]。")
    assert err is not None
    assert "without CJK" in err and "100.0%" in err


def test_non_cjk_query_threshold_is_strictly_less_than_one_percent() -> None:
    # 1 CJK letter in 100 letters = 1%: too many.
    assert language_error(EN_QUERY, "长" + "a" * 99) is not None
    # 1 CJK letter in 101 letters < 1%: accepted.
    assert language_error(EN_QUERY, "长" + "a" * 100) is None


def test_non_cjk_query_ignores_full_width_punctuation() -> None:
    assert language_error(EN_QUERY, "The wall，built over centuries。is long（very）[1].") is None


def test_non_cjk_query_answer_with_digits_only_passes() -> None:
    assert language_error(EN_QUERY, "2024 [1]") is None


def test_a_question_is_cjk_by_its_words_not_by_one_quoted_character():
    from warp_report.protocol.language import is_cjk_text, language_error

    english = "How is the Japanese word 太陽光 used in solar panel marketing?"
    assert not is_cjk_text(english)
    assert language_error(english, "Marketing uses the word for sunlight power on labels [1].") is None
    chinese = "SQLite 的 WAL 模式是如何工作的？"
    assert is_cjk_text(chinese)
    assert language_error(chinese, "WAL mode writes changes to a separate log [1].") is not None


def test_a_question_in_latin_letters_gets_no_other_alphabet_in_written_fields() -> None:
    import pydantic

    from warp_report.context import make_context
    from warp_report.nodes.common import shape_for
    from warp_report.protocol.language import is_latin_text
    from warp_report.protocol.schemas import write_reply_schema

    assert is_latin_text("How do solar panels work?") and is_latin_text("Comment fonctionne un café ?")
    assert not is_latin_text("Как работают солнечные панели?") and not is_latin_text("太阳能电池板如何工作？")
    text = "Light reflected by one face hits another и gets a second chance to enter the cell surface. " * 4
    english = write_reply_schema(["1"], shape=shape_for(make_context(), "How do solar panels work?"))
    russian = write_reply_schema(["1"], shape=shape_for(make_context(), "Как работают солнечные панели?"))
    def reply(words: str) -> dict:
        return {"thought": "", "paragraphs": [{"text": words, "cites": ["1"]}] * 3}

    with pytest.raises(pydantic.ValidationError, match="pattern"):
        english.model_validate(reply(text))
    english.model_validate(reply(text.replace("и", "and")))
    russian.model_validate(reply(text))

"""Words that are no words: what a small model leaves where it broke a word it was copying."""

from __future__ import annotations

import json

import pytest

from tests.support.scripted import ScriptedChatModel
from tests.unit.test_protocol import ask
from warp_report.protocol.actions import WriteAction
from warp_report.protocol.glue import vocabulary
from warp_report.protocol.repair import BROKEN, repair_text
from warp_report.protocol.spelling import broken_words, is_word

INVERTERS = ("Inverters and grid connection\nSolar cells produce direct current (DC). An inverter converts direct "
             "current into alternating current (AC) at the voltage and frequency of the grid.")
QUESTION = "How do solar panels turn sunlight into electricity?"


def test_a_word_neither_the_sources_nor_a_dictionary_know_is_broken() -> None:
    known = vocabulary(INVERTERS, QUESTION)
    # README's first command at stop 35: "converts direct" came out as "conve cal".
    assert broken_words("Inverters are cells that conve cal current into another.", known) == ["conve"]
    assert broken_words("Thin-film modules sit in a sim nilar range.", known) == ["sim", "nilar"]
    assert broken_words("Cadmium indicateur is a thin-film material.", known) == ["indicateur"]
    # git-bisect at stop 35: the end of "particularly"; "lar" is in the word list, but too rare to make a word of.
    assert broken_words("It finds which commit larly useful when a branch broke.", known) == ["larly"]
    # "Tho numbers" (README's first command at stop 17): rare short words in the list are debris.
    assert broken_words("Tho numbers are given.", known) == ["Tho"]
    assert broken_words("The working directory must match a ry.", known) == ["ry"]  # git-stash at stop 35
    # The sources' own words, however rare, are words ("electronvolts" is in no dictionary).
    assert broken_words("Photons above 1.1 electronvolts free electrons.", vocabulary("about 1.1 electronvolts")) == []
    # ... and so are two words run together: "electron" and "volts".
    assert broken_words("Photons above 1.1 electronvolts free electrons.", set()) == []


@pytest.mark.parametrize("sentence", [
    "The inverter converts direct current into alternating current.",
    "Becquerel saw it first; Bell Laboratories built the first cell.",  # names
    "WAL mode and MkDocs are spelt as their projects spell them.",  # acronyms and inner capitals
    "Edit `mkdocs.yml` or set `yylval` in lex.yy.c, then see node_modules/ and https://example.org.",
    "Its behaviour was analysed and standardised in the centre.",  # British spellings
    "The filesystem keeps timestamps for subprocesses and runtimes.",  # two words run together, inflected
    "Rebuilding the repo with async callbacks and a regex isn't hard.",  # prefixes, computing words, n't
    "On Unix-type systems (Unix, Linux, etc.) fork is cheaper.",  # node-child at stop 36
    "The panel's output is stated in kW, not in dB or any other unit.",
])
def test_words_names_and_code_are_not_broken(sentence: str) -> None:
    assert broken_words(sentence, set()) == []


def test_is_word_reads_inflections_prefixes_and_compounds() -> None:
    for word in ("converters", "reinstalled", "unrecoverable", "workflow", "symlinks", "initialised"):
        assert is_word(word, set()), word
    for word in ("conve", "nilar", "silmodules"):
        assert not is_word(word, set()), word


def test_the_repair_drops_a_sentence_with_a_broken_word_on_the_english_path() -> None:
    text = ("An inverter converts direct current into alternating current. Inverters are cells that conve cal "
            "current into another. [2]")
    out = repair_text(text, passages=(INVERTERS,), backed_by=(QUESTION, INVERTERS))
    assert out.text == "An inverter converts direct current into alternating current. [2]"
    assert out.dropped == [("Inverters are cells that conve cal current into another.", f'{BROKEN} ("conve")')]
    # A word of a part written before is known: "popen" from an earlier step's passage (node-child, stop 36).
    later = "An inverter converts direct current into alternating current, as popen converts streams. [2]"
    out = repair_text(later, passages=(INVERTERS,), backed_by=(QUESTION, INVERTERS),
                      earlier=("It spawns a shell, as the popen(3) POSIX call does. [1]",))
    assert not [why for _, why in out.dropped if why.startswith(BROKEN)]
    assert [why for _, why in repair_text(later, passages=(INVERTERS,), backed_by=(QUESTION, INVERTERS)).dropped
            if why.startswith(BROKEN)] == [f'{BROKEN} ("popen")']
    # Without words to judge by (a Chinese question, the trained model) the text is left as written.
    assert "conve cal" in repair_text(text, passages=(INVERTERS,)).text


async def test_a_part_of_broken_sentences_only_is_asked_again_naming_the_word() -> None:
    broken = {"thought": "t", "paragraphs": [{"text": "Inverters are cells that conve cal current into another "
                                                      "current for the grid, at the voltage and the frequency of the "
                                                      "grid that the panels feed.", "cites": ["2"]}]}
    fine = {"thought": "t", "paragraphs": [{"text": "An inverter converts direct current into alternating current "
                                                    "at the voltage and frequency of the grid.", "cites": ["2"]}]}
    out = await ask(ScriptedChatModel(replies=[json.dumps(broken), json.dumps(fine)]), "write", protocol="structured",
                    shown_ids=frozenset({"2"}), passages=(INVERTERS,), attribute_to={"2": INVERTERS},
                    node_title="Inverters")
    assert isinstance(out.action, WriteAction) and "converts direct current" in out.action.content
    assert not out.trace[0].valid and '"conve" is no word' in out.trace[0].error


def test_the_tail_of_a_shown_word_is_a_cut_word_even_where_it_reads_as_prefix_and_word() -> None:
    # pg-backup at stop 37: "refore" ("re" + "fore") of the passage's "therefore".
    known = vocabulary("Therefore, you will be left to your own devices. Preloading modules is fast.")
    assert broken_words("refore be left with your own devices.", known) == ["refore"]
    # A word's head is as often its stem, and a word either list holds is a word.
    assert broken_words("You can preload modules, therefore it is fast.", known) == []

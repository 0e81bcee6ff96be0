"""A count of kinds or a class the model frames on its own goes; one a passage states stays."""

from __future__ import annotations

from warp_report.protocol import claims
from warp_report.protocol.repair import repair_text

_CELLS = ("Types of solar cells\nMonocrystalline cells are cut from a single silicon crystal grown as a large "
          "cylindrical ingot. Thin-film cells take a different route: a layer of light-absorbing material is "
          "deposited on glass. Cadmium telluride is the most common thin-film material; amorphous silicon is another.")
_QUESTION = "How do solar panels turn sunlight into electricity?"


def test_a_count_of_kinds_no_passage_gives_goes_with_its_sentence() -> None:
    # README's first command (stops 45 - 47): the passage names the kinds and counts none.
    counted = ("The types of solar cells are categorized into three main types: monocrystalline cells, thin-film "
               "cells, and amorphous silicon cells. [9]")
    kept = "Monocrystalline cells are cut from a single silicon crystal grown as a large cylindrical ingot. [9]"
    out = repair_text(f"{counted} {kept}", passages=(_CELLS,), backed_by=(_QUESTION, _CELLS), question=_QUESTION)
    assert out.text == kept
    assert out.dropped == [(counted, claims.UNSHOWN_COUNT)]


def test_a_count_a_passage_states_stays_in_words_or_digits() -> None:
    cluster = ("The cluster module supports two methods of distributing incoming connections. The first one is "
               "the round-robin approach.",)
    assert claims.unshown_count("The cluster module supports two methods of distributing incoming connections.", cluster) == ""
    assert claims.unshown_count("The cluster module offers 2 different methods for this.", cluster) == ""
    # Another count, or the same number before another noun, is the model's own.
    assert claims.unshown_count("The cluster module supports three methods.", cluster) == "three methods"
    assert claims.unshown_count("Git merge can be used in two ways: interactive and non-interactive.", cluster) == "two ways"
    # A count of things, not of kinds, is left to the other checks ("two files").
    assert claims.unshown_count("The command writes two files.", cluster) == ""
    # A count the question asks about is given.
    assert claims.unshown_count("There are three kinds of locks.", ("What are the three kinds of locks?",)) == ""


def test_a_class_no_passage_puts_the_subject_in_goes() -> None:
    # README's first command (stop 46): a panel made a kind of cell; the history passage it cited
    # speaks of no kind of anything.
    history = ("History and end of life\nThe photovoltaic effect was first observed by Edmond Becquerel in 1839, "
               "when he saw a small current flow from an electrode exposed to light.")
    said = "Solar panels are a type of photovoltaic cell that converts light directly into electricity. [14]"
    kept = "The photovoltaic effect was first observed by Edmond Becquerel in 1839. [14]"
    out = repair_text(f"{said} {kept}", passages=(history,), backed_by=(_QUESTION, history), question=_QUESTION)
    assert out.text == kept
    assert out.dropped == [(said, claims.OWN_CLASS)]
    # A passage classing cells classes no panels: the subject's head word must be where the class is.
    assert claims.own_class(said, (_CELLS,)) == "are a type of photovoltaic cell that converts light directly into electricity."


def test_a_class_a_passage_gives_stays() -> None:
    brin = ("BRIN indexes\nBRIN is a type of index that stores summaries about the values in consecutive "
            "physical block ranges of a table.",)
    assert claims.own_class("A BRIN index is a type of index for very large tables.", brin) == ""
    # Without a subject word to look for, the sentence is left to the other checks.
    assert claims.own_class("It is a kind of index.", ()) == ""


_STRINGS = ("Inverters and grid connection\nString inverters take the combined DC output of a series string of "
            "panels and convert it in one box. They are inexpensive, but the whole string operates at the current "
            "of its weakest panel.")


def test_a_closing_clause_of_praise_no_passage_gives_is_cut() -> None:
    # README's first command at 2a3d305: the weakest panel is the passage's drawback, not "crucial".
    said = ("The whole string operates at the current of its weakest panel, which is crucial for maintaining the "
            "efficiency of the grid-connected system. [7]")
    out = repair_text(said, passages=(_STRINGS,), backed_by=(_QUESTION, _STRINGS), question=_QUESTION)
    assert out.text == "The whole string operates at the current of its weakest panel. [7]"
    assert out.dropped == [("which is crucial for maintaining the efficiency of the grid-connected system",
                            claims.OWN_JUDGEMENT_CLAUSE)]


def test_a_sentence_whose_claim_is_praise_no_passage_gives_goes() -> None:
    # README's first command (stop 45).
    said = "Inverters and grid connection are crucial for storing and converting solar energy into electricity."
    kept = "String inverters take the combined DC output of a series string of panels and convert it in one box."
    out = repair_text(f"{kept} {said} [5]", passages=(_STRINGS,), backed_by=(_QUESTION, _STRINGS), question=_QUESTION)
    assert out.text == f"{kept} [5]"
    assert out.dropped == [(said, claims.OWN_JUDGEMENT)]
    # A passage's own word of weight may be said.
    vacuum = ("It is important to run VACUUM regularly to keep the statistics of busy tables up to date.",)
    advice = "It is important to run VACUUM regularly on busy tables."
    assert claims.own_judgement(advice, vacuum) == "" and claims.without_own_judgement(advice, vacuum) == (advice, "")
    assert claims.own_judgement(advice, _STRINGS_ONLY) == "important"


_STRINGS_ONLY = (_STRINGS,)


def test_a_closing_clause_an_earlier_part_said_of_another_thing_is_cut() -> None:
    # README's first command at b3c1b17: part 1's irradiance "is used to rate modules"; the batteries are not.
    sun = ("Irradiance, the power of sunlight per square metre, is close to 1,000 watts per square metre at noon on a "
           "clear day, which is the condition used to rate modules.")
    store = ("Lithium-ion batteries dominate home storage; a typical home battery stores between 5 and 15 "
             "kilowatt-hours, enough to carry evening demand after a sunny day.")
    part1 = "Irradiance is close to 1,000 watts per square metre at noon on a clear day, which is used to rate modules. [3]"
    said = ("A typical home battery stores between 5 and 15 kilowatt-hours, enough to carry evening demand after a "
            "sunny day, which is used to rate modules. [4]")
    out = repair_text(said, passages=(store, sun), backed_by=(_QUESTION, store, sun), earlier=(part1,),
                      question=_QUESTION)
    assert out.text == ("A typical home battery stores between 5 and 15 kilowatt-hours, enough to carry evening demand "
                        "after a sunny day. [4]")
    assert out.dropped == [("which is used to rate modules", claims.SAID_BEFORE_CLAUSE)]
    # Not said before: the clause stays (the checks of the whole sentence say whether it is backed).
    assert claims.closing_said_before(said, [], (store, sun)) == (said, "")
    # A passage that joins the clause to these words: the clause is the passage's.
    joined = "A battery stores the midday surplus for the evening, which is used to run the house at night."
    again = "A battery stores the midday surplus for the evening, which is used to run the house at night. [2]"
    assert claims.closing_said_before(again, ["The surplus, which is used to run the house at night."], (joined,)) == (again, "")


def test_a_conversion_into_what_no_passage_converts_anything_into_goes() -> None:
    # README's first command at stop 54: each word in some passage, the conversion in none.
    cells = ("How photovoltaic cells work\nA photovoltaic (PV) cell is a thin wafer of semiconductor that turns light "
             "directly into electricity. The cell surface is chemically etched into microscopic pyramids.")
    chemical = "Photovoltaic cells work by using light to convert electrical energy into chemical energy. [4]"
    kept = "Photovoltaic cells convert photons into electrical power. [4]"  # photons for light: the result is given
    out = repair_text(f"{chemical} {kept}", passages=(cells,), backed_by=(_QUESTION, cells), question=_QUESTION)
    assert out.text == kept
    assert out.dropped == [(chemical, claims.OWN_CONVERSION)]
    assert claims.own_conversion(chemical, (cells,)) == "convert electrical energy into chemical energy"
    # A result that names nothing, and no conversion at all, are not this check's.
    assert claims.own_conversion("The inverter converts one into the other.", (cells,)) == ""
    assert claims.own_conversion("Rebasing moves changes from one branch into another.", (cells,)) == ""


def test_a_comparison_whose_word_no_passage_uses_goes() -> None:
    # README's first command (stop 60): the passage lists amorphous silicon as a thin film; no passage
    # of the corpus says "higher" or compares the cells' cost.
    invented = ("Amorphous silicon cells are thin-film cells that can be used in large solar farms but have a higher "
                "cost than other types of solar cells. [7]")
    kept = "Cadmium telluride is the most common thin-film material. [7]"
    out = repair_text(f"{kept} {invented}", passages=(_CELLS,), backed_by=(_QUESTION, _CELLS), question=_QUESTION)
    assert out.text == kept
    # The paragraph's closing mark stays with the paragraph.
    assert out.dropped == [(invented.removesuffix(" [7]"), claims.OWN_COMPARISON)]
    assert claims.own_comparison(invented, (_CELLS,)) == "higher cost than"
    # "more X than" compares by its X; a passage that uses the word makes the comparison its own.
    child = ("The specified executable file is spawned directly as a new process making it slightly more efficient "
             "than child_process.exec().",)
    assert claims.own_comparison("execFile() is more efficient than exec().", child) == ""
    assert claims.own_comparison("execFile() is more portable than exec().", child) == "more portable than"
    # Words before "than" that compare nothing.
    assert claims.own_comparison("Use a branch rather than a tag; any value other than zero works.", child) == ""


def test_a_way_of_measuring_no_passage_gives_goes() -> None:
    # README's first command (stop 60): the passage gives the capacity factor's low value, not how a
    # cell's efficiency is calculated; "calculators" (another passage's) is no such word.
    output = ("Where panels go and how much they produce\nBecause output follows the sun, a solar system's capacity "
              "factor is low compared with power plants that run around the clock. Pocket calculators ran on cells.")
    invented = ("The cell's efficiency can be calculated by comparing it to the sun's output, which is typically low "
                "compared with power plants that run around the clock. [6]")
    kept = "A solar system's capacity factor is low compared with power plants that run around the clock. [6]"
    out = repair_text(f"{kept} {invented}", passages=(output,), backed_by=(_QUESTION, output), question=_QUESTION)
    assert out.text == kept
    assert out.dropped == [(invented.removesuffix(" [6]"), claims.OWN_METHOD)]
    # A passage that measures gives the way: the sentence is its own to judge by the other checks.
    measured = ("The capacity factor is calculated as average output divided by rated power.",)
    assert claims.own_method("The capacity factor can be calculated by dividing output by rated power.", measured) == ""
    assert claims.own_method("Efficiency can be measured using a meter.", measured) == "can be measured using"

"""A passage sentence's words copied a second time: the second sentence is a repeat."""

from warp_report.protocol.recopy import PassageWords, copied_again
from warp_report.protocol.repair import repair_text

_PV = ("How photovoltaic cells work\nOnly photons above the silicon band gap (about 1.1 electronvolts) can free "
       "electrons. Photons with less energy pass through or become heat; photons with much more energy waste the "
       "excess as heat.")
_EVENTS = ("Events\nBy default, event listeners are invoked in the order they are added. The "
           "emitter.prependOnceListener() method can be used as an alternative to add the event listener to the "
           "beginning of the listeners array.")


def test_the_same_passage_words_copied_twice_with_other_words_swapped_are_a_repeat() -> None:
    # README's first command at stop 52: the second is the first with "less"/"pass"/"hot" swapped back and forth.
    first = "Photons with little energy are passed through or become heat. [1]"
    second = "Photons with less energy pass through or become hot. [1]"
    out = repair_text(f"{first} {second}", passages=(_PV,), backed_by=(_PV,))
    assert out.text == first
    assert (second.removesuffix(" [1]"), "repeats a sentence of this part") in out.dropped
    # The same sentence in a later part repeats that part.
    later = repair_text(second, passages=(_PV,), backed_by=(_PV,), earlier=(first,))
    assert later.text == "" and later.dropped == [(second.removesuffix(" [1]"), "repeats an earlier part")]


def test_another_subject_before_the_same_copied_predicate_is_a_repeat() -> None:
    # node-events at stop 50: a class put before the method's copied words, the array made a list.
    first = ("The emitter.prependOnceListener() method can be used as an alternative to add the listener to the "
             "beginning of the listeners array. [4]")
    second = ("The `eventTarget` class can also be used to add the listener to the beginning of the list of "
              "listeners for event type. [10]")
    out = repair_text(second, passages=(_EVENTS,), backed_by=(_EVENTS,), earlier=(first,))
    assert out.text == "" and out.dropped == [(second.removesuffix(" [10]"), "repeats an earlier part")]
    # Another sentence of the same passage is new.
    other = "Event listeners are invoked in the order they are added. [4]"
    assert repair_text(other, passages=(_EVENTS,), backed_by=(_EVENTS,), earlier=(first,)).text == other


def test_copied_positions_are_those_of_the_passage_sentence_copied_most() -> None:
    words = PassageWords(["Only photons above the band gap can free electrons.",
                          "Photons with less energy pass through or become heat."])
    copied = words.copied("Photons with less energy pass through it.")
    assert copied == {(1, i) for i in range(6)}
    # Under three in five words of any passage sentence: no copy, nothing to compare.
    assert words.copied("Solar cells are made of thin silicon wafers today.") == frozenset()
    # Half the copied positions said before is not a repeat; seven in ten is.
    assert not copied_again(copied, {(1, 0), (1, 1), (1, 2)})
    assert copied_again(copied, {(1, i) for i in range(5)})
    # A copy of under five words compares nothing.
    assert not copied_again(frozenset({(0, 0), (0, 1)}), {(0, 0), (0, 1)})


_CELLS = ("Types of solar cells\nMonocrystalline cells are cut from a single silicon crystal grown as a large "
          "cylindrical ingot. Their uniform structure lets electrons move with few obstacles, which is why they reach "
          "the highest efficiencies among mass-produced cells.")


def test_a_passage_sentence_glued_into_an_earlier_sentence_is_not_copied_again() -> None:
    # README's first command at stop 53: the ingot sentence was glued to the next passage sentence (so
    # it copied neither for three in five of its words), then copied again a paragraph later.
    first = ("This process involves a thin wafer of semiconductor that is cut from a single silicon crystal grown as a "
             "cylindrical ingot, and their uniform structure lets electrons move with few obstacles. [5]")
    second = ("The types of solar cells include monocrystalline cells, which are cut from a single silicon crystal "
              "grown as a large cylindrical ingot. [5]")
    out = repair_text(f"{first} {second}", passages=(_CELLS,), backed_by=(_CELLS,))
    assert out.text == first
    assert (second.removesuffix(" [5]"), "repeats a sentence of this part") in out.dropped
    later = repair_text(second, passages=(_CELLS,), backed_by=(_CELLS,), earlier=(first,))
    assert later.text == "" and later.dropped == [(second.removesuffix(" [5]"), "repeats an earlier part")]


def test_a_sentence_holds_the_runs_it_shares_each_word_with_one_passage_sentence() -> None:
    words = PassageWords(["Monocrystalline cells are cut from a single silicon crystal grown as a large ingot.",
                          "Their uniform structure lets electrons move with few obstacles.",
                          "A thin wafer of semiconductor turns light into electricity."])
    glued = words.held("A thin wafer is cut from a single silicon crystal grown as a large ingot, and their "
                       "uniform structure lets electrons move with few obstacles.")
    # Both glued passage sentences' runs; not the wafer's three words (under six shared).
    assert {(0, i) for i in range(3, 13)} <= glued and {(1, i) for i in range(9)} <= glued
    assert not any(k == 2 for k, _ in glued)
    # Two parallel passage sentences: the words go to the one sharing most, the other holds none.
    parallel = PassageWords(["A multicolumn GiST index can be used with conditions on any subset of its columns.",
                             "A multicolumn BRIN index can be used with conditions on any subset of its columns."])
    held = parallel.held("A multicolumn GiST index can be used with conditions on any subset of its columns.")
    assert held and all(k == 0 for k, _ in held)

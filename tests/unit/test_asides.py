"""Asides a report sentence goes without, and those it keeps (protocol/asides.py)."""

from warp_report.protocol.asides import ASIDE, without_asides
from warp_report.protocol.repair import repair_text

PASSAGES = (
    "History\nThe first practical silicon solar cell was built at Bell Laboratories in 1954.",
    "Indexes\nIndexes can be defined on more than one column of a table (say, you keep your /dev directory in a "
    "database). The operator class (the operator class) decides. Servers run on Unix, Linux, macOS.",
    "Rebase\nYou can split commits (see SPLITTING COMMITS below).",
)


def test_an_aside_no_passage_holds_goes() -> None:
    s = "The first practical silicon solar cell (the panel seen on roofs) was built at Bell Laboratories in 1954. [1]"
    out, gone = without_asides(s, PASSAGES)
    assert out == "The first practical silicon solar cell was built at Bell Laboratories in 1954. [1]"
    assert gone == ["(the panel seen on roofs)"]


def test_a_copied_clause_in_parentheses_goes() -> None:
    s = "Indexes can be defined on more than one column of a table (say, you keep your /dev directory in a database)."
    assert without_asides(s, PASSAGES)[0] == "Indexes can be defined on more than one column of a table."


def test_a_pointer_goes_and_a_sentence_that_was_all_aside_comes_back_empty() -> None:
    assert without_asides("You can split commits (see SPLITTING COMMITS below).", PASSAGES)[0] == \
        "You can split commits."
    assert without_asides("(Some installations vacuum their busiest tables once a minute.) [3]", PASSAGES)[0] == ""


def test_terms_figures_code_definitions_and_short_copied_asides_stay() -> None:
    kept = [
        "Recovery to a point in time (PITR) needs archived WAL.",
        "The strategy (the operator class) decides.",
        "Photons above the band gap (about 1.1 electronvolts) are absorbed.",
        "To stop, run the abort command ('git merge --abort') first.",
        "It runs on several systems (Unix, Linux, macOS) today.",
        "An event carries data (i.e. data that differs for each occurrence of the event).",
        "Efficiency = (light falling on the panel) / rated power.",
        "It waits until all (children writing the old log have finished).",
        "Call `cluster.fork(env with more words here)` to start one.",
    ]
    for s in kept:
        assert without_asides(s, PASSAGES) == (s, []), s


def test_a_long_aside_with_a_figure_is_a_clause_too() -> None:
    s = ("Cells absorb only photons above the band gap (about 1.1 electronvolts and less energy pass through; "
         "photons with much energy waste the excess as heat). [7]")
    assert without_asides(s, PASSAGES)[0] == "Cells absorb only photons above the band gap. [7]"


def test_without_passages_nothing_is_cut() -> None:
    s = "The first practical silicon solar cell (the panel seen on roofs) was built in 1954."
    assert without_asides(s, ()) == (s, [])


def test_repair_drops_the_aside_and_keeps_the_claim() -> None:
    text = "The first practical silicon solar cell (the panel seen on roofs) was built at Bell Laboratories in 1954. [1]"
    out = repair_text(text, passages=PASSAGES)
    assert "roofs" not in out.text and "Bell Laboratories in 1954. [1]" in out.text
    assert ("(the panel seen on roofs)", ASIDE) in out.dropped


def test_marks_the_passage_has_not_around_its_words_go_and_the_words_stay() -> None:
    stopping = ("Stopping\nA TERM signal will immediately terminate the parent process and all children when in "
                "the graceful state. Call cluster.fork(env) to start one.",)
    said = "A TERM signal will terminate the parent process and all(children) when in the graceful state."
    assert without_asides(said, stopping) == (
        "A TERM signal will terminate the parent process and all children when in the graceful state.",
        ["the marks of (children)"])
    # The passage's own parenthesis (a call) stays as it is.
    assert without_asides("Call cluster.fork(env) to start one.", stopping) == ("Call cluster.fork(env) to start one.", [])
    # node-child, stop 60: a name with its call's brackets inside the marks.
    child = ("Child\nThe importance of the distinction between child_process.exec() and child_process.execFile() can "
             "vary based on platform.",)
    said = "The distinction between child_process.exec() and(child_process.execFile()) can vary based on platform."
    assert without_asides(said, child) == (
        said.replace("and(child_process.execFile())", "and child_process.execFile()"),
        ["the marks of (child_process.execFile())"])

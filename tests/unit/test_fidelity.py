"""A copied sentence keeps its passage's words: the swaps a 0.5B makes are put back, nothing else."""

from __future__ import annotations

from warp_report.protocol.fidelity import (
    completed_list,
    draft_tail,
    flipped_word,
    merged_clause,
    opening_run_on,
    overstated_quantity,
    restore_swapped_words,
    skipped_clause,
    spliced_at_link,
    subject_only,
)
from warp_report.protocol.repair import repair_text

CDTE = ("Cadmium telluride (CdTe) is the most common thin-film material and is used in large solar farms; "
        "copper indium gallium selenide (CIGS) and amorphous silicon are others.")


def test_swapped_content_words_of_a_copied_sentence_are_the_passage_words_again():
    # README's first command at stop 33.
    written = CDTE.replace("telluride", "indicateur").replace("silicon", "siemens")
    fixed, swaps = restore_swapped_words(written, ["Thin films need far less material.", CDTE])
    assert fixed == CDTE
    assert swaps == [("indicateur (", "telluride ("), ("siemens", "silicon")]
    # A meaning turned round by one word (bash-startup at stop 30).
    passage = ("An interactive shell is one started without non-option arguments and without the -c option, "
               "whose input and error output are both connected to terminals.")
    fixed, _ = restore_swapped_words(passage.replace("An interactive", "An non-interactive"), [passage])
    assert fixed == passage
    # ... or by a function word and its opposite (README's first command at 2a6c5f8): "few" for "many".
    battery = "Solar power is produced only while the sun shines, so many households pair panels with a battery."
    fixed, swaps = restore_swapped_words(battery.replace("many", "few"), [battery])
    assert fixed == battery and swaps == [("few", "many")]
    # Other function words stay as written ("a" for "the" is no fact).
    assert restore_swapped_words(battery.replace("a battery", "the battery"), [battery])[1] == []


def test_inflections_function_words_and_paraphrases_stay_as_written():
    passage = "The inverter converts the direct current of the panels into alternating current for the grid."
    # "converted" next to the copy's own word may fit it; "a" for "the" is no fact.
    written = "Each inverter converted the direct current of a panel into alternating current for the grid."
    assert restore_swapped_words(written, [passage]) == (written, [])
    # A subject of the copy's own: the verb agrees with it.
    plural = "Inverters convert the direct current of the panels into alternating current for the grid."
    assert restore_swapped_words(plural, [passage]) == (plural, [])
    # Said in other words: no copy, nothing to put back.
    own = "Grid-tied systems rely on an inverter, which turns the panels' output into the grid's kind of current."
    assert restore_swapped_words(own, [passage]) == (own, [])
    # Four swaps: the model's own sentence with a passage's frame.
    many = "The charger converts the stored charge of the batteries into usable power for the house."
    assert restore_swapped_words(many, [passage])[1] == []


def test_a_words_other_form_between_copied_words_is_the_passages_form():
    # README's first command at stop 43: the copy penalty lowered " households".
    battery = "Solar power is produced only while the sun shines, so many households pair panels with a battery."
    fixed, swaps = restore_swapped_words(battery.replace("households", "household") + " [8]", [battery])
    assert fixed == battery + " [8]" and swaps == [("household", "households")]
    # git-rebase-merge at stop 43: one copied word only before the swap is no frame.
    passage = "Rebasing commits with an empty message is refused unless the option is given."
    loose = passage.replace("Rebasing commits", "Rebasing commit")
    assert restore_swapped_words(loose, [passage]) == (loose, [])


def test_an_agreeing_word_comes_back_where_what_it_agrees_with_is_copied():
    # pg-backup at stop 43: "an" before the passage's own next word.
    passage = "When an archive recovery completes, PostgreSQL creates a timeline history file for the new timeline."
    fixed, swaps = restore_swapped_words(passage.replace("a timeline", "an timeline"), [passage])
    assert fixed == passage and swaps == [("an", "a")]
    # pg-indexes at stop 43: the sentence is the passage's up to the verb, so its subject is too.
    algo = "Each index type uses a different algorithm that is best suited to different types of queries."
    fixed, _ = restore_swapped_words(algo.replace("that is", "that are"), [algo])
    assert fixed == algo
    # The copy's own subject before it: the verb fits that subject and stays.
    own = "Index types use a different algorithm that are best suited to different types of queries."
    assert restore_swapped_words(own, [algo])[0] == own


def test_names_citations_and_code_are_never_rewritten():
    passage = ("Scanners also include YY_FLEX_MAJOR_VERSION, YY_FLEX_MINOR_VERSION and YY_FLEX_SUBMINOR_VERSION "
               "indicating which version of flex generated the scanner.")
    # One name left out is no swap: "MINOR" must not become "SUBMINOR".
    written = "Scanners also include YY_FLEX_MAJOR_VERSION and YY_FLEX_MINOR_VERSION indicating which version of flex generated the scanner."
    assert restore_swapped_words(written, [passage]) == (written, [])
    cited = CDTE.replace("amorphous silicon", "amorphous [3] siemens")
    assert restore_swapped_words(cited, [CDTE])[0] == cited.replace("indicateur", "telluride")
    coded = CDTE.replace("amorphous silicon", "amorphous `siemens`")
    assert "`siemens`" in restore_swapped_words(coded, [CDTE])[0]


def test_the_repair_puts_words_back_only_where_words_tell_what_backs_a_sentence():
    written = CDTE.replace("silicon", "siemens") + " [1]"
    passages = ("Types of solar cells\n" + CDTE,)
    backed = repair_text(written, passages=passages, backed_by=("How do solar cells work?", *passages))
    assert backed.text == CDTE + " [1]" and backed.restored == [("siemens", "silicon")]
    # The trained model's parts (no ``backed_by``) are left as it wrote them.
    assert repair_text(written, passages=passages).text == written


def test_a_number_the_copy_left_out_is_the_passages_again():
    # README's first command at stop 37: "built at Bell Laboratories in it converted".
    passage = ("The first practical silicon solar cell was built at Bell Laboratories in 1954; it converted about "
               "6 percent of sunlight into electricity.")
    written = passage.replace(" 1954;", "") + " [10]"
    assert restore_swapped_words(written, [passage]) == (passage + " [10]", [("", "1954;")])
    # A word left out with the number is the model's shortening: "... Laboratories; it converted" parses.
    shortened = passage.replace(" in 1954", "")
    assert restore_swapped_words(shortened, [passage]) == (shortened, [])


def test_a_copys_pointer_gets_the_passages_subject_back():
    # pg-vacuum at stop 37: "This consists of multiple processes." under a part on why vacuuming is needed.
    daemon = "The “autovacuum daemon” actually consists of multiple processes."
    launcher = "The launcher is in charge of starting autovacuum worker processes for all databases."
    assert restore_swapped_words("This consists of multiple processes. [2]", [launcher, daemon]) == (
        daemon + " [2]", [("This", "The “autovacuum daemon” actually")])
    written = "It is in charge of starting autovacuum worker processes for all databases."
    assert restore_swapped_words(written, [daemon, launcher]) == (launcher, [("It", "The launcher")])
    # A passage sentence that opens with "It" itself, or a copy of the middle of one, keeps the pointer.
    for fine, passage in (("It is a fast operation.", "It is a fast operation."),
                          ("They are in charge of starting autovacuum worker processes.",
                           "There is a daemon process, called the launcher, which is in charge of starting autovacuum "
                           "worker processes.")):
        assert restore_swapped_words(fine, [passage]) == (fine, [])


def test_a_swap_before_the_last_word_of_both_sentences_is_put_back():
    # README's first command at stop 44: "resisting hail and weather loads" for "... wind loads".
    glass = "The front is a sheet of tempered glass, which resists hail and wind loads."
    fixed, swaps = restore_swapped_words(glass.replace("wind", "weather") + " [7]", [glass])
    assert fixed == glass + " [7]" and swaps == [("weather", "wind")]
    # Where the copy goes on after that word, one copied word is no anchor.
    longer = "The front is a sheet of tempered glass, which resists hail and weather loads in storms."
    assert restore_swapped_words(longer, [glass]) == (longer, [])


def test_a_copys_swapped_last_word_is_the_passages_where_both_sentences_end_there():
    # node-cluster at stop 46: "Cancels an Immediate object created by setInterval()." under a part on timeouts.
    passage = "Cancels an Immediate object created by setImmediate()."
    written = "Cancels an Immediate object created by setInterval(). [13]"
    assert restore_swapped_words(written, [passage]) == (passage + " [13]", [("setInterval", "setImmediate")])
    # Too few copied words before it, a form of the same word, a copy that goes on, or a passage
    # sentence that goes on: the sentence is the model's, and stays.
    for fine, source in (("Immediate object created by setInterval().", "Immediate object created by setImmediate()."),
                         ("Cancels the Immediate objects created by setImmediate calls.",
                          "Cancels the Immediate objects created by setImmediate call."),
                         ("Cancels an Immediate object created by setInterval() at once.", passage),
                         ("Cancels an Immediate object created by setInterval().",
                          "Cancels an Immediate object created by setImmediate() or by a timer.")):
        assert restore_swapped_words(fine, [source])[0] == fine
    # README's first command, stop 56: a word of degree the passage ends on, swapped for a stronger one.
    coating = "A thin coating of silicon nitride gives cells their dark colour and cuts reflection further."
    written = "A thin coating of silicon nitride gives cells their dark colour and cuts reflection deeper. [4]"
    assert restore_swapped_words(written, [coating]) == (coating + " [4]", [("deeper", "further")])
    # README's first command, stop 57: the passage's comparative taken off its last word, and put on
    # one inside the copy.
    payback = "Where sunshine is modest and export tariffs are low, payback takes longer."
    assert restore_swapped_words(payback.replace("longer", "long"), [payback]) == (payback, [("long", "longer")])
    assert restore_swapped_words(payback.replace("modest", "modester"), [payback])[0] == payback
    uniform = "Their structure lets electrons move, which is why they reach the highest efficiencies among cells."
    assert restore_swapped_words(uniform.replace("the highest", "high"), [uniform])[0] == uniform
    # A function word of the model's own for it is no claim: the sentence stays.
    assert restore_swapped_words(coating.replace("further", "too"), [coating])[0] == coating.replace("further", "too")
    # node-events, stop 62: the last word cut short into another word ("even" for "event") is the passage's.
    once = "The special handling of the 'error' event is only used when events.once() is used to wait for another event."
    assert restore_swapped_words(once.replace("event.", "even."), [once]) == (once, [("even", "event")])
    # Short of it by a word form's ending, it is that form ("call" for "calls", "cell" for "cells").
    assert restore_swapped_words(passage.replace("setImmediate()", "setImmediate call"),
                                 [passage.replace("setImmediate()", "setImmediate calls")])[0] == \
        passage.replace("setImmediate()", "setImmediate call")



def test_a_copys_ending_swapped_for_words_of_its_own_is_the_passages():
    # README's first command, stop 57: Becquerel's electrode "protected by a glass and aluminium enclosure".
    passage = ("The photovoltaic effect was first observed by Edmond Becquerel in 1839, when he saw a small current "
               "flow from an electrode exposed to light.")
    written = ("The photovoltaic effect was first observed by Edmond Becquerel, when he saw a small current flow from "
               "an electrode protected by a glass and aluminium enclosure. [10]")
    out, swaps = restore_swapped_words(written, [passage])
    assert out.endswith("from an electrode exposed to light. [10]")
    assert swaps == [("protected by a glass and aluminium enclosure", "exposed to light")]
    # The passage's ending in other forms of its words, an ending the passage sentence does not have
    # (the model's sentence goes on), or one past ENDING_WORDS: the sentence stays.
    for fine in ("The photovoltaic effect was first observed by Edmond Becquerel in 1839, when he saw a small current "
                 "flow from electrodes exposing to light.",
                 "The photovoltaic effect was first observed by Edmond Becquerel in 1839, when he saw a small current "
                 "flow from an electrode exposed to light and wrote about it in a long paper that year.",
                 "The photovoltaic effect was first observed by Edmond Becquerel in 1839, when he saw a small current "
                 "flow from an electrode that he had set in a cell of acid and silver chloride under the sun."):
        assert restore_swapped_words(fine, [passage])[0] == fine, fine


def test_a_comma_a_copy_put_between_its_copied_words_goes():
    # README's first command at stop 47: "String inverters, take the combined DC output ..." (subject, comma, verb).
    passage = "String inverters take the combined DC output of a series string of panels and convert it in one box."
    written = "String inverters, take the combined DC output of a series string of panels and convert it in one box. [5]"
    assert restore_swapped_words(written, [passage]) == (passage + " [5]", [(",", "")])
    # The passage's own comma stays, and so does one beside the model's own words.
    assert restore_swapped_words(passage.replace("panels and", "panels, and"), [passage.replace("panels and", "panels, and")])[1] == []
    own = "Put simply, string inverters take the combined DC output of a series string of panels and convert it in one box."
    assert restore_swapped_words(own, [passage]) == (own, [])


def test_a_comma_a_copy_put_for_the_passages_colon_is_the_colon_again():
    # README's first command at stop 53: two clauses spliced with a comma where the passage had a colon.
    passage = ("All modern inverters run maximum power point tracking (MPPT): they continuously adjust the electrical "
               "load so that the panels deliver the most power.")
    written = passage.replace("(MPPT):", "(MPPT),") + " [7]"
    assert restore_swapped_words(written, [passage]) == (passage + " [7]", [("),", "):")])
    semi = "Heat is the most important factor; dust also reduces the output of the panels."
    assert restore_swapped_words(semi.replace(";", ","), [semi])[0] == semi
    # A dash the copy put for it (README's first command, stop 56) is the colon again too.
    assert restore_swapped_words(written.replace("(MPPT),", "(MPPT) -"), [passage])[0] == passage + " [7]"
    # A comma the passage has too stays; so does a comma where the passage has no mark at all.
    assert restore_swapped_words(written, [written.removesuffix(" [7]")])[1] == []
    # README's first command, stop 57: a semicolon for a list's comma.
    payback = ("Whether a system pays off depends on the local sunshine, the price of electricity from the grid, and "
               "the tariff paid for exported power.")
    assert restore_swapped_words(payback.replace("sunshine,", "sunshine;"), [payback]) == (payback, [(";", ",")])
    assert restore_swapped_words(semi, [semi])[1] == []


def test_a_colon_the_copy_left_out_between_two_clauses_is_the_colon_again():
    # README's first command, stop 56: "... take a different route a layer of ..." runs two clauses on.
    passage = ("Thin-film cells take a different route: a layer of light-absorbing material only a few micrometres "
               "thick is deposited on glass or a flexible sheet.")
    written = passage.replace("route:", "route") + " [4]"
    assert restore_swapped_words(written, [passage]) == (passage + " [4]", [("", ":")])
    # A copy that keeps the colon, or a passage with none, stays as written.
    assert restore_swapped_words(passage, [passage]) == (passage, [])
    plain = written.replace("route a layer", "route and a layer")
    assert restore_swapped_words(plain, [plain.removesuffix(" [4]")]) == (plain, [])


def test_a_name_swapped_inside_a_copied_run_of_a_glued_sentence_is_the_passages_again():
    # README's first command at stop 53: a passage sentence glued to another, its name misspelled.
    passages = ["The photovoltaic effect was first observed by Edmond Becquerel in 1839, when he saw a small current "
                "flow from an electrode exposed to light.",
                "The first practical silicon solar cell was built at Bell Laboratories in 1954; it converted about 6 "
                "percent of sunlight into electricity."]
    written = ("The photovoltaic effect was first observed by Edmund Becquerel in 1839, and the first practical silicon "
               "solar cell converted about 6 percent of sunlight into electricity. [11]")
    assert restore_swapped_words(written, passages) == (written.replace("Edmund", "Edmond"), [("Edmund", "Edmond")])
    # Each joined clause is read alone (stop 60), so a word the passages hold elsewhere is put back
    # too where it breaks a clause that copies a passage sentence.
    bell = written.replace("Edmund", "Bell")
    assert restore_swapped_words(bell, passages) == (written.replace("Edmund", "Edmond"), [("Bell", "Edmond")])
    # Two copied words on a side are too few.
    fine = "It was first seen by Edmund Becquerel in 1839, and later by others who built cells that converted light."
    assert restore_swapped_words(fine, passages) == (fine, [])


def test_each_clause_of_a_joined_sentence_gets_its_passage_words_back():
    # README's first command, stop 59: a claim of the model's own joined to a copy with a word
    # swapped, and two passage clauses joined with a name's bracket moved; no passage sentence holds
    # either whole.
    passages = ["Whether a system pays off depends on the local sunshine and the tariff paid for exported power.",
                "In sunny regions with high electricity prices, payback periods of well under ten years are common; "
                "where sunshine is modest and export tariffs are low, payback takes longer.",
                "Cadmium telluride (CdTe) is the most common thin-film material and is used in large solar farms; "
                "copper indium gallium selenide (CIGS) and amorphous silicon are others."]
    written = ("The price of electricity from the grid is often low, and where sunshine is modest and export tariffs "
               "are low, payment takes longer. [5]")
    assert restore_swapped_words(written, passages) == (written.replace("payment", "payback"),
                                                          [(", payment", ", payback")])
    written = ("Cadmium telluride (CdTe) is the most common thin-film material and is used in large solar farms, "
               "while copper indium gallium selenide (CIGS and amorphous silicon) are others. [9]")
    assert restore_swapped_words(written, passages) == (
        written.replace("(CIGS and amorphous silicon)", "(CIGS) and amorphous silicon"), [("", ")"), (")", "")])
    # A clause under eight words is too short to call a copy: "subprocess.stderr is an alias for
    # subprocess.stdio[2]" is not "subprocess.stdout is ..." because the index hides as a citation.
    alias = ["If the child was spawned with stdio[1] set to anything other than 'pipe', then this will be null; "
             "subprocess.stdout is an alias for subprocess.stdio[1]."]
    short = "Then this will be null, and subprocess.stderr is an alias for subprocess.stdio[2]."
    assert restore_swapped_words(short, alias) == (short, [])


def test_brackets_moved_across_copied_words_go_back_only_in_pairs():
    passage = "Copper indium gallium selenide (CIGS) and amorphous silicon are others among the thin films."
    written = "Copper indium gallium selenide (CIGS and amorphous silicon) are others among the thin films."
    assert restore_swapped_words(written, [passage]) == (passage, [("", ")"), (")", "")])
    # One bracket dropped is not a moved pair: left as written.
    lost = "Copper indium gallium selenide (CIGS and amorphous silicon are others among the thin films."
    assert restore_swapped_words(lost, [passage]) == (lost, [])


def test_a_copys_this_for_the_passages_the_is_the_again():
    # README's first command at stop 43: "This first practical silicon solar cell was built ...".
    passage = "The first practical silicon solar cell was built at Bell Laboratories in 1954."
    written = passage.replace("The first", "This first") + " [9]"
    assert restore_swapped_words(written, [passage]) == (passage + " [9]", [("This", "The")])
    # A "This" over the passage's other word, or a copy that changes the words after it, stays.
    for fine in ("This first practical silicon solar cell was built at Bell Laboratories in 1954.",
                 "This practical cell was built at Bell Laboratories in 1954."):
        other = "A first practical silicon solar cell was built at Bell Laboratories in 1954."
        assert restore_swapped_words(fine, [other])[0] == fine


def test_the_article_a_copy_left_off_its_first_word_is_the_passages_again():
    # README's first command at stop 45: "Inverter converts one into the other ...".
    passage = "The inverter converts one into the other and is the heart of every grid-connected system."
    written = "Inverter converts one into the other and is the heart of every grid-connected system. [5]"
    assert restore_swapped_words(written, [passage]) == (passage + " [5]", [("Inverter", "The inverter")])
    # The copy's own subject, or a passage sentence without an article, stays.
    for fine, source in (("Inverters convert one into the other and are the heart of every system.", passage),
                         ("Inverter converts one into the other and is the heart of every grid-connected system.",
                          "Each inverter converts one into the other and is the heart of every grid-connected system.")):
        assert restore_swapped_words(fine, [source])[0] == fine


def test_a_not_or_a_subject_and_verb_a_copy_left_out_is_the_passages_again():
    # README's first command at stop 46: "... is absorbed, an electron and leaves a hole behind".
    photon = "When a photon with enough energy is absorbed, it frees an electron and leaves a hole behind."
    assert restore_swapped_words(photon.replace(", it frees", ","), [photon]) == (photon, [("", ", it frees")])
    # pg-vacuum at stop 44, ap-htaccess: the claim turned round.
    vacuum = "Tables like these are rarely changed and consequently are not processed by autovacuum at all."
    assert restore_swapped_words(vacuum.replace(" not", ""), [vacuum])[0] == vacuum
    locked = "With this architecture you are no longer locked into a single module."
    assert restore_swapped_words(locked.replace(" no longer", ""), [locked])[0] == locked
    # Other words left out are the copy's shortening ("monocrystalline modules" for "... silicon modules").
    modules = "Typical commercial monocrystalline silicon modules sold in recent years convert most light."
    shorter = modules.replace(" silicon", "")
    assert restore_swapped_words(shorter, [modules]) == (shorter, [])


def test_a_prepositions_object_a_copy_left_out_is_the_passages_again():
    # README's first command at stop 52: "operate at where they deliver the most power".
    mppt = "They adjust the load so that the panels operate at the voltage where they deliver the most power."
    dropped = mppt.replace("at the voltage where", "at where")
    assert restore_swapped_words(dropped, [mppt]) == (mppt, [("", "the voltage")])
    # Left out before a noun, the words are the copy's shortening: "at the rated voltage" -> "at the voltage".
    rated = "They adjust the load so that the panels operate at the rated voltage of the string they feed."
    shorter = rated.replace("the rated voltage", "the voltage")
    assert restore_swapped_words(shorter, [rated]) == (shorter, [])


def test_a_not_a_copy_put_in_goes():
    # ap-htaccess (stop 46), pg-indexes (stop 44): the passage's claim turned round.
    basic = "It is important to be aware, however, that Basic authentication sends the password from the client."
    flipped = basic.replace("sends", "does not send")
    assert restore_swapped_words(flipped, [basic]) == (basic, [("does not send", "sends")])
    brin = "The index is most efficient when there are constraints on the leading (leftmost) columns."
    assert restore_swapped_words(brin.replace("are constraints", "are no constraints"), [brin])[0] == brin
    # A "not" where the passage's sentence has one too stays as written.
    denied = "Basic authentication does not encrypt the password sent from the client to the server."
    assert restore_swapped_words(denied, [denied]) == (denied, [])


def test_a_per_cent_sign_on_a_ranges_first_figure_goes():
    # README's first command, every stop since 43: "about 20% to 23 percent" names the unit twice.
    passage = "Typical commercial silicon modules sold in recent years convert about 20 to 23 percent of sunlight."
    written = "Typical commercial silicon modules sold in recent years convert about 20% to 23 percent of sunlight."
    assert restore_swapped_words(written, [passage]) == (passage, [("%", "")])
    # A range the passage writes with its signs keeps them.
    signs = passage.replace("20 to 23 percent", "20% to 23%")
    assert restore_swapped_words(signs, [signs]) == (signs, [])


def test_words_a_copy_skipped_where_it_left_two_spaces_are_the_passages_again():
    # pg-backup at stop 37: the copy penalty steered the 0.5B around a run it would have copied.
    passage = ("In such a case the recovery process could be re-run from the beginning, specifying a “recovery "
               "target” before the point of corruption so that recovery can complete normally.")
    skipped = ("In such a case the recovery process could be re-run from the beginning  before the point of "
               "corruption so that recovery can complete normally.")
    assert restore_swapped_words(skipped, [passage]) == (passage, [("", ", specifying a “recovery target”")])
    # One space: the model left the words out on purpose; a shorter sentence that still parses.
    shortened = skipped.replace("beginning  before", "beginning before")
    assert restore_swapped_words(shortened, [passage]) == (shortened, [])


def test_function_words_a_copy_changed_between_copied_words_are_the_passages_again():
    """README's first command at stop 41: "convert it into one box", "modules have a few points lower",
    "80 to 90 percent its rated power"; each between copied words, each leaving the sentence askew."""
    strings = ("String inverters take the combined DC output of a series string of panels and convert it in one box.")
    fixed, swaps = restore_swapped_words(strings.replace(" in one box", " into one box"), [strings])
    assert fixed == strings and swaps == [("into", "in")]
    poly = ("Polycrystalline modules are a few points lower, and thin-film modules such as cadmium telluride sit in "
            "a similar range.")
    assert restore_swapped_words(poly.replace("are a few", "have a few"), [poly]) == (poly, [("have", "are")])
    aged = "Manufacturers commonly warrant that a module will still deliver around 80 to 90 percent of its rated power."
    assert restore_swapped_words(aged.replace("percent of its", "percent its"), [aged])[0] == aged
    sun = "A site with five peak sun hours receives as much energy as five hours at the rated irradiance."
    assert restore_swapped_words(sun.replace("energy as five", "energy than five"), [sun])[0] == sun
    # A pronoun in its other case (README's first command at acc89ae): "leaves its as electrical power".
    share = "Efficiency is the share of the sunlight falling on a panel that leaves it as electrical power."
    assert restore_swapped_words(share.replace("leaves it as", "leaves its as"), [share]) == (share, [("its", "it")])


def test_function_words_that_carry_the_copys_own_clause_stay_as_written():
    # The copy made "Irradiance" its subject with "is" and the passage's subject clause a "which"
    # clause: the "which" alone put back leaves "Irradiance is the power ..., is close to".
    passage = ("Irradiance, the power of sunlight per square metre, is close to 1,000 watts per square metre at noon "
               "on a clear day.")
    written = ("Irradiance is the power of sunlight per square metre, which is close to 1,000 watts per square metre "
               "at noon on a clear day.")
    assert restore_swapped_words(written, [passage]) == (written, [])
    # A verb agreeing with the copy's own subject, a pronoun pointing at its own sentences; a "not" the
    # copy left out comes back (its claim was the passage's turned round).
    inverter = "The inverter converts one current into the other and is the heart of every grid-connected system."
    plural = "Inverters convert one current into the other and are the heart of every grid-connected system."
    assert restore_swapped_words(plural, [inverter]) == (plural, [])
    micro = "Microinverters sit behind each panel and convert its output individually at a higher cost."
    theirs = micro.replace("convert its output", "convert their output")
    assert restore_swapped_words(theirs, [micro]) == (theirs, [])
    denied = "In a worker, process.disconnect exists, but it is not this function; it is disconnect()."
    flipped = denied.replace("is not this", "is this")
    assert restore_swapped_words(flipped, [denied]) == (denied, [("", "not")])


def test_a_copied_words_case_is_the_passages_but_where_a_sentence_starts():
    battery = "Lithium-ion batteries dominate home storage; a typical home battery stores between 5 and 15 kilowatt-hours."
    fixed, swaps = restore_swapped_words(battery.replace("batteries", "Batteries"), [battery])
    assert fixed == battery and swaps == [("Batteries", "batteries")]
    # The copy's first word, or the passage's, has its sentence's capital: "Many" stays "many" mid-sentence.
    many = "Many households pair panels with a battery to carry evening demand after a sunny day."
    mine = "At night, many households pair panels with a battery to carry evening demand after a sunny day."
    assert restore_swapped_words(mine, [many]) == (mine, [])


def test_a_phrase_swapped_for_one_with_or_without_content_words_between_copied_runs_is_put_back():
    # README's first command at stop 44: "which gives them reach the highest efficiencies".
    passage = ("Their uniform structure lets electrons move with few obstacles, which is why they reach the highest "
               "efficiencies among mass-produced cells.")
    written = passage.replace("is why they", "gives them") + " [3]"
    assert restore_swapped_words(written, [passage]) == (passage + " [3]", [("gives them", "is why they")])
    # A pronoun for the noun the passage names (ap-htaccess at stop 43), the other way round.
    auth = "Be aware, however, that basic authentication sends the password from the client to the server unencrypted."
    said = auth.replace("basic authentication", "it")
    assert restore_swapped_words(said, [auth]) == (auth, [("it", "basic authentication")])
    # One copied word on a side is no frame; a "not" put in is the claim turned round, not a slip.
    for fine, source in (
            ("Their structure helps electrons, which gives them the highest efficiencies among mass-produced cells.",
             passage),
            ("In this mode the server sends no password to the client at any time.",
             "In this mode the server sends the plain password to the client at any time.")):
        assert restore_swapped_words(fine, [source]) == (fine, [])


def test_a_coordinated_verb_phrase_or_a_prepositions_phrase_a_copy_left_out_is_put_back():
    # README's first command, stop 57: "it frees an electron behind", "which corresponds roughly half a percent".
    photon = "When a photon with enough energy is absorbed, it frees an electron and leaves a hole behind."
    written = photon.replace(" and leaves a hole", "") + " [9]"
    assert restore_swapped_words(written, [photon]) == (photon + " [9]", [("", "and leaves a hole")])
    warranty = ("A module will still deliver around 80 to 90 percent of its rated power after 25 years, which "
                "corresponds to a degradation of roughly half a percent per year.")
    written = warranty.replace("to a degradation of ", "")
    assert restore_swapped_words(written, [warranty]) == (warranty, [("", "to a degradation of")])
    # A copy that stops where the passage goes on with its "and", or that leaves out a phrase not framed
    # by prepositions, is the copy's shortening.
    for fine in ("When a photon with enough energy is absorbed, it frees an electron.",
                 warranty.replace("of roughly half a percent per year", "of half a percent per year")):
        assert restore_swapped_words(fine, [photon, warranty]) == (fine, []), fine


def test_a_ranges_other_end_a_copy_left_out_is_put_back():
    # README's first command at stop 44: "convert about 20 percent of sunlight" for "about 20 to 23 percent".
    passage = "Typical modules sold in recent years convert about 20 to 23 percent of sunlight."
    written = passage.replace("20 to 23", "20") + " [1]"
    assert restore_swapped_words(written, [passage]) == (passage + " [1]", [("", "to 23")])
    # Words left out that are no figure stay out: the copy's shortening.
    fuller = "Typical modules sold in recent years convert about 20 and rising percent of sunlight."
    shorter = fuller.replace("20 and rising", "20")
    assert restore_swapped_words(shorter, [fuller])[0] == shorter


def test_a_passage_sentences_opening_and_closing_words_across_a_clause_end_are_no_claim() -> None:
    # README's first command at 7e18ad2: the head of the first clause, the tail of the second.
    payback = ("In sunny regions with high electricity prices, payback periods of well under ten years are common; "
               "where sunshine is modest and export tariffs are low, payback takes longer.")
    assert skipped_clause("In sunny regions with high electricity prices, payback takes longer.", [payback])
    # Words left out inside one clause shorten it.
    assert not skipped_clause("In sunny regions with high electricity prices, payback periods are common.", [payback])
    assert not skipped_clause("Where sunshine is modest and export tariffs are low, payback takes longer.", [payback])
    # Across a contrast's comma too; a sentence of the model's own words is no copy.
    kinds = "Thin films need far less material, but most of them convert less light per square metre."
    assert skipped_clause("Thin films need far less material per square metre.", [kinds])
    assert not skipped_clause("Thin films are cheap to make per square metre.", [kinds])
    # README's first command, stop 57: a subject alone, then an "and" of the copy's own, then the next
    # clause: the most common material made one of the "others".
    thin = ("Cadmium telluride (CdTe) is the most common thin-film material and is used in large solar farms; "
            "copper indium gallium selenide (CIGS) and amorphous silicon are others.")
    assert skipped_clause("Cadmium telluride (CdTe) and copper indium gallium selenide (CIGS), and amorphous silicon "
                          "are others.", [thin])
    # The passage's own "and", or a subject with no later clause: no skip.
    assert not skipped_clause("Copper indium gallium selenide (CIGS) and amorphous silicon are others.", [thin])
    assert not skipped_clause("Cadmium telluride (CdTe) and silicon are used in large solar farms.", [thin])


def test_a_comma_the_copy_wrote_for_the_passages_and_is_the_and_again() -> None:
    # README's first command at 2a3d305: "... under the current light, temperature."
    mppt = ("All modern inverters run maximum power point tracking: they continuously adjust the electrical load "
            "so that the panels deliver the most power under the current light and temperature.")
    said = ("All modern inverters run maximum power point tracking: they continuously adjust the electrical load "
            "so that the panels deliver the most power under the current light, temperature.")
    fixed, swaps = restore_swapped_words(said, [mppt])
    assert fixed == mppt and swaps == [(",", "and")]
    # A comma where the passage has a comma, or where it has another word, stays the copy's.
    listed = mppt.replace("light and temperature", "light, shade and temperature")
    assert restore_swapped_words(said.replace("light, temperature", "light, shade and temperature"), [listed])[0] == \
        said.replace("light, temperature", "light, shade and temperature")
    assert restore_swapped_words(said, [mppt.replace("light and", "light with")])[1] == []


def test_a_pointer_given_the_next_clauses_claim_is_two_clauses_joined():
    # README's first command, stop 48: the string, not the inverters ("They"), runs at its weakest panel's current.
    strings = "They are inexpensive, but the whole string operates at the current of its weakest panel."
    assert skipped_clause("They operate at the current of its weakest panel.", [strings])
    assert skipped_clause("They operates at the current of its weakest panel.", [strings])
    # The next clause's subject is the pointer's own: the copy says the passage's claim.
    same = "They are inexpensive, but they operate at the current of their weakest panel."
    assert not skipped_clause("They operate at the current of their weakest panel.", [same])
    # No clause cut between them: a copy that left an adverb out.
    plain = "They normally operate at the current of their weakest panel."
    assert not skipped_clause("They operate at the current of their weakest panel.", [plain])


def test_a_copy_opening_on_another_thing_the_passages_name_gets_the_passages_opening():
    # README's first command, stop 48: "String" from the sentence before; pg-indexes: "B-Tree" for "Partial".
    strings = "String inverters take the combined DC output of a series string of panels and convert it in one box."
    mppt = "All modern inverters run maximum power point tracking (MPPT): they adjust the load continuously."
    fixed, swaps = restore_swapped_words(
        "String inverters run maximum power point tracking (MPPT) and they adjust the load continuously. [6]",
        [strings, mppt])
    assert fixed == "All modern inverters run maximum power point tracking (MPPT) and they adjust the load continuously. [6]"
    assert swaps == [("String", "All modern")]
    # An opening of the model's own words, which no other passage sentence names, stays.
    own = "Residential inverters run maximum power point tracking (MPPT) and they adjust the load continuously."
    assert restore_swapped_words(own, [strings, mppt]) == (own, [])
    # node-child, stop 57: an API list's label swapped for a sibling function's name (the call's "()"
    # and the colon after it read as the name's); the function's own short name is no swap.
    api = ["* child_process.exec(): spawns a shell and runs a command within that shell, passing the stdout and "
           "stderr to a callback function when complete.",
           "The child_process.spawn() method spawns the child process asynchronously."]
    fixed, swaps = restore_swapped_words("Spawn: spawns a shell and runs a command within that shell.", api)
    assert fixed == "child_process.exec(): spawns a shell and runs a command within that shell."
    assert swaps == [("Spawn", "child_process.exec()")]
    short = "Exec: spawns a shell and runs a command within that shell."
    assert restore_swapped_words(short, api) == (short, [])


def test_a_wider_swap_between_long_copied_runs_is_put_back():
    # README's first command at 0d8da4c: one panel for a string of them.
    strings = "String inverters take the combined DC output of a series string of panels and convert it in one box."
    written = "String inverters take the combined DC output of a single panel and convert it in one box. [7]"
    fixed, swaps = restore_swapped_words(written, [strings])
    assert fixed == strings + " [7]" and swaps == [("single panel", "series string of panels")]
    # With fewer copied words on one side, four words are the model's own phrase.
    short = "String inverters take the combined DC output of a single panel and convert it."
    assert restore_swapped_words(short, [strings.replace(" in one box", "")]) == (short, [])


def test_a_pointer_for_the_subject_a_passage_names_inside_its_sentence_gets_the_subject():
    # README's first command at 3276467: after a sentence on inverters, "They" made the inverters operate there.
    mppt = ("All modern inverters run maximum power point tracking (MPPT): they continuously adjust the electrical load "
            "so that the panels operate at the voltage where they deliver the most power.")
    fixed, swaps = restore_swapped_words("They operate at the voltage where they deliver the most power. [11]", [mppt])
    assert fixed == "The panels operate at the voltage where they deliver the most power. [11]"
    assert swaps == [("They", "the panels")]
    # ... also once a comma the copy wrote for the passage's "and" is mended (README's first command at d28bd5f).
    light = mppt.replace("the most power.", "the most power under the current light and temperature.")
    fixed, swaps = restore_swapped_words(
        "They operate at the voltage where they deliver the most power under the current light, temperature.", [light])
    assert fixed == "The panels operate at the voltage where they deliver the most power under the current light and temperature."
    assert swaps == [(",", "and"), ("They", "the panels")]
    # Where the passage points back there too (a relative word), the copy's pointer stays.
    htaccess = "Using .htaccess files lets users change the configuration, which may result in changes you cannot control."
    own = "It may result in changes you cannot control."
    assert restore_swapped_words(own, [htaccess]) == (own, [])


def test_a_copy_that_left_off_the_passages_first_words_on_its_noun_gets_them_back():
    # README's first command in nine runs: "Inverters take ..." said of all inverters what the passage says of one kind.
    strings = "String inverters take the combined DC output of a series string of panels and convert it in one box."
    fixed, swaps = restore_swapped_words(strings.replace("String inverters", "Inverters") + " [10]", [strings])
    assert fixed == strings + " [10]" and swaps == [("Inverters", "String inverters")]
    # A word the passage sets apart with a comma ("However, ...") may be left off.
    however = "However, administrators might prefer to rely on manually-scheduled ANALYZE operations."
    own = "Administrators might prefer to rely on manually-scheduled ANALYZE operations."
    assert restore_swapped_words(own, [however]) == (own, [])


def test_a_copy_cut_at_a_lists_first_item_gets_the_rest_of_the_list() -> None:
    # README's first command, stop 49: one factor of four said as the whole cause.
    payoff = ("Whether a system pays off depends on the local sunshine, the price of electricity from the grid, how "
              "much of the output the household uses itself, and the tariff paid for exported power.")
    fixed, added = completed_list("Whether a system pays off depends on the local sunshine. [5]", [payoff])
    assert fixed == payoff[:-1] + ". [5]"
    assert added == ("the price of electricity from the grid, how much of the output the household uses itself, "
                     "and the tariff paid for exported power")
    # The whole copy, another item alone, or a copy of the model's own words: as written.
    assert completed_list(payoff + " [5]", [payoff]) == (payoff + " [5]", "")
    other = "Whether a system pays off depends on the tariff paid for exported power."
    assert completed_list(other, [payoff]) == (other, "")
    own = "Payback time depends on the local sunshine."
    assert completed_list(own, [payoff]) == (own, "")
    # Words cut before a clause or a joined predicate are no list's: the copy shortens its sentence.
    rated = ("Irradiance is close to 1,000 watts per square metre at noon on a clear day, which is the condition "
             "used to rate modules.")
    assert completed_list("Irradiance is close to 1,000 watts per square metre at noon on a clear day.", [rated])[1] == ""
    films = "Thin films need far less material and cope somewhat better with heat, but most of them convert less light."
    assert completed_list("Thin films need far less material.", [films])[1] == ""
    # A list that ends before the sentence does gets its items only.
    signals = "The worker can be stopped with SIGTERM, SIGINT, or SIGKILL, and the primary process is told."
    assert completed_list("The worker can be stopped with SIGTERM.", [signals]) == (
        "The worker can be stopped with SIGTERM, SIGINT, or SIGKILL.", "SIGINT, or SIGKILL")


def test_a_copy_that_ends_on_the_drafts_words_gets_the_passages_ending() -> None:
    # README's first command, stop 50: part 1.2's copy ran on into part 1.1's last words.
    mono = ("Their uniform structure lets electrons move with few obstacles, which is why they reach the highest "
            "efficiencies among mass-produced cells and why they now make up most of the market.")
    said = ("Their uniform structure lets electrons move with few obstacles, which is why they reach the highest "
            "efficiencies among mass-produced cells and why the grid, and choosing the right storage solution to meet "
            "that demand. [5]")
    draft = ["They involve the demand for solar electricity from the grid, and choosing the right storage solution to "
             "meet that demand. [3]"]
    assert draft_tail(said, [mono], draft) == (
        mono[:-1] + ". [5]", "the grid, and choosing the right storage solution to meet that demand")
    # Words the draft does not hold, or that a passage holds too, are the sentence's own.
    assert draft_tail(said, [mono], []) == (said, "")
    assert draft_tail(said, [mono, "Batteries help the grid, and choosing the right storage solution to meet that "
                                    "demand is hard."], draft) == (said, "")
    # A sentence of the model's own words that ends like the draft is no copy.
    own = "Households value storage for the grid, and choosing the right storage solution to meet that demand. [3]"
    assert draft_tail(own, [mono], draft) == (own, "")


def test_a_lists_and_the_copy_left_out_with_an_item_is_put_back() -> None:
    # README's first command, stop 50: two of the list's items made one.
    cdte = ("Cadmium telluride (CdTe) is the most common thin-film material and is used in large solar farms; copper "
            "indium gallium selenide (CIGS) and amorphous silicon are others.")
    said = cdte.replace("(CIGS) and ", "") + " [6]"
    assert restore_swapped_words(said, [cdte]) == (cdte + " [6]", [("", "(CIGS) and")])


def test_a_word_turned_into_its_opposite_after_a_copied_run_is_told() -> None:
    # README's first command, stop 50: the passage's case with its last word turned round.
    payback = ("In sunny regions with high electricity prices, payback periods of well under ten years are common; "
               "where sunshine is modest and export tariffs are low, payback takes longer.")
    said = ("The cost is typically higher for large-scale installations where export tariffs are low, and lower for "
            "smaller-scale installations where sunshine is modest and export tariffs are high. [4]")
    assert flipped_word(said, [payback]) == "high"
    # The passage's own word, or another that is no opposite, is no flip.
    assert flipped_word(said.replace("are high", "are low"), [payback]) == ""
    assert flipped_word(said.replace("are high", "are modest"), [payback]) == ""
    # A negation the passage does not have (pg-indexes, stop 50); one it has is its own.
    btree = ("A multicolumn B-tree index can be used with conditions that involve any subset of the index's columns, "
             "but the index is most efficient when there are constraints on the leading (leftmost) columns.")
    flipped = ("A multicolumn B Tree index is most efficient when there are no constraints on leading (leftmost) "
               "columns, which is independent of whether INCLUDE columns can be added. [7]")
    assert flipped_word(flipped, [btree]) == "no"
    assert flipped_word(flipped.replace("are no", "are"), [btree]) == ""
    assert flipped_word(flipped, [btree.replace("are constraints", "are no constraints")]) == ""
    # The run said twice on the page, once with the sentence's own word (node-events, stop 50).
    capture = ["The capture option is used as part of the key when registering a listener.",
               "The capture option is not used by Node.js in any functional way."]
    assert flipped_word("The capture option is not used by Node.js in any functional way. [16]", capture) == ""


def test_a_copy_that_stops_before_its_passage_sentences_verb_is_a_subject_only() -> None:
    # README's first command at 9572a6a; node-cluster at stop 51.
    sun = ('Over a day and a year the energy received is often expressed as "peak sun hours": a site with five '
           "peak sun hours receives as much energy as five hours at the rated irradiance.")
    assert subject_only("Over a day and a year the energy received. [11]", [sun])
    worker = "Within a worker, process.on('message') may also be used."
    assert subject_only("Within a worker, process.on('message').", ["A worker sends messages.", worker])
    # A word left out or put in is still the passage's subject.
    photons = "Only photons above the silicon band gap (about 1.1 electronvolts) can free electrons."
    assert subject_only("Only photons above the band gap (about 1.1 electronvolts).", [photons])
    # A verb of the copy's own makes it a clause; so does the passage's own end, or words that go on elsewhere.
    assert not subject_only("Over a day and a year the energy received is large. [11]", [sun])
    assert not subject_only("Only photons above the silicon band gap (about 1.1 electronvolts) can free electrons.",
                            [photons])
    assert not subject_only("Metal contacts on the front and back collect the current.",
                            ["Metal contacts on the front and back collect the current, which is then used."])
    assert not subject_only("Over a day the energy received.", [sun])  # too few copied words: not this check's


def test_a_heading_put_for_a_passages_empty_it_is_the_it_again() -> None:
    # pg-vacuum, stop 51: the part's heading said to be "possible".
    analyze = ("It is possible to run ANALYZE on specific tables and even just specific columns of a table, so the "
               "flexibility exists to update some statistics more frequently than others.")
    said = analyze.replace("It is", "Routine Vacuuming is") + " [6]"
    assert restore_swapped_words(said, [analyze]) == (analyze + " [6]", [("Routine Vacuuming", "It")])
    # An "It" that names something (the sentence before's subject) may well be named.
    daemon = "It consists of multiple processes that run in turn, each on one database at a time."
    named = daemon.replace("It consists", "The autovacuum daemon consists")
    assert restore_swapped_words(named, [daemon]) == (named, [])


def test_a_later_clauses_subjects_put_into_a_copied_first_clause_are_told() -> None:
    # README's first command at 9572a6a: polycrystalline modules are "a few points lower".
    rated = ("Typical commercial monocrystalline silicon modules sold in recent years convert about 20 to 23 percent "
             "of sunlight; polycrystalline modules are a few points lower, and thin-film modules such as cadmium "
             "telluride sit in a similar range.")
    merged = ("Typical commercial monocrystalline, polycrystalline silicon, and thin-film modules sell in recent "
              "years convert approximately 20 to 23%.")
    assert merged_clause(merged, [rated])
    # The first clause as the passage has it, or with a word of the model's own, is its claim.
    assert not merged_clause("Typical commercial monocrystalline silicon modules sold in recent years convert about "
                             "20 to 23%.", [rated])
    assert not merged_clause("Typical commercial monocrystalline, rooftop silicon modules sold in recent years "
                             "convert about 20 to 23%.", [rated])
    # A word the later clause has, but no clause boundary before it, is the same claim's.
    one = "Typical modules sold in recent years convert about 20 to 23 percent of sunlight in polycrystalline form."
    assert not merged_clause("Typical polycrystalline modules sold in recent years convert about 20 to 23%.", [one])


def test_a_copy_that_goes_on_after_its_link_with_another_passage_sentence_is_a_splice() -> None:
    # README's first command at 5b6b29c: Becquerel's observation made the day Bell Labs built a cell.
    history = ["The photovoltaic effect was first observed by Edmond Becquerel in 1839, when he saw a small current "
               "flow from an electrode exposed to light.",
               "The first practical silicon solar cell was built at Bell Laboratories in 1954; it converted about 6 "
               "percent of sunlight into electricity."]
    said = ("The photovoltaic effect was first observed by Edward Becquerel in 1839, when the first practical silicon "
            "solar cell was built at Bell Laboratories.")
    assert spliced_at_link(said, history)
    # The passage's own clause after the link, or the model's own words, is no splice.
    assert not spliced_at_link(history[0], history)
    assert not spliced_at_link("The photovoltaic effect was first observed in 1839, when scientists studied "
                               "electrodes in light.", history)


def test_another_passage_sentences_opening_a_copy_ran_on_into_goes() -> None:
    # README's first command at 5b6b29c.
    cell = ("The first practical silicon solar cell was built at Bell Laboratories in 1954; it converted about 6 "
            "percent of sunlight into electricity.")
    sun = "Over a day and a year the energy received is often expressed as peak sun hours."
    said = ("The first practical silicon solar cell was built at Bell Laboratories and converted about 6 percent of "
            "sunlight into electricity over a day and a year. [4]")
    assert opening_run_on(said, [cell, sun]) == (
        said.replace(" over a day and a year", ""), "over a day and a year")
    # Words the copy's own passage goes on with, or an opening the other sentence says whole, stay.
    assert opening_run_on(said, [cell.replace("electricity.", "electricity over a day and a year."), sun]) == (said, "")
    assert opening_run_on(said, [cell, "Over a day and a year."]) == (said, "")


def test_a_word_that_cannot_take_the_copied_clause_goes_where_the_passage_has_a_semicolon_or_its_subject() -> None:
    # README's first command at 5b6b29c.
    storage = ("Lithium-ion batteries dominate home storage; a typical home battery stores between 5 and 15 "
               "kilowatt-hours, enough to carry evening demand after a sunny day.")
    said = ("Lithium-ion batteries dominate home storage, with a typical home battery stores between 5 and 15 "
            "kilowatt-hours. [8]")
    assert restore_swapped_words(said, [storage]) == (said.replace(", with", ";"), [(", with", ";")])
    joined = said.replace(", with", ", and")  # a conjunction joins them as well
    assert restore_swapped_words(joined, [storage]) == (joined, [])
    weakest = "They are inexpensive, but the whole string operates at the current of its weakest panel."
    assert restore_swapped_words(weakest.replace("but the", "but they the"), [weakest]) == (weakest, [("they", "")])


def test_a_word_multiplying_a_copied_figure_goes():
    # README's first command, stop 56: "15 thousand kilowatt-hours" for the passage's 15 kilowatt-hours.
    passage = ("Lithium-ion batteries dominate home storage; a typical home battery stores between 5 and 15 "
               "kilowatt-hours, enough to carry evening demand after a sunny day.")
    written = passage.replace("15 kilowatt-hours", "15 thousand kilowatt-hours")
    assert restore_swapped_words(written, [passage]) == (passage, [("thousand", "")])
    # The passage's own magnitude stays.
    millions = "The cost of a solar farm runs to several million dollars for each megawatt it can deliver."
    assert restore_swapped_words(millions, [millions]) == (millions, [])


def test_a_copy_with_its_changes_too_close_together_for_anchors_is_the_passage_sentence_again() -> None:
    """README's first command (stop 57): a degree lost, a word of degree and a verb swapped, with one
    copied word between two of them, so that no single swap has two copied words on each side."""
    passage = "Photons with less energy pass through or become heat; photons with much more energy waste the excess as heat."
    slipped = "Photons with little energy can pass through or become heat; photons with much energy consume the excess as heat. [4]"
    out, done = restore_swapped_words(slipped, [passage])
    assert out == passage[:-1] + ". [4]" and len(done) == 1
    # A quote closing the passage's sentence comes along; the copy's stop and citation stay.
    quoted = passage[:-6] + '"heat".'
    assert restore_swapped_words(slipped, [quoted])[0] == quoted + " [4]"
    stash = ("Since the stash entry is applied on top of the commit that was HEAD at the time git stash was run, "
             "it restores the originally stashed state with no conflicts.")
    # git-stash (stop 57): a noun's "no" lost alone turns the claim round, and no other check judges it.
    assert restore_swapped_words(stash.replace("no conflicts", "conflicts"), [stash])[0] == stash
    # A modifier left out, a word's other form, a contraction or one swapped word at the end: the
    # model's condensing, left as it is.
    for kept in ("Photons with less energy pass through or become heat; photons with much more energy waste the heat.",
                 "Photons with less energy pass through or become heat; photons with more energy waste the excess as heat.",
                 "Since the stash entry is applied on top of the commit that was HEAD at the time git stash was run, "
                 "it restores the originally stashed state with no conflict.",
                 "Messages containing a NODE_ prefix are reserved for use within Node.js core and won't be emitted."):
        assert restore_swapped_words(kept, [passage, stash, "Messages containing a NODE_ prefix are reserved for use "
                                            "within Node.js core and will not be emitted."])[0] == kept, kept


def test_a_copy_opening_on_its_passages_later_pointer_names_the_passages_subject() -> None:
    """README's first command at 1c6e516: after Becquerel's electrode, "It converted about 6 percent ..."
    named the electrode; the passage's "it" is the first practical cell, named before its semicolon."""
    passage = ("The first practical silicon solar cell was built at Bell Laboratories in 1954; it converted about "
               "6 percent of sunlight into electricity.")
    out, done = restore_swapped_words("It converted about 6 percent of sunlight into electricity. [11]", [passage])
    assert out == "The first practical silicon solar cell converted about 6 percent of sunlight into electricity. [11]"
    assert done == [("It", "The first practical silicon solar cell")]
    # Another pointer than the passage's, a comma for the semicolon, a code line for a subject: left as written.
    for passage_, copy in ((passage, "They converted about 6 percent of sunlight into electricity."),
                           (passage.replace(";", ","), "It converted about 6 percent of sunlight into electricity."),
                           ("cluster.fork().on('online', () => { // Worker is online }); it is not emitted in the worker.",
                            "It is not emitted in the worker.")):
        assert restore_swapped_words(copy, [passage_]) == (copy, []), copy


def test_a_copys_swapped_ending_where_the_passage_goes_on_with_another_clause_is_put_back() -> None:
    """README's first command at 1c6e516: the copy stopped where the passage's clause ends ("... and why
    they now make up most of the market" came as a sentence of its own) with its own ending, which
    shares "and" with the passage's by chance."""
    passage = ("Their uniform structure lets electrons move with few obstacles, which is why they reach the highest "
               "efficiencies among mass-produced cells and why they now make up most of the market.")
    copy = ("Their uniform structure lets electrons move with few obstacles, which is why they reach the highest "
            "efficiencies among monocrystalline silicon and polycrystalline silicon modules. [8]")
    out, done = restore_swapped_words(copy, [passage])
    assert out == passage.split(" and why")[0] + ". [8]"
    assert done == [("monocrystalline silicon and polycrystalline silicon modules", "mass-produced cells")]
    # A list's next item after "and" is no clause: the ending stays the model's.
    listed = ("Their uniform structure lets electrons move with few obstacles, which is why they reach the highest "
              "efficiencies among mass-produced cells and solar farms in sunny regions.")
    assert restore_swapped_words(copy, [listed])[1] == []


def test_a_which_put_into_a_copied_list_before_an_items_article_goes() -> None:
    """README's first command at 1c6e516: "the local sunshine, which the price of electricity ..."."""
    passage = ("Whether a system pays off depends on the local sunshine, the price of electricity from the grid, and "
               "the tariff paid for exported power.")
    out, _ = restore_swapped_words(passage.replace("sunshine, the", "sunshine, which the")[:-1] + ". [5]", [passage])
    assert out == passage[:-1] + ". [5]"
    # A clause of the model's own after "which" (a verb, not the list's article) stays.
    clause = ("Whether a system pays off depends on the local sunshine, which varies by region, the price of "
              "electricity from the grid, and the tariff paid for exported power.")
    assert restore_swapped_words(clause, [passage])[0] == clause


def test_a_copy_running_on_into_a_drafted_sentence_in_another_form_gets_its_passages_ending() -> None:
    """README's first command at d8e04e9: "... etched into microscopic in large solar farms but have a
    higher cost than other type of solar cells." ran on into the part before's "... other types of
    solar cells.", one word in another form."""
    passage = ("The cell surface is chemically etched into microscopic pyramids, so that light reflected by one face "
               "hits another and gets a second chance to enter.")
    drafted = ["Amorphous silicon cells are thin-film cells that can be used in large solar farms but have a higher "
               "cost than other types of solar cells."]
    ran_on = ("The cell surface is chemically etched into microscopic in large solar farms but have a higher cost "
              "than other type of solar cells. [11]")
    assert draft_tail(ran_on, [passage], drafted) == (
        passage[:-1] + ". [11]", "in large solar farms but have a higher cost than other type of solar cells")
    # README's first command, stop 60: a slip of its own on the way ("then" for "than"); one word
    # other inside a long run still reads as the draft's; two do not, nor one in a short run.
    coating = "A thin anti-reflective coating of silicon nitride gives cells their dark blue or black colour."
    slipped = "A thin anti-reflective coating of silicon nitride in large solar farms but have a higher cost then other type of solar cells."
    assert draft_tail(slipped, [coating], drafted) == (
        coating, "in large solar farms but have a higher cost then other type of solar cells")
    twice = slipped.replace("have a higher", "have a lower").replace(" solar farms", " wind farms")
    assert draft_tail(twice, [coating], drafted) == (twice, "")


def test_a_word_dropped_between_its_qualifier_and_a_lists_and_is_put_back() -> None:
    """README's first command at abe4280: "under the current and temperature" for "under the current
    light and temperature" made the qualifier "current" an item of the list."""
    passage = ("All modern inverters continuously adjust the electrical load so that the panels deliver the most power "
               "under the current light and temperature.")
    out, done = restore_swapped_words(passage.replace("current light", "current")[:-1] + ". [7]", [passage])
    assert out == passage[:-1] + ". [7]" and done == [("", "light")]
    # An item left out after a comma is the copy's shortening.
    listed = "We use power from solar, wind and hydro plants in the north of the country."
    shorter = "We use power from solar and hydro plants in the north of the country."
    assert restore_swapped_words(shorter, [listed]) == (shorter, [])


def test_two_copied_words_that_traded_places_come_back_in_the_passages_order() -> None:
    # node-modules at stop 58: the claim turned round; one at a time the first swap read
    # "by semicolons instead of semicolons".
    passage = "On Windows, NODE_PATH is delimited by semicolons (;) instead of colons."
    out, done = restore_swapped_words("On Windows, NODE_PATH is delimited by colons instead of semicolons.", [passage])
    assert out == passage
    assert done == [("colons instead of semicolons", "semicolons (;) instead of colons")]
    plain = "On Windows, NODE_PATH is delimited by semicolons instead of colons."
    assert restore_swapped_words("On Windows, NODE_PATH is delimited by colons instead of semicolons.", [plain])[0] == plain
    # Words of the model's own between them: not a trade, and nothing of it is put back.
    own = "On Windows, NODE_PATH is delimited by colons and never by semicolons."
    assert restore_swapped_words(own, [plain]) == (own, [])


def test_a_larger_quantity_than_the_passage_says_is_the_passages_again():
    # README's first command, stop 59.
    passages = ["Solar power is produced only while the sun shines, so many households pair panels with a battery."]
    written = "In most households, panels pair with a battery to store energy while the sun shines. [4]"
    assert overstated_quantity(written, passages) == (written.replace("most", "many"), [("most", "many")])
    assert overstated_quantity(written.replace("In most", "Most"), passages)[0].startswith("Many households")
    # Where a passage says the larger quantity of that word too, or nothing of it, the sentence stays.
    both = [*passages, "In most households the battery sits in the garage."]
    assert overstated_quantity(written, both) == (written, [])
    other = "Most panels pair with an inverter. [4]"
    assert overstated_quantity(other, passages) == (other, [])


def test_a_swapped_ending_after_a_long_copied_run_is_the_passages_again_where_the_opening_is_the_models():
    # README's first command, stop 60: "made up of" kept the sentence under ``COPIED``.
    passage = ("A photovoltaic (PV) cell is a thin wafer of semiconductor, usually crystalline silicon, that turns "
               "light directly into electricity.")
    written = ("The cell is made up of a thin wafer of semiconductor, usually crystalline silicon, that turns light "
               "directly into an electric field. [5]")
    assert restore_swapped_words(written, [passage]) == (written.replace("an electric field", "electricity"),
                                                          [("an electric field", "electricity")])
    # ... also where a word swapped inside the run had hidden it: the word goes back first.
    slipped = written.replace("usually", "typically")
    assert restore_swapped_words(slipped, [passage]) == (written.replace("an electric field", "electricity"), [
        ("typically", "usually"), ("an electric field", "electricity")])
    # A shorter copied run before the ending is the model's own sentence.
    short = "The cell is made up of a thin wafer that turns light directly into an electric field. [5]"
    assert restore_swapped_words(short, [passage]) == (short, [])


def test_a_copys_any_for_the_passages_no_is_the_passages_again() -> None:
    # git-stash, stop 59: "with any conflicts" for "with no conflicts" says the opposite.
    passage = ("Since the stash entry is applied on top of the commit that was HEAD at the time git stash was run, it "
               "restores the originally stashed state with no conflicts.")
    written = passage.replace("with no", "with any")
    assert restore_swapped_words(written, [passage]) == (passage, [("any", "no")])

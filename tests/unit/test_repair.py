"""Repairs of what small models write: repeated sentences, headings, title echo, cut marks, copied titles."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from warp_report.protocol import claims
from warp_report.protocol.actions import ActionContext, ExtendPlanAction, InitPlanAction, PlanItem, WriteAction
from warp_report.protocol.fidelity import (
    borrowed_consequence,
    borrowed_predicate,
    spliced_inside,
    spliced_over_own_words,
    spliced_over_small_words,
    spliced_subject,
    spliced_tail,
)
from warp_report.protocol.headings import heading_problem, report_title_problem, shorten_title, split_series
from warp_report.protocol.markers import CITATION
from warp_report.protocol.prose import ABOUT_THE_TASK, not_prose
from warp_report.protocol.repair import (
    ANNOUNCES_NOTHING,
    OFF_PART,
    _asked_as_claim,
    _stop_inside_copy,
    _without_title_opener,
    colon_rejoined,
    copied_share,
    cut_copy,
    heading_as_subject,
    heading_run,
    pair_unnamed,
    relative_as_pointer,
    repair_text,
    shingles,
    split_sentences,
    words,
)
from warp_report.protocol.restatement import unshown_formula
from warp_report.state.outline import Node, Outline

EARLIER = ("Photovoltaic cells are thin wafers of silicon that turn light directly into electricity. "
           "A p-n junction inside the wafer separates the freed charges [1].")
NEW = ("Inverters convert the direct current from the panels into alternating current for the home. "
       "They also track the maximum power point as light and temperature change [2].")


def test_sentences_keep_their_citation_marks() -> None:
    assert split_sentences("One claim [1]. Two claims [2][3]. Three.") == ["One claim [1].", "Two claims [2][3].", "Three."]


def test_an_abbreviations_full_stop_ends_no_sentence() -> None:
    # Split after "(i.e.", the aside's start was dropped as cut off and "data that is ... event)."
    # stood alone, a fragment with a ")" never opened.
    text = "An event carries variable data (i.e. data that differs for each occurrence of the event) [1]. Handlers follow."
    assert split_sentences(text) == [text[: -len(" Handlers follow.")], "Handlers follow."]
    assert split_sentences("It works, e.g. SQLite does. Files etc. are kept. Files etc. Then more.") == [
        "It works, e.g. SQLite does.", "Files etc. are kept.", "Files etc.", "Then more."]
    assert repair_text(text).text == text


def test_repeated_sentences_are_dropped_and_the_rest_kept() -> None:
    text = EARLIER.split(" A p-n")[0] + " " + NEW
    out = repair_text(text, earlier=(EARLIER,))
    assert out.text == NEW
    assert out.dropped == [(EARLIER.split(" A p-n")[0], "repeats an earlier part")]


def test_a_paragraph_keeps_its_closing_citations_when_its_last_sentence_goes() -> None:
    # The structured protocol puts a paragraph's citations after its last sentence.
    text = "Inverters convert direct current into alternating current for homes. " + EARLIER.replace(" [1].", ". [1]")
    out = repair_text(text, earlier=(EARLIER,))
    assert out.text == "Inverters convert direct current into alternating current for homes. [1]"


def test_sentences_repeated_inside_the_part_and_instruction_echo_are_dropped() -> None:
    twice = NEW.replace(" [2]", "") + " " + NEW
    assert repair_text(twice).text == NEW.replace(" [2]", "")
    instructions = "Write about 120 words of plain Markdown paragraphs (no headings, no title line), in your own words."
    echo = "Write about 120 words of plain Markdown paragraphs, in your own words. " + NEW
    assert repair_text(echo, instructions=instructions).text == NEW


def test_headings_title_echo_and_cut_marks_are_removed() -> None:
    text = "How cells work: " + NEW.replace("change", "change ...") + "\n\n# Inverters and grid connection\n\nMore text here [2]."
    out = repair_text(text, title="How cells work")
    assert out.text.startswith("Inverters convert")
    assert "..." not in out.text and "#" not in out.text
    assert out.text.endswith("More text here [2].")
    # A document's title alone as a paragraph (py-logging): no prose.
    pasted = "Handlers send records to their destination. [13]\n\nLogging HOWTO,. [14][13][1]"
    out = repair_text(pasted, sources=("Logging HOWTO",))
    assert out.text == "Handlers send records to their destination. [13]" and out.dropped
    # "Read-Only Databases; Read-only databases allow ...": the title and a semicolon (sqlite-wal).
    echoed = "Read-Only Databases; Read-only databases let many readers share one file [8]."
    assert repair_text(echoed, title="Read-Only Databases").text == "Read-only databases let many readers share one file [8]."
    # README's first command at 211d511: the title in other forms of its words, as a label.
    relabelled = "Historical and end of life: The modules that reach the end of their life are mostly glass [10]."
    assert repair_text(relabelled, title="History and End of Life").text == \
        "The modules that reach the end of their life are mostly glass [10]."
    # A label that is not the title in other words stays: some of its words, or words of its own.
    for kept, title in (("Round-robin approach: The primary process accepts new connections [3].", "Cluster Methodologies"),
                        ("End of life: Modules are mostly glass and aluminium [10].", "History and End of Life")):
        assert repair_text(kept, title=title).text == kept


def test_write_action_repairs_instead_of_refusing() -> None:
    ctx = ActionContext(query="How do solar cells work?", shown_ids=frozenset({"1", "2"}), written=(EARLIER,),
                        node_title="Inverters")
    longer = NEW + " Microinverters do this for each panel on its own, which limits the losses from shade [2]."
    action = WriteAction.model_validate({"content": EARLIER.split(" A p-n")[0] + " " + longer}, context=ctx)
    assert action.content == longer and action.citations == ["2"]
    # What is left must still be a part, not a sentence or two: then it is asked again.
    with pytest.raises(ValidationError, match="repeats a part"):
        WriteAction.model_validate({"content": EARLIER.split(" A p-n")[0] + " " + NEW}, context=ctx)
    # Nothing new left: refused, and the message quotes what repeated so the retry can avoid it.
    with pytest.raises(ValidationError, match='repeats a part that is already written .e.g. "Photovoltaic cells'):
        WriteAction.model_validate({"content": EARLIER}, context=ctx)


def test_copied_share_counts_eight_word_sequences() -> None:
    passage = "one two three four five six seven eight nine ten"
    assert copied_share(passage, [passage]) == 1.0
    assert copied_share("completely different words that share nothing with it at all", [passage]) == 0.0


@pytest.mark.parametrize(("title", "why"), [
    ("Efficiency and photovoltaic cells in practice and in theory for every home owner today", "words"),
    ("What the report will cover", "plan"),
    ("Subsection", "no topic"),
    ("Section 2.1", "no topic"),
    ("Subsection Title 1", "no topic"),  # an extension's three placeholders (pg-vacuum, stop 27)
    ("Section Heading 3", "no topic"),
    ("子章节标题1", "no topic"),
    ("扩展部分 2", "no topic"),  # an extension's placeholders (flex-yacc-zh, stop 32)
    ("Extension Part 3", "no topic"),
    ("Extension 4", "no topic"),
    ("小节标题", "no topic"),
    ("References", "no topic"),  # the report's back matter: a judge named it as a subsection
    ("Further Reading", "no topic"),
    ("参考文献", "no topic"),
    ("Task Plan", "no topic"),  # the prompt's task named (mk-theme, stop 33)
    ("Task 3", "no topic"),
    ("Extensions Made So Far", "no topic"),  # the judge prompt's label (pg-indexes, stop 37)
    ("The Whole Draft", "no topic"),
    ("SELECT *", "code"),  # a query as a subsection's title (pg-indexes, stop 37)
    ("The share of sunlight falling on a panel that leaves it", "copies"),
])
def test_bad_headings(title: str, why: str) -> None:
    passage = "Efficiency is the share of sunlight falling on a panel that leaves it as electric power."
    assert why in heading_problem(title, sources=(passage,))


def test_good_headings_and_shortened_ones() -> None:
    assert heading_problem("Cross-References in Sphinx") is None and heading_problem("Data Sources") is None
    for topic in ("Partial Indexes", "Parties", "SQL", "Title Page Design", "部分索引", "Extension Methods", "Draft Mode"):
        assert heading_problem(topic) is None, topic
    assert heading_problem("How photovoltaic cells work", sources=("How photovoltaic cells work in detail",)) is None
    assert shorten_title("Efficiency: The efficiency is the share of sunlight that leaves it") == "Efficiency"
    assert shorten_title("Cells: types") == "Cells: types"
    # The extension's slot named before its topic (git-reset-revert, stop 37).
    assert shorten_title("Subsection 4: Rebasing merges") == "Rebasing merges"
    # A title cut inside a parenthesis keeps the words before it; a closed one stays.
    assert shorten_title("Making a Base Backup with Continuous Archiving (also c") == \
        "Making a Base Backup with Continuous Archiving"
    assert shorten_title("Point-in-Time Recovery (PITR)") == "Point-in-Time Recovery (PITR)"
    assert shorten_title("异步提交（风险") == "异步提交"


@pytest.mark.parametrize(("title", "clean"), [
    ("4. File Locking And Concurrency", "File Locking And Concurrency"),
    ("2.1 Write-ahead logging", "Write-ahead logging"),
    ("Chapter 3: Cells", "Cells"),
    ("IV. Inverters", "Inverters"),
    ("3. 读写文件时处理编码", "读写文件时处理编码"),
    ("第二章 浮点数误差", "浮点数误差"),
    ("3. `git reflog` 的主要功能是什么？", "`git reflog` 的主要功能是什么？"),
    ("3D printing of cells", "3D printing of cells"),  # not a number, a word
    ("2024 changes", "2024 changes"),  # a year is no section number
    ("Part 1 of the question", "Part 1 of the question"),
    ("0.1 + 0.2 + 0.3", "0.1 + 0.2 + 0.3"),
])
def test_document_numbering_is_cut_from_titles(title: str, clean: str) -> None:
    assert shorten_title(title) == clean


@pytest.mark.parametrize(("ask", "titles"), [
    ("How are stashed changes listed, restored and dropped",
     ["How are stashed changes listed", "How are stashed changes restored", "How are stashed changes dropped"]),
    ("Logging handlers, formatters or filters", ["Logging handlers", "Logging formatters", "Logging filters"]),
    ("What does git stash do", ["What does git stash do"]),
    ("Differences between WAL and rollback", ["Differences between WAL and rollback"]),  # one thing: a comparison
    ("How do locking and isolation work", ["How do locking and isolation work"]),  # the series is not at the end
])
def test_an_ask_ending_in_a_series_gives_a_title_per_item(ask: str, titles: list[str]) -> None:
    assert split_series(ask) == titles


def test_a_documents_own_section_heading_is_not_a_report_heading() -> None:
    passage = "File Locking And Concurrency In SQLite Version 3\nSQLite version 3 uses a new locking scheme."
    assert "copies" in heading_problem("File Locking And Concurrency In SQLite", sources=(passage,))
    # Five words of it are a fair topic name.
    assert heading_problem("Locking and concurrency in SQLite", sources=(passage,)) is None
    zh = "读写文件时处理编码和错误的几种方法。"
    assert "copies" in heading_problem("读写文件时处理编码和错误", sources=(zh,))


def test_plans_drop_copied_titles_and_say_why() -> None:
    passage = "The efficiency is the share of sunlight falling on a panel that leaves it as electric power."
    sections = [{"title": "Cells", "plan": "How cells work."}, {"title": "Inverters", "plan": "DC to AC."},
                {"title": "The efficiency is the share of sunlight falling on a panel", "plan": "Efficiency."}]
    ctx = ActionContext(passages=(passage,))
    with pytest.raises(ValidationError, match="copies text from the evidence"):
        InitPlanAction.model_validate({"title": "Solar", "sections": sections}, context=ctx)
    sections[2]["title"] = "Efficiency: The efficiency is the share of sunlight falling on a panel"
    plan = InitPlanAction.model_validate({"title": "Solar", "sections": sections}, context=ctx)
    assert [s.title for s in plan.sections] == ["Cells", "Inverters", "Efficiency"]


def test_extensions_refuse_titles_copied_from_the_draft() -> None:
    draft = "Handlers send the log records created by loggers to the appropriate destination [1]."
    outline = Outline(title="T", sections=[Node(title="Logging", plan="p", content=draft)])
    ext = {"position": "section-1", "subsections": [
        {"title": "Handlers send the log records created by loggers", "plan": "a"},
        {"title": "Formatters", "plan": "b"}]}
    with pytest.raises(ValidationError, match="copies text|start of a sentence"):
        ExtendPlanAction.model_validate(ext, context=ActionContext(outline=outline, written=(draft,)))


def test_a_title_may_use_the_questions_own_words() -> None:
    # The draft repeats the question's wording; a subsection named with it names the subject.
    question = "How does SQLite's dynamic typing with storage classes and type affinity work?"
    draft = "SQLite uses dynamic typing with storage classes and type affinity to store values [1]."
    outline = Outline(title="T", sections=[Node(title="Typing", plan="p", content=draft)])
    ext = {"position": "section-1", "subsections": [
        {"title": "Dynamic Typing with Storage Classes and Type Affinity", "plan": "a"},
        {"title": "STRICT tables", "plan": "b"}]}
    action = ExtendPlanAction.model_validate(ext, context=ActionContext(query=question, outline=outline, written=(draft,)))
    assert len(action.subsections) == 2
    with pytest.raises(ValidationError, match="copies text"):  # the same title, not from the question
        ExtendPlanAction.model_validate(ext, context=ActionContext(query="How is a value stored?", outline=outline,
                                                                    written=(draft,)))


def test_a_cut_off_last_sentence_and_sentences_about_the_report_are_dropped() -> None:
    text = "This section covers how inverters work. " + NEW.replace(" [2]", "") + " The other layer has an excess of [2]"
    out = repair_text(text)
    assert out.text == NEW.replace(" [2]", "") + " [2]"
    assert [why for _, why in out.dropped] == ["cut off", "describes the report, not the subject"]
    for plan_talk in ("In this final section, we will summarize the main points discussed before.",
                      "We will cover the installation process and provide examples of activation.",
                      "We will then delve into the potential benefits of using multicolumn indexes.",
                      "We'll cover how to create pages, sub-sections and links.",
                      "We will guide you through each step and explain why specific options are used."):
        out = repair_text(f"{plan_talk} {NEW}")
        assert out.text == NEW and out.dropped == [(plan_talk, "describes the report, not the subject")]
    # One sentence left without its stop is no cut-off copy: it stays, and gets its stop.
    assert repair_text("One sentence without an end [1]").text == "One sentence without an end. [1]"


def test_cjk_titles_count_characters_and_lose_a_trailing_sentence() -> None:
    assert words("浮点数 error") == ["浮", "点", "数", "error"]
    assert heading_problem("浮点数表示误差来源") is None
    assert "words" in heading_problem("浮点数的表示误差来源在浮点数中的精度问题来源于二进制表示方法")
    assert shorten_title("浮点数的表示误差来源: 在浮点数中的精度问题来源于") == "浮点数的表示误差来源"


def test_glued_words_get_their_space_back() -> None:
    from warp_report.protocol.glue import unglue, word_pairs

    pairs = word_pairs("a thin wafer of silicon, built in 1954, about 6 percent, in a similar range; within it; "
                       "a panel's output, a panel s",
                       "Cells work by transmitting it as light.")
    text = ("Cells work by transmittingit through a thinwafer in1954 at 6percent in a similar_range; "
            "photovoltaic stays, within stays, panels stay.")
    assert unglue(text, pairs) == ("Cells work by transmitting it through a thin wafer in 1954 at 6 percent in a "
                                   "similar range; photovoltaic stays, within stays, panels stay.")


def test_a_shortened_title_that_repeats_the_outline_is_dropped() -> None:
    outline = Outline(title="T", sections=[Node(title="Inside a module", plan="p", content="x"),
                                           Node(title="Efficiency", plan="p", content="y")])
    ext = {"position": "section-1", "subsections": [
        {"title": "Inside a module: the module keeps cells safe for decades", "plan": "a"},
        {"title": "Glass", "plan": "b"}, {"title": "Frames", "plan": "c"}]}
    action = ExtendPlanAction.model_validate(ext, context=ActionContext(outline=outline))
    assert [s.title for s in action.subsections] == ["Glass", "Frames"]


def test_reply_format_typed_into_the_text_is_dropped() -> None:
    text = NEW.replace(" [2]", "") + " Checkpoints move pages back } , {text: ] Use WAL in many cases. [2]"
    assert repair_text(text).text == NEW.replace(" [2]", "") + " [2]"


def test_a_title_run_into_a_paragraph_and_plan_sentences_are_dropped():
    from warp_report.protocol.repair import repair_text

    text = ("Photovoltaic Cell Work The report will cover how cells are made from silicon wafers. "
            "It will also explore how they convert light. Silicon cells free electrons when photons "
            "arrive at the junction [1].\n\nPhotovoltaic Cell Work The built-in field drives the freed "
            "electrons through the outer circuit as a current [2].")
    out = repair_text(text, title="Photovoltaic Cell Work")
    assert "report will" not in out.text and "will also explore" not in out.text
    assert not any(p.startswith("Photovoltaic Cell Work") for p in out.text.split("\n\n"))
    assert "Silicon cells free electrons" in out.text and out.text.rstrip().endswith("[2].")


@pytest.mark.parametrize("chatter", [
    "If you have any other questions or need more assistance, please let me know!",
    "The reply is now ready to accept the request for more details.",
    "I hope this helps you understand logging.",
    "Sure, here is the part about handlers.",
    "Hardware Assumptions, but I am not sure what this is.",
    "But I will continue this part later.",  # mk-nav, stop 33
    "I'm here to help!",  # ap-stopping, stop 58
    "The text does not mention Options +ExecCGI.",  # ap-htaccess, stop 59
    "The correct answer is: Option +ExecCGI.",  # ap-htaccess, stop 59
])
def test_chat_assistant_sign_offs_are_dropped(chatter: str) -> None:
    text = f"Loggers pass records to handlers, which send them to files or streams. {chatter} [2]"
    out = repair_text(text)
    assert out.text == "Loggers pass records to handlers, which send them to files or streams. [2]"
    assert out.dropped == [(chatter, "talks to a chat user, not about the subject")]


def test_sentences_that_mention_help_in_the_subject_stay() -> None:
    text = ("The help() function prints documentation. Handlers may need more details from the record. The "
            "manual does not mention a default. [1]")
    assert repair_text(text).text == text
    # A page's "Of course, ..." (wal.md) is no chat's "Of course! Here is ...".
    text = "Of course, one wants to eventually transfer all the transactions back into the database. [1]"
    assert repair_text(text).text == text
    # A manual's "we can use" shows how; "to write on disk" is the subject's own.
    text = ("With the index in place, we can use the table to find rows fast. Pages are written on disk. The "
            "manual pages provide examples of hooks: add one to run tests. [1]")
    assert repair_text(text).text == text


def test_an_opening_phrase_and_a_relative_clause_without_a_main_clause_are_a_fragment() -> None:
    # pg-indexes and pg-vacuum, stop 51.
    text = ("PostgreSQL provides several index types. By default, which fit the most common situations. To update "
            "the visibility map, which speeds up index-only scans. [1]")
    out = repair_text(text)
    assert out.text == "PostgreSQL provides several index types. [1]"
    assert [why for _, why in out.dropped] == ["a fragment", "a fragment"]
    # With its main clause the sentence stays.
    fine = "By default, which fits most uses, the command creates a B-tree index. [1]"
    assert repair_text(fine).text == fine


def test_this_and_a_thing_no_sentence_before_names_points_at_nothing() -> None:
    # README's first command at 5b6b29c: a sandwich no sentence before showed.
    module = ("Inside a solar module\nA solar module is a sandwich built to protect fragile cells for decades. "
              "The first practical silicon solar cell was built at Bell Laboratories in 1954.",)
    text = ("The first practical silicon solar cell was built at Bell Laboratories in 1954. "
            "This sandwich protects fragile cells for decades. [6]")
    out = repair_text(text, title="History", passages=module, backed_by=module)
    assert out.dropped == [("This sandwich protects fragile cells for decades.", "points back at no sentence")]
    # Named before (in this reply or an earlier part), or "This" and a verb, it stays.
    named = "A solar module is a sandwich of glass and cells. This sandwich protects fragile cells for decades. [6]"
    assert "points back at no sentence" not in [
        why for _, why in repair_text(named, title="History", passages=module, backed_by=module).dropped]
    assert repair_text("This sandwich protects fragile cells for decades. [6]", title="History", passages=module,
                       backed_by=module, earlier=("A module is a sandwich of glass and cells.",)).dropped == []
    means = "The first practical silicon solar cell was built at Bell Laboratories. This means cells got cheap. [6]"
    assert [why for _, why in repair_text(means, title="History", passages=module, backed_by=module).dropped] != [
        "points back at no sentence"]


def test_a_bracket_closed_before_a_sentence_opened_goes() -> None:
    # git-reset-revert, stop 51.
    text = "Reset moves the branch. ]git reset(1) is a command that sets HEAD. ) It keeps the index. [4]"
    assert repair_text(text).text == "Reset moves the branch. git reset(1) is a command that sets HEAD. It keeps the index. [4]"


def test_list_numbers_left_without_text_are_dropped() -> None:
    text = "浮点数无法精确表示 1/10。 [1]\n\n2. [6]\n\n3. [7]"
    out = repair_text(text)
    assert out.text == "浮点数无法精确表示 1/10。 [1]"
    assert [why for _, why in out.dropped] == ["no words", "no words"]


def test_list_bullets_copied_into_prose_lose_their_marks() -> None:
    text = "Loggers expose the interface, * Handlers send records on. * Filters pick records. Two * three is six. [4]"
    assert repair_text(text).text == "Loggers expose the interface, Handlers send records on. Filters pick records. Two * three is six. [4]"


@pytest.mark.parametrize("meta", [
    "This section also mentions the built-in unix VFSes that support shared memory.",
    "The sections also mention the checkpoint that moves pages back.",
    "The passage highlights how readers and writers work together.",
    # pg-mvcc, stop 51: the writer's task and what it could say.
    "To write about phantom reads, we can also discuss how the models allow reads to re-read data.",
    # git-reset-revert, stop 51: the part's plan after a colon, and what announced it.
    "Here's how to revert commits using git revert command: Provide specific EXAMPLES of how to revert commits.",
])
def test_sentences_about_the_report_or_passages_are_dropped(meta: str) -> None:
    text = f"WAL appends changes to a separate file before they reach the database. {meta} [3]"
    assert repair_text(text).text == "WAL appends changes to a separate file before they reach the database. [3]"


@pytest.mark.parametrize("title", ["Task 3: Outline the Report", "Report Outline", "Outline", "Step 1: plan the report",
                                   "Introduction", "Conclusions", "Plan for an Appropriate Use of SQLite"])
def test_a_report_title_naming_the_task_gives_way_to_the_question(title: str) -> None:
    plan = InitPlanAction.model_validate(
        {"title": title, "sections": [{"title": t, "plan": "p"} for t in ("Cells", "Inverters", "Batteries")]},
        context=ActionContext(query="How do solar panels work?"))
    assert plan.title == "How do solar panels work"


def test_a_shown_documents_title_is_no_report_title() -> None:
    question = "How does SQLite make transactions atomic and durable across crashes and power failures?"
    passage = "File Locking And Concurrency In SQLite Version 3\nSQLite Version 3.0.0 introduced a new locking scheme."
    plan = InitPlanAction.model_validate(
        {"title": "File Locking And Concurrency In SQLite Version 3",
         "sections": [{"title": t, "plan": "p"} for t in ("Journals", "Locks", "Crash recovery")]},
        context=ActionContext(query=question, passages=(passage,)))
    assert plan.title == "How does SQLite make transactions atomic and durable across crashes and power failures"
    # The question's own words are the subject's name.
    assert report_title_problem("Atomic and durable transactions across crashes and power failures",
                                sources=("SQLite transactions are atomic and durable across crashes and power failures.",),
                                question=question) is None


def test_a_subject_title_is_kept() -> None:
    assert report_title_problem("SQLite Write-Ahead Logging (WAL) Mode: Overview and Advantages") is None
    assert report_title_problem("字符串的表示和编码") is None


def test_a_decoding_loop_inside_a_sentence_is_dropped() -> None:
    loop = ("It is required that I for developers, making SQLite easy to integrate I for developers, making SQLite "
            "easy to integrate I for developers, making SQLite easy to integrate I for developers, making SQLite easy.")
    out = repair_text(f"SQLite reads and writes ordinary disk files directly. {loop} [3]")
    assert out.text == "SQLite reads and writes ordinary disk files directly. [3]"
    assert out.dropped == [(loop, "repeats itself")]
    # A long sentence that names a thing twice is no loop.
    fine = ("The WAL file grows until a checkpoint copies its pages back, and after the checkpoint the WAL file "
            "starts again from its beginning, so the WAL file stays small. [1]")
    assert repair_text(fine).text == fine
    # One run three times with other words between: a long sentence hides it from the share.
    drift = ("Right after that, mas: PRAGMA write-ahead log file being truncated after a checkpoint and the journal "
             "size limit pragma for limiting it mas: PRAGMA write-ahead log file bein mas: PRAGMA write-ahead log fi "
             "mas: PRAGMA write-ahead log f and then some more words about the log file and what it holds.")
    assert repair_text(f"SQLite reads and writes ordinary disk files directly. {drift} [3]").dropped == [(drift, "repeats itself")]


def test_a_line_break_inside_a_paragraph_ends_a_sentence() -> None:
    text = "Appropriate Uses For SQLite\nSQLite works well on embedded devices and in small websites. [2]"
    out = repair_text(text)
    assert out.text == "SQLite works well on embedded devices and in small websites. [2]"
    assert out.dropped == [("Appropriate Uses For SQLite", "a pasted heading")]
    wrapped = "SQLite works well on embedded devices\nand in small websites. [2]"  # a wrapped line is prose
    assert repair_text(wrapped).text.startswith("SQLite works well on embedded devices")


def test_draft_marks_and_code_debris_are_not_prose() -> None:
    text = ("<== you are here. Handlers send records to their destination. "
            "''': '' },  # Handler objects dispatch the messages to the destination. [4]")
    out = repair_text(text)
    assert out.text == "Handlers send records to their destination. [4]"
    code = "Name loggers with logger = logging.getLogger(__name__) so names follow the modules. [2]"
    assert repair_text(code).text == code
    # "<== you are there", and the task line without its "the" (py-venv, py-logging).
    echoed = ("Creating Virtual Environments, to write part 'Creating Virtual Environments' plan: Creating "
              "Virtual Environments  <== you are there. [4] The venv module creates environments. [5]")
    out = repair_text(echoed)
    assert out.text == "The venv module creates environments. [5]", out
    assert "there" not in repair_text("Advanced Logging Tutorial  <== you are there, and a file is written. [9]").text
    # The mark's words alone, turned round, after the part's title (ap-htaccess, stop 50).
    out = repair_text("AllowOverride AuthConfig must be in effect. [3]\n\nAllowOverride None you are not here. [4]",
                      title="AllowOverride None")
    assert out.text == "AllowOverride AuthConfig must be in effect. [3]"


def test_debris_and_talk_about_the_prompt_are_dropped() -> None:
    text = ("STRICT tables check every value against the column type. Read the provided evidence on CREATE TABLE. "
            "STRICT Tables In a CREATE TABLE statement, if } ]] Strict Tables in SQLite: 2. [4]")
    assert repair_text(text).text == "STRICT tables check every value against the column type. [4]"
    # git-bisect at stop 36: after a refusal, the write rule said back as the part's first sentence.
    said = "Do not repeat what earlier parts already say. Alternate terms replace good and bad with old and new. [4]"
    assert repair_text(said).text == "Alternate terms replace good and bad with old and new. [4]"
    # node-child at stop 35: the prompt's evidence named as the report's source of examples.
    said = ("Each method has its own behaviour, with examples provided in the evidence paragraphs. "
            "The fork method starts another Node.js process. [2]")
    assert repair_text(said).text == "The fork method starts another Node.js process. [2]"


def test_identifiers_are_not_split_into_words() -> None:
    from warp_report.protocol.glue import unglue, word_pairs

    passage = "The activate script sets VIRTUAL_ENV; pkg_resources finds the installed packages."
    text = "After activation VIRTUAL_ENV names the environment, and pkg_resources lists packages."
    assert unglue(text, word_pairs(text, passage)) == text
    # A copy penalty's glue is still undone where the two words do stand apart in the passages.
    assert unglue("a similar_range of values", word_pairs("in a similar range of values")) == "a similar range of values"
    # A chain of them (p-locking: "write to_the database_file" was left of "write_to_the_database_file"),
    # and one after a full stop; the identifier in the chain stays.
    pairs = word_pairs("A lock is needed to write to the database file. Use journal_mode. Of course it works.")
    assert unglue("needed to write_to_the_database_file.", pairs) == "needed to write to the database file."
    assert unglue("It works normally._of course, set_journal_mode", pairs) == "It works normally. of course, set_journal_mode"
    # After a number (py-venv: "with version 1.0_installed"), where the passage writes them apart.
    pairs = word_pairs("Application A can have its own environment with version 1.0 installed.")
    assert unglue("with version 1.0_installed while", pairs) == "with version 1.0 installed while"
    assert unglue("uses x1_range and v2_api", pairs) == "uses x1_range and v2_api"


def test_a_part_that_opens_with_its_title_as_a_question_loses_it() -> None:
    title = "When Is SQLite a Good Choice for an Application"
    text = f"{title}? [1][2]\n\nSQLite suits embedded devices and websites with modest traffic. [3]"
    assert repair_text(text, title=title).text == "SQLite suits embedded devices and websites with modest traffic. [3]"


def test_a_sentence_said_again_with_a_word_changed_is_dropped() -> None:
    text = ("Several factors lower real-world energy below the rated figure. Monocrystalline cells are cut from "
            "one crystal. Several factors lower real-world output below the rated figure. [1]")
    out = repair_text(text)
    assert out.text == "Several factors lower real-world energy below the rated figure. Monocrystalline cells are cut from one crystal. [1]"
    # Two sentences on one subject that say different things both stay.
    fine = ("Monocrystalline cells are cut from a single crystal of silicon. Polycrystalline cells are cast "
            "from many small crystals of silicon melted together. [2]")
    assert repair_text(fine).text == fine


def test_different_facts_in_the_same_words_are_not_repeats() -> None:
    text = "Monocrystalline panels convert about 20% of sunlight. Polycrystalline panels convert about 15% of sunlight. [3]"
    assert repair_text(text).text == text


def test_a_sentence_said_again_with_misspelt_words_is_dropped() -> None:
    # From the README example's report: under the copy penalty the 0.5B says a sentence again with
    # words cut or misspelt and a clause added (38% of its exact three-word runs are the first's).
    first = ("Typical commercial monocrystalline silicon panels convert about 20% to 30% of sunlight; polycrystalline, "
             "thin-film modules such as cadmium tellurides, and amorphous silicon sit in a similar range.")
    again = ("Typical commercial monocrystal silicon panels convert about 20% to 23 percent of sunlight; polycrystal, "
             "thin-film modules such as cadmium tellurids, and amorphous silicon sit in a similar range, several "
             "factors lower real-world power below the rated figure.")
    out = repair_text(f"{first} [4]\n\n{again} [5]")
    assert out.text == f"{first} [4]"
    # Clause by clause: the first said again, the rest close enough to the first sentence's rest.
    assert "; ".join(s for s, _ in out.dropped) == again
    assert {why for _, why in out.dropped} == {"repeats an earlier sentence", "repeats a sentence of this part"}


def test_html_tags_around_words_are_dropped_outside_code() -> None:
    # From the README example's report: "<strong>1954</strong>" and a cut "<stro>" in prose.
    text = ("The first practical silicon cell was built at Bell Laboratories in <strong>1954</strong>; it "
            "converted <stro>about 6 percent</stro> of sunlight. Install it with `pip install <name>`. [2]")
    assert repair_text(text).text == ("The first practical silicon cell was built at Bell Laboratories in 1954; it "
                                      "converted about 6 percent of sunlight. Install it with `pip install <name>`. [2]")
    assert repair_text("Values where a < b and c > d hold are kept as they are. [1]").text == \
        "Values where a < b and c > d hold are kept as they are. [1]"


def test_chinese_sentences_are_checked_one_by_one() -> None:
    # Chinese puts no space after 。: the paragraph was one "sentence" and its repeat went unseen.
    earlier = "在读取文件时，需要编写错误处理代码来捕获部分编码序列。"
    new = "多字节编码可能只读到一个字符的一部分。UTF-8 用一到四个字节表示一个字符。"
    out = repair_text(f"{new}在读取文件时，需要编写错误处理代码来捕获部分编码序列。[2]", earlier=(earlier,))
    assert out.text == f"{new}[2]"
    assert out.dropped == [("在读取文件时，需要编写错误处理代码来捕获部分编码序列。", "repeats an earlier part")]


def test_a_shown_documents_title_pasted_before_a_sentence_is_cut() -> None:
    passage = "The import system\nPackages are like directories on a file system."
    text = ("The import system: You can think of packages as directories [1]. Overview The default "
            "method is a rollback journal [1]. The import system of Python 3 finds modules on sys.path [1].")
    ctx = ActionContext(passages=(passage, "Overview\nWAL is faster."), shown_ids=frozenset({"1"}))
    out = WriteAction.model_validate({"content": text}, context=ctx).content
    assert out == ("You can think of packages as directories [1]. The default method is a rollback journal [1]. "
                   "The import system of Python 3 finds modules on sys.path [1].")
    # Another part's title, read in the draft, is pasted the same way.
    outline = Outline(title="T", sections=[Node(title="Virtual Environments and Packages", plan="p")])
    ctx = ActionContext(passages=(passage,), shown_ids=frozenset({"1"}), outline=outline)
    text = "Virtual Environments and Packages: Each environment has its own site-packages directory [1]."
    assert WriteAction.model_validate({"content": text}, context=ctx).content == "Each environment has its own site-packages directory [1]."
    # With a space before the colon (README's example, the label a passage's title made).
    ctx = ActionContext(passages=("Solar panel efficiency\nPanels also age.",), shown_ids=frozenset({"1"}))
    text = "Inverters last ten years [1]. Solar panel efficiency : Panels also age by half a percent a year [1]."
    assert WriteAction.model_validate({"content": text}, context=ctx).content == (
        "Inverters last ten years [1]. Panels also age by half a percent a year [1].")
    # A part's Chinese title with a full-width colon (pg-wal-zh, stop 27): the colon goes too.
    assert repair_text("异步提交允许事务更快完成。异步提交的实现细节：它使用后台进程刷新日志。[1]",
                       sources=("异步提交的实现细节",)).text == "异步提交允许事务更快完成。它使用后台进程刷新日志。[1]"


def test_a_heading_the_passages_text_starts_with_is_cut_like_its_title() -> None:
    # inverters.txt: its title is the file's stem, its text starts with a heading line.
    passage = "inverters\nInverters and grid connection\n\nSolar modules produce direct current."
    text = "Inverters and grid connection Solar modules produce direct current for the home [1]."
    ctx = ActionContext(passages=(passage,), shown_ids=frozenset({"1"}))
    assert WriteAction.model_validate({"content": text}, context=ctx).content == \
        "Solar modules produce direct current for the home [1]."


def test_the_prompts_task_line_and_correction_said_back_are_dropped() -> None:
    echoes = ["Task: write the part 'How is a virtual environment created?'.",
              "How the site's navigation is built as facts.",
              "Please correct the text to not repeat itself or instructions and do not repeat what earlier parts say.",
              "Once the basics are clear, you can begin writing the part 'Scopes'."]
    out = repair_text(f"{NEW} {echoes[0]} {echoes[1]} {echoes[2]} {echoes[3]} [2]")
    assert out.text == NEW  # which closes on "[2]." already: the paragraph's "[2]" is not set twice
    assert out.dropped == [(e, "repeats the instructions") for e in echoes]


def test_a_title_without_a_word_names_no_topic() -> None:
    # Seen as a subsection title in the README example's extension: JSON debris.
    assert "names no topic" in heading_problem("{5}, {")
    assert heading_problem("1839") is not None and heading_problem("光伏电池") is None


def test_the_extended_parts_title_before_a_new_title_is_cut() -> None:
    # A 0.5B judge writes "Part: Topic" for each subsection of the part it extends.
    outline = Outline(title="T", sections=[Node(title="Solar Panel Efficiency", plan="p", content="x"),
                                           Node(title="History", plan="p", content="y")])
    ext = {"position": "section-1", "subsections": [
        {"title": "Solar Panel Efficiency: Inside a Solar Module", "plan": "a"},
        {"title": "solar panel efficiency - Storage and Costs", "plan": "b"},
        {"title": "History: it began in 1839 with a small current", "plan": "c"}]}
    action = ExtendPlanAction.model_validate(ext, context=ActionContext(outline=outline))
    assert [s.title for s in action.subsections] == ["Inside a Solar Module", "Storage and Costs"]


def test_a_name_pasted_three_times_and_json_debris_are_no_prose() -> None:
    from warp_report.protocol.repair import repair_text

    text = ("A virtual environment keeps its own packages. To create one, follow these steps: Virtual "
            "Environments and Packages Virtual Environments and Packages venv pip install Virtual Environments "
            "and Packages. It is activated with a script. The script sits in bin }, { and runs. [1]")
    out = repair_text(text)
    assert out.text == "A virtual environment keeps its own packages. It is activated with a script. [1]"
    assert [why for _, why in out.dropped] == ["repeats itself", "reply format typed into the text"]


def test_a_title_cut_from_the_start_of_a_draft_sentence_is_no_heading() -> None:
    draft = ("The venv module is used in Python to create lightweight environments [1]. To activate a virtual "
             "environment, run the script in its bin directory [2].",)
    assert "start of a sentence" in heading_problem("The venv module is used to create Python", draft=draft)
    assert "start of a sentence" in heading_problem("To activate a virtual", draft=draft)
    assert heading_problem("Activating a Virtual Environment", draft=draft) is None
    assert heading_problem("The venv module is used to create Python") is None  # no draft: nothing to copy
    chinese = ("浮点数的表示误差来自二进制。在实际编程中，应使用精确的十进制类型。",)
    assert "start of a sentence" in heading_problem("在实际编程中，应使用精确的二", draft=chinese)
    assert heading_problem("浮点数的舍入", draft=chinese) is None  # four characters shared: a topic's name


def test_a_two_word_stub_is_cut_off_but_an_abbreviation_stays() -> None:
    from warp_report.protocol.repair import repair_text

    text = "Photons with little energy become heat. This is. Thin-film cells differ, e.g. CdTe. Dr. Smith built one. [1]"
    out = repair_text(text)
    assert out.text == "Photons with little energy become heat. Thin-film cells differ, e.g. CdTe. Dr. Smith built one. [1]"
    assert out.dropped == [("This is.", "cut off")]


def test_internal_ids_leave_plans_and_written_sentences() -> None:
    from warp_report.protocol.repair import repair_text

    outline = Outline(title="T", sections=[Node(title="Logging Basics", plan="p", content="x"),
                                           Node(title="Handlers", plan="p", content="y")])
    ext = {"position": "section-1", "subsections": [
        {"title": "Log Levels", "plan": "Extend section-1 with the levels, unlike section-9."},
        {"title": "Formatters", "plan": "b"}]}
    action = ExtendPlanAction.model_validate(ext, context=ActionContext(outline=outline))
    assert action.subsections[0].plan == 'Extend "Logging Basics" with the levels, unlike this part.'
    out = repair_text("Levels order messages by severity [1]. As section-2.1 says, handlers send them on [2].")
    assert out.text == "Levels order messages by severity [1]."
    assert out.dropped == [("As section-2.1 says, handlers send them on [2].", "names an internal id")]


def test_topics_copied_as_one_title_are_that_many_subsections() -> None:
    outline = Outline(title="T", sections=[Node(title="Efficiency", plan="p", content="x")])
    ext = {"position": "section-1", "subsections": [
        {"title": "Storage and costs; Types of solar cells; inverters", "plan": "a"},
        {"title": "Inside a solar module", "plan": "b"}]}
    action = ExtendPlanAction.model_validate(ext, context=ActionContext(outline=outline))
    assert [s.title for s in action.subsections] == ["Storage and costs", "Types of solar cells", "inverters",
                                                     "Inside a solar module"]
    assert [s.plan for s in action.subsections] == ["a", "a", "a", "b"]


def test_the_cursor_mark_said_back_with_a_stray_bracket_is_dropped() -> None:
    from warp_report.protocol.repair import repair_text

    out = repair_text("This is a <==> you are here, the wafer is doped to create a built-in electric field. [1]")
    assert "you are here" not in out.text and "<" not in out.text
    # ap-stopping at be3c128: the mark with an underscore, and the judge's task said as the writer's need.
    kept = "Piped logs let a program rotate the files. [15]"
    out = repair_text(f"{kept} How it Works you are_here, but I need more depth. [15]")
    assert out.text == kept and out.dropped[0][1] == "repeats the instructions"
    # The view's state of a part, pasted with the part's title after it (mk-nav, stop 33).
    out = repair_text("To write] Creating a project: The new command makes a folder with a config file. [9]",
                      title="Creating a project")
    assert out.text == "The new command makes a folder with a config file. [9]"
    assert repair_text("Two parts are left to write. [2]").text == "Two parts are left to write. [2]"
    assert repair_text("Read the notes of the previous part (to write). The search plugin is on by default. [1]").text == \
        "Read the notes of the previous part. The search plugin is on by default. [1]"


def test_a_refusal_quotes_a_long_title_in_whole_words() -> None:
    from warp_report.protocol.headings import heading_problem

    # Cut mid-word, the quote ("... userFrie") came back as the model's next title (mk-deploy, stop 33).
    title = "Options and features for project-specific sites, userFriendly interfaces and all the rest of them"
    problem = heading_problem(title)
    assert problem is not None and "userFrie" not in problem
    assert '"Options and features for project-specific sites" has' in problem


def test_a_sentence_said_again_in_other_words_is_dropped() -> None:
    first = "Solar modules produce direct, alternating current (DC), while homes and the electricity grid use AC."
    again = "Solar modules produce alternating current, while homes and the electricity grid utilize AC."
    more = "It is the heart of every grid-connected system."
    more_again = "It is the heart of every grid-connected system, and it is the core of the photovoltaic cell."
    other = "String inverters take the combined output of several panels and convert it in one box."
    out = repair_text(f"{first} {again} {other}\n\n{more} [1]\n\n{more_again} [2]")
    assert out.text == f"{first} {other}\n\n{more} [1]"
    assert [why for _, why in out.dropped] == ["repeats a sentence of this part"] * 2


def test_a_sentence_of_an_earlier_part_said_in_other_words_is_a_repeat() -> None:
    earlier = ("Typical commercial monocrystalline silicon panels convert about 20-23% of sunlight; polycrystalline "
               "can be a few points lower, and thin film modules such as cadmium telluride sit in similar ranges. [1]")
    again = ("Typical commercial monocrystalline silicon modules converted about 20 to 23 percent of sunlight, "
             "polycrystalline modules are a few points less, and thin-film modules such as cadmium telluride sit "
             "in a similar range.")
    new = "Perovskite cells are a newer material that laboratories stack on silicon to pass thirty percent."
    out = repair_text(f"{again} {new} [2]", earlier=(earlier,))
    assert out.text == f"{new} [2]"
    assert out.dropped == [(again, "repeats an earlier part")]


def test_an_opener_broken_off_before_a_sentence_is_cut() -> None:
    text = ("This is a Photovoltaic cells are made of a thin wafer of crystalline silicon.\n\n"
            "This is a, photovoltaic cells turn light directly into electricity. "
            "This is a Tesla Powerwall battery for homes. [1]")
    assert repair_text(text).text == (
        "Photovoltaic cells are made of a thin wafer of crystalline silicon.\n\n"
        "Photovoltaic cells turn light directly into electricity. This is a Tesla Powerwall battery for homes. [1]")


def test_words_joined_by_the_copy_penalty_are_written_as_the_passages_write_them() -> None:
    from warp_report.protocol.glue import unjoin

    sources = ("Output is below the rated figure. Photons above the band gap (about 1.1 electronvolts) free "
               "electrons. Real-world output is lower. Connect over TCP/IP to /usr/bin/python in the long term. "
               "The surface is etched into microscopic pyramids. Disk input/output is slow.",)
    text = ("Output is below the-rated figure; photons above 1.1 electrons/volts free electrons. Real-world output, "
            "TCP/IP, /usr/bin/python, a long-term plan and `the-rated` stay. Cells are etched into microscopic/pyramids; "
            "input/output and reads/writes stay.")
    assert unjoin(text, sources) == (
        "Output is below the rated figure; photons above 1.1 electronvolts free electrons. Real-world output, "
        "TCP/IP, /usr/bin/python, a long-term plan and `the-rated` stay. Cells are etched into microscopic pyramids; "
        "input/output and reads/writes stay.")


def test_the_title_put_before_a_passage_sentence_is_cut() -> None:
    passages = ("Types of solar cells\nThin-film cells take a different route: a thin layer is deposited on glass. "
                "Only photons above the silicon band gap can free electrons.",)
    text = ("Types of solar cells are thin-film cells take a different route: a layer is deposited on glass. "
            "Types of solar cells are many and varied across the market today. [1]")
    assert repair_text(text, title="Types of solar cells", passages=passages).text == (
        "Thin-film cells take a different route: a layer is deposited on glass. "
        "Types of solar cells are many and varied across the market today. [1]")
    text = "Photovoltaic Cells work by only photons above the silicon band gap can free electrons. [1]"
    assert repair_text(text, title="How Photovoltaic Cells Work", passages=passages).text == (
        "Only photons above the silicon band gap can free electrons. [1]")


def test_words_misspelt_in_a_copied_sentence_are_spelt_as_the_passage_does() -> None:
    from warp_report.protocol.glue import respell

    sources = ("If any of the file journals named in the super-journal exists and points back to it, the super-journal "
               "is not stale. To convert to WAL mode, use PRAGMA journal_mode=WAL; the pragma returns. SQLite is small.",)
    text = ("If any of the fiel journals named in the suer-journal exists and poins back to it. To covert to Wal mode, "
            "use PRAGMA journ_mode=WAL; sqlite is small, WAL is slower, the pragma returns, and `fiel journals` stays.")
    assert respell(text, sources) == (
        "If any of the file journals named in the super-journal exists and points back to it. To convert to WAL mode, "
        "use PRAGMA journal_mode=WAL; SQLite is small, WAL is slower, the pragma returns, and `fiel journals` stays.")


def test_a_name_garbled_in_its_capitals_is_spelt_as_the_passage_does() -> None:
    from warp_report.protocol.glue import respell

    # README's first command, stop 50: "first observed by EDMON BEquerel, who saw ...".
    sources = ("History and end of life\nThe photovoltaic effect was first observed by Edmond Becquerel in 1839. "
               "PRAGMA journal_mode=WAL is fast. Bell Laboratories built the cell. Note that cells age.",)
    assert respell("It was first observed by EDMON BEquerel, who saw a current. EDMOND BECQUEREL saw it.", sources) == \
        "It was first observed by Edmond Becquerel, who saw a current. Edmond Becquerel saw it."
    # The sources' own capitals stay; a word no name is like, or one of their words, is left as written.
    assert respell("PRAGMA and WAL are named; NOTE that ZEBRAS and BELL stay.", sources) == \
        "PRAGMA and WAL are named; NOTE that ZEBRAS and BELL stay."


def test_a_long_word_one_letter_off_a_source_word_is_spelt_as_the_source_does_beside_a_number() -> None:
    from warp_report.protocol.glue import respell

    # README's first command, stop 50: "(about 1.1 electronsvolts)"; the number is no word to tell it by.
    sources = ("Only photons above the silicon band gap (about 1.1 electronvolts) can free electrons. "
               "Modules are interconnected in strings.",)
    assert respell("The band gap is about 1.1 electronsvolts wide.", sources) == \
        "The band gap is about 1.1 electronvolts wide."
    # An inflection of a source word is the model's grammar; a shorter word one letter off may be another word.
    assert respell("Panels interconnecting cells are 1.1 electronvolt apart.", sources) == \
        "Panels interconnecting cells are 1.1 electronvolt apart."


def test_a_word_cut_short_between_its_neighbours_is_written_whole() -> None:
    from warp_report.protocol.glue import respell

    # sqlite-atomic-commit: "roll journal" 23 times in the reports; the passages say "rollback journal"
    # only, and "roll back" too ("roll" is a word of theirs).
    sources = ("SQLite records the number of pages in the rollback journal in the header of the rollback journal. "
               "To roll back a transaction, the journal is read. The filesystem format differs.",)
    text = "SQLite records the number of pages in the roll journal. The Roll journal is read. You can roll back."
    assert respell(text, sources) == (
        "SQLite records the number of pages in the rollback journal. The Rollback journal is read. You can roll back.")
    # Not where the pair is the sources' own, the next word is a function word, or the word is short;
    # "file" beside one "filesystem" is a word of the model's own ("system" is one of theirs).
    for fine in ("The file format is stable.", "To roll back the journal.", "A bin directory."):
        assert respell(fine, sources + ("Its binary directory holds the filesystem tools of the system.",)) == fine


def test_a_word_the_passages_never_use_cut_from_the_one_beside_its_neighbour_is_written_whole() -> None:
    from warp_report.protocol.glue import respell

    # README's first command: "monocrystalline sil panels" (the passage says it once, so the
    # two-framings rule above does not apply; "sil" is no word of the passages).
    sources = ("Typical commercial monocrystalline silicon panels sold in recent years turn 20 percent into power. "
               "Monocrystalline cells are cut from one crystal. The inverter converts power; an important detail. "
               "The software development process is slow.",)
    text = "Monocrystalline sil panels and monocrystalline sili modules turn light into power."
    assert respell(text, sources) == ("Monocrystalline silicon panels and monocrystalline silicon modules turn light "
                                      "into power.")
    # Not beside a function word only ("an import" is no "an important" cut short), nor the start of two source words ("file|system").
    sources += ("The filesystem layer is one system.",)
    # A three-letter word needs both neighbours ("sil modules" stays).
    for fine in ("If an import fails, stop.", "The file layer is one.", "Monocrystalline sil modules."):
        assert respell(fine, sources) == fine


def test_a_hyphen_the_passages_never_write_inside_their_word_is_dropped() -> None:
    from warp_report.protocol.glue import Lexicon

    sources = ("The cell surface is etched into microscopic pyramids. Re-run the command; long-term storage helps.",)
    lex = Lexicon.of(*sources)
    assert lex.rejoin("The surface is etched into microscopic p-Yramids and p-yramids.") == (
        "The surface is etched into microscopic pyramids and pyramids.")
    # The sources' own hyphens stay, and so do two words of theirs joined ("long-term").
    for fine in ("Re-run the command.", "A long-term plan.", "A well-known case."):
        assert lex.rejoin(fine) == fine


def test_a_title_is_recased_as_the_passages_write_its_acronym() -> None:
    ctx = ActionContext(passages=("WAL\nWAL mode keeps a write-ahead log beside the database file.",))
    plan = ExtendPlanAction.model_validate(
        {"position": "section-1", "subsections": [{"title": "Wal Mode Basics", "plan": "What the log holds."},
                                                   {"title": "Checkpoints", "plan": "When the log is copied back."}]},
        context=ctx)
    assert [s.title for s in plan.subsections] == ["WAL Mode Basics", "Checkpoints"]


def test_a_filler_sentence_that_says_nothing_is_dropped() -> None:
    text = "WAL mode is faster in most cases. This is mostly true. It is fast for readers and writers alike. [1]"
    out = repair_text(text)
    assert out.text == "WAL mode is faster in most cases. It is fast for readers and writers alike. [1]"
    assert out.dropped == [("This is mostly true.", "cut off")]


def test_sentences_that_start_alike_three_times_are_a_loop() -> None:
    text = ("Install packages with pip into the environment. pip install python package_name. "
            "pip install python module_name. pip install python library_name. [1]\n\n"
            "WAL mode is fast for readers. WAL mode is persistent across connections. [2]")
    out = repair_text(text)
    assert out.text == ("Install packages with pip into the environment. pip install python package_name. [1]\n\n"
                        "WAL mode is fast for readers. WAL mode is persistent across connections. [2]")
    assert [why for _, why in out.dropped] == ["repeats itself"] * 2


def test_short_sentences_in_one_frame_three_times_are_a_loop() -> None:
    text = ("Bash reads the file at startup. Unrecognized variable names are ignored. "
            "Unrecognized shell variables are ignored. Unrecognized shell COMMANDS are ignored. [1]\n\n"
            "Login shells read the profile. Interactive shells read the bashrc. [2]")
    out = repair_text(text)
    assert out.text == ("Bash reads the file at startup. Unrecognized variable names are ignored. [1]\n\n"
                        "Login shells read the profile. Interactive shells read the bashrc. [2]")
    assert [why for _, why in out.dropped] == ["repeats itself"] * 2
    twice = "Unknown options are ignored. Unknown variables are ignored. [1]"
    assert repair_text(twice).text == twice  # two facts in one frame stay


def test_talk_about_the_information_provided_is_no_prose() -> None:
    text = ("Read the information provided to determine which engine suits an application. "
            "SQLite is built into the application and reads the disk directly. [1]")
    assert repair_text(text).text == "SQLite is built into the application and reads the disk directly. [1]"


def test_talk_about_numbered_sections_topics_and_announced_lists_is_dropped() -> None:
    text = ("Section 3 covers how to set up different log levels. This topic explains why handlers are used. "
            "Each level has a handler of its own. The following configuration methods are the following:. [1]")
    out = repair_text(text)
    assert out.text == "Each level has a handler of its own. [1]"


def test_an_underscore_after_a_comma_is_a_space() -> None:
    from warp_report.protocol.glue import unglue

    assert unglue("Each logger has a name,_handlers send records, my_var stays.", set()) == \
        "Each logger has a name, handlers send records, my_var stays."


def test_a_sentence_with_words_cut_to_pieces_is_dropped() -> None:
    text = ("A strict table keeps the data as received. This means t ed in 0, 1, 2 or 8 bytes. The link runs across "
            "th ortant networks. Use the re module, a 5 m cable, the x and y axes, an r prefix, and `ls -l` here. [1]")
    out = repair_text(text)
    assert out.text == ("A strict table keeps the data as received. Use the re module, a 5 m cable, the x and y axes, "
                        "an r prefix, and `ls -l` here. [1]")
    assert [why for _, why in out.dropped] == ["words cut to pieces"] * 2


def test_chinese_sentences_on_one_subject_are_not_restatements_of_each_other() -> None:
    earlier = "使用低级的解码接口可以捕获部分编码序列。[1]"
    new = "读取文件时应当指定编码，并为解码错误选择处理方式。写入文件时也要指定编码。[2]"
    assert repair_text(new, earlier=(earlier,)).text == new
    assert repair_text("使用低级的解码接口可以捕获部分的编码序列。[2]", earlier=(earlier,)).text == ""


def test_admonition_labels_and_plan_voice_are_no_titles_or_prose() -> None:
    assert heading_problem("Warning") is not None and heading_problem("See also") is not None
    assert heading_problem("Warnings from the compiler") is None
    out = repair_text("Add a section on activating environments in the shell. The script sets PATH, ..., for you. [1]")
    assert out.text == "The script sets PATH, for you. [1]"


def test_a_word_the_passages_use_is_never_split() -> None:
    passages = ("Journals\nSQLite uses a rollback journal. To roll back a transaction, it copies pages back.",)
    reply = ("The rollback journal lets SQLite roll back a transaction after a crash, copying the old pages back into "
             "the file so that the database is whole again. [1]")
    ctx = ActionContext(shown_ids=frozenset({"1"}), passages=passages)
    assert WriteAction.model_validate({"content": reply}, context=ctx).content == reply


def test_a_sentence_cut_after_a_function_word_is_dropped_wherever_it_sits() -> None:
    text = ("WAL records every change in a separate file. After a power loss the application can recover a\n"
            "Checkpoints copy the changes back into the database. [1]")
    out = repair_text(text)
    assert out.text == "WAL records every change in a separate file. Checkpoints copy the changes back into the database. [1]"
    assert out.dropped == [("After a power loss the application can recover a", "cut off")]
    # A word that names what comes next, last in a paragraph's only sentence (sqlite-wal).
    cut = "Moving the WAL file transactions back into the database is called [9]\n\nCheckpoints run on commit. [9]"
    assert repair_text(cut).text == "Checkpoints run on commit. [9]"


def test_a_chinese_title_that_opens_a_sentence_is_no_heading() -> None:
    assert heading_problem("这是因为二进制浮点符号中存在一个") is not None
    assert heading_problem("二进制浮点数的舍入") is None
    # One character names no topic ("真", a translated "True"); a title's full stop and cut mark are dropped.
    assert heading_problem("真") is not None
    assert [PlanItem(title=t, plan="p").title for t in ("表示误差。", "Set the level.", "Own levels...", "Own levels …")] == [
        "表示误差", "Set the level", "Own levels", "Own levels"]


def test_a_subsection_named_like_the_report_is_a_repeat() -> None:
    outline = Outline(title="浮点数的表示误差和精度", sections=[Node(title="浮点数的表示误差", plan="p", content="x")])
    reply = {"position": "section-1", "subsections": [{"title": "浮点数的表示误差和精度", "plan": "再说一遍。"},
                                                      {"title": "十进制模块", "plan": "精确的十进制运算。"},
                                                      {"title": "分数模块", "plan": "有理数运算。"}]}
    plan = ExtendPlanAction.model_validate(reply, context=ActionContext(outline=outline))
    assert [s.title for s in plan.subsections] == ["十进制模块", "分数模块"]


def test_bylines_stray_angle_brackets_and_any_cut_mark_leave_the_text() -> None:
    text = ("Author: Vinay Sajip <vinay_sajip at red-dove dot com> wrote the guide. Activate it: tutorial-env "
            "<--- tutorial-env shows Python 3.5.1 (<default, May 6 2016). If the declared...type is INT it holds "
            "integers. The value is a blob...cites] DATATYPES. [1]")
    assert repair_text(text).text == ("Activate it: tutorial-env tutorial-env shows Python 3.5.1 (default, May 6 2016). "
                                      "If the declared type is INT it holds integers. [1]")
    # Glued between a sentence's mark and the next sentence (ap-proxy at d2c398c): a space.
    glued = ("To persist these changes across restarts, enable BalancerPersist.<Before proxying a request, httpd "
             "can test whether a worker is available. [5]")
    assert repair_text(glued).text == glued.replace(".<", ". ")
    # A comparison in prose stays.
    assert repair_text("Use a value x<Y for the limit. [5]").text == "Use a value x<Y for the limit. [5]"


def test_a_heading_cut_before_its_last_word_or_a_byline_is_no_heading() -> None:
    assert heading_problem("Example Typenames From The") is not None
    assert heading_problem("Disadvantages include") is not None
    assert heading_problem("Author: Kenneth Reitz") is not None
    assert heading_problem("Typenames and Affinity") is None


def test_talk_about_the_report_draft_is_no_prose() -> None:
    text = ("<== this is already stated in the previous part of the report draft. "
            "Packages installed in a virtual environment stay out of the system Python. [1]")
    assert repair_text(text).text == "Packages installed in a virtual environment stay out of the system Python. [1]"


def test_a_long_word_one_letter_off_a_passage_word_is_spelt_as_the_passage_does() -> None:
    from warp_report.protocol.glue import Lexicon

    lexicon = Lexicon.of("Typical commercial monocrystalline silicon modules sit in a similar range. "
                         "The effect was first observed by Edmond Becquerel in 1839 with a photovoltaic cell.")
    text = ("Typical commercial monoocrystalline panels sit ina similar range, as Edmond.Becquerel saw. "
            "Photovoltaics differ; a monoocrystaline wafer stays, the sun shines ina box, and os.Path stays.")
    assert lexicon.respell(lexicon.unglue(text)) == (
        "Typical commercial monocrystalline panels sit in a similar range, as Edmond Becquerel saw. "
        "Photovoltaics differ; a monoocrystaline wafer stays, the sun shines ina box, and os.Path stays.")


def test_a_sentence_said_again_with_the_same_numbers_or_from_two_earlier_ones_is_dropped() -> None:
    earlier = ("Typical commercial monocrystalline panels sold in recent years convert about 20%-23% of sunlight. "
               "Loggers expose the interface that application code uses directly. "
               "Each logger has a unique name and a level of its own.",)
    same_numbers = ("Typical commercial panels sell in recent years and convert approximately 20%-23% of sunlight, "
                    "while polycrystalline silicon can be lower.")
    patchwork = "Loggers expose the interface application code uses, and each logger has a unique name."
    new = "Handlers send log records to files, sockets and e-mail, each at a level set per handler. [1]"
    out = repair_text(f"{same_numbers} {patchwork} {new}", earlier=earlier)
    assert out.text == new
    assert [why for _, why in out.dropped] == ["repeats an earlier part"] * 2
    # Other numbers are another claim, however alike the words.
    other = ("Typical commercial panels sold twenty years ago converted about 10%-12% of sunlight, "
             "while polycrystalline silicon was lower. [1]")
    assert repair_text(other, earlier=earlier).text == other


def test_a_clause_that_restates_an_earlier_sentence_is_cut_from_its_sentence() -> None:
    text = ("Several factors lower real-world output below the rated figure. "
            "Polycrystalline modules are a few points lower than monocrystalline ones; several factors "
            "lower the real-world output below the rated figures. [1]")
    out = repair_text(text)
    assert out.text == ("Several factors lower real-world output below the rated figure. "
                        "Polycrystalline modules are a few points lower than monocrystalline ones. [1]")
    assert out.dropped == [("several factors lower the real-world output below the rated figures.",
                            "repeats an earlier sentence")]


def test_instructions_and_plan_talk_said_back_in_chinese_are_dropped() -> None:
    # From the task set's Chinese reports: the prompt's rules translated into the report.
    fact = "浮点数用二进制表示，所以0.1无法精确表示。"
    text = ("150 行以下是部分内容。请直接从内容开始，并不复制或粘贴任何内容。" + fact
            + "本节将介绍编码的历史。以下是一些基本概念，以及它们的使用场景。[1]")
    out = repair_text(text)
    assert out.text == fact + "[1]"
    assert [why for _, why in out.dropped] == ["repeats the instructions"] * 2 + ["describes the report, not the subject"] * 2


def test_typed_emphasis_and_a_lost_space_after_a_full_stop_are_mended() -> None:
    text = ("The file format is unchanged for WAL mode.However, old versions cannot read it. "
            "The **WAL** file holds `a**b` and logging.Handler stays. [1]")
    assert repair_text(text).text == ("The file format is unchanged for WAL mode. However, old versions cannot read it. "
                                      "The WAL file holds `a**b` and logging.Handler stays. [1]")
    # A stop glued after a word no sentence ends on was a space (pg-mvcc, stop 27).
    assert repair_text("Declare transactions as.READ ONLY. The strictest is.Serializable, see `x.is.Y`. [1]").text == (
        "Declare transactions as READ ONLY. The strictest is Serializable, see `x.is.Y`. [1]")
    # A stop typed twice is one; a range in code stays.
    assert repair_text("It adds the sum as a new row with class 2.. [17] Use `a..b` for a range. [2]").text == (
        "It adds the sum as a new row with class 2. [17] Use `a..b` for a range. [2]")


def test_an_acronym_is_recased_as_the_passages_mostly_write_it() -> None:
    from warp_report.protocol.glue import Lexicon

    lexicon = Lexicon.of("WAL mode keeps a log. The WAL file grows. Use WAL for readers. On success it returns 'wal'.")
    assert lexicon.respell("Wal mode and the wal file") == "WAL mode and the WAL file"
    assert Lexicon.of("The wal file. WAL mode.").respell("Wal mode") == "Wal mode"  # no usual spelling


def test_plan_voice_questions_pasted_lists_and_version_notes_are_no_prose() -> None:
    # From the task set's reports (sqlite-when-to-use, py-venv).
    fact = "SQLite reads and writes ordinary disk files directly."
    junk = {
        # The label goes first (``_TITLE_LABEL``, stop 60); the plan's voice after it goes too.
        "Compare the two types of database engines based on their strengths.": "describes the report, not the subject",
        "Highlight any considerations or limitations that should be addressed.": "describes the report, not the subject",
        "Consider the advantages of using WAL mode for multi-file commits.": "describes the report, not the subject",
        "Finally, we discuss how to update the installed packages.": "describes the report, not the subject",
        "It discusses the advantages of using SQLite for these applications.": "describes the report, not the subject",
        "Determine if you need to create custom handlers for your application.": "describes the report, not the subject",
        "Venv — Creation of virtual environments  | Install setuptools in the virtual environment.": "a pasted list",
        "QueueHandler instances send messages to a queue Logging HOWTO See also Module logging.": "a pasted list",
        "For example: $ pip freeze ] } Pip records the packages in a virtual environment.": "reply format typed into the text",
        "When is SQLite a good choice for an application?": "asks instead of stating",
        "venv — Creation * env_name - The name of the environment.": "a pasted list",
        # ap-proxy at stop 54: an outline's item numbers typed into a paragraph.
        "Here's an example outline: Introduction 2.": "a pasted list",
        "It also lets you configure them 4.": "a pasted list",
        "* prompt - The prompt to use.": "a pasted list",
        "New in version 3.3.": "a document's byline",
        "See also: Hacker News discussion from 2022-12-13.": "a document's byline",
        # node-cluster, node-events and node-modules, stops 57-62: an API reference's stability label.
        "Deprecated alias for cluster.setupPrimary().": "a document's byline",
        "This process files with the extension .sjs as .js; Deprecated.": "a document's byline",
        # git-stash at stop 62: a manual page's NAME line inside a sentence.
        "To restore a stashed state, you can use the git-stash - Stash the changes in a dirty working directory away.":
            "a document's byline",
        "The question mentions that SQLite supports STRICT tables.": "describes the report, not the subject",
        # node-cluster at stop 50: the reply to the prompt.
        "To answer your question, we need to understand how cluster.disconnect() is used.":
            "describes the report, not the subject",
        "This text is repeated itself or the instructions (e.g., the activation step) is repeated.": "repeats the instructions",
        "Used for VENV_NAME New in version 3.4: Added the with_pip parameter.": "a document's byline",
        "For example: $ source ~/envs/tutorial-env/bin/activate (tutorial-env) $ python Python 3.5.1 runs.": "pasted code",
        "For example: $ pip install requests --- Metadata-Version: 2.0 Name: requests.": "pasted code",
        "Options are: * upgrade_deps -- Update the base venv modules.": "a pasted list",
        "We have identified multiple facts, including how to create an environment.": "describes the report, not the subject",
        # pg-indexes at stop 37: the writer's to-do list and the system prompt said back.
        "We also need to explain how multicolumn indexes can be extended with columns.": "describes the report, not the subject",
        "We plan an outline to organize the report and write one part per step.": "describes the report, not the subject",
        "Some tips for configuring continuous archiving are given here.": "describes the report, not the subject",
        # ap-proxy at stop 47: the outline's plan said as prose.
        "Additional subsections will explain how to enable Balancer Persist.": "describes the report, not the subject",
        "The purpose is to provide a comprehensive guide on how to use Git well.": "describes the report, not the subject",
        # git-reset-revert at stop 43: the plan's voice about the report's text.
        "The plan will include examples of using these commands effectively.": "describes the report, not the subject",
        "The text will also show how to hard reset.": "describes the report, not the subject",
        "It will show how to remove certain commits from the current branch.": "describes the report, not the subject",
        # git-stash and git-reset-revert at stop 37: a manual page's NAME line.
        "Git stash - Stash the changes in a dirty working directory away.": "a document's byline",
        "Engines differ, such as, which is designed for one problem.": "words cut to pieces",
        # git-bisect at stop 36: a see-also list's entry made a sentence, the verb's complement cut.
        "Fighting regressions with git bisect is, git-blame(1).": "words cut to pieces",
        "For example, may be more efficient in terms of storage compared to, while others scale.": "words cut to pieces",
    }
    out = repair_text(" ".join([fact, *junk]) + " [1]")
    assert out.text == fact + " [1]"
    assert dict(out.dropped) == junk
    # The same verbs stating a fact, and a question inside code, stay.
    fine = ("Developers compare notes often. The `is_ok?` helper exists. Such tools explain little. "
            "For details, see also the WAL page. We found that WAL is faster. The flag was added in version 3.4. "
            "To store rows, we need to create a table first. That is, a table. "
            "Git stash - the command - saves changes. It will show the changes recorded in the stash. "
            "The query plan will use the index. A panel's cross-section will show its layers. "
            "For example: $ pip install requests installs it. "
            "The <<, >>, &, and | operators always return an INTEGER result. The default timeout is 5. "
            "It runs on Python 3. Set the limit to 2. We recommend RAID 5. Reply stamp 5. [1]")
    assert repair_text(fine).text == fine


def test_chinese_plan_lines_are_no_prose() -> None:
    # From py-unicode-zh's reports: the plan's "learn how to ..." written as the part's text.
    fact = "编码是将字符转换为字节序列的过程。"
    plan = ["了解如何在不同的编程语言中使用低级的编码接口来捕获编码序列。", "学习在不同的编程语言中，编写新的编码函数。"]
    out = repair_text(fact + "".join(plan) + " [1]")
    assert out.text == fact + " [1]"
    assert [why for _, why in out.dropped] == ["describes the report, not the subject"] * 2
    # "比较常见的是 UTF-8" (rather common) and "了解编码有助于 ..." state facts and stay.
    fine = "比较常见的编码是UTF-8。了解编码有助于避免乱码。 [1]"
    assert repair_text(fine).text == fine


def test_a_list_announced_with_its_first_number_and_a_short_sentence_said_inside_another_are_dropped() -> None:
    text = ("To install a package, run the command pip install package name in the shell. "
            "To create an environment, you need to follow these steps: 1. Then activate it with its script. [1]\n\n"
            "pip install package name. [2]")
    out = repair_text(text)
    assert out.text == ("To install a package, run the command pip install package name in the shell. "
                        "Then activate it with its script. [1]")
    assert [why for _, why in out.dropped] == ["cut off", "repeats a sentence of this part"]


def test_a_refusal_said_back_and_plan_talk_after_fence_marks_and_a_label_are_dropped() -> None:
    fact = "Handlers send log records to their destinations."
    text = (f"```  ```json  ```markdown Advanced Logging Tutorial`: This section will guide you through handlers. {fact} "
            "This text repeats a part that is already written (e.g., 'We will use handlers'). [1]")
    out = repair_text(text)
    assert out.text == f"{fact} [1]"
    assert [why for _, why in out.dropped] == ["describes the report, not the subject", "repeats the instructions"]


def test_two_sentences_run_together_after_a_cut_word_are_dropped() -> None:
    from warp_report.protocol.prose import not_prose

    run_on = ("Disadvantages include that the journal mode pragma may block readers from performing queries "
              "agains The journal mode pragma may block readers from performing query agains.")
    assert not_prose(run_on) == "words cut to pieces"
    text = f"WAL mode lets readers and a writer work at once [1]. {run_on} [2]"
    fixed = repair_text(text)
    assert "agains" not in fixed.text and "readers and a writer" in fixed.text
    # The run said twice over tells first: a loop.
    assert fixed.dropped == [(run_on, "repeats itself")]
    for fine in ("Readers see the database as it was when The WAL file was opened? No: as in `SELECT The`.",
                 "Use the `journal_mode` pragma. The WAL file grows until a checkpoint.",
                 "SQLite is used by Python and The Document Foundation's office suite."):
        assert not_prose(fine) == "" or "asks" in not_prose(fine), fine


def test_a_chinese_sentence_whose_start_was_cut_away_is_dropped() -> None:
    from warp_report.protocol.prose import not_prose

    assert not_prose("编码和解码的关系》，我们可以了解到，处理文件时需要编写错误处理代码。") == "words cut to pieces"
    assert not_prose("通过阅读《编码和解码的关系》，我们可以了解到处理文件时需要编写错误处理代码。") == ""
    assert not_prose("字符串（str）保存的是 Unicode 码位，字节串（bytes）保存的是编码后的字节。") == ""


def test_a_sentence_with_a_square_bracket_left_open_is_dropped() -> None:
    from warp_report.protocol.prose import not_prose

    assert not_prose("DATatypes In SQLite [12.1  TEXT: The text affinity b NUMERIC, -- numeric affinity c "
                     "BACKWARDS Compatibility. [5]") == "words cut to pieces"
    assert not_prose("SQLit ated [12.2.1  TEXT: TEXT; -- Values will be stored as INTEGER or REAL. [6]") != ""
    for fine in ("A column with REAL affinity forces integers into floating point [4][7].",
                 "The [sqlite3 shell](https://sqlite.org/cli.html) reads the file [2].",
                 "Values are compared as in SQL [1, 3]."):
        assert not_prose(fine) == "", fine


def test_a_word_the_copy_penalty_split_is_joined_as_the_sources_write_it() -> None:
    from warp_report.protocol.glue import Lexicon

    lexicon = Lexicon.of("File locking logic is buggy in many network filesystem implementations. "
                         "A data base is not a database, says `impl ementations`.")
    assert lexicon.rejoin("Locking is buggy in many filesystem implemen tations (on Unix) [9].") == (
        "Locking is buggy in many filesystem implementations (on Unix) [9].")
    # Both halves are the sources' own words: two words, as written.
    assert lexicon.rejoin("A data base holds rows.") == "A data base holds rows."
    # Code spans stay; words the sources never write whole stay apart.
    assert lexicon.rejoin("Run `implemen tations` on a lap top.") == "Run `implemen tations` on a lap top."


def test_a_numbered_section_named_in_prose_is_dropped() -> None:
    from warp_report.protocol.prose import not_prose

    assert not_prose("In the section 1.2, SQLite's pattern is used to design a system with many writers.") != ""
    assert not_prose("As subsection 3.1.1 shows, the affinity follows the declared type.") != ""
    assert not_prose("SQLite 3.7.0 added WAL mode in 2010 [2].") == ""


def test_the_source_said_to_state_a_fact_gives_way_to_the_fact() -> None:
    text = ("The article states that this pattern is used in websites with many writers [6]. "
            "The documentation explains that WAL readers never block writers [2].")
    assert repair_text(text).text == ("This pattern is used in websites with many writers [6]. "
                                      "WAL readers never block writers [2].")
    # A text that is the subject stays as written.
    assert repair_text("The text affinity stores values as strings [3].").text == (
        "The text affinity stores values as strings [3].")


def test_two_lone_letters_in_a_row_are_words_cut_to_pieces() -> None:
    from warp_report.protocol.prose import not_prose

    assert not_prose("Read-only databases allow the recovery of transactions that were i e must be on one computer.") != ""
    assert not_prose("It is strongly advised that y e do not log to the root logger in your library. [10]") != ""
    for fine in ("Compare `a < b` with a and b swapped [1].", "Vitamin A is a nutrient [2].", "The `x a b` columns hold text [3]."):
        assert not_prose(fine) == "", fine


def test_two_articles_in_a_row_or_a_lone_letter_first_are_words_cut_to_pieces() -> None:
    from warp_report.protocol.prose import not_prose

    assert not_prose("So light reflected by one face hits another an n the rated irradiance. [7]") != ""
    assert not_prose("n the rated irradiance, the cell n the rated irradiance, the cell . [8]") != ""
    for fine in ("Another approach is a rollback journal [1].", "venv creates a directory [2].",
                 "The expression x BETWEEN y and z compares twice [3]."):
        assert not_prose(fine) == "", fine


def test_a_sentence_with_no_word_that_says_anything_is_dropped() -> None:
    from warp_report.protocol.prose import not_prose

    # py-venv: "... specify the path to the directory [6]. For example: or."
    for empty in ("For example: or.", "Or it might not. [3]", "However, it is so.", "In addition.", "In other words, this."):
        assert not_prose(empty) != "", empty
    for fine in ("It is 42 [1].", "Use `PRAGMA` for it [2].", "For example, WAL works [3].", "它是这样的。",
                 "In addition, readers never block [4]."):
        assert not_prose(fine) == "", fine


def test_a_run_of_words_said_twice_in_a_row_is_a_loop() -> None:
    fact = "WAL readers do not block the writer [2]."
    for stutter in ("SQLite supports the concept of 'type affinity' SQLite supports the concept of 'type affinity' on "
                    "SQL databases that use rigid typing. [1]",
                    "The cell surface is etched into microscopic n the rated irradiance, the cell n the rated "
                    "irradiance, the cell. [7]",
                    # README's first command at stop 36: the run said twice with "and" between, and a subject
                    # said again as its own object.
                    "The junction creates an electric field, and the junction creates an electric field. [7]",
                    "Inverters and grid connection are used by inverters and grid connection. [2]",
                    # stop 37: the subject again as its own means.
                    "Photovoltaic cells work by using photovoltaic cells to convert light directly into electricity. [7]"):
        out = repair_text(f"{fact}\n\n{stutter}")
        assert out.text == fact and [why for _, why in out.dropped] == ["repeats itself"]
    for fine in ("If a journal named in the super-journal exists, the super-journal is not stale [8].",
                 "Solar panels feed the grid, and the grid feeds the solar panels at night [3].",
                 "A journal file is a file that the journal writes beside the database file [2].",
                 # A name that goes on ("git stash pop") is another thing than the subject.
                 "Git stash works by using git stash pop to restore the saved changes [4]."):
        assert repair_text(fine).text == fine, fine


def test_a_sentence_counting_up_a_number_is_a_loop() -> None:
    fact = "Python 3 strings hold Unicode code points [2]."
    counting = ("For example, multi-byte characters need code such as: 0 % 256; 0 % 4096; 0 % 8192; 0 % 16384; "
                "0 % 32768; 0 % 65536. [19]")
    out = repair_text(f"{fact}\n\n{counting}")
    assert out.text == fact and [why for _, why in out.dropped] == ["repeats itself"]
    for fine in ("Page sizes are 512, 1024, 2048, 4096, 8192, 16384 or 32768 bytes [1].",
                 "Each of 1 to 2, 3 to 4 and 5 to 6 is a range [2]."):
        assert repair_text(fine).text == fine


def test_a_word_cut_short_and_glued_to_the_next_is_written_whole_again() -> None:
    from warp_report.protocol.glue import Lexicon

    lexicon = Lexicon.of("Typical commercial monocrystalline silicon modules sold in recent years convert 20 percent.")
    assert lexicon.unglue("Typical monocrystalline silmodules sold convert 20 percent [1].") == (
        "Typical monocrystalline silicon modules sold convert 20 percent [1].")
    # A word the sources do not have as a tail, or a head that fits no word before it, stays.
    assert lexicon.unglue("The silmodulus and the monomodules stay.") == "The silmodulus and the monomodules stay."
    # A word made with an English prefix is no cut word.
    assert Lexicon.of("Run multiple processes at once.").unglue("Use multiprocesses.") == "Use multiprocesses."


def test_the_rules_said_back_a_name_said_thrice_and_a_cut_aside_are_dropped() -> None:
    from warp_report.protocol.prose import cut_off, not_prose

    assert not_prose("Cite only numbers shown to you as you are here. [11]") != ""
    # node-child (stop 58): the evidence block's heading said back before a pasted page menu.
    assert not_prose("cite by number: Child process child_process.spawn() child_process.exec() fork OS os.cpus() "
                     "Returns an array of objects. [14]") == "repeats the instructions"
    assert not_prose("or, right after that claim it supports. [6]") == "repeats the instructions"  # py-venv
    assert not_prose("Specify the path where you want to install it or right after claim it supports. [6]") != ""
    assert not_prose("Cite evidence with its number in.square brackets Virtual Environments. [6]") != ""
    assert not_prose("Define custom levels only in an application; cite between 1 and 12 (4) of the evidence numbers "
                     "above and no others. [15]") != ""
    assert not_prose("Optimization, but it's not a part of the report. [12]") != ""
    assert cut_off("An event is described by a descriptive mes data (i.e.")
    assert not cut_off("An event has data (i.e. values that differ per event).")
    fact = "Handlers send records to their destinations [3]."
    out = repair_text(f"{fact}\n\nLogging HOWTO, Logging HOWTO, Logging HOWTO,. [14]")
    assert out.text == fact
    for fine in ("Loggers, handlers and formatters work together [1].", "Levels are DEBUG, INFO, WARNING [2].",
                 "Pre-rounding does not help: `round(.1, 1) + round(.1, 1) + round(.1, 1)` is not `round(.3, 1)` [4]."):
        assert not_prose(fine) == "" and repair_text(fine).text == fine, fine


def test_a_lone_letter_between_words_and_a_section_label_are_no_prose() -> None:
    from warp_report.protocol.prose import not_prose

    assert not_prose("Monocrystalline cells are cut from a singl n silicon crystal grown as an ingot. [7]") != ""
    assert not_prose("Section 2: Types of solar cells, please continue with the content. [6]") != ""
    for fine in ("Sum the n values in the list [1].", "A cell of n-type silicon holds extra electrons [2]."):
        assert not_prose(fine) == "", fine
    # A page's heading pasted into a sentence with its quote mark, a fence's language (sqlite-wal).
    assert not_prose("Files are modified within one transaction>     # Writing-Ahead Logging  SQLite allows "
                     "two files. [9]") == "a pasted heading"
    assert not_prose("The atomic commit ``markdown in SQLite is cross-platform. [9]") == "a pasted heading"
    assert not_prose("Use `#` to start a comment, and C# or F# as you like. [2]") == ""
    assert not_prose("Deprecated alias for cluster.isPrimary, cluster.isPrimary. [4]") == "a document's byline"
    assert not_prose("The isMaster flag is deprecated and may be removed. [4]") == ""
    assert not_prose("Restart and Graceful-Stop - These signals stop and restart httpd. [15]") == ""
    # ap-vhosts at 3b9994e, git-bisect at stop 59: a lone letter left as a sentence's last word.
    for garble in ("Any vhost that includes the magic _default_ wildcard is s. [11]",
                   "Bisect again in case your build or test environment changed s."):
        assert not_prose(garble) == "words cut to pieces", garble
    for fine in ("Sort the table by column c. [2]", "The value is stored in x.", "Press Ctrl+C.", "Use git log -p."):
        assert not_prose(fine) == "", fine
    # node-modules and node-cluster, stop 63: an article before a conjunction; an entry's name and its capitalised
    # first word joined by "is".
    for garble in ("Variables local to the module will be private, because the and in this example, PI is private.",
                   "Since require() returns the module.exports, and the must be explicitly exported in order to be used.",
                   "disconnect() is Called when all workers are disconnected and handles are closed. [5]"):
        assert not_prose(garble) == "words cut to pieces", garble
    for fine in ("The `and` operator joins both. [2]", "The and-or tree is balanced. [2]",
                 "The setting is Off by default, which is called safe mode. [3]", "It is called when workers exit. [5]"):
        assert not_prose(fine) == "", fine
    # A reference entry's label run into its text, one word twice in two spellings (node-cluster, stops 58-61).
    assert not_prose("setupPrimary() deprecated Deprecated alias for .setupPrimary(). [15]") == "a pasted heading"
    assert not_prose("However, the removal from the cluster Cluster Disconnect: In a worker, it is disconnect(). [11]") == \
        "a pasted heading"
    for fine in ("The cluster module lets workers share a port. [1]", "Run `git git-stash` only once. [2]",
                 "The the word is doubled by the writer here. [3]"):
        assert not_prose(fine) == "", fine
    # An option list's item after the sentence's words (node-cluster, stop 61); a leading item is a list.
    assert not_prose("It changes the default fork behavior. setupMaster() * settings: see cluster.settings. [15]") == \
        "a pasted list"
    # A list's label run into its text (sqlite-when-to-use).
    assert not_prose("Very large datasets An SQLite database is limited in size to 281 terabytes. [8]") != ""
    assert not_prose("Embedded devices and the internet of things Because an SQLite database needs no admin. [6]") != ""
    # Capitals that open a sentence or a clause after its comma stay.
    assert not_prose("Many applications use SQLite as a cache, and most of them run in Python. [9]") == ""
    # A "(" never closed after the sentence's start (py-venv); an aside that opens the sentence may go on.
    assert not_prose("It modifies the environment done by calling a script in its directory (bin done by "
                     "calling a script in its bin directory. [8]") == "words cut to pieces"
    assert not_prose("(This script is written for the bash shell. [3]") == ""
    # Any letter but "a" and "i" (sqlite-wal, py-logging): what the copy penalty left of a word.
    for junk in ("Read-only databases allow recovery of transactions that e must be on one computer. [8]",
                 "It lets developers control how t he log records go to their destination. [1]",
                 "Also, t file locking logic is buggy in many network filesystems. [9]"):
        assert not_prose(junk) == "words cut to pieces", junk
    # "an" left before a consonant: the word it was written for was cut (README's first command, sqlite).
    for junk in ("Light reflected by one face hits an second chance at the cell. [4]",
                 "SQLite will normally work fine as the database backend to an website. [2]"):
        assert not_prose(junk) == "words cut to pieces", junk
    for fine in ("It takes an hour to build [1].", "Each logger has an `addHandler` method [2].",
                 "An SQLite file is an sql database [3].", "An n-gram index and an x-axis label [4]."):
        assert not_prose(fine) == "", fine
    for fine in ("Sorting of column c is performed using the NOCASE collating sequence [2].",
                 "Loop with for c in the string to see each character [3].", "Then I ran it again [1].",
                 "Press q to leave the pager, or answer y when asked [2]."):
        assert not_prose(fine) == "", fine


def test_a_sentence_that_drops_its_passages_not_is_dropped() -> None:
    # From sqlite-wal's reports: the copy penalty took the "not" out of a copied sentence.
    passage = ("Write-Ahead Logging\nAll processes using a database must be on the same host computer; WAL does not "
               "work over a network filesystem. SQLite has traditionally assumed that a sector write is not atomic. "
               "However, SQLite does always assume that a sector write is linear. If there are no crashes or power "
               "failures you will never get a hot journal.")
    flipped = ["WAL works over network filesystems.", "SQLite has traditionally assumed that a sector write is atomic."]
    kept = ["WAL does not work over network filesystems.",  # the passage's claim, negation kept
            "SQLite has traditionally assumed that a sector write is linear.",  # the next sentence's claim
            "Hot journals exist to recover from crashes and power failures."]  # "no crashes" denies nothing
    text = " ".join(flipped + kept) + " [1]"  # flipped first: after their kept twins they would be repeats
    out = repair_text(text, passages=(passage,), backed_by=("How does WAL work?", passage))
    assert [s for s, why in out.dropped] == flipped
    assert {why for _, why in out.dropped} == {"says the opposite of its passage"}
    assert out.text == " ".join(kept) + " [1]"
    # Without the passages' words to go by (a CJK question, the trained model), nothing is judged.
    unjudged = repair_text(text, passages=(passage,))
    assert flipped[0] in unjudged.text and "says the opposite of its passage" not in {w for _, w in unjudged.dropped}


def test_a_quote_after_a_bracket_that_closes_no_quote_is_dropped() -> None:
    # README's first command, stop 56: the passage's double quotes turned single, one typed twice.
    out = repair_text("A solar module (the 'panel' people see on roofs)' is a sandwich built to protect cells [1].").text
    assert out == "A solar module (the 'panel' people see on roofs) is a sandwich built to protect cells [1]."
    # A quote the bracket closes inside of, an apostrophe, and code keep theirs.
    for fine in ('He called it "the panel (on roofs)" in the guide [2].',
                 "The 'string (of panels)' is what a string inverter takes [3].",
                 "Run `echo (x)'` in a shell to see it [4]."):
        assert repair_text(fine).text == fine, fine


def test_a_comparison_of_equals_closed_with_than_is_closed_with_as() -> None:
    # README's first command, stop 56: "as much energy than five hours" for the passage's "as".
    out = repair_text("A site with five peak sun hours receives as much energy than five hours at the rated "
                      "irradiance [3].").text
    assert out == "A site with five peak sun hours receives as much energy as five hours at the rated irradiance [3]."
    # "more ... than", and "as many" far from its "than", stay.
    for fine in ("Trackers give as many as a fifth more energy than fixed mounts [2].",
                 "It gives more energy than five hours at the rated irradiance [3]."):
        assert repair_text(fine).text == fine, fine


def test_a_passages_relative_clause_made_a_pointers_sentence_goes_after_another_subject() -> None:
    # README's first command, stop 57: irradiance's "..., which is the condition used to rate modules"
    # said as "This is ..." after a sentence on warranties.
    warranty = ("# Solar panel efficiency\nManufacturers commonly warrant that a module will still deliver around 80 "
                "to 90 percent of its rated power after 25 years.")
    noon = ("# Sunlight and panel efficiency\nIrradiance, the power of sunlight per square metre, is close to 1,000 watts per square "
            "metre at noon on a clear day, which is the condition used to rate modules.")
    kw = dict(title="Solar Panel Efficiency", passages=(warranty, noon), backed_by=(warranty, noon), one_source=True,
              question="How do solar panels turn sunlight into electricity?")
    first = "Manufacturers commonly warrant that a module will still deliver around 80 to 90 percent of its rated power."
    out = repair_text(f"{first} [1] This is the condition used to rate modules. [2]", **kw)
    assert out.dropped == [("This is the condition used to rate modules.", "points back at no sentence")]
    assert out.text.startswith(first)
    # After a sentence that names what the passage says it of, "This" points where the passage does.
    fine = "Irradiance is close to 1,000 watts per square metre at noon on a clear day. This is the condition used to rate modules. [2]"
    assert repair_text(fine, **kw).text == fine
    assert not relative_as_pointer("This is the condition used to rate modules.", "It peaks on a clear day.",
                                   [noon.split("\n")[1]])


def test_one_into_the_other_after_a_sentence_that_named_neither_goes() -> None:
    # README's first command, stop 62: DC and AC were named in the passage's sentence before, not the report's.
    inverters = ("Inverters and grid connection\n\nSolar modules produce direct current (DC), while homes and the "
                 "electricity grid use alternating current (AC). The inverter converts one into the other and is the "
                 "heart of every grid-connected system.\n\nAll modern inverters run maximum power point tracking "
                 "(MPPT): they continuously adjust the electrical load so that the panels operate at the voltage "
                 "where they deliver the most power under the current light and temperature.")
    kw = dict(title="Inverters and grid connection", passages=(inverters,), backed_by=(inverters,), one_source=True,
              question="How do solar panels turn sunlight into electricity?")
    mppt = ("All modern inverters run maximum power point tracking (MPPT) and continuously adjust the electrical load "
            "so that the panels operate at the voltage where they deliver the most power. [11]")
    pointer = "The inverter converts one into the other and is the heart of every grid-connected system."
    out = repair_text(f"{mppt} {pointer} [10]", **kw)
    assert out.dropped == [(pointer, "points back at no sentence")]
    # After the passage's sentence before it, said again, "one" and "the other" are DC and AC.
    named = "Solar modules produce direct current (DC), while homes and the grid use alternating current (AC)."
    fine = f"{named} {pointer} [10]"
    assert repair_text(fine, **kw).text == fine
    sentences = [x for line in inverters.split("\n") for x in split_sentences(line)]
    assert pair_unnamed(pointer, mppt, sentences)
    assert not pair_unnamed(pointer, named, sentences)


def test_two_stubs_round_a_semicolon_are_a_fragment() -> None:
    # node-modules, stop 57: a paragraph of its own under "The module wrapper".
    out = repair_text("Module wrappers hold the module's code [6].\n\nDeprecated; of loading. [7][8]")
    assert out.text == "Module wrappers hold the module's code [6]."
    assert out.dropped == [("Deprecated; of loading.", "a fragment")]
    fine = "Use the wrapper; it keeps variables scoped to the module. [6]"
    assert repair_text(fine).text == fine


def test_a_copy_left_without_its_stop_where_the_passage_goes_on_is_cut_off() -> None:
    # node-child, stop 57: the report's last paragraph, a passage sentence's first words.
    page = ("Child process\nInstances of ChildProcess are not intended to be created directly. Rather, use the "
            "child_process.spawn(), child_process.exec(), child_process.execFile(), or child_process.fork() methods "
            "to create instances of ChildProcess.")
    first = "Instances of ChildProcess are not intended to be created directly. [12]"
    out = repair_text(f"{first}\n\nRather, use the child_process.spawn() [12]", passages=(page,), backed_by=(page,))
    assert out.text == first and out.dropped == [("Rather, use the child_process.spawn()", "cut off")]
    assert cut_copy("Rather, use the child_process.spawn()", [page.split("\n")[1]])
    # With its stop, near the passage's end, or the model's own words: a stop is all it lacks.
    for fine in ("Rather, use the child_process.spawn().", "methods to create instances of ChildProcess",
                 "Use spawn() for long-running processes"):
        assert not cut_copy(fine, [page.split("\n")[1]]), fine


def test_a_closing_paren_after_a_full_stop_that_closes_nothing_is_dropped() -> None:
    # sqlite-types: an aside copied from its middle ran its last sentence into the next.
    out = repair_text("But that term was easy to confuse with 'no affinity' and so it was renamed.) A column with "
                      "REAL affinity behaves like a column with NUMERIC affinity [6].").text
    assert ".)" not in out and "renamed. A column with REAL" in out
    # An aside of two sentences, "1)" list numbers and code keep theirs.
    for fine in ("(This is new. It came in 3.37.) Rows are checked when they are written [2].",
                 "Run `f(x.)` as shown; then 1) open the file and 2) write it [3]."):
        assert repair_text(fine).text == fine, fine
    # py-venv: an aside's start that opens a sentence, its end never copied.
    out = repair_text("Pip has subcommands such as install and freeze [13].\n\n"
                      "(Consult the installing guide for the complete documentation of pip [13].").text
    assert out.endswith("\n\nConsult the installing guide for the complete documentation of pip [13].")
    # sqlite-wal: a comma left before the full stop, the next sentence glued on.
    out = repair_text("A connection is open on a WAL-mode database,.SQLite keeps an extra file [4].").text
    assert out == "A connection is open on a WAL-mode database. SQLite keeps an extra file [4]."


def test_a_docstring_field_and_a_determiner_after_an_article_are_no_prose() -> None:
    from warp_report.protocol.prose import not_prose

    # py-venv: a docstring's field list copied from a code example; "the that directory".
    assert not_prose(":param context: The info for the virtual environment creation request. [8]") == "pasted code"
    assert not_prose("Use it as :returns: the new path [2].") == "pasted code"
    # py-logging: a code example run together; sqlite-atomic-commit: a plan for work never done.
    assert not_prose("import logging logging.getLogger('foo').addHandler(logging.NullHandler()); should work. [12]") \
        == "pasted code"
    assert not_prose("We will use SQLite's built-in locking mechanism to simulate crashes. [10]") != ""
    assert not_prose("In this document we will call the mass storage device disk [3].") == ""
    assert not_prose("Plan: Introduction. [10][9][1]") != ""
    for junk in ("It directly addresses the question about installing packages in a virtual environment. [4]",
                 "It effectively explains and connects the facts about Python virtual environments. [4]"):
        assert not_prose(junk) != "", junk
    assert not_prose("The plan: a lock is taken first [2].") == ""
    assert not_prose("This will prepend the that directory to your PATH [1].") == "words cut to pieces"
    for fine in ("Set `:param x:` fields in docstrings [3].", "Pass a parameter: the path of the environment [4].",
                 "It is the one that the shell runs [5]."):
        assert not_prose(fine) == "", fine


def test_chinese_plan_voice_and_a_lone_han_character_are_no_prose() -> None:
    from warp_report.protocol.prose import not_prose

    # p-logging-zh: "this chapter shows/introduces in detail", "we will"; a character left of a word.
    for junk in ("本章详细介绍了如何创建和配置日志文件的格式。[1]", "本章展示了如何使用日志模块。[2]",
                 "其中，我们将在不同编程语言中分别创建和使用日志文件。[7]", "此外，我们还研究了如何消除回溯策略。[8]"):
        assert not_prose(junk) != "", junk
    assert not_prose("例如，在不同的编程语言中使用 日 化字符串来实现。[3]") == "words cut to pieces"
    assert not_prose("正则表达式的语法包括以下部分：0-9、.、%、+、-、/、:、;、,、(、)、),、.、,、(、)、),。[4][5][6]") \
        == "words cut to pieces"
    assert not_prose("It matches `[^\\w\\s]{10,}` and (a, b) pairs [2][3][4].") == ""
    # py-unicode-zh: "\\d", "\\w" are Latin, which a Chinese writer may not type: only the commas were left.
    assert not_prose("一些特殊字符序列如 、、、等在某些情况下会有不同的含义。[6]") == "words cut to pieces"
    assert not_prose("例如， 、、、等在不同情况下可能会被看作是数字。[7]") == "words cut to pieces"
    assert not_prose("字符类包括数字、字母、空白等。[6]") == ""
    assert not_prose("我们可以使用 yy_push_state 把当前状态压入栈中。[9]") == ""
    for fine in ("可以设置日志级别 和 输出渠道。[1]", "结果从 1/10 到 3/10 变化。[2]", "我们可以使用 logging 模块记录事件。[4]"):
        assert not_prose(fine) == "", fine


def test_the_replys_json_typed_after_a_sentences_end_is_cut() -> None:
    # README's first command at 97cc2a9: the paragraph ended in the reply's own braces.
    text = "Capacity factors are about 10 to 25 percent, depending on whether trackers are used.”  ,  }      { [10]"
    assert repair_text(text).text == "Capacity factors are about 10 to 25 percent, depending on whether trackers are used. [10]"
    for fine in ("He said “it works.” [2]", "Readers never block writers. [1][2]", "It returns `{}`. [3]"):
        assert repair_text(fine).text == fine


def test_an_identifier_with_its_head_cut_off_is_written_whole_again() -> None:
    from warp_report.protocol.glue import Lexicon

    lexicon = Lexicon.of("Since activating an environment is not required, VIRTUAL_ENV cannot be relied upon. "
                         "Set MY_SETTING in the shell.")
    # py-venv at 32a291f: "a valid virtual environment L_ENV can be relied upon".
    assert lexicon.unglue("A virtual environment L_ENV can be relied upon [5].") == (
        "A virtual environment VIRTUAL_ENV can be relied upon [5].")
    # A head that is a word of the sources ("my") makes another name, and an identifier of the sources stays.
    assert lexicon.unglue("Use MY_ENV or VIRTUAL_ENV.") == "Use MY_ENV or VIRTUAL_ENV."
    # Two source identifiers end alike: which one was cut is not known.
    two = Lexicon.of("TOOL_ENV and VIRTUAL_ENV are both read.")
    assert two.unglue("Set L_ENV now.") == "Set L_ENV now."


def test_two_passage_sentences_run_together_are_split() -> None:
    passages = ("Pip has a number of subcommands: install, uninstall, freeze, etc. "
                "Packages are installed in the site directories. SQLite uses a journal to commit changes. "
                "Data is stored by SQLite in one file.",)
    glued = ("The venv module gives each environment its own packages installed in the site directories "
             "Pip has a number of subcommands: install, uninstall, freeze, etc. [2]")
    out = repair_text(glued, title="Packages in a venv", passages=passages)
    assert out.text == ("The venv module gives each environment its own packages installed in the site directories. "
                        "Pip has a number of subcommands: install, uninstall, freeze, etc. [2]")
    # A name the passages write inside sentences ("SQLite"), or words ending on "the", are no sentence end.
    for fine in ("Every write made by the database engine SQLite uses a journal to commit changes safely. [1]",
                 "Each new environment is installed into the Pip has a number of subcommands list. [1]"):
        assert repair_text(fine, title="Packages in a venv", passages=passages).text == fine



def test_a_passage_sentence_pasted_where_a_clause_broke_off_splits_and_the_stub_goes() -> None:
    # pg-mvcc at stop 37: a bullet's sentence ("Don't" read as "don", "t") pasted after "which".
    passages = ("Transaction Isolation\n  * Don't leave connections dangling idle in transaction longer than necessary.",)
    glued = ("This is achieved using a technique called Snapshot Isolation, which Don't leave connections dangling "
             "idle in transaction longer than necessary. [1]")
    out = repair_text(glued, title="Table-Level Locks", passages=passages)
    assert out.text == "Don't leave connections dangling idle in transaction longer than necessary. [1]"
    assert out.dropped == [("This is achieved using a technique called Snapshot Isolation, which", "cut off")]


def test_a_word_only_a_sentence_start_capitalises_splits_two_glued_sentences() -> None:
    passages = ("Usage requirements are propagated by reading the INTERFACE_ variants of target properties.",)
    # (A purpose alone after the split is a fragment since stop 60: the second sentence has its main clause.)
    glued = ("Libraries and targets following LINK_PUBLIC are linked To link them, CMake reads the INTERFACE_ "
             "variants of target properties from dependencies. [1]")
    out = repair_text(glued, title="Public dependencies", passages=passages)
    assert out.text == ("Libraries and targets following LINK_PUBLIC are linked. To link them, CMake reads the "
                        "INTERFACE_ variants of target properties from dependencies. [1]")
    # A name the passages write inside a sentence stays ("The Book" is a title there).
    named = ("Reference manual The Book explains how targets are linked in detail. "
             "Targets are linked to The Book examples in every chapter of it. [1]")
    fine = "Every chapter of the guide links to The Book examples for more detail. [1]"
    assert repair_text(fine, title="Public dependencies", passages=(named,)).text == fine


def test_a_title_before_a_passage_sentence_or_in_parentheses_goes_and_an_empty_code_span_too() -> None:
    passages = ("cmake-toolchains(7)\nConfigure use of an Android standalone toolchain with these variables. "
                "The NDK at the given location will be used.",)
    text = ("cmake-toolchains(7) configure use of an Android standalone toolchain with these variables. [1] "
            "The NDK at the given location will be used ( cmake-toolchains(7)) when it is set, and the `` stays. [2]")
    out = repair_text(text, title="Android", sources=("cmake-toolchains(7)",), passages=passages)
    assert out.text == ("Configure use of an Android standalone toolchain with these variables. [1] "
                        "The NDK at the given location will be used when it is set, and the stays. [2]")
    out = repair_text("生成器表达式在生成构建系统时求值。例如，`>`。 [1]")
    assert out.text == "生成器表达式在生成构建系统时求值。 [1]"
    # A manual page's name before a sentence goes even where the words after it are the model's own.
    man = "cmake-toolchains(7)  compilers found on the host serve every target. [3]"
    assert repair_text(man, title="Android", sources=("cmake-toolchains(7)",), passages=passages).text == (
        "Compilers found on the host serve every target. [3]")
    # ... and where what is left has no subject (``_VERB_FIRST``, stop 60), that goes too.
    verb = "cmake-toolchains(7)  makes use of compilers found on the host for every target. [3]"
    assert repair_text(verb, title="Android", sources=("cmake-toolchains(7)",), passages=passages).text == ""
    # The title made the subject of the passage's sentence with "are" (README's first command, stop 43).
    storage = ("Storage and costs\nSolar power is produced only while the sun shines, so many households pair panels "
               "with a battery.",)
    linked = "Storage and costs are solar power is produced only while the sun shines, so many households pair panels. [4]"
    assert repair_text(linked, title="Inside a module", sources=("Storage and costs",), passages=storage).text == (
        "Solar power is produced only while the sun shines, so many households pair panels. [4]")
    subject = "Storage and costs are lower where batteries are shared by several households on one street. [4]"
    assert repair_text(subject, title="Inside a module", sources=("Storage and costs",), passages=storage).text == subject
    twice = "cmake-toolchains(7) cmake-toolchains(7) Cross compiling for QNX needs its SDK on the host. [5]"
    assert repair_text(twice, title="Android", sources=("cmake-toolchains(7)",), passages=passages).text == (
        "Cross compiling for QNX needs its SDK on the host. [5]")
    code_first = "cmake-toolchains(7) target_include_directories() commands set the usage requirements. [5]"
    assert repair_text(code_first, title="Android", sources=("cmake-toolchains(7)",), passages=passages).text == (
        "target_include_directories() commands set the usage requirements. [5]")  # a name keeps its case
    typed = "The content is read by the above $&lt;CONFIG:Debug&gt; expression at build time. [6]"
    assert repair_text(typed).text == "The content is read by the above `$<CONFIG:Debug>` expression at build time. [6]"
    between = ("A toolchain file can select the Nsight Tegra Edition cmake-toolchains(7) Alternatively one may "
               "specify the values on the command line. [4]")
    assert repair_text(between, passages=passages).text == (
        "A toolchain file can select the Nsight Tegra Edition. Alternatively one may specify the values on the "
        "command line. [4]")
    # The title as a sentence's subject stays, and so do ``literal`` marks.
    subject = "The NDK page describes how the compilers are chosen, as ``CMAKE_SYSROOT`` shows. [1]"
    assert repair_text(subject, title="Android", sources=("The NDK page",), passages=passages).text == subject


def test_a_chain_of_titles_before_a_sentence_goes_in_any_order() -> None:
    text = ("Using Dependencies Guide  Importing and Exporting Guide  Dependency Providers  "
            "Specify dependency providers before the first call. [11]")
    out = repair_text(text, title="Dependency Providers",
                      sources=("Importing and Exporting Guide", "Using Dependencies Guide"))
    assert out.text == "Specify dependency providers before the first call. [11]"


def test_no_space_is_left_before_a_stop() -> None:
    text = ("Homes use alternating current (AC) . Most households pair panels with a battery . "
            "Run `ls .` to list it. [1]")
    assert repair_text(text).text == ("Homes use alternating current (AC). Most households pair panels with a battery. "
                                      "Run `ls .` to list it. [1]")


def test_a_sentence_that_ends_on_and_was_cut_off() -> None:
    cut = "The target_include_directories(), target_compile_definitions() and."
    out = repair_text(f"Each target has usage requirements. {cut} [1]")
    assert out.text == "Each target has usage requirements. [1]"
    assert out.dropped == [(cut, "cut off")]


def test_an_opener_that_only_announces_what_follows_is_cut() -> None:
    text = ("This involves several steps: To create a Python virtual environment, use the venv module. [1] "
            "This module has two classes: Logger and Handler send records to their destinations. [2]")
    assert repair_text(text).text == (
        "To create a Python virtual environment, use the venv module. [1] "
        "This module has two classes: Logger and Handler send records to their destinations. [2]")


def test_a_word_tail_left_as_a_paragraph_is_dropped() -> None:
    kept = "It uses the venv module to create and manage your project's dependencies. [8]"
    out = repair_text(f"{kept}\n\nsitories. [9][10]\n\nA venv keeps its own packages. [11]")
    assert out.text == f"{kept}\n\nA venv keeps its own packages. [11]"
    assert out.dropped == [("sitories.", "a fragment")]
    # A short sentence that starts as sentences do stays.
    assert repair_text("Pip installs packages. [2]").text == "Pip installs packages. [2]"


def test_a_short_sentence_opening_on_a_lowercase_word_no_passage_holds_is_dropped() -> None:
    # README's first command at be3c128: "... exposed to light. [13] resist hail and wind loads. [14]".
    passages = ("The front glass lets almost all visible light through while resisting hail and wind loads.",
                "Install packages into it with the command below.\n  pip install -r requirements.txt\nThe file lists one package a line.")
    kept = "The first effect was seen in 1839 when an electrode was lit. [13]"
    out = repair_text(f"{kept} resist hail and wind loads. [14]", passages=passages)
    assert out.text.startswith(kept) and "resist" not in out.text
    assert out.dropped == [("resist hail and wind loads.", "a fragment")]
    # A name of the passages may open a short sentence lowercase.
    name = "pip install -r requirements.txt installs them. [2]"
    assert repair_text(name, passages=passages).text == name


def test_a_numbered_list_run_into_a_sentence_loses_its_numbers() -> None:
    text = ("VACUUM recovers disk space occupied by deleted rows, 2. It updates statistics used by the "
            "PostgreSQL planner, and 3. To update the visibility map. [7]")
    assert repair_text(text).text == (
        "VACUUM recovers disk space occupied by deleted rows, it updates statistics used by the "
        "PostgreSQL planner, and to update the visibility map. [7]")
    assert repair_text("It reads rows, 2. PostgreSQL writes them. [1]").text == "It reads rows, PostgreSQL writes them. [1]"
    # Numbers in a list of numbers stay.
    assert repair_text("The levels are 1, 2. The next is 3. [1]").text == "The levels are 1, 2. The next is 3. [1]"


def test_the_tail_of_a_bracketed_label_opens_no_sentence() -> None:
    kept = "Automatic vacuuming reclaims disk space. [11]"
    out = repair_text(f"routine vacuuming] 13.3. [11]\n\n{kept}")
    assert out.text == kept
    assert out.dropped == [("routine vacuuming] 13.3.", "a fragment")]
    assert repair_text("Use a [link](x.html) in text. [2]").text == "Use a [link](x.html) in text. [2]"


def test_the_tail_of_a_passage_sentence_copied_as_a_sentence_is_dropped() -> None:
    passages = ("Transaction Isolation\nThis level emulates serial transaction execution for all committed "
                "transactions; as if transactions had been executed one after another, serially.",
                "venv\nvenv creates virtual environments. Use pip install to add packages to them.")
    kept = "The Serializable level emulates serial execution. [6]"
    tail = "as if transactions had been executed one after another, serially."
    out = repair_text(f"{tail} [6]\n\n{kept}", passages=passages)
    assert out.text == kept
    assert out.dropped == [(tail, "a fragment")]
    # A lowercase name opens a sentence ("pip", "venv"), and a function word may open one that no
    # passage continues.
    assert repair_text("venv creates virtual environments for projects. [2]", passages=passages).dropped == []
    assert repair_text("pip install to add packages to them, as the manual says. [2]", passages=passages).dropped == []
    assert repair_text("as we have seen, the levels differ. [2]", passages=passages).dropped == []


def test_a_plan_clause_joined_to_a_fact_goes_and_the_fact_stays() -> None:
    # pg-locking-zh, stop 27: a list announced, a plan's clause, then the fact, in one sentence.
    fact = "死锁是指两个事务各自持有对方需要的锁。"
    out = repair_text(f"显式锁的特性包括以下几点： 最后，我们来探讨死锁的概念；{fact} [1]")
    assert out.text == f"{fact} [1]"
    assert [why for _, why in out.dropped] == ["describes the report, not the subject"] * 2
    out = repair_text("Multicolumn indexes are useful: we will then delve into their benefits; "
                      "a B-tree index can use any subset of its columns. [2]")
    assert out.text == "Multicolumn indexes are useful: a B-tree index can use any subset of its columns. [2]"
    # A colon or semicolon between facts is no plan.
    assert repair_text("The note says: use a pool; it helps. [1]").dropped == []


def test_a_sentence_opened_in_lowercase_gets_its_capital() -> None:
    passages = ("Routine Vacuuming\nIf the table is small, VACUUM scans it all. Otherwise, set the age as you like. "
                "The autovacuum launcher starts workers.",
                "venv\npip installs packages. sqlite3 opens a database.")
    out = repair_text("otherwise, only pages modified since the last VACUUM are scanned. [8] "
                      "to recover disk space, run VACUUM FULL. [3]", passages=passages)
    assert out.text == ("Otherwise, only pages modified since the last VACUUM are scanned. [8] "
                        "To recover disk space, run VACUUM FULL. [3]")
    # A lowercase name keeps its case, and so does a word no passage opens a sentence with.
    for text in ("pip installs the packages a project needs. [2]", "sqlite3 opens the database file. [2]",
                 "autovacuum launches its workers every minute. [1]"):
        assert repair_text(text, passages=passages).text == text


# A man-page corpus (git's manual pages, 2026-12-02): what the 0.5B made of its passages.
MAN_PASSAGES = ("git-reset(1)\nIf <commit> is omitted, defaults to HEAD. git reset --soft does not touch the index file.",
                "git-bisect(1)\nThen, use git bisect <term-old> and git bisect <term-new> instead of good and bad.")


def test_a_man_page_placeholder_stays_as_code() -> None:
    text = ("The index is reset to the tree of <commit> and the working tree is kept. [1] "
            "Mark commits with git bisect <term-old> or git bisect <term-new>, and <b>HEAD</b> stays. [2]")
    out = repair_text(text, passages=MAN_PASSAGES)
    assert out.text == ("The index is reset to the tree of `<commit>` and the working tree is kept. [1] "
                        "Mark commits with git bisect `<term-old>` or git bisect `<term-new>`, and HEAD stays. [2]")
    # A name in angle brackets that no passage writes is still markup.
    assert repair_text("It resets the tree of <commit> in place. [1]").text == "It resets the tree of in place. [1]"
    # The word a placeholder is part of is one code span; a sentence's stop stays outside it.
    found = ("CMake reads Find<PackageName>.cmake from lib/cmake/<PackageName> and sets <PackageName>_FOUND. "
             "It then loads <PackageName>. [1]")
    out = repair_text(found, passages=("Search for Find<PackageName>.cmake, <PackageName>Config.cmake.",))
    assert out.text == ("CMake reads `Find<PackageName>.cmake` from `lib/cmake/<PackageName>` and sets "
                        "`<PackageName>_FOUND`. It then loads `<PackageName>`. [1]")
    # The passage's placeholder in other capitals is still the passage's, not a tag to take out.
    out = repair_text("A rule prefixed with '<SC>' is active only in that state. [1]",
                      passages=("A rule whose pattern is prefixed with '<sc>' is active only in state sc.",))
    assert out.text == "A rule prefixed with '`<SC>`' is active only in that state. [1]"


def test_one_rule_phrase_said_back_is_an_echo_where_no_passage_says_it() -> None:
    rules = ("Write about 200 words of plain Markdown paragraphs (no headings, no title line), in your own words: "
             "explain and connect the facts, do not paste the passages.")
    kept = "Git reset moves the current branch head to another commit. [1]"
    echo = ("200 words of plain Markdown paragraphs (no headers and title line), in your own words: explaining how "
            "to use git reset and when to discard the working tree. [2]")
    out = repair_text(f"{kept} {echo}", rules=rules)
    assert out.text == kept + " [2]"
    assert [why for _, why in out.dropped] == ["repeats the instructions"]
    # The same words in a passage are the subject's, and runs of function words are no echo.
    said = ("A file holds about 200 words of plain Markdown paragraphs.",)
    fine = "The notes hold about 200 words of plain Markdown paragraphs each. [1]"
    assert repair_text(fine, rules=rules, passages=said).text == fine
    assert repair_text("It is not one of the ones to use. [1]", rules=rules + " It is not one of the rules.").text \
        == "It is not one of the ones to use. [1]"


def test_a_console_prompt_and_a_man_page_label_are_not_prose() -> None:
    text = ("git-bisect(1) $ git bisect bad. Then git bisect answers with the number of revisions left to test. [6] "
            "Git revert (1) This command records new commits that reverse earlier ones. [5]")
    out = repair_text(text)
    assert out.text == ("Then git bisect answers with the number of revisions left to test. [6] "
                        "This command records new commits that reverse earlier ones. [5]")
    assert out.dropped == [("git-bisect(1) $ git bisect bad.", "pasted code")]
    # A procedure's step number before its sentence (pg-backup, stop 27) goes the same way.
    assert repair_text("Step 3: Enable archiving before the base backup. [8] 步骤 2：创建归档目录。[9]").text == \
        "Enable archiving before the base backup. [8] 创建归档目录。[9]"
    assert repair_text("Step 3 of the recovery replays the WAL. [8]").text == "Step 3 of the recovery replays the WAL. [8]"
    # A list's labels and its dashed item's own label (node-child, stop 51); a colon without a dash stays.
    assert repair_text("Spawn: - `exec` with callback function: This function runs a command. [12]").text == \
        "This function runs a command. [12]"
    assert repair_text("Note: the value is 5 - or 6. [2]").text == "Note: the value is 5 - or 6. [2]"
    synopsis = ("git-stash(1) {git-stash - Stash the changes in a dirty work directory away git stash list } "
                "git-stash(1) {Saving unrelated changes for future use.")
    assert not_prose(synopsis) == "pasted code"
    # A command in a code span, a sum of money and a man page named inside a sentence stay.
    for fine in ("Run `$ git bisect bad` to mark the commit. [1]", "The plan costs $ 5 per month. [1]",
                 "For example, $ git bisect bad marks the commit. [1]",
                 "The entry HEAD@{1} names where HEAD was before the last move. [1]",
                 "The git-reset(1) page names three modes of reset. [1]"):
        assert repair_text(fine).text == fine


def test_a_write_step_checks_its_reply_against_the_rule_lines_without_the_plan() -> None:
    from langchain_core.messages import HumanMessage, SystemMessage

    from warp_report.nodes.write_request import rule_lines

    messages = [SystemMessage("You are a careful research writer. Cite evidence with its number."),
                HumanMessage('Evidence: ...\n\nTask: write the part "Undoing commits". Plan: Explain how reset undoes '
                             "commits on a branch.\nWrite about 200 words of plain Markdown paragraphs (no headings, "
                             "no title line), in your own words: explain and connect the facts.")]
    rules = rule_lines(messages)
    assert "plain Markdown paragraphs" in rules and "careful research writer" in rules
    assert "Plan:" not in rules and "reset undoes" not in rules
    ctx = ActionContext(query="How are commits undone?", shown_ids=frozenset({"1", "2"}), node_title="Undoing commits",
                        rules=rules)
    kept = ("Git reset moves the current branch head to another commit, and its modes decide what happens to the "
            "index and the working tree. [1] A revert records new commits that reverse earlier ones instead. [2]")
    action = WriteAction.model_validate(
        {"content": f"{kept} 200 words of plain Markdown paragraphs, in your own words: explaining reset. [2]"},
        context=ctx)
    assert action.content == kept


def test_a_defined_term_pasted_before_its_definition_is_cut() -> None:
    passages = ("git-rebase(1)\n--no-stat\n\nDo not show a diffstat as part of the rebase process.\n\nBisect run\n"
                "If you have a script, run it.\n\nSQLite\nVersion 3 came out in 2004.",)
    text = ("no-stat Do not show a diffstat as part of the rebase process. [1] Bisect run It can be automated. [1] "
            "SQLite Version 3 keeps the file format stable. [1] The --no-stat option hides it. [1]")
    assert repair_text(text, passages=passages).text == (
        "Do not show a diffstat as part of the rebase process. [1] It can be automated. [1] "
        "SQLite Version 3 keeps the file format stable. [1] The --no-stat option hides it. [1]")


def test_a_manual_section_name_in_capitals_becomes_a_heading_in_sentence_case() -> None:
    assert shorten_title("MERGE STRATEGIES") == "Merge strategies"
    assert shorten_title("Sequencer SUBCOMMANDS") == "Sequencer subcommands"
    assert shorten_title("UTF-8 ENCODING") == "UTF-8 encoding"
    for kept in ("WAL mode", "SQLite WAL", "The Python GIL", "How SQLITE Works"):
        assert shorten_title(kept) == kept


def test_a_history_drawn_in_text_is_not_prose() -> None:
    assert not_prose("A---B---C topic / D---E--A'---F master will result in: B'-C' topic. [3]") == "pasted code"
    assert not_prose("Use --no-stat with --quiet to keep the output short. [1]") == ""


def test_an_outline_whose_titles_name_nothing_of_the_question_or_the_evidence_is_refused() -> None:
    question = "What does git stash do, and how are stashed changes listed, restored and dropped?"
    passages = ("git-stash(1)\nUse git stash when you want to record the current state of the working directory. "
                "The modifications can be listed with git stash list and restored with git stash apply, "
                "which is the implementation of the command.",)
    ctx = ActionContext(query=question, passages=passages)
    template = {"title": "Git stash", "sections": [{"title": t, "plan": "Describe each in detail."}
                                                   for t in ("Introduction", "Tasks", "Designs", "Implementation")]}
    with pytest.raises(ValidationError, match="'Tasks', 'Designs' name nothing the question or the evidence"):
        InitPlanAction.model_validate(template, context=ctx)
    # The trained model plans as it learned to.
    trained = ActionContext(query=question, passages=passages, check_subject=False)
    assert len(InitPlanAction.model_validate(template, context=trained).sections) == 4
    # One abstract title among topics is an outline's right.
    fine = {"title": "Git stash", "sections": [{"title": t, "plan": "p"} for t in
                                               ("Recording the working directory", "Listing stashes", "Limitations")]}
    assert len(InitPlanAction.model_validate(fine, context=ctx).sections) == 3


def test_counting_in_place_of_options_and_the_rules_in_chinese_are_dropped() -> None:
    text = ("使用 -0 表示从主工作目录开始：   % 1    % 2    --3    % 4    % 5。[7] "
            "工作树可以用 `git worktree add` 命令创建。[7] 150 字节以下，直接写在段落中。[8] 退出码 1, 2, 3, 4 都表示失败。[9]")
    out = repair_text(text)
    assert "% 1" not in out.text and "字节以下" not in out.text
    marks = repair_text("`<3>` 是你在这里。[12] 在提供的证据中，有详细的说明。[1] 工作树由 `git worktree prune` 清理。[3]")
    assert marks.text == "工作树由 `git worktree prune` 清理。[3]"
    assert "`git worktree add`" in out.text and "1, 2, 3, 4" in out.text
    # py-unicode-zh: "是你正在这里" and the length rule with a character mistyped ("150 职词：").
    echo = repair_text("比较字符串就是你正在这里。[4] 定义 150 职词：定义是一个术语。[7] 在150字内，我们来看看编码。[7] "
                       "请继续这个部分的内容，并确保引用了之前的部分。[4] 因此，我们需要确保引用了之前的部分。[7] "
                       "编码把字符变成字节，共有 150 个字符。[8]")
    assert echo.text == "编码把字符变成字节，共有 150 个字符。[8]"


def test_a_synopsis_and_titles_run_together_are_no_prose_and_a_respelled_heading_stays_in_sentence_case() -> None:
    assert not_prose("This form resets the branch head git reset (-q) [--pathspec-from-file=<file>] "
                     "git reset --patch | -p) git reset --soft | --mixed | --hard [3]") == "pasted code"
    assert not_prose("Use --soft or --mixed to keep the index as it is. [1]") == ""
    text = "Sequencer SUBCOMMANDS   git-revert(1). [5] The sequencer continues a revert after a conflict. [5]"
    out = repair_text(text, title="Sequencer SUBCOMMANDS", sources=("git-revert(1)", "git-reset(1)"))
    assert out.text == "The sequencer continues a revert after a conflict. [5]"
    assert repair_text("The git-revert(1) page lists the sequencer's commands. [5]", sources=("git-revert(1)",)).text \
        == "The git-revert(1) page lists the sequencer's commands. [5]"
    question = "How are commits undone with git revert and git reset?"
    passages = ("git-revert(1)\nSEQUENCER SUBCOMMANDS\n--continue Continue the operation in progress. "
                "Reverting records new commits; resetting moves the index.",)
    plan = InitPlanAction.model_validate(
        {"title": "Undoing commits", "sections": [{"title": t, "plan": "p"} for t in
                                                  ("Sequencer SUBCOMMANDS", "Reverting commits", "Resetting the index")]},
        context=ActionContext(query=question, passages=passages))
    assert plan.sections[0].title == "Sequencer subcommands"


def test_a_chinese_word_said_twice_running_and_a_leading_colon_go() -> None:
    """git-worktree-zh: "解锁解锁一个工作树" (a man page's "unlock  Unlock a worktree" translated)
    and a sentence opening ": 它使用", whose first word the CJK grammar had not let through."""
    out = repair_text("解锁解锁一个工作树，允许它被删除。: 它使用 `git reflog` 记录引用的更新。看看 `abab` 命令的输出。 [1]")
    assert out.text == "解锁一个工作树，允许它被删除。它使用 `git reflog` 记录引用的更新。看看 `abab` 命令的输出。 [1]"



def test_a_sentence_strung_from_the_plan_and_titles_is_dropped() -> None:
    # ap-htaccess (Apache manual, stop 28): the subsection's plan, then a shown document's title, and
    # the part's own (question) title run into its plan.
    plan = "Understand the purpose of using .htaccess files and its role in managing server configurations."
    source = "Apache HTTP Server Tutorial: .htaccess files - Apache HTTP Server Version 2.4"
    title = "What are some common security considerations with using .htaccess?"
    good = "When using RewriteRule in .htaccess files, rules are taken to be relative to the current directory. [7]"
    text = (f"Understand the purpose of using .htaccess files and its role in managing server configurations., {source} [7]\n\n"
            "What are some common security considerations with using .htaccess files?: Discuss best practices for "
            f"securing your Apache configuration files. {good}")
    instructions = f"Write the part.\n{plan}\nDiscuss best practices for securing your Apache configuration files."
    out = repair_text(text, title=title, sources=(source,), instructions=instructions)
    assert out.text == good
    assert [why for _, why in out.dropped] == ["repeats the instructions"] * 2
    # The titles alone are words a sentence may use: without an echo of the instructions it stays.
    own = "The Apache HTTP Server Tutorial: .htaccess files - Apache HTTP Server Version 2.4 covers AllowOverride. [7]"
    assert repair_text(own, title=title, sources=(source,), instructions=instructions).text == own


def test_a_dot_name_glued_to_the_word_before_it_gets_its_space_back() -> None:
    passage = "When AllowOverride is set to allow the use of .htaccess files, httpd looks in every directory."
    out = repair_text("Allowing the use of.htaccess files costs time [3].", passages=(passage,))
    assert out.text == "Allowing the use of .htaccess files costs time [3]."
    # After a word a file name may be ("index.html", "config.htaccess") it stays as it is.
    kept = "Requests for index.html and config.htaccess go to the handler [3]."
    assert repair_text(kept, passages=(passage, "Files ending in .html are pages.")).text == kept
    # A dotted name the passages write after a space (node-child, stops 50-52).
    child = "On Windows, child_process.execFile() does not spawn a shell, unlike child_process.exec()."
    glued = "The distinction between child_process.exec() and.child_process.execFile() varies by platform [9]."
    assert repair_text(glued, passages=(child,)).text == glued.replace("and.child", "and child")
    # A file name the passages write so stays: "to.config.js" is theirs.
    named = "Settings go from main.config.js to.config.js files [9]."
    assert repair_text(named, passages=(child, "Copy main.config.js to.config.js first.")).text == named


def test_a_sentence_opening_with_its_parts_plan_keeps_what_follows() -> None:
    # ap-mpm (Apache manual, stop 28): the part's plan said back, then a sentence of its own.
    plan = "描述事件模块的基本功能和实现方式。"
    text = "描述事件模块的基本功能和实现方式，在实际操作中，这个模块主要负责处理线程的请求。[1]"
    out = repair_text(text, plan=plan)
    assert out.text == "在实际操作中，这个模块主要负责处理线程的请求。[1]"
    english = "Describe how the event MPM hands sockets to the listener, it frees the worker threads [2]."
    assert repair_text(english, plan="Describe how the event MPM hands sockets to the listener.").text == \
        "It frees the worker threads [2]."
    # No plan given: a sentence opening with a plan's bare verb ("描述 ...") is plan voice all the same.
    assert repair_text(text).text == ""


def test_a_list_announced_or_numbered_and_never_given_goes() -> None:
    out = repair_text("工作进程模块使用多个线程处理请求。它的主要实现方式包括：1. [4]\n\n"
                      "事件模块限制每个进程接受的连接；2. [1]")
    assert out.text == "工作进程模块使用多个线程处理请求。 [4]\n\n事件模块限制每个进程接受的连接。 [1]"
    assert ("它的主要实现方式包括：1. [4]", "cut off") in out.dropped or ("它的主要实现方式包括：1.", "cut off") in out.dropped
    assert repair_text("Event limits connections per process; 2. [1]").text == "Event limits connections per process. [1]"


def test_a_table_row_keeps_only_its_sentence_and_a_page_talking_about_itself_goes() -> None:
    # ap-proxy and ap-vhosts (Apache manual, stop 28).
    out = repair_text("N| Drn| Worker is in drain mode and accepts only existing sticky sessions. [15]\n\n"
                      "Status| MPM| Source| event.c. [2]\n\n"
                      "This section provides an overview of the caching mechanism in Apache HTTP Server. [3]\n\n"
                      "It explains how to configure virtual hosts based on the IP address. [2]\n\n"
                      "This document attempts to explain what the server does with a request. [8]")
    assert out.text == "Worker is in drain mode and accepts only existing sticky sessions. [15]"
    assert [why for _, why in out.dropped] == ["a pasted list"] + ["describes the report, not the subject"] * 3
    piped = "Pipe the log with `CustomLog \"|bin/rotatelogs\"` to rotate it without a restart. [4]"
    assert repair_text(piped).text == piped  # a pipe in code is code


def test_a_key_value_tables_field_is_no_sentence() -> None:
    # ap-mpm (Apache manual, stop 28): a module's synopsis table copied field by field.
    kept = "The event MPM hands idle sockets to a listener thread. Performance: httpd looks in every directory."
    out = repair_text(f"{kept.split(' Performance')[0]} Status: MPM. Module Identifier: mpm_event_module. 状态: 状态。 "
                      "Performance: httpd looks in every directory. [1]")
    assert out.text == kept + " [1]"
    # "状态: 状态。" is one word said twice as well, the check that runs first.
    assert [why for _, why in out.dropped] == ["a pasted table row"] * 2 + ["words cut to pieces"]


def test_a_retried_writers_apology_and_its_echo_inside_code_spans_go() -> None:
    # ap-logs (Apache manual, stop 28): a retried part, its debris put in code spans.
    fact = "日志每天轮换一次。"
    junk = ["进程文件 150 句以下内容 (请在文中直接写该内容)` } } } `。",
            "` Please note that this is a response to `您的回复被拒绝：这文本重复了一部分。",
            "I apologize for the previous mistake.",
            "`请提供新的材料，以便我能够更好地回答你的问题。",
            "`rotatelogs /var/log/httpd/access_log` 86400` 86400`."]
    out = repair_text(fact + " ".join(junk) + " [14]")
    assert out.text == fact + " [14]"
    assert [s for s, _ in out.dropped] == junk
    kept = "Pipe the log to `rotatelogs` to rotate it every 86400 seconds [4]."
    assert repair_text(kept).text == kept


def test_a_passages_heading_or_title_pasted_as_a_sentence_goes_plural_or_not() -> None:
    # ap-htaccess (Apache manual, stop 28).
    passage = ("When (not) to use .htaccess files\nIf you have access to the main server configuration file, "
               "put all of your configuration there.")
    text = ("The Override line reads FileInfo. When (not) to use .htaccess file. Apache HTTP Server Tutorial: "
            ".htaccess file. AllowOverride specifies what directives are honored if they are found in a. "
            "Put the configuration in the main file if you can. [4]")
    out = repair_text(text, passages=(passage,), sources=("Apache HTTP Server Tutorial: .htaccess files",))
    assert out.text == "The Override line reads FileInfo. Put the configuration in the main file if you can. [4]"
    assert [why for _, why in out.dropped] == ["a pasted heading", "a pasted title", "cut off"]
    assert repair_text("Vitamins are listed in Appendix A. [2]").text == "Vitamins are listed in Appendix A. [2]"


def test_a_document_title_made_a_sentences_subject_goes_and_a_glued_stop_is_a_space() -> None:
    # ap-htaccess (Apache manual, stop 28).
    source = "Apache HTTP Server Tutorial: .htaccess files"
    good = "The use of .htaccess files can be disabled completely by setting AllowOverride to None. [5]"
    out = repair_text("Apache HTTP Server Tutorial: .htaccess file in /www/htdocs/example1 we have a .htaccess file. "
                      "Apache HTTP Server Tutorial: .htaccess file provides a way to make changes. "
                      "Apache HTTP Server Tutorial: .htaccess files: " + good.replace("be disabled", "be.disabled"),
                      passages=(f"{source}\nThe use of .htaccess files can be disabled completely.",))
    assert out.text == good
    assert [why for _, why in out.dropped] == ["a pasted title"] * 2
    kept = "Backups run at 9 a.m daily, and the tutorial applies. [1]"
    assert repair_text(kept, passages=(f"{source}\nText.",)).text == kept
    # A part's title (the outline's, not a document's) may be a sentence's subject.
    part = "Limiting access to .htaccess files is useful when users share a server. [2]"
    assert repair_text(part, sources=("Limiting Access to .htaccess Files",)).text == part


def test_the_replys_closing_marks_typed_on_and_on_are_no_prose() -> None:
    from warp_report.protocol.prose import not_prose

    assert not_prose("例如：`max = ThreadsPerChild` ` ` `` `` ` ` } } } } } [10]") == "reply format typed into the text"
    # node-child, stop 57: a plan's field typed after a subsection title's closing quote.
    assert not_prose("Sending a server object', plan: Add an example function to send a server object using the "
                     "Node.js child_process module. [6]") == "reply format typed into the text"
    assert not_prose("The option 'plan' sets it, and the 'title' names the part. [6]") == ""
    # README's first command at e1e6933: a table the report does not have.
    assert not_prose("Types of solar cells are described in the table below. [6]") == ABOUT_THE_TASK[0]
    assert not_prose("The table lists the cell types below the heading. [6]") == ""


def test_a_verb_without_its_subject_and_a_page_speaking_to_its_reader_go() -> None:
    # ap-vhosts (Apache manual, stop 28).
    kept = "Name-based hosts share one address. [3]"
    out = repair_text(f"{kept[:-4]} Can be used to match any name. Is discouraged. "
                      "If you want to understand all the details, you can come back to this page. [3]")
    assert out.text == kept
    assert [why for _, why in out.dropped] == ["a fragment", "a fragment", "describes the report, not the subject"]
    fine = "Can you share one address? Has it a name? Do not omit ServerName. Was it set, the server uses it. [3]"
    assert "Do not omit ServerName." in repair_text(fine).text and "Was it set" in repair_text(fine).text


def test_a_chinese_page_about_itself_is_no_prose() -> None:
    from warp_report.protocol.prose import not_prose

    # ap-logs (Apache manual, stop 28): "this document provides details on how to use logrotate".
    assert not_prose("这个文档提供了关于如何使用 `logrotate` 来管理日志文件的详细信息。[14]") == "describes the report, not the subject"
    assert not_prose("本文档中的日志文件每天轮换。[2]") == ""


def test_the_prompts_user_and_a_page_sending_its_reader_back_are_no_prose() -> None:
    from warp_report.protocol.prose import not_prose

    # Left open at stop 28: the prompt's "user's question" said back, and the page's "come back to the page".
    assert not_prose("To answer the user's question, Apache uses name-based hosts. [2]") == \
        "describes the report, not the subject"
    assert not_prose("You can come back to the page once the basics work. [1]") == "describes the report, not the subject"
    # A user of the subject is the subject's ("the user's password", "a user's request").
    assert not not_prose("The server checks the user's password against the file. [1]")
    assert not not_prose("Each user's request is served by one thread. [1]")


def test_a_chinese_writer_talking_to_the_reader_or_planning_is_no_prose() -> None:
    from warp_report.protocol.prose import not_prose

    # ap-logs (Apache manual, stop 28): a chat's thanks and offers, the writer's "I", plan lines.
    for chatter in ["感谢您的反馈！", "我会继续在新内容中补充更多细节和逻辑。", "我会随时为您提供帮助。 [15]",
                    "请告诉我您有具体的查询或需要进一步的帮助吗。",
                    "然而，由于重复使用了部分内容，我决定重新写一个新的部分。 [7]"]:
        assert not_prose(chatter), chatter
    for plan in ["确定轮换日志的时间间隔 (例如，每小时、每周或每月)，并考虑在不中断服务的情况下进行轮换。 [1][2]",
                 "配置日志文件的格式和位置。 [3][4]", "确定使用的日志工具。"]:
        assert not_prose(plan), plan
    # The subject's sentences stay: "we" in an explanation, a self, a configuration file, a decision made.
    for fine in ["我们可以用 unref() 让进程在没有其他活动时退出。 [1]", "自我检查在启动时运行。 [2]",
                 "配置文件位于 /etc/apache2 目录中。 [3]", "配置中的 LogLevel 决定记录多少信息。 [3]",
                 "确定的时间间隔由 rotatelogs 的参数给出。 [1]"]:
        assert not not_prose(fine), fine


def test_a_title_that_glosses_a_term_with_itself_is_no_heading() -> None:
    # node-timers (Node.js reference, stop 29): the 0.5B translated setTimeout as "设置定时器" and
    # wrote the term inside its own gloss, in titles and as a sentence.
    for bad in ["定时器（定时器、设置定时器、设置立即），在何时", "定时器（定时器、设置定时器），和取消定时器",
                "Timers (timers, intervals and immediates)"]:
        assert "repeats" in (heading_problem(bad) or ""), bad
    for fine in ["定时器（setTimeout、setInterval）的执行时机", "Worker threads (worker_threads)",
                 "Timers and the event loop"]:
        assert heading_problem(fine) is None, fine
    from warp_report.protocol.prose import not_prose

    assert not_prose("定时器（定时器、设置定时器、 设置立即），在何时。 [1]")
    assert not_prose("本章节介绍了定时器的实现方法。 [1]")
    assert not not_prose("定时器（timer）在事件循环中运行。 [1]")


def test_a_writer_confirming_its_reply_is_no_prose() -> None:
    from warp_report.protocol.prose import not_prose

    # node-cluster (Node.js reference, stop 29): the retried writer answering the one who refused it.
    assert not_prose("yes, this is the intended content. [5][6][7]") == "talks to a chat user, not about the subject"
    assert not_prose("Okay, here is the part.") == "talks to a chat user, not about the subject"
    # README's first command at acc89ae: the writer announcing its points, the report said to inform.
    assert not_prose("Here are the main points and their connections to the other evidence: Storage and costs.") == \
        "talks to a chat user, not about the subject"
    assert not_prose("The report provides information about where solar panels go. [9]") == \
        "describes the report, not the subject"
    assert not_prose("The module provides information about the voltage. [9]") == ""
    # README's first command at stop 63: lengthen's opening.
    assert not_prose("The report provides a detailed explanation of the types of solar cells used in solar panels.") == \
        "describes the report, not the subject"
    assert not_prose("The log provides a detailed account of each request. [2]") == ""
    assert not_prose("Please provide more details or context. [11]") == "talks to a chat user, not about the subject"
    for chat in ("Thank you for your detailed explanation.", "I am very impressed with the guide provided. [3]"):
        assert not_prose(chat) == "talks to a chat user, not about the subject", chat
    assert not_prose("Thanksgiving traffic peaks on Wednesday. [1]") == ""
    assert not_prose("However, this variable is not used in the part 'Toolchains'. [7]") == "describes the report, not the subject"
    assert not_prose("Please note the default: the cache holds 100 entries. [2]") == ""
    assert not not_prose("Yes and no answers are stored as booleans. [1]")


def test_one_word_said_over_and_over_says_nothing() -> None:
    from warp_report.protocol.prose import not_prose

    # node-events (Node.js reference, stop 29): a page's title three times over.
    assert not_prose("Events, Events, and Events. [12][11][13]") == "words cut to pieces"
    assert not not_prose("Events, listeners and errors. [1]")


def test_an_api_pages_entry_label_is_no_heading() -> None:
    # node-cluster (Node.js reference, stop 29): "Event: 'setup'" over a text on worker threads; a
    # page's entry for one event or class, copied as the report's subsection.
    for bad in ["Event: 'setup'", "Class: NodeEventTarget", "Static method: Buffer.from(array)", "事件：消息"]:
        assert "entry" in (heading_problem(bad) or ""), bad
    for fine in ["Events and their listeners", "Class hierarchies in Python", "Event loop phases"]:
        assert heading_problem(fine) is None, fine


def test_the_rules_example_command_said_back_is_an_echo() -> None:
    # node-timers (Node.js reference, stop 29): the system prompt's example of a name kept in
    # backticks, `git stash list`, written into a report on timers with the rule translated.
    rules = "A command, option or name that has no translation goes in backticks, as written: `git stash list`."
    fact = "定时器的回调不会恰好在 delay 毫秒时执行。 [1]"
    echo = "支持声明，选项或名称如 `git stash list` 。 [1]"
    out = repair_text(f"{fact[:-4]}{echo}", rules=rules, passages=("The callback will likely not be invoked in precisely delay milliseconds.",))
    assert out.text == fact
    assert [why for _, why in out.dropped] == ["repeats the instructions"]
    # A report on git may name it: the passages do.
    said = repair_text("用 `git stash list` 列出储藏。 [1]", rules=rules, passages=("git stash list lists the stash entries.",))
    assert "git stash list" in said.text


def test_a_documents_title_glued_to_a_sentences_end_is_cut_and_a_named_one_stays() -> None:
    passages = (
        "bash - GNU Bourne-Again SHell\nRedirections are processed in the order they appear, from left to right.",
        "Bash Reference Manual\nThe word following the redirection operator is subjected to word splitting.",
    )
    text = ("The word following the redirection operator is subjected to word splitting bash - GNU "
            "Bourne-Again shell Bash Reference Manual [2]\n\nRedirections are processed in the order they "
            "appear, as the Bash Reference Manual says. [1]")
    out = repair_text(text, passages=passages, backed_by=passages)
    assert "The word following the redirection operator is subjected to word splitting. [2]" in out.text
    assert "GNU" not in out.text
    chained = ("Arithmetic expansion is done before word splitting bash - GNU Bourne-Again SHELL, Bash Reference "
               "Manual, bash reference manual. [2]")
    assert repair_text(chained, passages=passages, backed_by=passages).text == (
        "Arithmetic expansion is done before word splitting. [2]")
    assert "as the Bash Reference Manual says. [1]" in out.text  # a title the sentence names
    # Words that only spell a title ("Cell Types") end a sentence as words, in lower case.
    kinds = ("Cell Types\nPanels are made of monocrystalline or polycrystalline silicon cells.",)
    said = "Panels are made of different cell types. [1]"
    assert repair_text(said, passages=kinds, backed_by=kinds).text == said


def test_a_passages_sentence_in_code_spans_and_a_run_of_table_cells_are_no_prose() -> None:
    from warp_report.protocol.prose import not_prose

    # mk-links-zh (stop 33): English passage text in backticks between Chinese words, where the
    # language check reads no code.
    assert not_prose("例如：`site_url: The site_url must be set to an`空字符串,`which instructs it to build your`网站。[8]") \
        == "a passage's words in a code span"
    for code in ("Run `git commit -m \"fix the bug in the parser\"` to record it. [1]",
                 "Set `use_directory_urls: false` to keep links working. [3]",
                 "Call `yy_push_state(int new_state)` to push the state on the stack of the scanner. [5]"):
        assert not_prose(code) == "", code
    # mk-theme (stop 33): a table's rows run together.
    assert not_prose("Current_page | page include_nav | nav|length>1 | include_next_prev | page.next_page [15]") \
        == "a pasted list"
    assert not_prose("Use `a | b` or `c | d` to join two results. [4]") == ""
    # node-events (stop 59): an API listing pasted with a backtick at each end, prose inside it among marks.
    pasted = ("emitter.removeListener(eventName, listener)` * err Error The Symbol.for('nodejs.rejection') method is "
              "called in case a promise rejection happens when emitting an event and captureRejections is enabled on "
              "the emitter.` Events how to write a custom rejections handler. [10]")
    assert not_prose(pasted) == "a passage's words in a code span"
    for code in ("Use `SELECT * FROM accounts WHERE id IN (SELECT id FROM t WHERE a IS NOT NULL AND b = 1)` here. [2]",
                 "Run `git rebase --onto main topic~3 topic` to move it. [3]"):
        assert not_prose(code) == "", code


def test_a_capitalised_common_word_after_a_comma_starts_the_passage_sentence_and_a_bare_subject_goes() -> None:
    # README's first command at 9572a6a: a subject whose verb the copy left out, a comma, then the next
    # passage sentence with a swapped word ("little" for "less").
    cells = ("How photovoltaic cells work\nOnly photons above the silicon band gap (about 1.1 electronvolts) can free "
             "electrons. Photons with less energy pass through or become heat; photons with much more energy "
             "waste the excess as heat.",)
    said = "Only photons above the band gap (about 1.1 electronvolts), Photons with little energy pass through or become heat. [5]"
    out = repair_text(said, title="How photovoltaic cells work", passages=cells, backed_by=cells)
    assert out.text == "Photons with less energy pass through or become heat. [5]"
    assert out.dropped == [("Only photons above the band gap (about 1.1 electronvolts).", "a subject without its verb")]
    # A name after the comma (capitalised inside the passages too) is no sentence's start.
    named = ("How photovoltaic cells work\nOnly photons above the band gap can free electrons. Photons with less "
             "energy pass through. Bell Labs built the first cell, and Photons Labs sold it.",)
    kept = "The first cell came from a lab in New Jersey, Photons Labs sold it with less energy. [2]"
    assert "New Jersey, Photons" in repair_text(kept, title="History", passages=named, backed_by=named).text


def test_two_sentences_said_already_and_spliced_with_a_comma_are_a_repeat():
    # README's first command at stop 33: part 3 said both facts, then both again in one sentence.
    passages = ("History and end of life\nThe photovoltaic effect was first observed by Edmond Becquerel in 1839, "
                "when he saw a small current flow from an electrode exposed to light. The first practical silicon "
                "solar cell was built at Bell Laboratories in 1954; it converted about 6 percent of sunlight into "
                "electricity.",)
    said = ("The first practical silicon solar cell was built at Bell Labs in 1954. [9] The photovoltaic effect was "
            "first observed by Edmond Becquerel in 1839, when he saw a small current flow from an electrode exposed "
            "to light. [9]")
    spliced = ("Solar panel efficiency was first observed by Edmond Becquerel on August 1839, which he saw a little "
               "current flow from an electrode exposed to sunlight, the first practical silicon solar cell was built "
               "at Bell laboratories, in 1954. [9]")
    out = repair_text(said + "\n\n" + spliced, title="History and end of life", passages=passages)
    assert "Solar panel efficiency" not in out.text and "Bell Labs in 1954" in out.text
    assert ("Solar panel efficiency" in out.dropped[0][0]) and out.dropped[0][1] == "repeats a sentence of this part"
    # Either half new: the sentence says something, it stays.
    fresh = spliced.replace("was first observed by Edmond Becquerel on August 1839, which he saw a little current "
                            "flow from an electrode exposed to sunlight",
                            "fell in price by a fifth with each doubling of the modules ever made across the world")
    assert "fell in price" in repair_text(said + "\n\n" + fresh, title="History and end of life", passages=passages).text


def test_a_document_title_without_its_question_word_gets_it_back():
    # README's first command at stop 33: "Photovoltaic cells work", then "Photovoltaic cells work are ...".
    passages = ("How photovoltaic cells work\nA cell is a thin wafer of silicon.", "Inverters\nAn inverter converts current.")
    ctx = ActionContext(query="How do solar panels turn sunlight into electricity?", passages=passages)
    sections = [{"title": t, "plan": "p"} for t in ("Photovoltaic cells work", "Inverters", "Cells work together")]
    plan = InitPlanAction.model_validate({"title": "Solar panels", "sections": sections}, context=ctx)
    assert [s.title for s in plan.sections] == ["How photovoltaic cells work", "Inverters", "Cells work together"]


def test_a_file_or_command_name_keeps_the_spelling_the_sources_give_it():
    from warp_report.protocol.glue import respell

    sources = ("MkDocs is a static site generator. MkDocs builds docs with themes. Run mkdocs serve to preview. "
               "MkDocs reads mkdocs.yml. MkDocs is fast. MkDocs has plugins. MkDocs works.",)
    # The project's name is "MkDocs", its command and its file are not (mk-final at stop 33 wrote
    # "MkDocs.yml" four times, and "run the following command: MkDocs serve").
    written = "The nav setting in MkDocs.yml and the mkdocs.yml file. Run mkdocs serve now. Then mkdocs builds it."
    assert respell(written, sources) == ("The nav setting in mkdocs.yml and the mkdocs.yml file. Run mkdocs serve "
                                         "now. Then MkDocs builds it.")
    # A spelling the sources never use is the name's, though the command is as common: "Mkdocs".
    assert respell("Mkdocs is fast.", (*sources, "Call mkdocs build. Call mkdocs gh-deploy.")) == "MkDocs is fast."
    # A manual page's name too: "Cmake-toolchains(7)" opening a sentence (cm-cross, stop 31).
    assert respell("See Cmake-toolchains(7) for more.", ("CMake reads cmake-toolchains(7) files. CMake is fast.",)) \
        == "See cmake-toolchains(7) for more."


def test_a_topic_called_a_key_factor_and_nothing_more_is_no_prose():
    for said in ("Storage and costs are a critical factor in the efficiency of solar panels. [2]",
                 "Third Party Themes are a crucial component of MkDocs' customization process.",
                 "The inverter is a key part of the system.",
                 "Understanding EventTarget and event API in Node.js is a crucial aspect of working with events in Node.js."):
        assert not_prose(said) == "says nothing of its own", said
    for fact in ("Inverters are a critical factor in the efficiency of solar panels, as they convert DC into AC.",
                 "Heat is the most important factor in output losses.",
                 "Temperature is a key factor in panel output, which falls by about 0.4% per degree."):
        assert not_prose(fact) == "", fact


def test_the_refusal_said_back_in_chinese_is_no_prose():
    # cm-genex at stop 34: "this text repeats itself or the instructions", translated into the report.
    for echo in ("这里的重复了文本或指令。 [3][4][5]", "这里重复了文本或指令，这里是重复了文本或指令。",
                 "这文本重复了自己的或指令（例如，生成器表达式中的变量作用包括控制生成器的输出配置）。"):
        assert not_prose(echo) == "repeats the instructions", echo
    for fact in ("使用变量来构建更复杂的生成器表达式是另一个很好的方式来减少错误和提高阅读。", "重复的代码应当写成函数。"):
        assert not_prose(fact) == "", fact
    # The write rule in English (cm-cross, stop 34).
    assert not_prose("Provide examples of tools like NVIDIA Nsight Tegra and ADSP SHARC, and connect the facts to do "
                     "this effectively.") == "repeats the instructions"


def test_a_generator_expression_is_code_wherever_it_stands():
    # cm-usage at stop 34: outside a code span its "<" was escaped ("$&lt;LINK_LANGUAGE:language>").
    out = repair_text("See the note related to $<LINK_LANGUAGE:language> in version 3.24 of the manual. "
                      "Use $<$<CONFIG:Debug>:-g> for debug flags, and `$<TARGET_OBJECTS:obj>` for objects. [2]")
    assert "`$<LINK_LANGUAGE:language>`" in out.text and "`$<$<CONFIG:Debug>:-g>`" in out.text
    assert "``" not in out.text  # the span the model wrote stays one span


def test_a_list_tail_left_as_a_sentence_is_a_fragment():
    # bash-expansion at stop 34.
    text = ("On systems that can support it, there is an additional expansion: process substitution. [2] And filename "
            "expansion. Or source builtins). [3] And the shell then removes the quotes that remain in each word. [4]")
    out = repair_text(text)
    assert "And filename" not in out.text and "Or source" not in out.text
    assert "And the shell then removes the quotes" in out.text  # a sentence that opens with "And" stays


def test_a_title_said_in_other_forms_is_a_pasted_title():
    # README's first command at stop 34: "Historical and end of life. [11]" under "History and end of life".
    text = ("Historical and end of life. [11] The photovoltaic effect was first observed by Edmond Becquerel in 1839, "
            "when he saw a small current flow from an electrode exposed to light. [12]")
    out = repair_text(text, title="History and end of life")
    assert out.text.startswith("The photovoltaic effect") and ("Historical and end of life.", "a pasted title") in [
        (s.replace(" [11]", ""), why) for s, why in out.dropped]
    # A sentence with words of its own stays, though it opens with the title's.
    kept = repair_text("History and end of life decide what a module costs. [3]", title="History and end of life")
    assert kept.text.startswith("History and end of life decide")
    # The plan said after the title as a label: the plan goes, and so does the label it leaves.
    labelled = ("Historical and end of life: We will explore the history of sun panels and their end-of-life use, "
                "including their applications in energy storage. [5] Panels last 25 to 30 years. [6]")
    assert repair_text(labelled, title="History and end of life").text == "Panels last 25 to 30 years. [6]"


def test_a_list_run_into_the_paragraph_after_a_colon_keeps_its_opening_sentence() -> None:
    """Split at "1.", the sentence that opens the list was dropped as cut off (flex-yacc-zh)."""
    out = repair_text("Flex offers two kinds of start conditions: 1. Inclusive conditions keep the other rules "
                      "active [1]. 2. Exclusive conditions turn them off [2].")
    assert out.text.startswith("Flex offers two kinds of start conditions: Inclusive conditions keep")
    assert "Exclusive conditions turn them off" in out.text and "1." not in out.text
    zh = repair_text("语法分析包括以下几个部分：1. `yylex` 返回下一个记号的类型。2. `yylval` 保存记号的值。[1]")
    assert zh.text.startswith("语法分析包括以下几个部分：`yylex` 返回")


def test_a_sentence_is_judged_by_the_words_it_adds_to_the_question() -> None:
    # README's first command at stop 35: kept because one passage held "solar", "panels", "large",
    # "systems" and "used"; without the question's words, three of its eleven are in that passage.
    question = "How do solar panels turn sunlight into electricity?"
    passage = ("Where panels go and how much they produce\nLarge solar farms often mount panels on single-axis "
               "trackers. Because output follows the sun, a solar system's capacity factor is low compared with "
               "power plants: about 10 to 25 percent depending on the climate and on whether trackers are used.")
    invented = ("Solar panels are also used in sustainable computing systems to process large amounts of data and "
                "perform complex calculations.")
    fact = "Large solar farms mount panels on single-axis trackers that follow the sun."
    text = f"{fact} {invented} [1]"
    out = repair_text(text, passages=(passage,), backed_by=(question, passage), question=question)
    assert out.dropped == [(invented, "said by no shown passage")] and out.text == f"{fact} [1]"
    # Judged by all its words, the question's too, the invention passes.
    assert invented in repair_text(text, passages=(passage,), backed_by=(question, passage)).text
    # A sentence that only says the question again is the question's: kept.
    again = "Solar panels turn sunlight into electricity every day."
    assert again in repair_text(f"{fact} {again} [1]", passages=(passage,), backed_by=(question, passage),
                                question=question).text


def test_a_short_heading_pasted_before_a_passage_sentence_goes() -> None:
    # git-bisect at stop 35: the man page's "Getting help" section, its heading made the sentence's start.
    passages = ("git-bisect(1)\nGetting help\nUse git bisect to get a short usage description, and git bisect help "
                "or git bisect -h to get a long usage description. Then use git bisect run.",
                # "Use" capitalised inside a line: a word the passages also write in lower case is no name.
                "git bisect start -h Use it.")
    glued = ("To get help Use git bisect to get a short usage description, and git bisect help or git bisect -h to "
             "get a long usage description. [1]")
    out = repair_text(glued, title="Understanding git bisect", passages=passages)
    assert out.text == ("Use git bisect to get a short usage description, and git bisect help or git bisect -h to get "
                        "a long usage description. [1]")
    # A name the passages capitalise inside a sentence ("SQLite"), or a sentence opening in lower case, stays.
    passages += ("SQLite uses a journal to commit changes. Data is stored by SQLite in one file.",)
    for fine in ("The engine SQLite uses a journal to commit changes. [1]",
                 "the short form Use git bisect to get a short usage description is shown. [1]"):
        assert repair_text(fine, title="Understanding git bisect", passages=passages).text[1:] == fine[1:]


def test_a_sentence_that_copies_the_questions_ask_goes() -> None:
    question = ("How does Node.js's EventEmitter call the listeners of an event, and what happens when an 'error' "
                "event is emitted?")
    echo = ("Node.js's EventEmitter call the listeners of an event and what happens when an 'error' event is "
            "emitted.")
    fact = "The EventEmitter calls all listeners synchronously in the order in which they were registered."
    out = repair_text(f"{echo} {fact} [1]", question=question)
    assert out.dropped == [(echo, "says the question again")] and out.text == f"{fact} [1]"
    # The question's subject said as a claim, without its ask, stays.
    claim = "Node.js's EventEmitter calls the listeners of an event one after the other."
    assert claim in repair_text(f"{claim} {fact} [1]", question=question).text
    # "when" joins a claim to the question's words: "useful when integrating changes ..." (git-rebase-merge, stop 36).
    rebase = "How does git rebase differ from git merge when integrating changes from another branch?"
    useful = "A rebase is particularly useful when integrating changes from another branch into yours."
    assert useful in repair_text(f"{useful} {fact} [1]", question=rebase).text


def test_an_unbacked_opening_stays_where_the_next_sentence_points_back_at_it() -> None:
    # node-events at stop 36: with its opening dropped, the part began "It allows developers to ...".
    question = "How does Node.js's EventEmitter call the listeners of an event?"
    passage = ("Events\nAll objects that emit events are instances of the EventEmitter class. Functions can be "
               "attached to objects, to be executed when an event is emitted. These functions are called listeners.")
    opening = "Node.js's EventEmitter is a powerful tool for handling events in JavaScript."
    rest = "It allows functions called listeners to be executed when an event is emitted."
    out = repair_text(f"{opening} {rest} [1]", passages=(passage,), backed_by=(question, passage), question=question)
    assert out.text == f"{opening} {rest} [1]" and out.dropped == []
    # Where the next sentence names its subject, the unbacked opening goes.
    named = "Listeners are functions executed when an event is emitted."
    out = repair_text(f"{opening} {named} [1]", passages=(passage,), backed_by=(question, passage), question=question)
    assert out.text == f"{named} [1]" and out.dropped == [(opening, "said by no shown passage")]
    # An opening that also fails a claim check goes, and the pointer with it ("... convert electrical energy
    # into chemical energy. This process is ...", README's first command at stop 54).
    converts = "Node.js's EventEmitter is a powerful tool that turns callbacks into promises."
    out = repair_text(f"{converts} {rest} [1]", passages=(passage,), backed_by=(question, passage), question=question)
    assert out.text == "" and [s for s, _ in out.dropped] == [converts, rest]
    # A pointer that copies no passage sentence is the model's own too: it goes with the opening.
    own = "It calls each attached listener function when an event is emitted by the objects."
    out = repair_text(f"{opening} {own} [1]", passages=(passage,), backed_by=(question, passage), question=question)
    assert out.text == "" and out.dropped == [(opening, "said by no shown passage"), (own, "points back at no sentence")]


def test_a_short_sentence_whose_words_one_earlier_sentence_holds_is_a_repeat() -> None:
    # README's first command at stop 37: the short claim said again in another part, and in its own.
    earlier = "The wafer is doped to form a p-n junction. The junction creates a built-in electric field. [7]"
    history = "The first silicon cell converted about 6 percent of sunlight into electricity. [10]"
    out = repair_text(f"{history} The junction creates the electric field.", earlier=(earlier,))
    assert out.text == history and out.dropped == [("The junction creates the electric field.", "repeats an earlier part")]
    out = repair_text(f"{earlier} The junction creates an electric field.")
    assert out.text == earlier and [why for _, why in out.dropped] == ["repeats a sentence of this part"]
    # A word or a number of its own, or a negation, makes it new.
    for new in ("The junction creates an electric current.", "The junction creates no electric field.",
                "The junction field holds 12 volts."):
        assert new in repair_text(f"{history} {new}", earlier=(earlier,)).text, new


def test_a_paragraphs_pointer_to_a_dropped_sentence_goes_with_it() -> None:
    # README's first command at stop 37: the part's opening went as a repeat, its "It" named nothing.
    earlier = "Inverters and grid connection are essential for solar panels to work. [2]"
    orphan = "It includes the use of inverters to power solar panels."
    written = f"Inverters and grid connection are essential for solar panels to work properly. {orphan} [3]"
    out = repair_text(written, title="Types of solar cells", earlier=(earlier,))
    assert out.text == "" and out.dropped[-1] == (orphan, "points back at no sentence")
    # With its sentence kept, or written first with nothing dropped before it, the pointer stays.
    kept = "Thin-film cells are deposited on glass. It includes cadmium telluride cells. [3]"
    assert repair_text(kept, title="Types of solar cells", earlier=(earlier,)).text == kept
    first = "They convert direct current into alternating current for the grid. [2]"
    assert repair_text(first, title="Inverters").text == first
    # A heading line dropped before it leaves the pointer its subject.
    headed = "Inverters\nThey convert direct current into alternating current for the grid. [2]"
    assert repair_text(headed, title="Inverters").text.endswith(first)
    # "It is possible to ..." points at nothing by design.
    dummy = "It is possible to run ANALYZE on specific tables only. [3]"
    assert repair_text(f"Inverters and grid connection are essential for solar panels to work. {dummy}",
                       title="Inverters", earlier=(earlier,)).text == dummy


def test_a_parts_first_sentence_loses_its_link_to_a_sentence_before_it() -> None:
    # pg-vacuum at stop 37: passage sentences copied with the word that tied them to the one before.
    out = repair_text("Therefore, normal VACUUMs won't always freeze every old row version in the table. [12]")
    assert out.text == "Normal VACUUMs won't always freeze every old row version in the table. [12]"
    out = repair_text("But eventually, an outdated row version is of no interest to any transaction. However, it stays. [5]")
    assert out.text == "Eventually, an outdated row version is of no interest to any transaction. However, it stays. [5]"
    # "However large ..." is no link; "So long as ..." neither.
    for fine in ("However large the table, VACUUM reads it page by page. [2]",
                 "So long as no deadlock is detected, a transaction waits for the lock. [8]"):
        assert repair_text(fine).text == fine


def test_two_spaces_between_words_are_one() -> None:
    # pg-indexes at stop 37: " when" spelt " " + "when" under the copy penalty. Code keeps its spaces.
    out = repair_text("The index is most efficient  when there are constraints  on the leading columns `a  b`. [3]")
    assert out.text == "The index is most efficient when there are constraints on the leading columns `a  b`. [3]"


def test_a_code_span_never_closed_closes_after_its_word() -> None:
    # ap-htaccess at stop 37: "`.htaccess files, ..." opened a span that the next backtick would close.
    out = repair_text("When AllowOverride allows the use of `.htaccess files, httpd looks in every directory "
                      "for `.htaccess` files. [3]")
    assert out.text == ("When AllowOverride allows the use of `.htaccess` files, httpd looks in every directory "
                        "for `.htaccess` files. [3]")
    # A backtick before no name is left to the other checks.
    assert "`" in repair_text("The server reads ` each file on every request. [2]").text


def test_a_sentence_going_on_from_one_of_its_parts_first_words_with_others_goes() -> None:
    # README's first command (stop 45): the second says the first's list again, garbled.
    first = ("Whether a system pays off depends on the local sunshine, the price of electricity from the grid, "
             "and the tariff paid for exported power. [7]")
    second = ("Whether a system pays off depends on the local sunshine, whether the price of electricity from "
              "the grid is low, or batteries raise the share of solar electricity. [8]")
    out = repair_text(f"{first}\n\n{second}")
    assert out.text == first
    assert [why for _, why in out.dropped] == ["repeats a sentence of this part"]
    # In another part the same first words may open another claim (node-modules, stop 44).
    other = "When a CommonJS module is required, it can be cached by assigning the desired object to exports. [2]"
    earlier = "When a CommonJS module is required, it is first resolved by the `require()` function. [1]"
    assert repair_text(other, earlier=(earlier,)).text == other
    assert repair_text(f"{earlier}\n\n{other}").text == earlier


def test_a_verb_without_its_subject_after_a_linking_word_and_an_announcing_word_last_go() -> None:
    """ap-htaccess (stop 46): "However, will be overridden by ..." (its subject, a code span, went) and
    "... we have a .htaccess file containing." (the passage's example followed)."""
    text = ("In the directory /www/htdocs/example1/example2, we have a .htaccess file containing. "
            "However, will be overridden by other types of configuration sections from the main configuration "
            "files. Directives in the main configuration files are applied first. [10]")
    out = repair_text(text)
    assert out.text == "Directives in the main configuration files are applied first. [10]"
    assert [why for _, why in out.dropped] == ["cut off", "a fragment"]
    for fine in ("Directives apply to subdirectories. However, they will be overridden by the main files. [10]",
                 "The file lists the modules, including mod_rewrite and mod_alias, that it needs. [10]"):
        assert repair_text(fine).text == fine
    # README's first command (stop 47): "... about 10 to 25 percent depending." lost its "on the climate".
    out = repair_text("Output is low. The capacity factor is about 10 to 25 percent depending. [9]")
    assert out.text == "Output is low. [9]" and [why for _, why in out.dropped] == ["cut off"]


def test_a_documents_title_up_to_its_colon_before_a_sentence_goes() -> None:
    # ap-htaccess (stop 46): "Apache HTTP Server Tutorial: And so, ..." from the title "Apache HTTP
    # Server Tutorial: .htaccess files".
    passages = ("Apache HTTP Server Tutorial: .htaccess files\nAnd so, for each file access out of that "
                "directory, there are 4 additional file-system accesses.",)
    out = repair_text("The server looks in every directory. Apache HTTP Server Tutorial: And so, for each file "
                      "access out of that directory, there are 4 additional file-system accesses. [7]",
                      title="Performance", passages=passages, backed_by=passages)
    assert out.text == ("The server looks in every directory. And so, for each file access out of that directory, "
                        "there are 4 additional file-system accesses. [7]")
    # The title's first words as the sentence's subject, no colon after them, stay.
    fine = "Apache HTTP Server Tutorial pages cover .htaccess files in depth. [7]"
    assert repair_text(fine, title="Performance", sources=(passages[0].partition("\n")[0],)).text == fine


def test_a_retrys_again_closing_a_passage_sentences_copy_goes() -> None:
    """README's first command (stop 46): told its reply repeated a part, the 0.5B closed the passage's
    sentences with "again"; what is left is judged as it stands."""
    passages = ("Inverters and grid connection\nThe inverter converts one into the other and is the heart of every "
                "grid-connected system. All modern inverters run maximum power point tracking (MPPT): they "
                "continuously adjust the electrical load.",)
    out = repair_text("The inverter converts one into the other and is again. [6]\n\nAll modern inverters run maximum "
                      "power point tracking (MPPT) again. [7]", title="Inverters", passages=passages, backed_by=passages)
    assert out.text == "All modern inverters run maximum power point tracking (MPPT). [7]"
    assert out.dropped == [("The inverter converts one into the other and is.", "cut off")]
    # The model's own "again", and "as it is", stay.
    fine = "The inverter tracks the best voltage again and again, and it leaves the string as it is. [6]"
    assert repair_text(fine, title="Inverters", passages=passages).text == fine


def test_the_parts_title_left_first_once_the_talk_about_the_task_went_goes() -> None:
    # node-child (stop 46): "To write the part 'subprocess.unref()': subprocess.unref() By default, ...".
    out = repair_text("To write the part 'subprocess.unref()': subprocess.unref() By default, the parent will wait "
                      "for the detached child to exit. [5]", title="subprocess.unref()")
    assert out.text == "By default, the parent will wait for the detached child to exit. [5]"
    # A shown document's title left first there goes too, as it does before a sentence of its own.
    passage = "Child process\nBy default, the parent will wait for the detached child to exit."
    out = repair_text("To write the part 'Detached children': Child process: By default, the parent will wait "
                      "for the detached child to exit. [5]", title="Detached children", passages=(passage,),
                      sources=("Child process",))
    assert out.text == "By default, the parent will wait for the detached child to exit. [5]"


def test_a_backtick_closing_what_none_opened_goes() -> None:
    """git-reset-revert (stop 45): two stray closers made the prose between them one code span and the
    report read "&lt;commit>"; node-modules (stop 44): "... or operating systems`, different ..."."""
    passage = "git-reset\nIn the last form, set the current branch head (HEAD) to <commit>, copy entries from <tree-ish>."
    out = repair_text("Git reset copies entries from <tree-ish>` to the index, while git revert sets the current "
                      "branch head (HEAD) to <commit>` and modifies the index. [3]", passages=(passage,))
    assert out.text == ("Git reset copies entries from `<tree-ish>` to the index, while git revert sets the current "
                        "branch head (HEAD) to `<commit>` and modifies the index. [3]")
    out = repair_text("On case-insensitive file systems or operating systems`, different filenames can point to "
                      "the same file, and `require('./foo')` loads it twice. [13]")
    assert out.text == ("On case-insensitive file systems or operating systems, different filenames can point to "
                        "the same file, and `require('./foo')` loads it twice. [13]")


def test_an_earlier_parts_sentence_said_again_with_a_word_swapped_is_a_repeat() -> None:
    # ap-htaccess at stop 37: two parts after "... higher up.", the same sentence with "upper".
    earlier = ("Remember that there may have been .htaccess files higher up. [9]",)
    out = repair_text("Remember that there may have been .htaccess files in directories upper up. "
                      "Directives are applied in the order they are found. [9]", earlier=earlier)
    assert out.text == "Directives are applied in the order they are found. [9]"
    assert [why for _, why in out.dropped] == ["repeats an earlier part"]


def test_a_documents_title_before_a_copy_from_inside_a_passage_sentence_goes() -> None:
    # ap-htaccess at stop 37: "Using mod_cache ..." copied as "Caching Guide, mod_cache ...".
    passages = ("Caching Guide\nUsing mod_cache in its default state where CacheQuickHandler is on is very much like "
                "having a caching reverse-proxy bolted to the front of the server.",)
    out = repair_text("Caching Guide, mod_cache in its default state where CacheQuickHandler is on is very much like "
                      "having a caching reverse-proxy bolted to the front of the server. [11]",
                      title="Security", passages=passages)
    assert out.text.startswith("mod_cache in its default state where")
    # The title as the subject of the model's own sentence stays.
    own = "Caching Guide, the manual's page on caching, explains mod_cache in detail. [11]"
    assert repair_text(own, title="Security", passages=passages).text == own


def test_empty_brackets_a_name_left_go_and_a_call_keeps_its_own() -> None:
    # pg-indexes and ap-proxy at stop 37.
    out = repair_text("The operators vary depending on the indexing strategy (). Call `f()` or close() first. [2]")
    assert out.text == "The operators vary depending on the indexing strategy. Call `f()` or close() first. [2]"


def test_a_sentence_of_its_title_and_the_question_says_nothing() -> None:
    # README's first command at stop 37: the part's title made the question's subject.
    question = "How do solar panels turn sunlight into electricity?"
    passage = ("Storage and costs\nSolar power is produced only while the sun shines, so most households pair panels "
               "with a battery.")
    empty = "Storage and costs are the process by which solar panels convert sunlight into electricity."
    fact = "Most households pair solar panels with a battery to store the electricity. [2]"
    out = repair_text(f"{empty} {fact}", title="Storage and costs", passages=(passage,),
                      backed_by=(question, passage), question=question)
    assert out.text == fact and out.dropped == [(empty, "says only its title and the question")]
    # The title's words in another form are no words of its own (stop 39: "cost", "storing").
    other_forms = "Storage and costs are the cost of storing solar panels."
    out = repair_text(f"{other_forms} {fact}", title="Storage and costs", passages=(passage,),
                      backed_by=(question, passage), question=question)
    assert out.text == fact and out.dropped == [(other_forms, "says only its title and the question")]
    # Without words to judge by (the trained model, a Chinese question) it stays.
    assert empty in repair_text(f"{empty} {fact}", title="Storage and costs", passages=(passage,)).text
    # A part of nothing else is asked again, told why.
    ctx = ActionContext(query=question, passages=(passage,), shown_ids=frozenset({"2"}), attribute_to={"2": passage},
                        node_title="Storage and costs")
    with pytest.raises(ValidationError, match="only names the topic and the question"):
        WriteAction.model_validate({"content": f"{empty} [2]"}, context=ctx)


def test_the_parts_title_glued_to_its_first_sentence_goes() -> None:
    # git-reset-revert at stop 37: "Git Revert Command OverviewSee also ...".
    out = repair_text("Git Revert Command OverviewThe revert command records new commits that reverse others. [4]",
                      title="Git Revert Command Overview")
    assert out.text == "The revert command records new commits that reverse others. [4]"
    # One word is no title to cut from a longer name.
    fine = "GitHub hosts repositories for many projects and teams. [2]"
    assert repair_text(fine, title="Git").text == fine


def test_a_pointer_clause_cut_from_a_passage_and_a_pointer_at_its_example_go() -> None:
    """node-cluster (stop 37): "This is the example of using the message system ..." (the page's
    code sample, not in the report) and "It is disconnect()." (cut from "...; it is disconnect()")."""
    passage = ("Cluster\nIn a worker, process.disconnect exists, but it is not this function; it is disconnect(). "
               "Because long living server connections may block workers from disconnecting, it may be useful "
               "to send a message.")
    text = ("This is the example of using the message system in Node.js clusters. It is disconnect(). Because long "
            "living server connections may block workers from disconnecting, it may be useful to send a message [3].")
    out = repair_text(text, title="Worker messages", passages=(passage,), backed_by=(passage,))
    assert out.text.startswith("Because long living") and "It is disconnect" not in out.text
    assert [why for _, why in out.dropped] == ["describes the report, not the subject", "a fragment"]
    # A short pointer sentence of the writer's own, or a passage sentence's own start, stays.
    kept = repair_text("Workers share one port through the primary process [1]. It is simple. It is disconnect().",
                       passages=("Cluster\nIt is disconnect() that closes the channel.",),
                       backed_by=("Workers share one port through the primary process. It is simple.",
                                  "It is disconnect() that closes the channel."))
    assert "It is simple." in kept.text and "It is disconnect()." in kept.text


def test_a_copy_cut_short_and_closed_with_another_passage_sentences_end_goes() -> None:
    """node-cluster (stop 38): "Because long living server connections may block, false otherwise."
    copies one sentence, then ends on another's last words; a copy shortened inside one sentence stays."""
    passage = ("Cluster\nBecause long living server connections may block workers from disconnecting, it may be "
               "useful to send a message, so application specific actions may be taken to close them. This function "
               "returns true if the worker is connected to its primary via its IPC channel, false otherwise.")
    text = ("This function returns true if the worker is connected, false otherwise [1]. Because long living server "
            "connections may block, false otherwise.")
    out = repair_text(text, title="Worker state", passages=(passage,), backed_by=(passage,))
    assert out.text == "This function returns true if the worker is connected, false otherwise [1]."
    assert out.dropped == [("Because long living server connections may block, false otherwise.",
                            "two passage sentences spliced")]
    # Another sentence's end reached through its own words is that sentence's claim, not a splice
    # (test_a_sentence_that_drops_its_passages_not_is_dropped keeps "... a sector write is linear." so).
    assert not spliced_tail("SQLite has traditionally assumed that a sector write is linear.",
                            ["SQLite has traditionally assumed that a sector write is not atomic.",
                             "However, SQLite does always assume that a sector write is linear."])


def test_a_copy_that_ends_on_another_passage_sentences_end_past_shared_small_words_goes() -> None:
    # pg-backup, stop 59: "nothing further can be" + "... can be omitted from the backup."
    tape = ("For example, this could occur if you write to tape without an autochanger; when the tape fills, nothing "
            "further can be archived until the tape is swapped.")
    omit = "Any file or directory beginning with pgsql_tmp can be omitted from the backup."
    spliced = tape.replace("archived until the tape is swapped", "omitted from the backup")
    assert spliced_over_small_words(spliced, [tape, omit])
    out = repair_text(f"{omit} {spliced} [12]", passages=(f"Backup\n{tape} {omit}",), backed_by=(tape, omit))
    assert out.dropped == [(spliced, "two passage sentences spliced")]
    # Either passage sentence whole, or the shared words followed by the first sentence's own word, stays.
    for kept in (tape, omit, tape.replace("until the tape is swapped", "from the backup")):
        assert not spliced_over_small_words(kept, [tape, omit])
    # Shared words with a content word among them are the second sentence's claim (``spliced_tail``'s rule).
    assert not spliced_over_small_words("In older versions, SQLite has traditionally assumed that a sector write is linear.",
                                        ["In older versions, SQLite has traditionally assumed that a sector write is not atomic.",
                                         "However, SQLite does always assume that a sector write is linear."])


_SITING = ("Where panels go and how much they produce\nA panel's output depends on how much sunlight reaches it. "
           "Irradiance, the power of sunlight per square metre, is close to 1,000 watts per square metre at noon on "
           "a clear day, which is the condition used to rate modules. Because output follows the sun, a solar "
           "system's capacity factor, its average output divided by its rated power, is low compared with power "
           "plants that run around the clock: about 10 to 25 percent depending on the climate.")
_EFFICIENCY = ("Solar panel efficiency\nTypical commercial monocrystalline silicon modules sold in recent years "
               "convert about 20 to 23 percent of sunlight; polycrystalline modules are a few points lower, and "
               "thin-film modules sit in a similar range.")


def test_one_passage_sentences_subject_with_anothers_claim_goes() -> None:
    """README's first command (stop 45): the capacity factor's sentence, where it goes on "is low
    compared with ...", goes on with irradiance's "close to 1,000 watts ..."; and a copy that ends one
    passage sentence runs into another without a stop, which then borrows a third one's figure."""
    passages = (_SITING, _EFFICIENCY)
    text = ("Because output follows the sun, a solar system's capacity factor, its average output divided by its "
            "rated power, is close to 1,000 watts per square metre at noon on a clear day, which is the condition "
            "used to rate modules. A panel's output depends on how much sunlight reaches it Polycrystalline modules "
            "are a few points lower than power plants that run around the clock: about 1,000 watts per square "
            "metre. [1]")
    out = repair_text(text, title="Output", passages=passages, backed_by=passages)
    assert out.text == "A panel's output depends on how much sunlight reaches it. [1]"
    assert [why for _, why in out.dropped] == ["two passage sentences spliced"] * 2
    # Each passage sentence said whole, or shortened inside itself, stays.
    fine = ("Irradiance is close to 1,000 watts per square metre at noon on a clear day [1]. A solar system's "
            "capacity factor, its average output divided by its rated power, is low compared with power plants "
            "that run around the clock [1].")
    assert repair_text(fine, title="Output", passages=passages, backed_by=passages).text == fine
    # node-cluster (stop 44): a passage line cut before its code span ends on "to"; a name after it
    # is that sentence's, not another's start.
    worker = ("Worker\nIn the primary this sends a message to a specific worker. It is identical to\n"
              "ChildProcess.send() sends a message to the child process over the channel.",)
    said = "It is identical to ChildProcess.send() in the primary process of the cluster. [2]"
    assert repair_text(said, title="Messages", passages=worker, backed_by=worker).text == said


_MODULE = ("Inside a solar module\nThe front is a sheet of tempered, low-iron glass which lets almost all visible "
           "light through while resisting hail and wind loads. Behind it the cells sit in a clear encapsulant.")


def test_a_passage_sentences_end_after_a_subject_of_the_models_own_goes() -> None:
    """README's first command (stop 46): "The photovoltaic cells are converted almost all visible light
    through ..." ends on the glass sentence's words, after words that share none of its subject's."""
    text = ("Behind the glass, the cells sit in a clear encapsulant [1]. The photovoltaic cells are converted almost "
            "all visible light through while resisting hail and wind loads. [1]")
    out = repair_text(text, title="Modules", passages=(_MODULE,), backed_by=(_MODULE,))
    # (and the paragraph's closing mark, the one its kept sentence closes on already, is not set twice)
    assert out.text == "Behind the glass, the cells sit in a clear encapsulant [1]."
    assert [why for _, why in out.dropped] == ["a passage's words after a subject of its own"]
    # The passage's own subject said otherwise, a clause of the model's own that goes on with the
    # passage's words, or an apposition after a colon: the sentence stays.
    for fine in ("The tempered glass front lets almost all visible light through while resisting hail and wind loads.",
                 "Glass is used because it lets almost all visible light through while resisting hail and wind loads.",
                 "Its front has one job: almost all visible light through while resisting hail and wind loads."):
        assert not borrowed_predicate(fine, [_MODULE.split("\n")[1]]), fine
    # Too few words copied, or copied from the sentence's start: the model's sentence or the passage's own.
    assert not borrowed_predicate("The photovoltaic cells are converted to hail and wind loads.", [_MODULE])
    assert not borrowed_predicate("Behind it the cells sit in a clear encapsulant.", [_MODULE])


def test_one_passage_sentences_subject_with_anothers_predicate_goes() -> None:
    """README's first command, stop 57: the first silicon cell given cadmium telluride's use in solar
    farms, with only "is also" of the model's own between the two copies."""
    history = "# History\nThe first practical silicon solar cell was built at Bell Laboratories in 1954."
    thin = ("# Types\nCadmium telluride (CdTe) is the most common thin-film material and is used in large solar "
            "farms; copper indium gallium selenide (CIGS) and amorphous silicon are others.")
    said = "The first practical silicon solar cell is also used in large solar farms."
    out = repair_text(f"{said} [1]", title="History", passages=(history, thin), backed_by=(history, thin))
    assert out.text == "" and out.dropped == [(said, "a passage's words after a subject of its own")]
    # Too short a predicate for borrowed_predicate alone; a clause of the model's own after a linking
    # word, or the passage's own subject, keeps it.
    sentences = [history.split("\n")[1], thin.split("\n")[1], "The junction creates a built-in electric field."]
    assert not borrowed_predicate(said, sentences)
    for fine in ("The first practical silicon solar cell was built, which is used in large solar farms.",
                 "The first practical silicon solar cell was built at Bell Laboratories in 1954.",
                 "Cadmium telluride (CdTe) is the most common material and is used in large solar farms."):
        assert not spliced_subject(fine, sentences), fine
    # README's first command at e1e6933: "This" for the passage's "The", and the last word in another form.
    assert spliced_subject("This first practical silicon solar cell is also used in large solar farmers.", sentences)


def test_a_passage_consequence_after_a_cause_of_its_own_goes() -> None:
    """README's first command (stop 57): monocrystalline cells' consequence, "which is why they ... make
    up most of the market", hung on a cause the model made up, and on thin-film cells."""
    cells = ("# Types of solar cells\nMonocrystalline cells are cut from a single silicon crystal. Their uniform "
             "structure lets electrons move with few obstacles, which is why they reach the highest efficiencies "
             "among mass-produced cells and why they now make up most of the market. Thin-film cells take a "
             "different route: a layer of light-absorbing material is deposited on glass.")
    made_up = "Each cell has a specific efficiency and cost, which is why they make up most of the market."
    moved = ("Thin-film cells take a different route than monocrystalline cells, which allows electrons to move "
             "with few obstacles and reach the highest efficiencies among mass-produced cells.")
    kept = "Thin-film cells take a different route: a layer of light-absorbing material is deposited on glass."
    out = repair_text(f"{made_up} {moved} {kept} [1]", title="Types of solar cells", passages=(cells,),
                      backed_by=(cells,))
    assert out.text == f"{kept} [1]"
    assert (made_up, "a passage's consequence after a cause of its own") in out.dropped
    assert (moved, "a passage's consequence after a cause of its own") in out.dropped
    sentences = split_sentences(cells.split("\n")[1])
    # The passage's own cause, said again or in other words, keeps the consequence.
    for fine in ("Their uniform structure lets electrons move with few obstacles, which is why they reach the "
                 "highest efficiencies among mass-produced cells.",
                 "Monocrystalline cells have a uniform structure, which is why they reach the highest efficiencies "
                 "among mass-produced cells.",
                 # A relative clause of the model's own: no passage says it as a consequence.
                 "Monocrystalline cells are cut from a single silicon crystal, which is grown as an ingot."):
        assert not borrowed_consequence(fine, sentences), fine


def test_a_passage_figure_given_to_another_subject_goes() -> None:
    """README's first command (stop 50): the warranty's figure said of efficiency. The words before
    the copy share only the figure and "around" with the passage's, which say it of no subject."""
    warranty = ("Manufacturers commonly warrant that a module will still deliver around 80 to 90 "
                "percent of its rated power after 25 years, which corresponds to a degradation of half a percent.")
    said = "The efficiency of solar panels is typically around 80% to 90% of its rated power after 25 years."
    assert borrowed_predicate(said, [warranty])
    # The passage's subject kept, or nothing but the figure before the copy: the passage's claim.
    assert not borrowed_predicate("A module will typically deliver around 80% to 90% of its rated power after 25 "
                                  "years.", [warranty])
    assert not borrowed_predicate("About 80 to 90 percent of its rated power after 25 years remains.", [warranty])


def test_a_passage_verb_and_its_words_given_to_another_subject_goes() -> None:
    """README's first command, stop 56: the string's "operates at the current of its weakest panel"
    said of all modern inverters; the verb, in another form, is the copy's and no shared subject."""
    string = "They are inexpensive, but the whole string operates at the current of its weakest panel."
    assert borrowed_predicate("All modern inverters operate at the current of its weakest panel.", [string])
    # The passage's subject before the verb, or only a pronoun: the passage's claim.
    assert not borrowed_predicate("The whole string of panels operate at the current of its weakest panel.", [string])
    assert not borrowed_predicate("Then it operates at the current of its weakest panel.", [string])
    # A passage sentence that opens on the copied words has no words before them (node-events and
    # node-cluster crashed on it at e63ea93).
    assert not borrowed_predicate("The cluster module lets you start a new worker process very easily today.",
                                  ["Start a new worker process very easily today."])


def test_headings_strung_together_are_no_sentence() -> None:
    # ap-proxy (stop 47): a page's table of contents said as a paragraph of its own.
    text = ("Hot standbys activate only when all workers in a set are unavailable. [9]\n\n"
            "Balancer Set Application Worker Route BalancerPersist Manager Worker Route Session Hot Spares and Hot "
            "Standbys [8]")
    out = repair_text(text, title="Balancer manager")
    assert out.text == "Hot standbys activate only when all workers in a set are unavailable. [9]"
    assert [why for _, why in out.dropped] == ["a pasted title"]
    # A sentence with a word in lower case, or a Chinese one naming Latin names, is no such run.
    for fine in ("The Apache HTTP Server Balancer Manager shows the workers.",
                 "Apache HTTP Server Balancer Manager Worker Route 显示每个工作进程。"):
        assert not heading_run(fine)


def test_a_copy_that_leaves_words_out_of_its_sentence_is_no_splice() -> None:
    # ap-stopping (stop 43): "the parent to advise the children" for "the parent process to advise
    # the children"; the words after the gap are the same sentence's, though another holds them too.
    sentences = ["The USR1 or graceful signal causes the parent process to advise the children to exit after "
                 "their current request.",
                 "The WINCH or graceful-stop signal causes the parent process to advise the children to exit."]
    assert not spliced_inside("The USR1 or graceful signal causes the parent to advise the children to exit.",
                              sentences)
    assert spliced_inside("The USR1 or graceful signal causes the parent process to advise the children to exit.",
                          sentences) is False
    # node-cluster (stop 44): "sends a message to the" (a worker's send) goes on with another
    # sentence's "worker or primary, optionally with a handle".
    assert spliced_inside("The cluster.disconnect() method sends a message to the worker or primary, optionally "
                          "with handle.", ["In a worker this sends a message to the primary.",
                                           "Send a message to a worker or primary, optionally with a handle."])


def test_a_copy_left_for_words_of_its_own_and_another_sentences_inside_is_a_splice() -> None:
    # README's first command, stop 62: the etching's subject, "to create a", then the coating's colour.
    module = ("Several details raise the amount of light that reaches the silicon. The cell surface is chemically "
              "etched into microscopic pyramids, so that light reflected by one face hits another and gets a second "
              "chance to enter. A thin anti-reflective coating of silicon nitride gives cells their dark blue or "
              "black colour and cuts reflection further.")
    sentences = split_sentences(module)
    spliced = "The cell surface is chemically etched to create a dark blue or black colour, which cuts reflection further."
    assert spliced_over_own_words(spliced, sentences)
    out = repair_text(f"{spliced} A thin anti-reflective coating gives cells their dark blue or black colour. [6]",
                      passages=(f"Inside a solar module\n{module}",), backed_by=(module,))
    assert out.text == "A thin anti-reflective coating gives cells their dark blue or black colour. [6]"
    assert [why for _, why in out.dropped] == ["two passage sentences spliced"]
    # Not two sentences about one subject joined ("This level emulates ..."), nor one sentence with words
    # changed, nor words put inside one sentence's copy that ends on its words.
    mvcc = ["The Serializable isolation level provides the strictest transaction isolation.",
            "This level emulates serial transaction execution for all committed transactions."]
    assert not spliced_over_own_words("The Serializable isolation level provides the strictest transaction "
                                      "isolation, which emulates serial transaction execution for all committed "
                                      "transactions.", mvcc)
    java = ["The Java standards implement URL encoding slightly different.",
            "They use a path info appended to the URL using a semicolon as the separator and add the session id behind."]
    assert not spliced_over_own_words("The Java standards implement URL encoding slightly different, using "
                                      "semicolons (;) as the separator and add the session id behind.", java)
    vacuum = ["VACUUM FULL can reclaim more disk space but runs much more slowly.",
              "When enabled, autovacuum checks for tables that have had a large number of inserted, updated or "
              "deleted tuples."]
    assert not spliced_over_own_words("VACUUM FULL can reclaim more disk space occupied by updated or deleted tuples "
                                      "but runs much more slowly.", vacuum)


def test_a_pages_pointer_at_its_other_sections_is_no_prose() -> None:
    # node-modules (stop 38): "See Determining module system section for more info regarding ...".
    for pointer in ("See Determining module system section for more info regarding what parse goal will be used.",
                    "See git-rebase(1) for more details.", "See the chapter on locking.",
                    # git-stash (stop 43): a manual page's pointer at another, alone.
                    "See git-log(1).", "See git-log(1). [4]",
                    # pg-indexes and node-child, stops 57 to 59: the pointer said after its reason.
                    "For more information see Chapter 68.", "For more information, see V8 issue 7381.",
                    # node-modules, stop 62: "refer to" for "see".
                    "Refer to the Determining module system section to understand what parse goal will be used."):
        assert not_prose(pointer) == "points the reader elsewhere", pointer
    for fact in ("Seeing this, the primary forks a worker.", "See how the primary process forks workers first.",
                 "For more information on each signal, the parent reads its configuration again."):
        assert not_prose(fact) == "", fact


def test_a_whole_sentence_again_without_its_short_clauses_not_gets_it_back() -> None:
    """node-cluster (stop 38): "but it is not this function" is too short a clause to judge alone;
    the whole passage sentence again, every word its own, "not" gone, is the flip. Since stop 46 the
    "not" comes back (the copy penalty steers the model off a copied run, and "not" is the word it
    drops); it was dropped as a flip before."""
    passage = ("Cluster\nIn a worker, process.disconnect exists, but it is not this function; it is disconnect(). "
               "The worker is not killed but disconnected gracefully.")
    flipped = "In a worker, process.disconnect exists, but it is this function; it is disconnect()."
    kept = "The worker is disconnected gracefully instead of killed."  # other words: a paraphrase, not judged
    out = repair_text(f"{flipped} {kept} [1]", passages=(passage,), backed_by=(passage,))
    assert out.text == f"{flipped.replace('is this', 'is not this')} {kept} [1]"
    assert out.restored == [("", "not")] and not out.dropped


def test_one_word_said_as_a_sentence_and_the_prompt_said_back_without_its_possessive_go() -> None:
    """node-modules (stop 38): a subsection "Enabling" written as "Enable. [13]" and "Not with the
    part title. [13]" (the write prompt's "not with the part's title")."""
    instructions = ("Write about 150 words of plain Markdown paragraphs (no headings, no title line), in your own "
                    "words: explain and connect the facts, do not paste the passages. Start directly with the "
                    "content, not with the part's title.")
    text = "Enable. [13]\n\nNot with the part title. [13]\n\nThe compile cache is enabled by an environment variable. [13]"
    out = repair_text(text, instructions=instructions)
    assert out.text == "The compile cache is enabled by an environment variable. [13]"
    assert [why for _, why in out.dropped] == ["a fragment", "repeats the instructions"]


def test_two_earlier_sentences_pieced_together_with_words_swapped_are_a_repeat() -> None:
    """README's first command (stops 37-38): the efficiency sentence said again, its second half a
    clause of the sentence before it, "sunlight" and "panel" swapped for "solar" and "module"."""
    first = ("The efficiency of solar panels is determined by the output of these cells, which can be calculated by "
             "dividing the total amount of sunlight by the rated power. [1]")
    second = "Efficiency is the share of the sunlight falling on a panel that leaves it as electrical power. [1]"
    patch = ("Efficiency is the share of the solar falling on a module that leaves it as electrical power, which can "
             "be calculated by dividing the total amount of sunshine by the rated power. [1]")
    out = repair_text(f"{first}\n\n{second}\n\n{patch}")
    assert out.text == f"{first}\n\n{second}"
    assert [why for _, why in out.dropped] == ["repeats a sentence of this part"]
    # Said after an earlier part instead, it repeats that part; one sentence's share alone is no repeat.
    later = repair_text(patch, earlier=(f"{first}\n\n{second}",))
    assert [why for _, why in later.dropped] == ["repeats an earlier part"]
    assert repair_text(patch, earlier=(second,)).text == patch


def test_an_earlier_parts_sentences_said_again_with_other_words_and_signs_are_repeats() -> None:
    """README's first command (stop 39): part 2 said part 1's efficiency sentence again as a patchwork
    of two (0.55 of the words of each, 0.82 of both) and its module sentence with "20%" for "20
    percent" (0.78 of its words)."""
    part1 = ("The efficiency of solar panels is determined by the output of these cells, which can be calculated by "
             "dividing the total amount of sunlight by the rated power. [1] "
             "Efficiency is the share of the sunlight falling on a panel that leaves it as electrical power. "
             "Typical commercial monocrystalline silicon modules sold in recent years convert about 20 percent of "
             "sunlight; polycrystalline modules have a few points lower, and thin-film modules like cadmium "
             "telluride sit in a similar range. [1]")
    new = "Photovoltaic cells work by using photovoltaic materials to convert light directly into electricity. [2]"
    again = ("The efficiency of solar cell is determined by the amount of sunlight falling on the panel, which "
             "leaves it as electrical energy. [1]",
             "Typical commercial and monocrystalline silicon modules converted about 20%, polycrystalline modules "
             "lower, and thin-film modules such as cadmium and copper indium gallium selenide sit in the same range. [1]")
    for sentence in again:
        out = repair_text(f"{new}\n\n{sentence}", earlier=(part1,))
        assert out.text == new and [why for _, why in out.dropped] == ["repeats an earlier part"], sentence
    # A sentence with its own claim about the same things stays.
    own = "Thin-film modules weigh less, so they suit roofs that cannot carry glass panels. [3]"
    assert repair_text(f"{new}\n\n{own}", earlier=(part1,)).text == f"{new}\n\n{own}"


def test_a_code_samples_line_comment_pasted_into_prose_is_code() -> None:
    # node-cluster (stop 38): "fork(); // http worker." and "// kill worker worker.kill() worker.id.".
    for code in ("fork(); // http worker.", "// kill worker worker.kill() worker.id.",
                 # README's first command (stop 38): a salvaged remainder of pasted titles and comment marks.
                 "., Storage and costs ., */ /* The sit in the same range."):
        assert not_prose(code) == "pasted code", code
    assert not_prose("Files under /usr/* are read first.") == ""  # a glob, not a comment's mark
    # node-cluster (stop 61): a code sample's comment and declaration; English "let" names no camelCase thing.
    assert not_prose("Keep track of http requests let numReqs Cluster.") == "pasted code"
    assert not_prose("Git lets you let others review the branch.") == ""
    # node-modules (stop 62): require()'s pseudocode, an assignment and a bare "return" after a comma.
    for code in ("let PARTS = path split(START); let I = count of PARTS - 1 3.",
                 "Find the closest package scope SCOPE to DIR If no scope was found, return.",
                 "To access it, const worker = require('node:worker_threads'); Workers are useful."):
        assert not_prose(code) == "pasted code", code
    for fact in ("Let the workers share one port.", "The function returns early, in return for speed.",
                 "If a == b holds, the values are equal."):
        assert not_prose(fact) == "", fact
    for fact in ("See https://nodejs.org/api for the API.", "The address file:///tmp/x names a local file."):
        assert not_prose(fact) == "", fact


def test_a_clause_copied_from_inside_a_passage_sentence_opening_lowercase_is_a_fragment() -> None:
    # README's first command (stop 39): the clause after "; " of a passage sentence, as a sentence.
    passage = ("Types of solar cells\nCadmium telluride (CdTe) is the most common thin-film material and is used in "
               "large solar farms; copper indium gallium selenide (CIGS) and amorphous silicon are others.")
    kept = "Cadmium telluride is the most common thin-film material and is often used in large solar farms. [6]"
    cut = "copper indium gallium selenide (CIGS) and amorphous silicon are others. [6]"
    out = repair_text(f"{cut}\n\n{kept}", passages=(passage,))
    assert out.text == kept and [why for _, why in out.dropped] == ["a fragment"]
    # A name opens a sentence lowercase, also copied from inside a passage's sentence after a verb.
    named = "pip installs packages from the index into the active environment. [1]"
    page = "Installing\nThen pip installs packages from the index into the active environment by default."
    assert repair_text(named, passages=(page,)).text == named
    # So is an aside copied from inside a passage's parentheses (pg-indexes at 08679b0).
    table = ("Multicolumn Indexes\nFor example, if you have a table of this form (say, you keep your /dev directory "
             "in a database...) and you frequently issue queries, an index on both columns helps.")
    aside = "Indexes can span columns. [2] say, you keep your /dev directory. [2]"
    out = repair_text(aside, passages=(table,))
    assert out.text == "Indexes can span columns. [2]" and out.dropped == [("say, you keep your /dev directory.", "a fragment")]


def test_a_sentence_about_the_draft_describes_the_report() -> None:
    # README's first command (stop 39): the prompt's "Report draft so far" reported on.
    for meta in ("The draft also mentions that the cost is determined by the output of photovoltaic cells.",
                 "The draft states that inverters and grid connection."):
        assert not_prose(meta) == ABOUT_THE_TASK[0], meta
    for fact in ("A draft standard was published in 2019.", "The draft RFC defines the header."):
        assert not_prose(fact) == "", fact


def test_a_modules_summary_table_run_into_a_sentence_is_a_pasted_row() -> None:
    # ap-proxy (stop 44): the summary table of mod_proxy_balancer's page as one sentence.
    row = ("Mod Proxy Extension mod_proxy_balancer: Description: mod_proxy extension for load balancing Status: "
           "Status: Extension Module Identifier: proxy_balancer_module.")
    assert not_prose(row) == "a pasted table row"
    assert not_prose("The status: of each worker shows in the balancer manager's page.") == ""


def test_an_api_pages_parameter_list_pasted_into_prose_is_code() -> None:
    # node-cluster and node-modules (stop 38): a lowercase name, a colon and its description.
    for code in ("code: The exit code, if it exited normally signal: The name of the signal that caused it.",
                 "* paths: Paths to which the module location is resolved from.",
                 "fork() env: Key/value pairs to add to worker process environment.",
                 # node-events (stop 39): a property's type line run into the text.
                 "Instances are created internally by Node.js event.bubbles Type: {boolean} Always.",
                 # node-events (stop 50): the type in a code span.
                 "Type: `{number}` The unique asyncId assigned to the resource.",
                 "eventemitterasyncresource AsyncResource Type: The underlying {AsyncResource}.",
                 # node-cluster (stop 43): a method's return line.
                 "Causes disconnect() Returns: A reference to worker.",
                 # pg-vacuum (stop 43): a server's log line from an example's output.
                 "HINT: To avoid a database shutdown, execute a database-wide VACUUM.",
                 # node-cluster (stop 57): a parameter's default line glued to the next sentence.
                 "Default: SIGTERM' This function will kill the worker.",
                 # node-events (stop 58): a signature line, its markup stripped, and its deprecation label.
                 "listenerCount( emitter, eventName) Deprecated: Use emitter.listenerCount( emitter) instead.",
                 "Deprecated: Use the promise form.", "Legacy: Use subpath exports or subpath imports instead.",
                 # node-cluster (stop 57): a property's name glued to its description.
                 "worker A reference to the current worker, not available in the primary process."):
        assert not_prose(code) == "pasted code", code
    for fact in ("The reflog: The two backends will use different wording when describing the changes.",
                 "Note: The cache is cleared when the process exits.",
                 "The method returns: a reference to the worker, which callers may chain.",
                 "A hint: run VACUUM before the wraparound limit is near.",
                 "The signal to send defaults to SIGTERM; the default: can be changed per call.",
                 "The listenerCount() method is deprecated: use emitter.listenerCount(eventName) instead.",
                 "Call fork(options) to start a worker.",
                 "cluster.fork() returns a Worker, and the Worker has an id."):
        assert not_prose(fact) == "", fact


def test_a_figure_no_shown_passage_gives_is_an_invention() -> None:
    # README's first command (stop 39): "about 70% of the market", from no passage.
    question = "How do solar panels turn sunlight into electricity?"
    passage = ("Types of solar cells\nCadmium telluride is the most common thin-film material and is used in large "
               "solar farms. Modules convert about 20 to 23 percent of sunlight.")
    kept = "Cadmium telluride is the most common thin-film material, used in large solar farms. [6]"
    invented = "The thin-film materials make up about 70% of the market where large solar farms are operating. [6]"
    out = repair_text(f"{kept} {invented}", passages=(passage,), backed_by=(question, passage), question=question)
    assert out.text == kept and out.dropped == [(invented.removesuffix(" [6]"), "states a figure no shown passage gives")]
    # A range's end, a figure in the question or a name's digits are given.
    given = "Modules convert about 20 percent of sunlight, measured with sha256-checked x86_64 meters. [6]"
    assert repair_text(given, passages=(passage,), backed_by=(question, passage), question=question).text == given


def test_a_heading_standing_for_a_passages_subject_gives_way_to_that_subject() -> None:
    # README's first command (stop 43): the subsection's one sentence on modules went as a heading made a thing.
    module = ("Inside a solar module\nA solar module (the \"panel\" people see on roofs) is a sandwich built to "
              "protect fragile cells for decades. The front is a sheet of tempered glass.",)
    inside = "Inside a solar module is a sandwich built to protect fragile cells for decades. [6]"
    out = repair_text(inside, title="Inside a solar module", passages=module, backed_by=module)
    assert out.text == "A solar module is a sandwich built to protect fragile cells for decades. [6]"
    assert out.dropped == []
    # The passage's words before the copied ones are a longer clause, or share no word with the
    # heading: another thing is the subject there, and the sentence goes.
    inverters = ("Inverters and grid connection\nThe inverter converts one into the other and is the heart of "
                 "every grid-connected system.",)
    heart = "Inverters and grid connection is the heart of every grid-connected system. [5]"
    out = repair_text(heart, title="Inverters and grid connection", passages=inverters, backed_by=inverters)
    assert out.text == "" and out.dropped == [(heart.removesuffix(" [5]"), "makes its heading a thing")]
    # The heading's last word made plural (stop 56) is the heading all the same.
    hearts = heart.replace("connection is", "connections are")
    out = repair_text(hearts, title="Inverters and grid connection", passages=inverters, backed_by=inverters)
    assert out.text == "" and out.dropped == [(hearts.removesuffix(" [5]"), "makes its heading a thing")]
    glass = ("Inside a solar module\nTempered glass is a sandwich built to protect fragile cells for decades.",)
    assert repair_text(inside, title="Inside a solar module", passages=glass, backed_by=glass).text == ""
    # An aside between the heading and its verb (README's first command at acc89ae).
    aside = "Inside a solar module (the 'panel' people see on roofs) is typically made up of two components."
    assert heading_as_subject(aside, "Inside a solar module")

    # Two topics said to work by one means (README's first command at stop 54); two things, each its own verb, stay.
    assert heading_as_subject("Inverters and grid connection work by converting the incoming light energy.",
                              "Inverters and grid connection")
    assert not heading_as_subject("Merge and rebase both integrate changes from one branch into another.", "Merge and rebase")

    # The heading made a thing the question's subject has (README's first command at 9572a6a).
    of_panels = "The history and end of life of solar panels are primarily glass and aluminium."
    assert heading_as_subject(of_panels, "History and End of Life")
    assert not heading_as_subject(of_panels.replace("The history and end of life of", "The end of life of"),
                                  "History and End of Life")
    # A heading of one thing said to be of something is a claim about it.
    assert not heading_as_subject("The transaction isolation of PostgreSQL is strict.", "Transaction isolation")


def test_a_heading_standing_for_one_kinds_subject_gives_way_to_it() -> None:
    # README's first command, stop 56: the heading "Types of solar cells" made the subject of what the
    # passage says of monocrystalline cells alone.
    cells = ("Types of solar cells\nMonocrystalline cells are cut from a single silicon crystal grown as a large "
             "cylindrical ingot. Thin-film cells take a different route.",)
    typed = "The types of solar cells are cut from a single silicon crystal grown as a large cylindrical ingot. [4]"
    out = repair_text(typed, title="Types of solar cells", passages=cells, backed_by=cells)
    assert out.text == ("Monocrystalline cells are cut from a single silicon crystal grown as a large cylindrical "
                        "ingot. [4]")
    # A passage whose subject is the heading itself, or a sentence of the model's own after the
    # heading, stays as written.
    own = ("Types of solar cells\nTypes of solar cells are cut from a single silicon crystal or cast.",)
    same = "Types of solar cells are cut from a single silicon crystal or cast. [4]"
    assert repair_text(same, title="Types of solar cells", passages=own, backed_by=own).text == same
    differ = "Types of solar cells differ in how their silicon crystal is grown. [4]"
    assert repair_text(differ, title="Types of solar cells", passages=cells, backed_by=cells).text == differ


def test_a_heading_said_to_be_what_another_thing_is_goes() -> None:
    # pg-indexes at stop 55: a partial index's sentence said of the heading "Multicolumn INCLUDE Columns".
    partial = ("Partial Indexes\nPartial indexes are a specialized feature, but there are several situations in "
               "which they are useful.",)
    said = "Multicolumn INCLUDE Columns are a specialized feature, but there are situations where they help. [3]"
    out = repair_text(said, title="Multicolumn INCLUDE Columns", passages=partial, backed_by=partial)
    assert out.text == "" and out.dropped == [(said.removesuffix(" [3]"), "makes its heading a thing")]


def test_two_passage_sentences_joined_by_a_comma_are_two_sentences_again() -> None:
    # README's first command (stop 44): "... for decades, the front is a sheet of ...".
    module = ("Inside a solar module\nA solar module is a sandwich built to protect fragile cells for decades. The "
              "front is a sheet of tempered, low-iron glass, which lets light through. Glass is heavy.\nTo protect "
              "fragile cells for decades.",)
    joined = ("A solar module is a sandwich built to protect fragile cells for decades, the front is a sheet of "
              "tempered, low-iron glass. [7]")
    out = repair_text(joined, title="Inside a solar module", passages=module, backed_by=module)
    assert out.text == ("A solar module is a sandwich built to protect fragile cells for decades. The front is a sheet "
                        "of tempered, low-iron glass. [7]")
    # A clause of the model's own after the comma, or before it, stays where it is.
    for fine in ("A solar module is a sandwich built to protect fragile cells for decades, the front facing the sun. [7]",
                 "A module protects its cells well, the front is a sheet of tempered, low-iron glass. [7]",
                 # git-rebase-merge at stop 43: an opening phrase closed by its comma.
                 "To protect fragile cells for decades, the front is a sheet of tempered, low-iron glass. [7]"):
        assert repair_text(fine, title="Inside a solar module", passages=module, backed_by=module).text == fine


def test_a_copy_that_left_out_a_word_before_the_comma_still_splits_where_two_sentences_meet() -> None:
    # README's first command (stop 44): "... grown as a cylindrical ingot, their uniform structure ..." for
    # "... grown as a large cylindrical ingot. Their uniform structure ...".
    cells = ("Types of solar cells\nMonocrystalline cells are cut from a single silicon crystal grown as a large "
             "cylindrical ingot. Their uniform structure lets electrons move with few obstacles.",)
    joined = ("Monocrystalline cells are cut from a single silicon crystal grown as a cylindrical ingot, their uniform "
              "structure lets electrons move with few obstacles. [3]")
    out = repair_text(joined, title="Types of solar cells", passages=cells, backed_by=cells)
    assert out.text == ("Monocrystalline cells are cut from a single silicon crystal grown as a cylindrical ingot. "
                        "Their uniform structure lets electrons move with few obstacles. [3]")
    # Only the last two words matching, a short clause before the comma stays joined.
    short = "Cells grown as a cylindrical ingot, their uniform structure lets electrons move with few obstacles. [3]"
    assert repair_text(short, title="Types of solar cells", passages=cells, backed_by=cells).text == short


_SUN = ("Where panels go and how much they produce\nA panel's output depends on how much sunlight reaches it. "
        "Irradiance, the power of sunlight per square metre, is close to 1,000 watts per square metre at noon on a "
        "clear day. Because output follows the sun, a solar system's capacity factor is low.",
        "History and end of life\nThe photovoltaic effect was first observed by Edmond Becquerel in 1839. The first "
        "practical silicon solar cell was built at Bell Laboratories in 1954; it converted about 6 percent of "
        "sunlight into electricity.")


def test_a_passage_sentence_after_a_comma_keeps_its_capital_and_is_a_sentence_again() -> None:
    # README's first command (stop 46): "... reaches it, Irradiance, the power of sunlight ...".
    joined = ("A panel's output depends on how much sunlight reaches it, Irradiance, the power of sunlight per square "
              "metre, is close to 1,000 watts per square metre at noon on a clear day. [3]")
    out = repair_text(joined, title="Output", passages=_SUN, backed_by=_SUN)
    assert out.text == joined.replace("reaches it, Irradiance", "reaches it. Irradiance")
    # A capitalised "The" after a comma or a semicolon opens no clause: the passage's sentence starts there.
    pasted = ("The photovoltaic effect was first observed by Edmond Becquerel in 1839; The first practical silicon "
              "solar cell was built at Bell Laboratories in 1954. [4]")
    out = repair_text(pasted, title="History", passages=_SUN, backed_by=_SUN)
    assert out.text == pasted.replace("1839; The", "1839. The")
    # A name after a comma, where the words before end no passage sentence, stays in its list.
    listed = "Irradiance is measured on site, Irradiance, the power of sunlight per square metre, being the input. [3]"
    assert ", Irradiance," in repair_text(listed, title="Output", passages=_SUN, backed_by=_SUN).text


def test_a_mark_glued_to_the_next_word_gets_its_space() -> None:
    # README's first command (stop 46): "... in 1954;it converted ...", "...steps;The ...". Numbers keep theirs.
    out = repair_text("The first practical silicon solar cell was built at Bell Laboratories in 1954;it converted about "
                      "6 percent of sunlight into electricity,and 1,000 watts reach it. [4]")
    assert out.text == ("The first practical silicon solar cell was built at Bell Laboratories in 1954; it converted "
                        "about 6 percent of sunlight into electricity, and 1,000 watts reach it. [4]")
    assert "`a,b`" in repair_text("The pair `a,b` is a tuple in the example shown above. [1]").text


def test_a_documents_title_before_a_comma_and_a_capital_goes() -> None:
    # README's first command (stop 46): "Where panels go and how much they produce, Because output ...".
    # (Where the shown passage starts a sentence so, the title before a copy went already.)
    out = repair_text("Where panels go and how much they produce, Because output follows the sun, a solar system's "
                      "capacity factor is low. [4]", title="Storage and costs",
                      sources=("Where panels go and how much they produce",))
    assert out.text == "Because output follows the sun, a solar system's capacity factor is low. [4]"
    # A title that is the sentence's subject, a clause after its comma, stays.
    fine = "Where panels go and how much they produce, the guide says, depends on the site. [4]"
    assert repair_text(fine, title="Siting", sources=("Where panels go and how much they produce",)).text == fine


def test_the_parts_title_glued_to_a_sentence_with_quote_marks_goes() -> None:
    # README's first command, stop 57: a subsection's second paragraph opening "Storage and costs''Solar ...".
    page = ("Storage and costs\nLithium-ion batteries dominate home storage. Solar power is produced only while "
            "the sun shines, so many households pair panels with a battery.")
    first = "Lithium-ion batteries dominate home storage. [4]"
    said = "Solar power is produced only while the sun shines, so many households pair panels with a battery. [4]"
    out = repair_text(f"{first}\n\nStorage and costs''{said}", title="Storage and costs", passages=(page,))
    assert out.text == f"{first}\n\n{said}"
    # The title in quotes as a sentence's subject stays.
    fine = "'Storage and costs' is the page's name. [4]"
    assert repair_text(fine, title="Storage and costs").text == fine


def test_a_documents_title_said_with_one_word_swapped_is_a_pasted_title() -> None:
    # README's first command (stop 39): "Where panels go and how much they produce" as a sentence.
    from warp_report.protocol.repair import names_only

    titles = ("Where panels go and how much they produce", "Storage and costs")
    assert names_only("Solar panels go and how much they produce.", titles)
    assert not names_only("Panels go where the sun shines, and how much they produce depends on it.", titles)
    assert not names_only("Storage costs fall every year. [2]", titles)


def test_a_headings_phrase_made_the_subject_of_a_sentence_is_dropped() -> None:
    # README's first command (stops 34-40): a heading of two topics, or of a place, said as one thing.
    passages = ("Storage and costs\nMany households pair panels with a battery that stores 5 to 15 kilowatt-hours.",)
    kept = "A home battery stores 5 to 15 kilowatt-hours. [2]"
    out = repair_text(f"Storage and costs are the primary component of solar panels. [2] {kept}",
                      title="Storage and costs", passages=passages, backed_by=passages)
    assert out.text == kept
    assert out.dropped == [("Storage and costs are the primary component of solar panels. [2]", "makes its heading a thing")]
    # ... or as "a" thing, and the next sentence's "They" then names nothing (README's first command, stop 50).
    factor = ("Storage and costs are a critical factor in designing, selecting, and storing solar panels. They involve "
              "understanding the demand for solar electricity from the grid. [2]")
    out = repair_text(f"{kept}\n\n{factor}", title="Storage and costs", passages=passages, backed_by=passages)
    assert out.text == kept and [why for _, why in out.dropped][0] == "makes its heading a thing"
    module = ("A solar module is a sandwich built to protect fragile cells.",)
    inside = "Inside a solar module is a sandwich built to protect fragile cells. [6]"
    assert repair_text(inside, title="Inside a solar module", backed_by=module).text == ""
    # A title that names one thing is a definition's rightful subject, and two topics a plural one.
    for title, text in (("Fork", "Fork is a method that starts a new Node.js process. [3]"),
                        ("Row-level locks", "Row-level locks are taken by UPDATE and DELETE. [4]"),
                        ("Logging configuration", "Logging configuration is read from a file at start. [5]"),
                        ("Merge and rebase", "Merge and rebase are two ways to bring changes together. [6]")):
        assert repair_text(text, title=title, backed_by=(text,)).text == text


def test_a_url_tail_left_as_a_sentence_is_a_fragment() -> None:
    # ap-proxy (stop 47): "... http://www3. com:8080 is unavailable." cut at the host's dot.
    passages = ("For example, to have `http://www3.example.com:8080` take over when `http://www2.example.com:8080` "
                "is unavailable, add it as a hot standby.",)
    kept = "Hot standbys activate only when all workers in a set are unavailable. [9]"
    out = repair_text(f"{kept} com:8080 is unavailable. [8]", passages=passages)
    assert out.text == f"{kept} [8]" or out.text == kept
    assert out.dropped == [("com:8080 is unavailable.", "a fragment")]
    # A name that opens with a dot in the passages stands alone there: it may open a sentence.
    htaccess = ("Use .htaccess files when you cannot change the main configuration.",)
    assert repair_text("htaccess files hold rules. [2]", passages=htaccess).text == "htaccess files hold rules. [2]"


def test_a_word_said_twice_running_is_said_once() -> None:
    # ap-htaccess (stop 47): "look in every directory directory for .htaccess files".
    passages = ("httpd will look in every directory for .htaccess files.",)
    out = repair_text("When .htaccess files are allowed, httpd will look in every directory directory for them. [2]",
                      passages=passages)
    assert out.text == "When .htaccess files are allowed, httpd will look in every directory for them. [2]"
    # A doubling the passage has stays.
    rows = ("The output reads Name Name Type, a column per field.",)
    assert repair_text("The header reads Name Name Type, as shown. [3]", passages=rows).text == \
        "The header reads Name Name Type, as shown. [3]"


def test_a_lists_last_item_said_again_is_said_once() -> None:
    # README's first command at 4b970dc; git-bisect (stop 46).
    cells = ("Thin-film cells take a different route. Cadmium telluride (CdTe) is the most common thin-film material; "
             "copper indium gallium selenide (CIGS) and amorphous silicon are others.",)
    out = repair_text("Cadmium telluride is the most common; copper indium gallium selenide (CIGS), amorphous silicon, "
                      "and amorphous silicon are others. [9]", passages=cells)
    assert out.text == ("Cadmium telluride is the most common; copper indium gallium selenide (CIGS) and amorphous "
                        "silicon are others. [9]")
    bisect = ("git bisect takes subcommands such as start, bad, good and reset.",)
    out = repair_text("Git bisect uses subcommands like start, bad, good, reset, and reset. [4]", passages=bisect)
    assert out.text == "Git bisect uses subcommands like start, bad, good, and reset. [4]"
    # An item that only starts like the one before ("graceful and graceful-stop") is another item.
    signals = ("The signals are stop, restart, graceful and graceful-stop.",)
    said = "The httpd binary takes the options stop, restart, graceful and graceful-stop. [2]"
    assert repair_text(said, passages=signals).text == said


def test_two_clauses_halves_of_a_passage_sentence_go() -> None:
    # README's first command at 7e18ad2: "payback takes longer" where the passage says it is short.
    costs = ("Storage and costs\nIn sunny regions with high electricity prices, payback periods of well under ten "
             "years are common; where sunshine is modest and export tariffs are low, payback takes longer.",)
    kept = "Whether a system pays off depends on the local sunshine and the price of electricity. [7]"
    said = "In sunny regions with high electricity prices, payback takes longer. [7]"
    out = repair_text(f"{kept} {said}", passages=costs, backed_by=costs)
    assert out.text == kept
    assert out.dropped == [(said.removesuffix(" [7]"), "two clauses of a passage sentence joined")]


def test_a_run_said_twice_in_one_sentence_is_a_loop_unless_a_passage_says_it_so() -> None:
    # ap-htaccess (stop 46).
    basic = ("Authentication\nThe method implemented by mod_auth_basic sends the password in the clear.",)
    looped = "It is the method implemented by mod_auth_basic, which is the method implemented by mod_auth_basic. [3]"
    kept = "The method implemented by mod_auth_basic sends the password in the clear. [3]"
    out = repair_text(f"{kept}\n\n{looped}", passages=basic)
    assert out.text == kept
    assert out.dropped == [(looped.removesuffix(" [3]"), "repeats itself")]
    # A passage's own parallel may be said so.
    workers = ("Workers\nIn the primary it can be obtained using cluster.workers. In a worker it can be obtained "
               "using cluster.worker.",)
    parallel = "In the primary it can be obtained using cluster.workers; in a worker it can be obtained using cluster.worker. [4]"
    assert repair_text(parallel, passages=workers).text == parallel


def test_a_copy_cut_at_a_lists_first_item_is_given_the_whole_list() -> None:
    # README's first command, stop 49: "depends on the local sunshine." of four factors.
    passage = ("Storage and costs\nWhether a system pays off depends on the local sunshine, the price of electricity "
               "from the grid, and the tariff paid for exported power.")
    out = repair_text("Whether a system pays off depends on the local sunshine. [1]", passages=(passage,),
                      backed_by=(passage,))
    assert out.text == passage.partition("\n")[2][:-1] + ". [1]"
    assert out.restored == [("", "the price of electricity from the grid, and the tariff paid for exported power")]


def test_a_documents_title_opening_a_sentence_as_a_label_goes() -> None:
    # README's first command, stop 50: the page's title before a comma, then its first sentence.
    module = "Inside a solar module\nA solar module is a sandwich built to protect fragile cells for decades."
    out = repair_text("Inside a solar module, a solar panel is a sandwich built to protect fragile cells for decades. [1]",
                      passages=(module,), backed_by=(module,))
    assert out.text == "A solar module is a sandwich built to protect fragile cells for decades. [1]"  # the swap mended too
    # A short title is a phrase a sentence may open with; so is a title's words before no comma.
    git = "In Git\nA commit records a snapshot of the project and points to its parent commit."
    own = "In Git, every snapshot of the project is a commit that points to its parent. [1]"
    assert repair_text(own, passages=(git,), backed_by=(git,)).text == own
    assert _without_title_opener(own, ("In Git",)) == own
    # The part's own title too, and the joining word after it (pg-vacuum, stop 50).
    space = "Recovering Disk Space, but in typical scenarios, this might not be satisfactory for a large table. [5]"
    assert repair_text(space, title="Recovering Disk Space").text == \
        "In typical scenarios, this might not be satisfactory for a large table. [5]"
    assert _without_title_opener(own, ("In Git every",)) == own
    inside = "Inside a solar module the cells sit between two layers of a clear polymer encapsulant. [1]"
    module2 = module + " Inside a solar module the cells sit between two layers of a clear polymer encapsulant."
    assert repair_text(inside, passages=(module2,), backed_by=(module2,)).text == inside


def test_a_passages_words_after_its_colon_said_as_a_sentence_join_the_one_before() -> None:
    # README's first command, stop 50: the capacity factor's figure as a sentence of its own.
    factor = ("Where panels go\nBecause output follows the sun, a system's capacity factor is low compared with power "
              "plants that run around the clock: about 10 to 25 percent depending on the climate.")
    said = ("Because output follows the sun, a system's capacity factor is low compared with power plants that run "
            "around the clock. About 10 to 25 percent depending on the climate. [1]")
    out = repair_text(said, passages=(factor,), backed_by=(factor,))
    assert out.text == factor.partition("\n")[2] + " [1]"
    # After a semicolon too (pg-mvcc, stop 50).
    serial = ("Isolation\nIt emulates serial transaction execution for all committed transactions; as if transactions "
              "had been executed one after another, serially, rather than concurrently.")
    said = ("It emulates serial transaction execution for all committed transactions. As if transactions had been "
            "executed one after another, serially, rather than concurrently. [2]")
    assert repair_text(said, passages=(serial,), backed_by=(serial,)).text == serial.partition("\n")[2] + " [2]"
    # Sentences that meet elsewhere stay two.
    other = ("Because output follows the sun, a system's capacity factor is low. About 10 to 25 percent of homes "
             "have trackers. [1]")
    assert colon_rejoined(split_sentences(CITATION.sub("", other).strip()), (factor,)) == \
        split_sentences(CITATION.sub("", other).strip())


def test_a_formula_no_passage_gives_is_dropped() -> None:
    # README's first command, stop 50: the passage says in words what efficiency is.
    passage = ("Solar panel efficiency\nEfficiency is the share of the sunlight falling on a panel that leaves it as "
               "electrical power.")
    kept = "Efficiency is the share of the sunlight falling on a panel that leaves it as electrical power. [1]"
    formula = ("The efficiency of solar panels can be calculated using the formula: Efficiency = (Photons falling on "
               "panel) / (Panel's rated power). [1]")
    out = repair_text(f"{formula} {kept}", passages=(passage,), backed_by=(passage,))
    assert out.text == kept and out.dropped == [(formula, "gives a formula no shown passage gives")]
    # A formula the passage writes, or one in code, stays.
    given = "Power\nThe capacity factor = average output / rated power, about 10 to 25 percent."
    said = "The capacity factor = average output / rated power, about 10 to 25 percent. [1]"
    assert repair_text(said, passages=(given,), backed_by=(given,)).text == said
    code = "Set it with `work_mem = 64MB` in the configuration file. [1]"
    assert unshown_formula(code, ("Work memory\nSet it in the configuration file.",)) == ""


def test_a_name_no_passage_gives_goes_with_its_apposition_or_its_sentence() -> None:
    # README's first command, stop 50: two names of the model's own.
    history = ("History and end of life\nThe first practical silicon solar cell, built at Bell Laboratories in 1954, "
               "converted about 6 percent of sunlight into electricity.")
    cells = "How photovoltaic cells work\nPhotons above the band gap free electrons."
    said = ("The first practical silicon solar cell, known as the 'BEC' module, converted about 6 percent of sunlight "
            "into electricity. [1]\n\nPhotons above the band gap free electrons. This process is known as photovoltaic "
            "conversion or photovoltaic emission. [2]")
    out = repair_text(said, passages=(history, cells), backed_by=(history, cells))
    assert out.text == ("The first practical silicon solar cell converted about 6 percent of sunlight into electricity. "
                        "[1]\n\nPhotons above the band gap free electrons. [2]")
    assert ("BEC", "names a thing by a name no shown passage gives") in out.dropped
    # A name a passage gives stays.
    vacuum = "Vacuum\nPostgreSQL databases require periodic maintenance known as routine vacuuming."
    kept = "PostgreSQL databases require periodic maintenance known as routine vacuuming. [1]"
    assert repair_text(kept, passages=(vacuum,), backed_by=(vacuum,)).text == kept


def test_repair_drops_a_flipped_copy_and_ends_a_run_on_copy_as_its_passage_does() -> None:
    # README's first command at ba1ba7c on stop 50's machine: both in one write.
    payback = ("Storage and costs\nIn sunny regions with high electricity prices, payback periods of well under ten "
               "years are common; where sunshine is modest and export tariffs are low, payback takes longer.")
    flipped = ("The cost is typically higher for large-scale installations where export tariffs are low, and lower for "
               "smaller-scale installations where sunshine is modest and export tariffs are high. [1]")
    out = repair_text(flipped, passages=(payback,), backed_by=(payback,))
    assert out.text == "" and out.dropped == [(flipped.removesuffix(" [1]"), "says the opposite of its passage")]
    mono = ("Types of solar cells\nTheir uniform structure lets electrons move with few obstacles, which is why they "
            "reach the highest efficiencies among mass-produced cells and why they now make up most of the market.")
    ran_on = ("Their uniform structure lets electrons move with few obstacles, which is why they reach the highest "
              "efficiencies among mass-produced cells and why the grid, and choosing the right storage solution to "
              "meet that demand. [2]")
    earlier = ("Households draw on the grid, and choosing the right storage solution to meet that demand matters. [1]",)
    out = repair_text(ran_on, passages=(mono,), backed_by=(mono,), earlier=earlier)
    assert out.text == mono.partition("\n")[2][:-1] + ". [2]"
    assert ("the grid, and choosing the right storage solution to meet that demand", "the passage's ending") in out.restored


def test_a_paragraph_left_without_its_stop_gets_one() -> None:
    # README's first command at acc89ae: "... with different gap sizes [2]".
    cells = ("Cells\nTandem cells stack two absorbers with different band gaps to use more of the spectrum.",)
    out = repair_text("Tandem cells stack two absorbers with different gap sizes [2]", passages=cells, backed_by=cells)
    assert out.text == "Tandem cells stack two absorbers with different gap sizes. [2]"
    # Code last keeps its own end; a paragraph with its stop is left as it is.
    assert repair_text("Run it with `npm start` [2]", passages=cells).text == "Run it with `npm start` [2]"
    done = "Tandem cells stack two absorbers with different band gaps. [2]"
    assert repair_text(done, passages=cells, backed_by=cells).text == done


def test_a_how_heading_made_the_opening_of_a_copied_subject_is_a_fragment() -> None:
    # README's first command at stops 51-52: "by" saying how, and a noun after it.
    cells = ("How photovoltaic cells work\nOnly photons above the silicon band gap (about 1.1 electronvolts) can free "
             "electrons.",)
    garbled = "Photovoltaic cells work by only photons above Si band gap (about 1.1 eV). [8]"
    out = repair_text(garbled, passages=cells, backed_by=cells)
    assert out.text == "" and out.dropped == [(garbled.removesuffix(" [8]"), "a fragment")]
    # What is done after "by" is the claim.
    done = "Photovoltaic cells work by only absorbing photons above the silicon band gap (about 1.1 electronvolts). [8]"
    assert repair_text(done, passages=cells, backed_by=cells).text == done


def test_one_into_the_other_opening_a_part_points_at_nothing() -> None:
    # README's first command at stop 52: the passage sentence before named direct and alternating current.
    inverters = ("Inverters and grid connection\nSolar modules produce direct current (DC), while homes use alternating "
                 "current (AC). The inverter converts one into the other and is the heart of every grid-connected "
                 "system. String inverters take the combined DC output of a series string of panels.",)
    opening = "Inverters convert one into the other and are the heart of every grid-connected system. [4]"
    strings = "String inverters take the combined DC output of a series string of panels. [4]"
    out = repair_text(f"{opening} {strings}", passages=inverters, backed_by=inverters)
    assert out.text == strings
    assert (opening, "points back at no sentence") in out.dropped
    # After the sentence that names the two, it says which.
    named = "Solar modules produce direct current (DC), while homes use alternating current (AC). [4]"
    assert repair_text(f"{named} {opening}", passages=inverters, backed_by=inverters).text == f"{named} {opening}"


def test_a_passages_heading_after_a_comma_is_a_pasted_heading() -> None:
    # git-bisect at stops 50-52: an opening phrase of the model's, then the page's heading.
    bisect = ("git-bisect(1)\nBasic bisect commands: start, bad, good\nAs an example, suppose you are trying to find "
              "the commit that broke a feature that was known to work in version v2.6.13-rc2 of your project.",)
    pasted = ("In detecting regressions introduced through the merging of a branch, Basic bisect commands: start, bad, "
              "good. [2]")
    out = repair_text(pasted, passages=bisect, backed_by=bisect)
    assert out.text == "" and out.dropped == [(pasted.removesuffix(" [2]"), "a pasted heading")]
    # A list's last items after a comma are no heading: "start, bad, good" alone is not the heading.
    listed = "The basic bisect commands are start, bad, good. [2]"
    assert repair_text(listed, passages=bisect, backed_by=bisect).text == listed


def test_added_text_says_what_one_passage_sentence_says_about_its_part_or_the_question() -> None:
    # README's first command at stop 54: lengthen's paragraphs, from passages no part cited yet.
    question = "How do solar panels turn sunlight into electricity?"
    efficiency = ("Solar panel efficiency\nPanels also age. Manufacturers commonly warrant that a module will still "
                  "deliver around 80 to 90 percent of its rated power after 25 years, which corresponds to a "
                  "degradation of roughly half a percent per year.")
    recycling = ("History and end of life\nSeparating the silicon, the silver and the copper from the laminated "
                 "encapsulant is harder and costs more than the recovered material is worth today, so dedicated "
                 "recycling plants remain few.")
    shown = (efficiency, recycling)
    invented = ("The efficiency of photovoltaic cells can be measured by comparing their output to their rated power, "
                "which determines their degradation rate over time.")
    stray = ("Separating the silicon, silver, and copper from the laminated encapsulant is a challenging process that "
             "requires specialized recycling plants.")
    warranty = ("Manufacturers commonly warrant that panels still deliver 80 to 90 percent of their rated power "
                "after 25 years.")
    text = f"{invented} {stray} {warranty} [1]"

    def added(title: str) -> list[tuple[str, str]]:
        return repair_text(text, title=title, passages=shown, backed_by=(question, *shown), question=question,
                           one_source=True, on_part=True).dropped

    # Each passage backs the invented sentence's words (a third or more): a part's own write keeps the
    # copies, and the invention goes for its way of measuring, which no passage gives (``own_method``).
    assert repair_text(text, title="How Photovoltaic Cells Work", passages=shown, backed_by=(question, *shown),
                       question=question).dropped == [(invented, claims.OWN_METHOD)]
    # Added text: the invention holds too little of any one passage sentence; the copies name nothing
    # of "How Photovoltaic Cells Work" or the question.
    assert [why for _, why in added("How Photovoltaic Cells Work")] == [
        "says what no one shown passage sentence says", *["names neither its part's subject nor the question's"] * 2]
    # Under a part on modules' end of life, the copies are the part's.
    assert [s for s, _ in added("Module ageing and recycling")] == [invented]


def test_added_text_placed_by_the_reports_subject_alone_is_off_its_part() -> None:
    # README's first command at stop 62: lengthen added a capacity-factor paragraph under "Inside a
    # solar module"; its one word of the part's title and the question ("solar") is the report's subject.
    question = "How do solar panels turn sunlight into electricity?"
    siting = ("Where panels go and how much they produce\nBecause output follows the sun, a solar system's capacity "
              "factor is low compared with power plants that run around the clock.")
    storage = ("Storage and costs\nBatteries raise the share of solar electricity a household uses itself instead "
               "of exporting it to the grid.")
    shown = (siting, storage)
    capacity = ("Because output follows the sun, a solar system's capacity factor is low compared with power plants "
                "that run around the clock.")
    batteries = "Batteries raise the share of solar electricity a household uses itself instead of exporting it to the grid."

    def dropped(text: str, title: str, subject: str) -> list[str]:
        return [why for _, why in repair_text(text, title=title, passages=shown, backed_by=(question, *shown),
                                              question=question, one_source=True, on_part=True,
                                              subject=subject).dropped]

    solar = "Solar Panels: How They Convert Sunlight into Electricity"
    assert dropped(f"{capacity} [1]", "Inside a solar module", solar) == [OFF_PART]
    # Without the report's title, "solar" names the part (the rule before stop 63).
    assert dropped(f"{capacity} [1]", "Inside a solar module", "") == []
    # A word of the part's own the report's title lacks still places it: "grid".
    assert dropped(f"{batteries} [2]", "Inverters and grid connection", solar) == []
    # A passage headed with a word of the part's own places its sentences there (git-reset-revert at
    # 211d511: the report's title was the question, so only "Splitting" was left to place text).
    git_q = "What is the difference between git reset and git revert for undoing commits?"
    split = ("git-reset(1)\n3. But you can use reset --keep to remove the unwanted commit.\n\nSplit a commit apart into "
             "a sequence of commits\n\nSuppose that you have created lots of logically separate changes and committed "
             "them together.")
    other = "git-reset(1)\nSuppose that you have created lots of logically separate changes and committed them together."
    chunk = "Suppose you have created lots of logically separate changes and committed them together. [8]"
    for pages, why in (((split,), []), ((other,), [OFF_PART])):
        assert [w for _, w in repair_text(chunk, title="Splitting commits", passages=pages, backed_by=(git_q, *pages),
                                           question=git_q, one_source=True, on_part=True,
                                           subject=git_q).dropped] == why, pages
    # A report titled with every word of the part's title and the question leaves them all to place text.
    assert dropped(f"{capacity} [1]", "Solar panels", "How solar panels turn sunlight into electricity") == []


def test_a_passage_fact_the_plan_copied_too_is_no_echo_of_the_instructions() -> None:
    # README's first command at stop 54: the plan copied the passage's sentence, and the part's copy of it
    # went twice as "repeats the instructions", the one fact the question asked about.
    passage = ("How photovoltaic cells work\nOnly photons above the silicon band gap (about 1.1 electronvolts) can "
               "free electrons. Photons with little energy pass through or become heat.")
    fact = "Only photons above the silicon band gap (about 1.1 electronvolts) can free electrons."
    plan = f"{fact} The junction then separates the freed charges into a current."
    instructions = f"Write the part in your own words.\n{plan}"
    out = repair_text(f"{fact} [1]", passages=(passage,), instructions=instructions, plan=plan)
    assert out.text == f"{fact} [1]" and out.dropped == []
    # The plan's own words are still the instructions said back.
    echo = "The junction then separates the freed charges into a current."
    out = repair_text(f"{fact} {echo} [1]", passages=(passage,), instructions=instructions, plan=plan)
    assert out.text == f"{fact} [1]" and out.dropped == [(echo, "repeats the instructions")]


def test_the_write_prompts_explain_and_connect_made_a_label_goes_and_its_sentence_stays() -> None:
    # ap-proxy at stops 54 and 55: "explain and connect the facts" (prompts/write.md) as a sentence's label.
    for label in ("Explanation of facts: ", "Connects the facts: ", "Connection between facts: "):
        out = repair_text(f"{label}Dynamic health checks test the backend servers before requests reach them. [1]")
        assert out.text == "Dynamic health checks test the backend servers before requests reach them. [1]", label
    # A label of the subject's own words stays.
    kept = "Health checks: the module tests each backend server before requests reach it. [1]"
    assert repair_text(kept).text == kept


def test_a_pointer_back_at_what_was_mentioned_earlier_goes_and_its_sentence_stays() -> None:
    # README's first command, stop 56: a subsection's first sentence pointing back at nothing said.
    claim = "Thin-film cells take a different route: a thin layer of material is deposited on glass. [1]"
    for opener in ("As mentioned earlier, ", "As noted above, ", "As was discussed in the previous section, "):
        lowered = opener + claim[0].lower() + claim[1:]
        assert repair_text(lowered).text == claim, opener
    # "As" opening a sentence's own clause stays.
    kept = "As mentioned in the manual, thin-film cells take a different route. [1]"
    assert repair_text(kept).text == kept


def test_a_sentence_on_what_a_part_of_the_report_states_describes_the_report() -> None:
    # ap-stopping at stop 55, lengthen's text: the part said about, not the subject.
    assert not_prose("The second part states that Graceful Stop is designed to respect the process control "
                     "directive of the MPMs.") == ABOUT_THE_TASK[0]
    assert not_prose("The passage says that a graceful stop waits for the children to finish.") == ABOUT_THE_TASK[0]
    assert not_prose("The second argument states which signal the parent sends.") == ""


def test_an_untrained_models_paragraph_naming_neither_its_part_nor_the_question_goes() -> None:
    # README's first command, stop 56: the module's glass as the second paragraph of "History and End of Life".
    question = "How do solar panels turn sunlight into electricity?"
    shown = ("History and end of life\nThe photovoltaic effect was first observed by Edmond Becquerel in 1839, when "
             "he saw a small current flow from an electrode exposed to light.",
             "Inside a solar module\nThe front is a sheet of tempered glass, which lets almost all visible light "
             "through while resisting hail and wind loads.")
    history = ("The photovoltaic effect was first observed by Edmond Becquerel in 1839, when he saw a small current "
               "flow from an electrode exposed to light, the start of solar electricity. [1]")
    glass = ("The front is a sheet of tempered glass, which lets almost all visible light through while resisting "
             "hail and wind loads. [2]")

    def written(**kw: object) -> str:
        return repair_text(f"{history}\n\n{glass}", title="History and End of Life", passages=shown,
                           backed_by=(question, *shown), question=question, **kw).text

    assert written(one_source=True) == history
    assert written() == f"{history}\n\n{glass}"  # the trained model's parts are left as it wrote them
    # Under a part on the module, the glass is its subject: the module page's passage says it, though
    # the sentence never names the module.
    assert glass in repair_text(glass, title="Inside the module", passages=shown, backed_by=(question, *shown),
                                question=question, one_source=True).text
    # README's first command, stop 57: under "Solar Panel Efficiency" the module page shares only the
    # question's "solar" with the title, and is no page on it.
    assert repair_text(f"{glass}", title="Solar Panel Efficiency", passages=shown, backed_by=(question, *shown),
                       question=question, one_source=True).text == ""


def test_a_heading_said_to_be_discussed_is_the_plans_voice() -> None:
    # README's first command, stop 56: a subsection's first sentence.
    assert not_prose("Inverters and grid connection are discussed how inverters work in solar panels, including "
                     "their role in converting sunlight into electricity.") == ABOUT_THE_TASK[0]
    assert not_prose("The inverter discusses nothing; it converts direct current into alternating current.") == ""


def test_a_stop_put_inside_a_copied_sentence_before_its_citation_goes() -> None:
    """node-modules (stop 57): the model's stop after "require('./FOO')" cut the passage's sentence
    in two, the second half opening in lower case."""
    passage = ("Modules\nDifferent resolved filenames can point to the same file. For example,\nrequire('./foo') and "
               "require('./FOO') return two different objects, irrespective of whether ./foo and ./FOO are the same file.")
    cut = ("For example, require('./foo') and require('./FOO'). [3] return two different objects, irrespective of "
           "whether ./foo and ./FOO are the same file. [2]")
    out = repair_text(cut, passages=(passage,), backed_by=(passage,))
    assert out.text == cut.replace("('./FOO'). [3] return", "('./FOO') [3] return")
    # The stop alone (node-modules, stops 61 to 63); an abbreviation's stop stays.
    out = repair_text(cut.replace(". [3] return", ". return"), passages=(passage,), backed_by=(passage,))
    assert out.text == cut.replace("('./FOO'). [3] return", "('./FOO') return")
    # ap-proxy, stop 60: the passage stops there too.
    own = "It is more useful to check worker health out of band. mod_proxy_hcheck provides this. [3]"
    assert _stop_inside_copy(own, (own.removesuffix(" [3]"),)) == own
    for abbreviated in ("Use a flag, e.g. the -k option. [3]", "Set the mode, i.e. the default one. [3]"):
        abbreviation_page = abbreviated.removesuffix(" [3]")
        assert _stop_inside_copy(abbreviated, (abbreviation_page,)) == abbreviated
    # A sentence opening on a lower-case name the passage does not read on from the words before keeps its stop.
    two = "Use require('./foo') to load it. [3] npm install adds the package. [2]"
    assert _stop_inside_copy(two, (passage,)) == two


def test_a_copy_whose_words_before_another_sentences_ending_were_changed_is_still_a_splice() -> None:
    """README's first command at 1c6e516: MPPT's sentence with its ": they" made "to", ending on the
    string inverter's "in one box"; node-modules (stop 57): "on-demand" made another sentence's "ahead
    of time"."""
    mppt = ("All modern inverters run maximum power point tracking (MPPT): they continuously adjust the electrical "
            "load so that the panels operate at the voltage and current where they deliver the most power.")
    string = "String inverters take the combined DC output of a series string of panels and convert it in one box."
    spliced = ("All modern inverters run maximum power point tracking (MPPT) to continuously adjust the electrical load "
               "so that the panels operate in one box.")
    assert spliced_tail(spliced, [mppt, string])
    modules = ["In the past, this list has been used to load non-JavaScript modules into Node.js by compiling them "
               "on-demand.", "Another way is compiling them to JavaScript ahead of time."]
    assert spliced_tail("In the past, this list has been used to compile non-JavaScript modules into Node.js by "
                        "compiling them ahead of time.", modules)
    # The copy that ends as its own passage sentence does is no splice.
    assert not spliced_tail("All modern inverters run MPPT to continuously adjust the electrical load so that the "
                            "panels operate at the voltage and current where they deliver the most power.", [mppt, string])


def test_the_questions_ask_said_as_a_claim_after_an_asking_word_goes() -> None:
    """node-child (stop 58): the question's words after the model's "what" for its "Which functions does"."""
    question = ("Which functions does Node.js's child_process module offer for starting another process, and how do "
                "spawn, exec, execFile and fork differ?")
    passage = "Child process\nchild_process.exec(): spawns a shell and runs a command within that shell."
    echo = ("spawn a shell and runs a command within that shell is what Node.js's child_process module offer for "
            "starting another process.")
    answer = "Spawn, exec, execFile and fork differ in how they start the command: exec spawns a shell."
    out = repair_text(f"{echo} {answer} [1]", passages=(passage,), question=question)
    assert out.dropped == [(echo, "says the question again")] and out.text == f"{answer} [1]"
    assert not _asked_as_claim(answer, shingles(question, 6))


def test_the_questions_do_clause_said_as_a_claim_with_its_bare_verb_goes() -> None:
    """node-events (stop 59): "How does X call Y" lifted into "X call Y ..." with a passage's words after it."""
    question = ("How does Node.js's EventEmitter call the listeners of an event, and what happens when an 'error' "
                "event is emitted?")
    echo = ("Node.js's EventEmitter call the listeners of an event by emitting a 'messageerror' event when "
            "deserializing a message failed.")
    out = repair_text(f"Listeners run in the order they were added. {echo} [17]", question=question)
    assert out.dropped == [(echo, "says the question again")]
    answer = "Node.js's EventEmitter calls the listeners of an event synchronously, in the order they were registered. [3]"
    assert repair_text(answer, question=question).text == answer
    # A plural's bare verb after "do" is a claim's too (README's question).
    claim = "Solar panels turn sunlight into electricity with cells of silicon. [1]"
    assert repair_text(claim, question="How do solar panels turn sunlight into electricity?").text == claim


def test_a_condition_or_a_noun_phrase_left_without_a_main_clause_is_a_fragment() -> None:
    # git-stash, stops 57 and 58: the condition's main clause went with the next sentence.
    out = repair_text("Apply the stash with git stash pop. If there are any conflicts. [4]")
    assert out.text == "Apply the stash with git stash pop. [4]"
    assert out.dropped == [("If there are any conflicts.", "a fragment")]
    # A main clause without a comma, or after one, stays.
    # node-child, stops 58 and 59: a noun and its "of" phrase cut from a passage sentence, no verb.
    out = repair_text("The importance of the child. The fds 0, 1, and 2 correspond to stdin, stdout, and stderr. [16]")
    assert out.dropped == [("The importance of the child.", "a fragment")]
    assert repair_text("The importance of the child is its exit code. [16]").dropped == []
    # node-cluster and node-modules, stops 58-62: an API reference's entry for a property.
    for entry in ("A reference to the current worker object.", "The identifier for the module.",
                  "The fully resolved filename of the module."):
        assert repair_text(f"Workers share one port. [4] {entry} [5]").dropped == [(entry, "a fragment")], entry
    for fine in ("The cost of the commit matters. [5]", "The size of the cached module changed. [5]",
                 "The really big change of the year matters. [5]", "The server quickly listens on the port. [5]",
                 "A reference to the current worker object is kept. [5]"):
        assert repair_text(fine).dropped == [], fine
    for kept in ("When it ends it stops. [1]", "If it fails, resolve the conflicts. [4]",
                 "When the primary receives an online message it will emit this event. [2]"):
        assert repair_text(kept).text == kept


def test_a_copy_cut_short_and_run_into_another_passage_sentence_keeps_the_second_sentence() -> None:
    # pg-mvcc at stop 59: "please see [berenson95]." cut, a "Note" heading left out, the next sentence run on.
    passage = ("For a full treatment, please see [berenson95].\n\nNote\nPrior to PostgreSQL version 9.1, a request "
               "for the Serializable transaction isolation level provided exactly the same behavior described here.")
    text = ("For a full treatment, please see prior to PostgreSQL version 9.1, a request for the Serializable "
            "transaction isolation level provided exactly the same behavior described here. [5]")
    out = repair_text(text, passages=(passage,), backed_by=(passage,))
    assert out.text == ("Prior to PostgreSQL version 9.1, a request for the Serializable transaction isolation level "
                        "provided exactly the same behavior described here. [5]")
    assert out.dropped == [("For a full treatment, please see", "two passage sentences spliced")]
    # The first sentence said whole before the second: two sentences, each kept.
    whole = ("For a full treatment, please see the survey. Prior to PostgreSQL version 9.1, a request for the "
             "Serializable transaction isolation level provided exactly the same behavior described here. [5]")
    backing = whole[:-4]
    assert repair_text(whole, passages=(backing,), backed_by=(backing,)).text == whole


def test_a_copy_cut_short_and_run_into_an_opening_that_cannot_stand_alone_goes_whole() -> None:
    # node-cluster at stop 59: an API entry's property name, its description cut, and the entry's next line.
    passage = "cluster.worker\nA reference to the current worker object. Not available in the primary process."
    text = ("The primary forks workers. worker A reference to the current worker, not available in the primary "
            "process. [17]")
    out = repair_text(text, passages=(passage,), backed_by=(passage,))
    assert "Not available" not in out.text and "not available" not in out.text
    assert ("worker A reference to the current worker, not available in the primary process.",
            "two passage sentences spliced") in out.dropped


@pytest.mark.parametrize("garble", [
    "There are three ways in which a folder may of loading.",  # node-modules, stops 57 to 59
    "Files with a .cjs extension; of loading.",
    "For example, if bash some-command spawns successfully, the 'spawn' event will has fully closed.",  # node-child
])
def test_the_copy_penaltys_of_after_a_modal_or_a_semicolon_is_a_garble(garble: str) -> None:
    out = repair_text(f"Node.js resolves packages by name. {garble} [8]")
    assert out.text == "Node.js resolves packages by name. [8]"
    assert out.dropped == [(garble, "words cut to pieces")]
    # The noun's "can of", and "of" opening a clause that goes on, stay.
    for kept in ("Opening that file is a can of worms, as the docs say. [2]",
                 "The number of loaders must be small; of these, one is the default. [3]"):
        assert repair_text(kept).text == kept


def test_a_one_sentence_paragraph_a_later_sentence_says_whole_goes():
    # README's first command, stop 59: the shorter sentence, restored from the model's "They operate
    # at the current ...", came first, so no check of it could see the later one.
    short = "The panels operate at the voltage where they deliver the most power under the current light. [7]"
    whole = ("All modern inverters run maximum power point tracking (MPPT): they continuously adjust the load so "
             "that the panels operate at the voltage where they deliver the most power under the current light. [7]")
    passages = ("Inverters\n\n" + whole.removesuffix(" [7]"),)
    out = repair_text(f"{short}\n\n{whole}", passages=passages)
    assert out.text == whole
    assert (short, "said whole by a later sentence") in out.dropped
    # Not where the later paragraph cites other passages: the first one's mark would be lost.
    other = whole.replace("[7]", "[8]")
    assert repair_text(f"{short}\n\n{other}", passages=passages).text == f"{short}\n\n{other}"


def test_a_manuals_option_entry_pasted_as_a_sentence_is_a_fragment() -> None:
    # git-stash, stop 59: the "clear" entry of git-stash's list of subcommands after a copied sentence.
    out = repair_text("It restores the originally stashed state with no conflicts. clear Remove all the stash entries. [8]")
    assert out.text == "It restores the originally stashed state with no conflicts. [8]"
    assert out.dropped == [("clear Remove all the stash entries.", "a fragment")]
    # A name in code, or a lowercase name before a lowercase word, opens prose.
    for kept in ("`clear` Removes all the stash entries. [8]", "npm installs the package into node_modules. [3]"):
        assert repair_text(kept).text == kept



def test_a_references_entry_with_its_verb_first_and_no_name_is_a_fragment() -> None:
    # node-events, stops 57 to 59; pg-backup, stop 59: the name the entry describes is not in the sentence.
    for entry in ("Returns a reference to the EventEmitter, so that calls can be chained.",
                  "If -N is not specified, resets the index and working tree.",
                  "On the other hand, allows you to combine a file-system-level backup with backup of the WAL data."):
        out = repair_text(f"The emitter calls each listener in turn. {entry} [3]")
        assert out.text == "The emitter calls each listener in turn. [3]"
        assert out.dropped == [(entry, "a fragment")]
    # A plural noun first is a subject; the name before the verb makes it a claim.
    for kept in ("Returns are counted per call. [3]", "emitter.on() returns a reference to the EventEmitter. [3]",
                 "If -N is not specified, git reset resets the index and working tree. [3]",
                 "Packages can depend on one another. [3]"):
        assert repair_text(kept).text == kept


def test_an_announcement_of_code_that_was_not_written_goes_and_the_prose_after_it_stays() -> None:
    # ap-proxy, stops 57 to 59: the page's configuration block was not written.
    out = repair_text("To enable it, add the following to your configuration: Do not enable the balancer-manager "
                      "until you have secured your server. [8]")
    assert out.text == "Do not enable the balancer-manager until you have secured your server. [8]"
    assert out.dropped == [("To enable it, add the following to your configuration:", "announces what does not follow")]
    # What the colon announced, written after it, stays; so does a list's item too short to stand alone.
    # git-stash, stops 57 and 63: a manual page's title where the command should be.
    said = "Git stash saves your local changes. [1]"
    out = repair_text(f"{said} You can do this by running the following command in your terminal: git-stash(1) to apply "
                      "the stash on top of the current working tree state. [2]")
    assert out.text.startswith(said) and "following" not in out.text
    assert [why for _, why in out.dropped] == [ANNOUNCES_NOTHING]
    kept = "Run the following command to list them: git stash list. [2]"
    assert repair_text(kept).text == kept
    # ap-vhosts, stop 63: "here are" announces tips the report does not give.
    out = repair_text("In addition to the tips on the DNS Issues page and here are some further tips: Place all main "
                      "server definitions before any VirtualHost definitions. [12]")
    assert out.text == "Place all main server definitions before any VirtualHost definitions. [12]"
    assert [(d.endswith("here are some further tips:"), why) for d, why in out.dropped] == [(True, ANNOUNCES_NOTHING)]
    for kept in ("To drop stashed changes, you can use the following command: git stash drop. [9]",
                 "Here are the two reasons: performance and security matter most. [9]",
                 "By default, Node.js will treat the following as CommonJS modules: Files with a .cjs extension. [3]"):
        assert repair_text(kept).text == kept


def test_an_options_list_item_pasted_as_a_sentence_is_a_fragment() -> None:
    # node-child, stops 58 and 59.
    out = repair_text("Like child_process.spawn(), a ChildProcess object is returned. [11]\n\n*.cwd: Current working "
                      "directory of the child process. * detached; Prepare child to run independently of its parent "
                      "process. [12]")
    assert out.text == "Like child_process.spawn(), a ChildProcess object is returned. [11]"
    assert [why for _, why in out.dropped] == ["a fragment", "a fragment"]
    # A list item that says its name in a sentence stays.
    kept = "* git-am(1) applies patches e-mailed in from your contributors. [3]"
    assert repair_text(kept).text == kept
    # node-modules, stop 62: a directory listing's line.
    listing = "*/usr/lib/node/bar/4.3.2: Contents of the bar package that foo depends on. [9]"
    assert [why for _, why in repair_text(f"Modules load from folders. [8]\n\n{listing}").dropped] == ["a fragment"]
    link = "*/usr/lib/node/foo/1.2.3 node_modules/bar: Symbolic link to /usr/lib/node bar/4.3.2/. [13]"
    assert [why for _, why in repair_text(f"Modules load from folders. [8]\n\n{link}").dropped] == ["a fragment"]
    # node-modules at 0c05295: a line that ends on a wildcard.
    wildcard = "* /usr/lib node/bar/4.3.2 node_modules/*: Symbolic links to the packages that bar depends on. [9]"
    assert [why for _, why in repair_text(f"Modules load from folders. [8]\n\n{wildcard}").dropped] == ["a fragment"]


def test_a_short_heading_pasted_after_a_sentences_last_comma_goes_and_the_sentence_stays() -> None:
    # node-child, stop 59: the passage's next line is the heading "Advanced serialization".
    passage = ("Shell requirements\nThus, in child_process functions where a shell can be spawned, 'cmd.exe' is used "
               "as a fallback if process.env.ComSpec is unavailable.\n\nAdvanced serialization\nChild processes "
               "support a serialization mechanism for IPC.")
    sentence = ("In child_process functions where a shell can be spawned, 'cmd.exe' is used as a fallback if "
                "process.env.ComSpec is unavailable, Advanced serialization. [8]")
    out = repair_text(sentence, passages=(passage,))
    assert out.text == sentence.replace(", Advanced serialization", "")
    assert ("Advanced serialization", "a pasted heading") in out.dropped
    # A list's last item, or a capitalised name that is no heading, stays.
    for kept in ("Child processes support two kinds of serialization for messages sent over IPC, json, Advanced "
                 "serialization. [8]", "The message can carry data that JSON cannot represent, Advanced Maps. [8]"):
        assert repair_text(kept, passages=(passage,)).text == kept


def test_a_heading_or_label_pasted_before_a_sentence_goes_and_the_sentence_stays() -> None:
    # git-reset-revert and node-modules, stops 57 to 59; ap-htaccess at DRY 1.0, stop 59.
    for label, sentence in (("Resetting a Branch: ", "The reset command moves the current branch head. [8]"),
                            ("Modules: ", "CommonJS modules are the original way to package code. [1]"),
                            ("Security: ", "You are permitting users to modify server configuration. [10]")):
        out = repair_text(label + sentence)
        assert out.text == sentence
    # A colon inside a sentence, a label before code or a lowercase word, stays.
    for kept in ("The reset command has two modes: soft and hard. [8]", "Usage: git reset --hard HEAD~1. [8]",
                 "Note: `git stash` saves the work in progress. [2]"):
        assert repair_text(kept).text == kept


def test_a_copy_cut_short_and_closed_with_a_drafted_sentences_end_goes() -> None:
    # node-modules, stops 57 to 59: "... is in the process of loading." written in an earlier part;
    # the passage with that sentence was not shown for this one.
    passage = ("Folders as modules\nThere are three ways in which a folder may be passed to require() as an argument. "
               "The first is to create a package.json file in the root of the folder, which specifies a main module.")
    earlier = ("Whether or not the module is done loading or is in the process of loading. [4]",)
    spliced = "The first is to create a package.json file of loading."
    text = f"There are three ways in which a folder may be passed to require() as an argument. {spliced} [8]"
    out = repair_text(text, passages=(passage,), backed_by=(passage,), earlier=earlier)
    assert (spliced, "two passage sentences spliced") in out.dropped
    assert spliced_tail(spliced, [passage.partition("\n")[2]], list(earlier))
    assert not spliced_tail(spliced, [passage.partition("\n")[2]])
    # A shortened copy whose passage goes on with the tail itself stays.
    short = "The first is to create a package.json file in the root."
    assert not spliced_tail(short, ["The first is to create a package.json file in the root of the folder."],
                            ["Put it in the root."])


def test_a_bracketed_main_clause_stays_where_the_sentence_is_a_fragment_without_it() -> None:
    # pg-indexes, stop 59: the aside's removal left "By default, which fit the most common situations."
    passage = ("Index Types\nBy default, the CREATE INDEX command creates B-tree indexes, which fit the most common "
               "situations.")
    text = "By default, (CREATE INDEX command creates B-tree indexes), which fit the most common situations. [1]"
    out = repair_text(text, passages=(passage,), backed_by=(passage,))
    assert out.text == ("By default, CREATE INDEX command creates B-tree indexes, which fit the most common "
                        "situations. [1]")


def test_a_purpose_without_its_main_clause_is_a_fragment() -> None:
    # git-bisect, stops 57 to 59: the page's "..., issue the following command:" was left out.
    out = repair_text("Keep testing until one commit is left. To see the currently remaining suspects in gitk. [5]")
    assert out.text == "Keep testing until one commit is left. [5]"
    assert out.dropped == [("To see the currently remaining suspects in gitk.", "a fragment")]
    for kept in ("To see the suspects, run git bisect visualize. [5]", "To bisect a range you must mark two commits. [5]"):
        assert repair_text(kept).text == kept


def test_a_pages_pointer_at_its_next_sections_or_lines_goes() -> None:
    # pg-mvcc and ap-vhosts, stops 57 to 59: the page's next sections, its configuration block.
    for pointer in ("The behavior of the available isolation levels is detailed in the following subsections.",
                    "Then you simply add the following to apache2.conf."):
        out = repair_text(f"Each isolation level prevents some phenomena. {pointer} [3]")
        assert out.text == "Each isolation level prevents some phenomena. [3]", pointer
    # ap-stopping, stop 59: the pointer closing a sentence goes, the sentence stays.
    out = repair_text("The second method is to use the -k command line options: restart and graceful, as described below. [12]")
    assert out.text == "The second method is to use the -k command line options: restart and graceful. [12]"
    kept = "Follow the steps described below the table of contents in order. [3]"
    assert repair_text(kept).text == kept


def test_a_quote_mark_a_sentence_opens_and_never_closes_goes() -> None:
    # ap-vhosts, stops 57 to 59: the stray mark hid the page talking about itself from the prose check.
    out = repair_text("Name-based hosts share one address. 'This document attempts to explain exactly what the "
                      "server does when deciding what virtual host to serve from. [6]")
    assert out.text == "Name-based hosts share one address. [6]"
    for kept in ("'pick' has been removed. [4]", "“Graceful” restarts wait for children. [4]"):
        assert repair_text(kept).text == kept


def test_an_api_references_field_inside_a_sentence_is_a_fragment() -> None:
    # node-events, stop 60; node-cluster, stops 57 and 58.
    for entry in ("* nodeEventTarget.emit(type, arg) Returns: true if event listeners registered for the type exist, "
                  "otherwise false.", "Default: SIGTERM' This function will kill the worker."):
        out = repair_text(f"The target dispatches the event to its handlers. {entry} [7]")
        assert out.text == "The target dispatches the event to its handlers. [7]", entry
    kept = "The method returns true if listeners exist; the default type is 'error'. [7]"
    assert repair_text(kept).text == kept


def test_an_api_entry_without_the_name_it_describes_is_a_fragment() -> None:
    # node-cluster, stops 57 to 60.
    for entry in ("Emitted when the cluster primary receives a message from any worker.",
                  "Not available in the primary process.", "True if the process is a primary."):
        out = repair_text(f"Workers share server ports. {entry} [11]")
        assert out.text == "Workers share server ports. [11]", entry
    for kept in ("The 'message' event is emitted when the primary receives a message. [11]",
                 "Not all workers share the port. [11]", "True, if the process is a primary, it forks. [11]"):
        assert repair_text(kept).text == kept


def test_a_long_condition_cut_from_its_passage_sentences_main_clause_goes() -> None:
    # node-child, stop 60: the passage's main clause after the comma left out; nine words, no subject after.
    page = ("child_process.spawnSync()\nThe child_process.spawnSync() method is generally identical to "
            "child_process.spawn(). When a timeout has been encountered and killSignal is sent, the method won't "
            "return until the process has completely exited.")
    kept = "The child_process.spawnSync() method is generally identical to child_process.spawn()."
    out = repair_text(f"{kept} When a timeout has been encountered and killSignal is sent. [6]", passages=(page,),
                      backed_by=(page,))
    assert out.text == f"{kept} [6]"
    assert out.dropped == [("When a timeout has been encountered and killSignal is sent.", "cut off")]
    # ap-stopping: a subject after the condition opens its main clause; the passage's aside left out is no cut.
    stopping = ("Stopping\nIf there are no errors it will attempt to open its sockets and logs and fail because "
                "it's not root (or because the currently running httpd already has those ports bound).")
    whole = "If there are no errors it will attempt to open its sockets and logs and fail because it's not root. [4]"
    assert repair_text(whole, passages=(stopping,), backed_by=(stopping,)).text == whole
    # git-stash, stop 63: the passage's comma after the copy; "you" was the condition's own subject.
    stash = ("Saving unrelated changes for future use\nWhen you are in the middle of massive changes and you find some "
             "unrelated issue that you don't want to forget to fix, you can do the change(s), stage them, and use git "
             "stash push --staged to stash them out for future use.")
    cut = "When you are in the middle of massive changes and you find some unrelated issue that you don't want to forget to fix."
    out = repair_text(f"{kept} {cut} [7]", passages=(page, stash), backed_by=(page, stash))
    assert out.text == f"{kept} [7]"
    assert out.dropped == [(cut, "cut off")]


def test_a_lead_in_left_last_in_its_paragraph_announces_nothing() -> None:
    # README's first command, stop 60: the passage's lead-in kept, the factors it introduces not written.
    first = ("Typical modules convert about 20 to 23 percent of sunlight, while thin-film modules sit in a similar "
             "range.")
    out = repair_text(f"{first} Several factors lower real-world output below the rated figure. [1]")
    assert out.text == f"{first} [1]"
    assert out.dropped == [("Several factors lower real-world output below the rated figure.", ANNOUNCES_NOTHING)]
    # Followed by its items, or naming them after a colon, it stays.
    for kept in ("Several factors lower real-world output. Heat costs a few percent, and dust a few more. [1]",
                 "Typical modules convert about 20 percent. There are two reasons to prefer them: cost and weight. [1]"):
        assert repair_text(kept).text == kept


def test_pseudocode_lines_and_pointers_below_are_no_prose() -> None:
    # node-modules, stops 58-64: the "All together" pseudocode's assignment without "let" and its STOP line.
    for code in ("DIRS = DIR + DIRS;", "STOP 2.", "Then RESOLVED_PATH = fileURLToPath(MATCH) is read. [4]"):
        assert not_prose(code) == "pasted code", code
    for fine in ("Press STOP to end. [1]", "The BALANCER_SESSION_ROUTE != BALANCER_WORKER_ROUTE case is rare. [1]"):
        assert not_prose(fine) == "", fine
    # node-modules at stop 64, node-cluster at stop 63: a ")" that closes nothing is what is left of a cut.
    for cut in ("I) + 'node_modules') c.", "'SIGHUP')) and accidental exit, the primary may choose not to respawn. [7]"):
        assert not_prose(cut) == "words cut to pieces", cut
    for fine in ("It also sets the PATH variable.) [2]", "The call (a fork) returns twice. [2]", "Use `f(x))` here. [2]"):
        assert not_prose(fine) == "", fine
    # node-modules at stop 64: a pointer at the page's next lines; ap-stopping (stop 59) without its comma.
    assert not_prose("Each step is described in detail below. [7]") == "points the reader elsewhere"
    assert not_prose("Each step is described in the manual. [7]") == ""
    out = repair_text("The `-k` option is used to stop the httpd processes as described below. [2]")
    assert out.text == "The `-k` option is used to stop the httpd processes. [2]"


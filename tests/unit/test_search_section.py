"""Which of the model's keywords a part searches."""

from __future__ import annotations

from warp_report.nodes.search_section import own_keywords

QUESTION = "How do solar panels turn sunlight into electricity?"
OTHERS = ["Solar panel efficiency", "How photovoltaic cells work", "History and end of life"]


def test_a_keyword_naming_another_part_is_not_searched() -> None:
    # README's report at stop 42: "photovoltaic cells" gave the inverter part a band-gap paragraph.
    keywords = ["Inverters and grid connection", "inverters", "grid connection", "photovoltaic cells", "solar panels",
                "energy conversion"]
    assert own_keywords(keywords, "Inverters and grid connection", others=OTHERS, question=QUESTION) == \
        ["inverters", "grid connection", "solar panels", "energy conversion"]


def test_a_keyword_sharing_a_word_with_the_parts_own_title_stays() -> None:
    others = ["History and end of life", "Cell efficiency losses"]
    keywords = ["cell efficiency", "efficiency", "history", "end of life recycling"]
    # "history" names part 1 alone; "end of life recycling" has "recycling", which no other title has.
    assert own_keywords(keywords, "Solar panel efficiency", others=others, question=QUESTION) == \
        ["cell efficiency", "efficiency", "end of life recycling"]
    # The question's own words are every part's subject: never dropped for them.
    assert own_keywords(["solar panels", "sunlight"], "Inverters", others=["Solar panels"], question=QUESTION) == \
        ["solar panels", "sunlight"]


def test_a_part_titled_by_its_place_in_the_report_searches_the_question() -> None:
    from warp_report.nodes.search_section import lead_keyword

    for title in ("Introduction", "Overview", "conclusion", "Summary"):
        assert lead_keyword(title, QUESTION) == QUESTION
    # A title with a topic of its own is the part's first search.
    assert lead_keyword("Introduction to inverters", QUESTION) == "Introduction to inverters"


def test_a_generic_part_planned_as_one_of_the_questions_asks_searches_that_ask() -> None:
    # pg-backup at stop 44: the fallback outline's first ask, renamed "Overview" (the report's title is that
    # ask), searched the whole question and found only continuous archiving, never the SQL dumps it asked.
    from warp_report.nodes.search_section import lead_keyword
    from warp_report.protocol.headings import question_asks

    question = ("What are the ways to back up a PostgreSQL database, and how does continuous archiving make "
                "point-in-time recovery possible?")
    first = question_asks(question)[0]
    assert lead_keyword("Overview", question, plan=first) == first == "What are the ways to back up a PostgreSQL database"
    # A plan of the model's own, or a question of one ask, leaves the question the search.
    assert lead_keyword("Overview", question, plan="An overview of backups.") == question
    assert lead_keyword("Overview", QUESTION, plan=question_asks(QUESTION)[0]) == QUESTION


def test_a_part_named_after_a_document_is_not_shown_the_documents_its_siblings_are_named_after() -> None:
    # README's first command at stop 45: "Storage and costs", shown the inverter page beside its own, wrote on
    # inverters, and "Inverters and grid connection" then on batteries.
    from warp_report.nodes.search_section import own_documents
    from warp_report.state.citations import Registry
    from warp_report.state.outline import Node, Outline
    from warp_report.state.passage import Hit

    pages = {"Storage and costs": 2, "Inverters and grid connection": 1, "Types of solar cells": 1}
    registry, ids = Registry().register([Hit(text=f"{title} passage {i} with words.", source=f"/docs/{title}.md",
                                             title=title) for title, n in pages.items() for i in range(n)])
    outline = Outline(title="Solar", sections=[Node(title="Solar panel efficiency", plan="p", subsections=[
        Node(title="Storage and costs", plan="p"), Node(title="Inverters and grid connection", plan="p")])])
    titles = [registry.passages[i].title for i in own_documents(ids[1:], registry, outline, "section-1.1")]
    assert titles == ["Storage and costs", "Types of solar cells"]
    # A part named after no document keeps every passage; so does one left with fewer than two.
    assert own_documents(ids, registry, outline, "section-1") == ids
    assert own_documents(ids[2:], registry, outline, "section-1.1") == ids[2:]
    # A subsection with two passages of its own document is shown those alone (stop 48: the module's glass
    # opened "Storage and costs"); a section named after a document keeps the other pages.
    titles = [registry.passages[i].title for i in own_documents(ids, registry, outline, "section-1.1")]
    assert titles == ["Storage and costs", "Storage and costs"]
    top = Outline(title="Solar", sections=[Node(title="Storage and costs", plan="p"),
                                           Node(title="Inverters and grid connection", plan="p")])
    titles = [registry.passages[i].title for i in own_documents(ids, registry, top, "section-1")]
    assert titles == ["Storage and costs", "Storage and costs", "Types of solar cells"]


def test_a_subsection_named_after_a_heading_is_shown_that_headings_document() -> None:
    # git-rebase-merge, stop 60: "Graduation" (a heading of the workflows page) was written from a rebase page.
    from warp_report.nodes.search_section import own_section
    from warp_report.state.citations import Registry
    from warp_report.state.passage import Hit

    hits = [Hit(text="git rebase reapplies commits on top of another base tip.", source="/d/git-rebase.html",
                title="git-rebase(1)"),
            Hit(text="Merges need careful branch management.\n\n10. Graduation\nAs a feature goes from experimental "
                     "to stable, it graduates between branches.", source="/d/gitworkflows.html", title="gitworkflows(7)"),
            Hit(text="git.git uses the integration branches maint, master and next.", source="/d/gitworkflows.html",
                title="gitworkflows(7)"),
            Hit(text="    Graduation\nAn indented line is code, no heading.", source="/d/other.html", title="other")]
    registry, ids = Registry().register(hits)
    assert own_section(ids, registry, "Graduation", "section-2.1") == [ids[1], ids[2]]
    # A section keeps every passage; so does a subsection named after no heading.
    assert own_section(ids, registry, "Graduation", "section-2") == ids
    assert own_section(ids, registry, "Integration branches", "section-2.1") == ids
    # Fewer than two of its own: those first, the others after.
    assert own_section([ids[0], ids[1]], registry, "Graduation", "section-2.1") == [ids[1], ids[0]]
    # An API entry's heading reads as the offered entry, its arguments aside.
    api = Hit(text="cluster.disconnect([callback])\nCalls .disconnect() on each worker.", source="/d/cluster.md",
              title="Cluster")
    more = Hit(text="Workers are disconnected when all handles close.", source="/d/cluster.md", title="Cluster")
    registry, ids = Registry().register([hits[0], api, more])
    assert own_section(ids, registry, "cluster.disconnect()", "section-1.1") == [ids[1], ids[2]]

"""Topics the documents hold that no written part cites: what the judge is offered."""

from __future__ import annotations

from warp_report.context import Context
from warp_report.nodes.services import Services
from warp_report.nodes.uncovered import entry_of, pick_entries, pick_topics, topic_of, topics_view, uncovered_topics
from warp_report.state.citations import content_hash
from warp_report.state.outline import Node, Outline
from warp_report.state.passage import Hit
from warp_report.state.state import WarpState


def hit(text: str, title: str) -> Hit:
    return Hit(text=text, source=f"/docs/{title}.md", title=title)


def test_a_passage_is_named_by_its_own_heading_else_its_documents_title() -> None:
    assert topic_of(hit("String Inverters\nA string inverter takes the output of a row of panels.", "Inverters")) \
        == "String Inverters"
    assert topic_of(hit("A string inverter takes the output of a row of panels.\nMore text.", "inverters")) == "Inverters"


def test_topics_skip_cited_passages_taken_titles_repeats_and_copied_headings() -> None:
    cited = hit("Efficiency is the share of light a panel turns into power.", "Panel efficiency")
    hits = [
        cited,
        hit("Panels lose half a percent of power each year.", "panel efficiency"),  # a title the outline has
        hit("Batteries store the midday surplus for the evening.", "Storage and costs"),
        hit("A battery lasts ten to fifteen years.", "Storage and costs"),  # same topic again
        hit("Where panels go and how much they produce\nOutput depends on sunlight.",  # its own 8-word title
            "Where panels go and how much they produce"),
        hit("The C interface has a few core objects.", "An Introduction To The SQLite C/C++ Interface"),  # 7 words
        hit("Inverters turn direct current into alternating current.", "Inverters"),
        hit("Recycling recovers glass and aluminium.", "Recycling"),
    ]
    topics = pick_topics(hits, cited={content_hash(cited.text)}, taken=["Panel Efficiency", "History"], limit=2)
    assert topics == ["Storage and costs", "Inverters"]
    assert topics_view({"section-2": topics}) == "- for section-2: Storage and costs; Inverters"


class CountingSearch:
    name = "list"

    def __init__(self, hits: list[Hit]):
        self.hits, self.queries = hits, []

    async def search(self, query: str, k: int) -> list[Hit]:
        self.queries.append(query)
        return self.hits[:k]


def outline_citing_one() -> Outline:
    return Outline(title="Solar power", sections=[
        Node(title="Cells", plan="p", content="Cells turn light into power [1]."),
        Node(title="Costs", plan="p", content="Panels got cheaper [1]."),
    ])


async def test_each_part_gets_its_own_topics_from_a_search_of_its_title() -> None:
    hits = [hit(f"Passage {i} about topic {i}.", f"Topic {i}") for i in range(1, 9)]
    search = CountingSearch(hits)
    state = WarpState(question="How do solar panels work?")
    state.registry, _ = state.registry.register(hits[:1])  # passage 1 is cited as [1]
    found = await uncovered_topics(Services(search=search), Context(), state, outline_citing_one(),
                                   ["section-1", "section-2"])
    assert search.queries == ["How do solar panels work?", "Cells", "Costs"]
    assert found.topics == {"section-1": ["Topic 2", "Topic 3", "Topic 4"],
                            "section-2": ["Topic 5", "Topic 6", "Topic 7"]}
    assert found.entries == {}


async def test_only_topics_of_a_cited_document_or_naming_the_question_or_part_extend_without_the_judge() -> None:
    # ap-stopping at stop 53: the judge named nothing, and the fallback put the reverse proxy guide's
    # "Balancer Manager" under "Graceful Restart". The judge is still offered every topic.
    cited = Hit(text="A graceful restart lets children finish their requests.", source="/docs/stopping.md",
                title="Stopping")
    hits = [cited,
            Hit(text="Balancer Manager\nThe balancer-manager shows the workers.", source="/docs/proxy.md", title="Proxy"),
            Hit(text="Restart Signals\nUSR1 restarts the server.", source="/docs/signals.md", title="Signals"),
            Hit(text="Log Rotation\nRotate logs after a restart.", source="/docs/stopping.md", title="Stopping")]
    state = WarpState(question="What do the stop and restart signals do?")
    state.registry, _ = state.registry.register(hits[:1])
    outline = Outline(title="Signals", sections=[Node(title="Graceful Restart", plan="p", content="It waits [1]."),
                                                 Node(title="Stop", plan="p", content="It ends [1].")])
    found = await uncovered_topics(Services(search=CountingSearch(hits)), Context(), state, outline, ["section-1"])
    assert found.topics == {"section-1": ["Balancer Manager", "Restart Signals", "Log Rotation"]}
    # "Restart Signals" names the question's words, "Log Rotation" is the cited page's: both kept.
    assert found.grounded == {"section-1": ["Restart Signals", "Log Rotation"]}


async def test_a_grounded_topic_stays_under_the_part_it_is_offered_for() -> None:
    # pg-mvcc at stop 54: ranked among the grounded alone, the isolation levels moved to another part.
    class ByQuery(CountingSearch):
        async def search(self, query: str, k: int) -> list[Hit]:
            self.queries.append(query)
            return self.by.get(query, self.hits)[:k]

    cited = Hit(text="Readers never block writers.", source="/docs/mvcc.md", title="MVCC")
    stray = [Hit(text=f"{t}\nText on {t.lower()}.", source=f"/docs/other{i}.md", title="Other")
             for i, t in enumerate(["Balancer Manager", "Limitations"])]
    level = Hit(text="Serializable Level\nThe strictest isolation.", source="/docs/iso.md", title="Isolation")
    search = ByQuery([cited, *stray, level])  # the question finds every page: all on the subject
    search.by = {"Querying": [*stray, level], "Isolation levels": [cited, level]}
    state = WarpState(question="What do the isolation levels guarantee?")
    state.registry, _ = state.registry.register([cited])
    outline = Outline(title="MVCC", sections=[Node(title="Querying", plan="p", content="Reads [1]."),
                                              Node(title="Isolation levels", plan="p", content="Levels [1].")])
    found = await uncovered_topics(Services(search=search), Context(), state, outline, ["section-1", "section-2"])
    # The second part's search ranks it first; the first part's, third: it is the second part's.
    assert found.topics == {"section-1": ["Balancer Manager", "Limitations"], "section-2": ["Serializable Level"]}
    assert found.grounded == {"section-2": ["Serializable Level"]}


async def test_no_topic_search_on_the_web() -> None:
    search = CountingSearch([hit("Passage.", "Topic")])
    state = WarpState(question="How do solar panels work?")
    found = await uncovered_topics(Services(search=search), Context(search="web"), state, outline_citing_one(),
                                   ["section-1"])
    assert found.topics == found.entries == {} and search.queries == []


def test_a_long_section_heading_outside_the_chunk_is_no_topic_either() -> None:
    # sqlite-wal: the chunk found held none of its section's heading, which the report then used as is.
    chunk = Hit(text="If EXCLUSIVE locking mode is set prior to the first WAL-mode access, no shm file is used.",
                source="/docs/wal.html", title="Write-Ahead Logging",
                metadata={"section": "Use of WAL Without Shared-Memory"})
    short = chunk.model_copy(update={"metadata": {"section": "Checkpointing"}, "text": "A checkpoint moves pages."})
    assert pick_topics([chunk, short], cited=set(), taken=[]) == ["Checkpointing"]


def test_a_chinese_question_is_offered_chinese_topics_first() -> None:
    hits = [hit("Floats are stored in binary.", "Floating Point Arithmetic"), hit("浮点数以二进制存储。", "浮点数的表示")]
    assert pick_topics(hits, cited=set(), taken=[], question="浮点数为什么有误差？") == \
        ["浮点数的表示", "Floating Point Arithmetic"]
    assert pick_topics(hits, cited=set(), taken=[], question="浮点数为什么有误差？", limit=1) == ["浮点数的表示"]
    assert pick_topics(hits, cited=set(), taken=[], question="Why are floats inexact?") == \
        ["Floating Point Arithmetic", "浮点数的表示"]


def test_a_topic_goes_to_the_part_whose_search_ranks_it_highest() -> None:
    from warp_report.nodes.uncovered import assign_topics

    ranked = {"section-1": ["Panel glass", "Cell types", "Inverters"], "section-2": ["Inverters", "Grid rules"]}
    # "Inverters" was found by both searches; the second part's ranks it first, so it is the second part's.
    assert assign_topics(ranked) == {"section-1": ["Panel glass", "Cell types"], "section-2": ["Inverters", "Grid rules"]}
    assert assign_topics(ranked, limit=1) == {"section-1": ["Panel glass"], "section-2": ["Inverters"]}


def test_a_line_of_code_or_output_is_no_topic() -> None:
    hits = [hit("INFO:root:Started\nThe root logger printed this.", "Logging HOWTO"),
            hit("Handlers\nHandlers send records to destinations.", "Logging HOWTO")]
    assert pick_topics(hits, cited=set(), taken=[]) == ["Logging HOWTO", "Handlers"]  # the page's title, not its output
    # "TEXT" heads a list of SQLite's affinities in datatype3: a keyword, no subsection title.
    listed = [hit("TEXT\nA column with TEXT affinity stores all data as text.", "Datatypes In SQLite")]
    assert pick_topics(listed, cited=set(), taken=[]) == ["Datatypes In SQLite"]
    # "True" alone on a line: a code example's output (py-float-zh, whose judge got "真。" from it).
    output = [hit("True\nThe comparison above printed this.", "Floating Point Arithmetic")]
    assert pick_topics(output, cited=set(), taken=[]) == ["Floating Point Arithmetic"]


def test_the_title_of_a_document_the_report_cites_is_no_topic() -> None:
    hits = [hit("An event is described by a message.", "Logging HOWTO"), hit("Rows are stored in pages.", "File format"),
            hit("Handlers\nHandlers send records on.", "Logging HOWTO")]
    assert pick_topics(hits, cited=set(), taken=[], cited_titles={"Logging HOWTO"}) == ["File format", "Handlers"]
    assert pick_topics(hits, cited=set(), taken=[]) == ["Logging HOWTO", "File format", "Handlers"]


def test_a_topic_drops_the_documents_numbering() -> None:
    assert topic_of(hit("10. Backwards Compatibility\nOlder versions cannot read WAL files.", "Write-Ahead Logging")) == \
        "Backwards Compatibility"


async def test_topics_come_only_from_documents_the_question_finds() -> None:
    class BySubject(CountingSearch):
        async def search(self, query: str, k: int) -> list[Hit]:
            self.queries.append(query)
            return [h for h in self.hits if query != "How is logging organised?" or "log" in h.source][:k]

    logging_hits = [Hit(text=f"Handlers part {i}.", source="/docs/logging.rst", title=f"Handlers {i}") for i in range(2)]
    venv_hit = Hit(text="Creating venvs.", source="/docs/venv.rst", title="Creating Venvs")
    state = WarpState(question="How is logging organised?")
    outline = Outline(title="Logging", sections=[Node(title="Configuration", plan="p")])
    found = await uncovered_topics(Services(search=BySubject([venv_hit, *logging_hits])), Context(), state, outline,
                                   ["section-1"])
    assert found.topics == {"section-1": ["Handlers 0", "Handlers 1"]}


def test_a_heading_inside_the_passage_names_it_when_none_starts_it() -> None:
    text = ("Different applications can then use different environments.\n\n"
            "Source code: Lib/venv/\n\nManaging Packages with pip\n\nYou can install packages with pip.")
    assert topic_of(hit(text, "Virtual Environments and Packages"), cited_titles={"Virtual Environments and Packages"}) \
        == "Managing Packages with pip"


def test_a_manual_pages_standard_sections_are_no_topics_and_capitals_are_undone() -> None:
    hits = [hit("OPTIONS\n--no-stat\nDo not show a diffstat.", "git-rebase(1)"),
            hit("SYNOPSIS\ngit rebase [-i] [<upstream>]", "git-rebase(1)"),
            hit("MERGE STRATEGIES\nThe merge mechanism can use these strategies.", "git-merge(1)")]
    assert pick_topics(hits, cited=set(), taken=[], cited_titles={"git-rebase(1)"}) == ["Merge strategies"]


# Passages of Node.js's cluster page as ingest cleans them: each API entry's heading is a line of code.
FORK = hit("cluster.fork([env])\nenv {Object} Key/value pairs to add to worker process environment.\n"
           "Spawn a new worker process.", "Cluster")
POLICY = hit("cluster.schedulingPolicy\nThe scheduling policy, either cluster.SCHED_RR for round-robin or\n"
             "cluster.SCHED_NONE to leave it to the operating system.", "Cluster")
SEND = hit("Event: 'message'\nworker.send(message[, sendHandle[, options]][, callback])\nSend a message to a worker.",
           "Cluster")


def test_an_api_references_entries_are_named_without_their_arguments() -> None:
    assert [entry_of(h) for h in (FORK, POLICY, SEND)] == ["cluster.fork()", "cluster.schedulingPolicy", "worker.send()"]
    # A sentence's end or a code example's line is no entry; neither is a page without any.
    assert entry_of(hit("See cluster.workers.\ncluster.setupPrimary({\n  exec: 'worker.js'\n});", "Cluster")) == ""
    assert entry_of(hit("Inverters turn direct current into alternating current.", "Inverters")) == ""
    # The judge is not offered them: to topic_of they are lines of code (and the page is cited).
    assert pick_topics([FORK, POLICY, SEND], cited=set(), taken=[], cited_titles={"Cluster"}) == []


def test_entries_skip_cited_passages_and_titles_the_outline_has() -> None:
    assert pick_entries([FORK, POLICY, SEND], cited={content_hash(FORK.text)}, taken=["worker.send()"]) == \
        ["cluster.schedulingPolicy"]


async def test_a_part_is_given_the_entries_of_the_uncited_passages_its_title_finds() -> None:
    search = CountingSearch([FORK, POLICY, SEND])
    state = WarpState(question="How does the cluster module share a port?")
    state.registry, _ = state.registry.register([FORK])  # cited as [1]
    found = await uncovered_topics(Services(search=search), Context(), state, outline_citing_one(), ["section-1"])
    assert found.topics == {}
    assert found.entries == {"section-1": ["cluster.schedulingPolicy", "worker.send()"]}


def test_a_field_of_a_modules_summary_table_is_no_topic() -> None:
    # ap-proxy at stop 43: "Status: Extension" became subsection 2.2's title.
    module = hit("Status: Extension\nThe Apache HTTP Server is a modular program where the administrator chooses "
                 "the functionality to include.", "Dynamic Shared Object Support")
    assert pick_topics([module], cited=set(), taken=[]) == ["Dynamic Shared Object Support"]
    # A heading with a colon of its own words stays one.
    guide = hit("Example: Balancing two backends\nA balancer with two members shares the load between them.", "Guide")
    assert pick_topics([guide], cited=set(), taken=[]) == ["Example: Balancing two backends"]


def test_an_api_pages_stability_label_is_no_topic() -> None:
    # node-events at stop 45: "Experimental" (a Node.js entry's stability label) became a subsection's title.
    label = hit("Experimental\nThe captureRejections option changes how promise rejections are handled.", "Events")
    assert pick_topics([label], cited=set(), taken=[]) == ["Events"]


async def test_a_subsection_named_after_a_document_is_offered_no_other_documents_title() -> None:
    # README's first command, stop 49: "Inside a solar module" went under "Storage and costs".
    hits = [hit("A battery stores the day's surplus.", "Storage and costs"),
            hit("Batteries\nLithium-ion batteries last ten to fifteen years.", "Storage and costs"),
            hit("The front is a sheet of tempered glass.", "Inside a solar module"),
            hit("Thin films need less material.", "Types of solar cells")]
    search = CountingSearch(hits)
    state = WarpState(question="How do solar panels work?")
    state.registry, _ = state.registry.register(hits[:1])
    draft = Outline(title="Solar power", sections=[
        Node(title="Efficiency", plan="p", content="Panels convert a fifth [1].", subsections=[
            Node(title="Storage and costs", plan="p", content="Batteries store power [1]."),
        ]),
        Node(title="How panels work", plan="p", content="Cells turn light into power [1]."),
    ])
    found = await uncovered_topics(Services(search=search), Context(), state, draft, ["section-1.1", "section-2"])
    # The other pages go to the part named after none; the page's own section heading stays with it.
    assert found.topics == {"section-1.1": ["Batteries"],
                            "section-2": ["Inside a solar module", "Types of solar cells"]}
    # A section named after a page is offered the others: they may be all the topics there are.
    draft.sections[1].title = "Storage and costs"
    found = await uncovered_topics(Services(search=search), Context(), state, draft, ["section-2"])
    assert found.topics == {"section-2": ["Batteries", "Inside a solar module", "Types of solar cells"]}


async def test_a_title_that_finds_no_topic_searches_again_with_the_question() -> None:
    # git-bisect at stop 55: "Automating the Search" found other manual pages (off the subject) and the
    # bisect page's cited passages; the question with it finds the page's "Bisect run".
    class ByQuery(CountingSearch):
        async def search(self, query: str, k: int) -> list[Hit]:
            self.queries.append(query)
            return self.by.get(query, self.hits)[:k]

    question = "How does git bisect find a bad commit, and how is the search automated?"
    cited = Hit(text="Bisect uses a binary search.", source="/docs/bisect.html", title="git-bisect")
    run = Hit(text="Bisect run\nA script's exit code marks each commit.", source="/docs/bisect.html", title="git-bisect")
    hooks = Hit(text="Pre-commit\nThe hook runs before a commit.", source="/docs/hooks.html", title="githooks")
    search = ByQuery([cited, run])
    search.by = {question: [cited, run], "Automating the Search": [hooks, cited], "Bisect Basics": [run, cited]}
    state = WarpState(question=question)
    state.registry, _ = state.registry.register([cited])
    outline = Outline(title="Bisect", sections=[Node(title="Automating the Search", plan="p", content="It [1]."),
                                                Node(title="Bisect Basics", plan="p", content="It halves [1].")])
    found = await uncovered_topics(Services(search=search), Context(), state, outline, ["section-1", "section-2"])
    assert search.queries == [question, "Automating the Search", f"Automating the Search {question}", "Bisect Basics"]
    # Both parts' searches find "Bisect run" first: it goes to the first.
    assert found.topics == found.grounded == {"section-1": ["Bisect run"]}

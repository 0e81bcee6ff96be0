"""Sentences that are no prose about the subject, whatever their words: the report described
instead of the subject, the prompt or the reply format said back, a chat's sign-off, a page's
byline, words cut to pieces, a list announced and never given. Each is a pattern seen in a small
model's reports; ``repair`` drops such sentences and keeps the rest of the reply.
"""

from __future__ import annotations

import re

from warp_report.protocol.markers import CITATION, CJK, CODE_SPAN, SELF_GLOSS, STOPWORDS, with_end_of

# Sentences about the report instead of the subject ("This section covers ..."): plan text echoed.
# "This section provides an overview of the caching mechanism" (ap-vhosts, stop 28).
# "The report provides information about where solar panels go ..." (README's first command at acc89ae).
# "The report provides a detailed explanation of the types of solar cells used in solar panels." (README's
# first command, stop 63: lengthen's opening, over a passage sentence it then copied).
_OVERVIEW = (r"provides? (?:an? )?(?:(?:detailed|brief|short|general|thorough|comprehensive|clear) )?"
             r"(?:overview|introduction|summary|description|explanation|look|information|details|account)"
             r"|gives? an? (?:overview|introduction)"
             r"|attempts? to|tries to|aims? to")
_META = re.compile(
    r"^(?:(?:(?:this|the|these|in this)(?: final| last| first| second| third| next| previous| following)? (?:sections?"
    r"|parts?|report|chapters?|passages?|evidence|topics?)|(?:in )?(?:section|part|chapter) \d[\d.]*)\b[^.]{0,40}\b"
    # "The second part states that Graceful Stop is designed to ..." (ap-stopping, stop 55).
    r"(?:covers?|will|explains?|explores?|describes?|discuss(?:es)?|focus(?:es)?|mentions?|highlights?|states|says"
    rf"|outlines?|address(?:es)?|introduces?|presents?|examines?|talks? about|{_OVERVIEW})\b"
    # "This document attempts to explain exactly what ..." (ap-vhosts, stop 28): a page's words about
    # itself, pasted; the report is no page of the manual. ("In this document we will call the
    # device disk" says what a word means, and stays.)
    r"|^this (?:document|page|guide|tutorial|article|how-?to|manual)\b[^.]{0,40}\b"
    rf"(?:covers|explains|describes|discusses|introduces|presents|{_OVERVIEW})\b"
    r"|it will (?:also )?(?:cover|explore|discuss|explain|describe|focus)\b"
    # "The plan will include examples of using these commands ...", "The text will also show how to
    # hard reset.", "It will show how to remove certain commits ..." (git-reset-revert, stop 43): the
    # plan's voice about the report's own text ("It will show the changes" is git's, and stays).
    r"|^(?:the|this|our) (?:plan|text|outline|draft) will (?:also )?(?:include|show|cover|discuss|explain|describe"
    r"|present|provide|explore|focus|demonstrate|highlight|give)\b"
    r"|^it will (?:also )?(?:show|demonstrate) how to\b"
    # "It discusses the advantages of using SQLite for these applications.": the page talked about.
    # "It explains how to configure virtual hosts ..." (ap-vhosts, stop 28) too.
    r"|^it (?:also )?(?:discusses|explores|covers|outlines|highlights|talks about|explains how|describes how"
    r"|provides an? (?:overview|introduction))\b"
    # "Plan: Introduction.": the prompt's plan line said back (p-strict).
    r"|^plan\s*:"
    # "Add a section on activating ...": the judge's plan voice.
    r"|add (?:a|another|one more) (?:new )?(?:sub)?(?:section|part)\b"
    # "To answer your question, we need to understand how cluster.disconnect() can be used ..."
    # (node-cluster, stop 50): the reply to the prompt, not the report.
    r"|\b(?:to|in order to) answer (?:your|this|the|that) (?:question|query)\b"
    # "This question asks about creating ...", "The question mentions that ...": the task restated, not answered.
    r"|(?:this|the|your) (?:question|task|query) (?:asks|is about|concerns|wants|requires|mentions|says|states)\b"
    # The same in Chinese: "本节将介绍...", "这个问题主要涉及以下几个方面", "以下是一些基本概念".
    # "这个文档提供了关于如何使用 logrotate 的详细信息" (ap-logs, stop 28): the page about itself.
    r"|(?:本|这一?|这个|该)(?:章节|节|部分|章|报告|篇|文|文档|页面?)(?:将|会|主要|详细|还)?(?:地)?(?:介绍|讨论|探讨|说明|描述|涵盖|总结|关注|围绕|展示|阐述|提供了?关于)"
    r"|(?:这个|该|本)问题(?:主要)?(?:涉及|是关于|询问|要求)|^以下是)"
    # "我们将使用不同的编程语言来处理": "we will", the plan's voice in Chinese (p-logging-zh, py-unicode-zh).
    r"|我们(?:将|会|来|先来|再来|接下来)"
    # "此外，我们还研究了如何消除回溯策略" (flex-performance-zh, stop 33): "we studied", the report
    # claiming work; "我们可以使用 ..." ("we can use") is a manual's way to say how, and stays.
    r"|我们(?:还|也|首先|然后|最后|接着|进一步)?(?:研究|分析|讨论|探讨|回顾|总结|提出)了?"
    # "However, this variable is not used in the part 'Toolchains'." (cm-cross, stop 31): the report's
    # own part named, in quotes.
    r"|\b(?:in|of|for) (?:the|this) (?:part|section) ['\"‘“]"
    # "The purpose is to provide a comprehensive guide on how to use Git effectively ..." (git-stash,
    # stop 37): the report's aim, not the subject's.
    r"|\bprovide (?:a|an) (?:comprehensive|complete|detailed|thorough|brief) (?:guide|overview|introduction|explanation"
    r"|understanding|look)\b"
    # "Additional subsections will explain how to enable Balancer Persist ..." (ap-proxy, stop 47): the
    # outline's plan said as prose; a page's "the following sections will describe" points the same way.
    r"|(?<![\w-])(?:sub)?sections? (?:will|shall) (?:also |then |now |further )?(?:explain|cover|describe|discuss|show|detail"
    r"|explore|look at|address|present|introduce|outline)\b"
    # "Some tips for configuring continuous archiving are given here." (pg-backup, stop 37): the page
    # pointing at what follows it, which the report does not have.
    r"|\b(?:are|is) (?:given|listed|shown|described|explained) (?:here|below)\b"
    # "Inverters and grid connection are discussed how inverters work in solar panels, ..." (README's
    # first command, stop 56): the part's heading said to be discussed, the plan's voice.
    r"|\b(?:is|are|will be) discussed\b"
    # "This is the example of using the message system in Node.js clusters." (node-cluster, stop 37):
    # a page's pointer at its code sample, which a report (no code blocks) does not show.
    r"|^(?:this|here) is the example\b|^here is an? example\b"
    r"|^the following (?:examples?|code|snippets?|listings?|programs?|scripts?)\b|\b(?:example|code|snippet) (?:below|above)\b"
    # "Types of solar cells are described in the table below." (README's first command, stop 57): a
    # table, figure or list the report does not have.
    r"|\b(?:in|from|see) the (?:table|figure|diagram|chart|list) (?:below|above)\b|\bthe following (?:table|figure|diagram|chart)\b"
    # "The behavior of the available isolation levels is detailed in the following subsections." (pg-mvcc,
    # stops 57 to 59), "Then you simply add the following to apache2.conf." (ap-vhosts): the page's next
    # sections and its configuration block, which the report does not have.
    r"|\bin the following (?:sub)?(?:sections?|chapters?|paragraphs?)\b|\badd the following (?:lines? )?(?:to|in)\b"
    # "... you can come back to this page." (ap-vhosts, stop 28): the page speaking to its reader.
    r"|\b(?:come back|return|go back|refer) to (?:this|the) (?:page|document|guide|section|tutorial)\b"
    # "The draft also mentions that the cost is determined by ..." (README's first command, stop 39):
    # the prompt's "Report draft so far" reported on, not the subject.
    r"|^(?:the|this|our|my) (?:report(?:'s)? )?draft (?:also |further |then )?(?:mentions|states|says|notes|shows|describes"
    r"|explains|includes|covers|discusses|highlights|suggests|points out)\b"
    # "To answer the user's question, ..." (stop 28): the prompt's word for the asker, not the subject's.
    r"|\bthe user'?s (?:question|query|request for (?:a|the) report)\b"
    # "It directly addresses the question about ...", "It effectively explains and connects the
    # facts": the writer grading its own text in the prompt's words (py-venv).
    r"|\b(?:addresses|answers) the (?:question|task|query)\b|\bexplains? and connects?\b"
    # "We will cover the installation process": the plan's voice, not a fact about the subject.
    # "Finally, we discuss how to update the installed packages" too: the plan's voice in the present.
    r"|\bwe(?: will | shall |'ll |’ll | )(?:also |now |then |first |finally |next )?(?:cover|summari[sz]e|discuss|explore|explain|describe|provide|look at"
    r"|examine|focus|review|outline|introduce|present|guide you|show you|walk you"
    # "We will then delve into the potential benefits of ..." (pg-indexes, stop 27).
    r"|delve|dive|take a (?:closer |brief )?look|go (?:over|through)|walk through|turn to|elaborate|highlight|address)\b"
    # "We will use SQLite's built-in locking mechanism to simulate crashes": a plan for work the
    # writer will never do (sqlite-atomic-commit). The pages' "we will call it disk" says no such.
    # "To write about nonrepeatable read and phantom read phenomena, we can also discuss how ..." (pg-mvcc,
    # stop 51): the writer's task and its options, not the subject.
    r"|^to write (?:about|on)\b|\bwe can (?:also )?(?:discuss|explain|describe|cover|explore|look at|talk about"
    r"|examine|summari[sz]e|outline)\b"
    r"|\bwe (?:will|shall|are going to) (?:also |now |then |first |finally |next )?(?:use|analy[sz]e|develop|implement"
    r"|build|test|investigate|compare|demonstrate|show|create|write|perform|simulate|add)\b"
    # the prompt's own words for what it shows: "Read the provided evidence on ...".
    r"|\bthe (?:provided|given|shown|above) (?:evidence|passages?|text|draft|information)\b"
    # "<== this is already stated in the previous part of the report draft.": the draft view's voice.
    r"|\b(?:the|this) report(?:'s)? draft\b|^\W*<=+"
    r"|\b(?:evidence|passages?|information) (?:above|below|provided)\b"
    # "... with examples provided in the evidence paragraphs." (node-child, stop 35)
    r"|\bevidence (?:paragraphs?|passages?|sections?|blocks?)\b"
    # "Optimization, but it's not a part of the report.": the report talked about.
    r"|\b(?:a )?part of (?:the|this) report\b"
    # "We have identified multiple facts, including how to create ...": the writer's notes (py-venv).
    r"|\b(?:we|i) (?:have )?(?:identified|gathered|collected|listed|found) (?:\w+ )?(?:facts|findings|key points)\b"
    # "We also need to explain how multicolumn B-Tree indexes ...", "We plan an outline to organize the
    # report and write one part per step." (pg-indexes, stop 37): the writer's to-do list and the
    # system prompt said back. A manual's "we need to create a table" does the work, and stays.
    r"|\bwe (?:also )?(?:need|have|want|must|should) to (?:also )?(?:provide|explain|write|cover|describe|discuss"
    r"|include|extend|add|give|organi[sz]e|outline|answer|present|list|mention|focus)\b"
    r"|\b(?:plan|write|organi[sz]e) (?:an|the|one) (?:outline|report|part)\b|\bper step\b", re.I)
# A chat assistant's sign-off or preamble ("Let me know if ...", "I hope this helps"): it talks to
# the reader of a chat, not about the subject (seen in 0.5B reports, "the reply is now ready").
_CHATTER = re.compile(
    r"\b(?:let me know|feel free to|i hope (?:this|that) helps|hope this helps|if you have any (?:other|more|further)? ?questions"
    r"|(?:need|want) (?:more|any|further) (?:assistance|help)\b|as an ai\b|the (?:reply|answer|response) is (?:now )?ready"
    r"|here is (?:the|a|your) (?:part|section|text|paragraph|answer|reply)|happy to help"
    # "I'm here to help!" (ap-stopping, stop 58), a paragraph of its own between two of the subject's.
    r"|\bi(?:['’]m| am) here to help\b"
    # "The text does not mention Options +ExecCGI. The correct answer is: Option +ExecCGI." (ap-htaccess,
    # stop 59): a reader of a quiz, answering about its text.
    r"|\bthe (?:text|passages?|evidence|documents?|sources?|context) (?:does|do|did) not (?:mention|say|state|cover"
    r"|discuss|describe|provide|contain|explain)\b|\bnot (?:mentioned|stated|given|covered) in the (?:text|passages?"
    r"|evidence|documents?|context)\b|^the (?:correct|right|final) answer is\b"
    # "Here are the main points and their connections to the other evidence:" (README's first command
    # at acc89ae): the writer announcing its reply.
    r"|^here are (?:the|some) (?:main |key )?(?:points|facts|details)\b"
    # "Hardware Assumptions, but I am not sure what this is.": the writer's doubt, not the subject.
    r"|i(?:'m| am) not (?:sure|certain))|^i (?:don't|do not) know\b|^(?:sure|certainly)\b[,!.]"
    # "Of course! Here is ..." is a chat's; "Of course, one wants to eventually transfer ..." a page's.
    r"|^of course(?:!|\.|, (?:here|i)\b)"
    # "yes, this is the intended content." (node-cluster, stop 29): the reply vouched for.
    r"|^(?:yes|okay|ok|alright)\s*[,!.]|\bthe intended (?:content|text|output|part)\b"
    # "I apologize for the previous mistake.", "Please note that this is a response to ..." (ap-logs,
    # stop 28): a retried writer talking to the one who refused it; "抱歉" and "请提供新的材料" in Chinese.
    # "But I will continue this part later." (mk-nav, stop 33): the writer on its own progress.
    r"|\bi(?: will|'ll) (?:continue|finish|come back)\b|\b(?:continue|finish) this (?:part|section) later\b"
    r"|\bi apologi[sz]e\b|^(?:sorry|my apologies)\b|\b(?:previous|last) (?:mistake|response|reply|answer)\b"
    r"|\bplease note that this is\b|\bthis is a response to\b|抱歉|对不起|请提供新的?材料|以便我能够"
    # "Please provide more details or context." (cm-export, stop 31): the writer asking its user;
    # "Thank you for your detailed explanation. I am very impressed with the guide provided." too.
    r"|^please (?:provide|give|share|clarify|specify)\b|^thank(?:s| you)\b|^i (?:am|was|have|think|hope|would|will)\b"
    # "感谢您的反馈！", "我会随时为您提供帮助。", "我决定重新写一个新的部分" (ap-logs, stop 28): a report
    # never says "I" (我, not 我们 "we", 自我 "self" or 我国) nor thanks its reader.
    r"|(?<!自)我(?![们国])|感谢您|谢谢您|为您提供|请告诉我",
    re.I)
# Code spans a chat's debris sits in ("` } } } `", "`您的回复被拒绝：...`"): the checks read their text.
_SPAN_MARK = re.compile(r"`+")
_LETTER = re.compile(r"[^\W\d_]")
# The reply's own JSON typed into its text ("} , {text: ] ..."): a broken sentence, not prose.
_JSON_ECHO = re.compile(r'[{}\[\]]\s*,?\s*\{?\s*"?(?:text|cites|paragraphs)"?\s*:|^\s*\]\s|\b(?:cites|paragraphs)\]'
                        r"|'''|''\s*[:,}]|[}\]]\s*,\s*[#{]|\}\s*\]|\]\]|\]\s*\}"
                        # "` ` `` `` } } } }" (ap-mpm, stop 28): the reply's closing marks typed on and on.
                        r"|(?:\}\s*){3,}|(?:`+\s+){4,}"
                        # "Sending a server object', plan: Add an example ..." (node-child, stop 57): a
                        # plan's field, its key after the title's closing quote.
                        r"|['\"]\s*,\s*['\"]?(?:plan|title|text|thought|cites)['\"]?\s*:")
# "This is." where the copy penalty cut a sentence after its first two words (a subject and a
# verb, nothing said), or a filler that says nothing either ("This is mostly true."); short pieces
# of abbreviations ("e.g.", "Dr.") are no such stub.
_STUB = re.compile(r"^(?:this|that|it|these|those|they|there)\s+(?:is|are|was|were|has|have|can|will)"
                   r"(?:\s+(?:not|also|mostly|very|quite|often|always|usually|generally|true|correct|important|"
                   r"possible|the case|so|useful|essential|crucial|key|significant|interesting|common)){0,2}\s*[.;:]$", re.I)

# "Status: MPM.", "Module Identifier: mpm_event_module.", "状态: 状态。" (ap-mpm, stop 28): a field of a
# page's key-value table, a label and a value of a few words, no sentence.
_FIELD_ROW = re.compile(r"^(?:[A-Z][\w-]*(?:\s[\w-]+){0,2}|[\u4e00-\u9fff]{1,6})\s*[:：]\s*\S+(?:\s\S+){0,2}?\s*[.。]?"
                        r"(?:\s*\[\d+\])*\s*$")

#: The labels of an Apache module's or directive's summary table ("Status: Extension").
SUMMARY_LABELS = r"(?:description|syntax|default|context|override|status|module|compatibility|module identifier|source file)"
# "... Description: mod_proxy extension for load balancing Status: Status: Extension Module
# Identifier: proxy_balancer_module." (ap-proxy, stop 44): the table's rows run into one sentence.
_SUMMARY_ROW = re.compile(rf"\b{SUMMARY_LABELS}:\s", re.I)

# "Author: Vinay Sajip <vinay_sajip at ...>", "Release: 3.11": a page's byline, copied.
# "New in version 3.3.": a reference page's version note.
_BYLINE = re.compile(r"^(?:authors?|release|date|version|copyright|maintainer)\s*:"
                     r"|^(?:new|changed|deprecated|added) in version\b"
                     # "See also: Hacker News discussion from 2022-12-13.": a page's pointer elsewhere.
                     r"|^see also\b", re.I)
# "See Determining module system section for more info regarding ..." (node-modules, stop 38): the
# page sends its reader to another of its sections, which the report has not.
# "See git-log(1)." (git-stash, stop 43): a manual page's pointer at another page, alone.
_SEE_ELSEWHERE = re.compile(r"^see\s+(?:also\s+)?`?[\w.+-]+\(\d\w*\)`?\.?(?:\s*\[\d+\])*\s*$"
                            # "Refer to the Determining module system section to understand ..." (node-modules, stop 62).
                            r"|^(?:see|refer to)\b[^.]{0,80}\b(?:for (?:more|further|additional|details|information|info)"
                            r"|section|chapter)\b"
                            # "For more information see Chapter 68." (pg-indexes, stops 57 to 59), "For more
                            # information, see V8 issue 7381." (node-child): the same pointer, said first.
                            r"|^for (?:more|further|additional) (?:information|details|info)\s*,?\s+see\b"
                            # "Each step is described in detail below." (node-modules at stop 64): the page's
                            # pointer at its next lines, a sentence of its own.
                            r"|^[^.]{0,60}\b(?:is|are)\s+(?:described|explained|detailed|shown|listed|discussed)\s+"
                            r"(?:in (?:more |further )?detail\s+)?below\s*[.!]?(?:\s*\[\d+\])*\s*$", re.I)
# "Used for ___VENV_NAME__ New in version 3.4: Added the with_pip parameter": the note inside a
# sentence, where a passage's lines were pasted end to end (py-venv).
_VERSION_NOTE = re.compile(r"\b(?:new|changed|deprecated) in version [\d.]+\s*:", re.I)
# "Deprecated alias for cluster.setupPrimary().", "Deprecated: Use emitter.listenerCount() instead.",
# "Deprecated in instruct require on how to ...", "... .sjs as .js; Deprecated." (node-cluster, node-events,
# node-modules, stops 57-62): an API reference's stability label with or without its entry; the eleven
# report sentences on disk with "Deprecated" capitalised anywhere but after a sentence's stop were all these.
_DEPRECATED = re.compile(r"^Deprecated\b|(?<![.!?])\s+Deprecated\b")
# "For example: $ source ~/envs/tutorial-env/bin/activate (tutorial-env) $ python Python 3.5.1":
# a console session pasted as prose, two prompts or a prompt and its output's "---" line. A
# sentence that starts with a prompt is a pasted line too, after a page's name or not
# ("git-bisect(1) $ git bisect bad.", "git-bisect(1) g $ git bisect log.": a man page's example).
_CONSOLE = re.compile(r"(?:^|\s)\$ \S.*\s\$ \S|(?:^|\s)\$ \S.*\s---\s|^\W*(?:\S+\)\s+)?(?:\w\s+)?(?:\$|>>>) [a-z_]"
                      # "HINT: To avoid a database shutdown, execute" (pg-vacuum, stop 43): a server's
                      # log line from the page's example output.
                      r"|^(?:HINT|ERROR|WARNING|DETAIL|NOTICE|FATAL|PANIC|STATEMENT):\s")
# "The following configuration methods are the following:.": a list announced and never given.
# "... follow these steps: 1." too, the list's first number left.
_ANNOUNCED = re.compile(r"[:：]\s*(?:\d{1,2}[.)．、]?)?\s*[.。]?$")
# The prompt's task line or the correction turn said back ("Task: write the part 'X'.", "Please
# correct the text to not repeat itself"): a small model retried after a refusal echoes them.
_PROMPT_ECHO = re.compile(
    r"^\s*task\s*:|\bwrit(?:e|ing) (?:the |this )?part\b|\b(?:please )?correct the text\b|\byour reply was rejected\b"
    r"|\breply again with\b|\bwrite new material for this part\b"
    # The rules said back: "Cite only numbers shown to you as you are here", "cite between 1 and 12
    # (4) of the evidence numbers above and no others".
    r"|\bcite (?:only|between)\b|\byou are[\s_]+here\b|\bevidence numbers?\b|\bnumbers? shown to you\b"
    # "cite by number: Child process child_process.spawn() ..." (node-child, stop 58): the evidence
    # block's heading said back before a pasted page menu.
    r"|\bcite by number\b|\bevidence for this step\b"
    # "How it Works you are_here, but I need more depth." (ap-stopping at be3c128): the draft's mark
    # and the judge's task ("whether the report needs more depth") said as a sentence.
    r"|\b(?:i|it|this|report|part|section) needs? more depth\b"
    # "or, right after that claim it supports.": the citation rule's words, with the sentence's start lost.
    r"|\bclaim it supports\b|\bcite evidence with its number\b|^(?:or|and|but),\s"
    # "How MkDocs Builds a Site's Navigation as facts." (mk-nav, stop 33): the refusal's "state what the
    # passages say about <part> as facts", said back with the part's title.
    r"|\bas facts\W*(?:\[\d+\]\W*)*$|\bstate what the passages say\b"
    # "... and connect the facts to do this effectively." (cm-cross, stop 34): the write rule's words.
    r"|\bconnect the facts\b|\bdo not paste the passages\b"
    # "Section 2: Types of solar cells, please continue with the content."
    r"|^\W*section \d+\s*:|\bplease continue\b"
    # A refusal's reason said back: "This text repeats a part that is already written (e.g. ...)",
    # "This text is repeated itself or the instructions (e.g. ...) is repeated." (py-venv's lengthen).
    r"|\b(?:this|the) text (?:is )?repeat(?:s|ed)\b|\bitself or the instructions\b|\ba part that is already written\b|\bwrite what the (?:shown )?passages say\b"
    r"|\bdo not (?:mention internal ids|describe the question)\b|\bwrite about the evidence\b"
    r"|\b(?:this|the) text is not prose\b|\bwhole sentences in your own words\b|\bcopy no (?:line|draft)\b"
    # The write rule said back after a refusal (git-bisect, stop 36): "Do not repeat what earlier parts already say."
    r"|\bdo not repeat what\b|\bearlier parts already say\b|\bwrite new material for this part\b"
    # The same instructions said back in Chinese: "请直接从内容开始，并不复制或粘贴任何内容", "150 行以下是
    # 部分内容", "重复文本或指令的提示仍然有效".
    # "这里重复了文本或指令", "这文本重复了自己的或指令" (cm-genex, stop 34): "repeats itself or the instructions".
    r"|复制|粘贴|直接从.{0,6}开始|行以下是|(?:文本|指令|内容)的?提示|重复了?(?:的)?(?:文本|指令)|重复了?自(?:己|身)的?(?:或|和)"
    r"|(?:文本|自己)的?(?:或者?|和)指令"
    # "150 字节以下，直接写在段落中。支持引用证据中的数字，并不重复之前的内容。" (git-worktree-zh): the
    # length and citation rules in Chinese.
    # "定义 150 职词：", "在150字内" (py-unicode-zh): the same, a character mistyped or the limit's word cut.
    r"|\d+\s*个?[\u4e00-\u9fff]?(?:字|字节|词)(?:以下|以内|内|左右|概要|\s*[：:])|引用证据|证据中的数字|不重复之前"
    # The draft's marks in Chinese ("`<3>` 是你在这里。`<4>` 是要写的。": "you are here", "to write")
    # and the evidence named as such ("在提供的证据中": "in the evidence provided").
    # The retry's request in Chinese: "请继续这个部分的内容，并确保引用了之前的部分" (please continue ...).
    r"|你正?在这里|是要写的|提供的证据|请继续|确保引用"
    # "您的回复被拒绝" ("your reply was rejected"), "150 句以下内容 (请在文中直接写该内容)" (ap-logs, stop 28).
    r"|回复被拒绝|请在文中|直接写(?:该|这)?内容|\d+\s*句(?:以下|以上|以内)", re.I)

# A letter or two standing alone where a copied word was cut by the copy penalty ("This means t ed
# in 0, 1, 2", "across th ortant"); real one- and two-letter words, units and names are listed.
_FRAGMENT = re.compile(r"(?<![\w'’.\-/])([a-z]{1,2})(?![\w'’.\-/(])")
_SHORT_WORDS = frozenset(
    ["a", "i", "e", "g", "x", "y", "n", "k", "s", "m", "h", "am", "an", "as", "at", "be", "by", "do", "go", "he", "hi", "if", "in", "is", "it", "me", "my", "no", "of", "oh", "ok", "on", "or", "so", "to", "up", "us", "we", "id", "os", "io", "re", "vs", "pi", "kb", "mb", "gb", "ms", "cm", "mm", "km", "kg", "db", "ui", "ip", "pc", "ad", "ex"])


# Two lone letters in a row ("transactions that were i e must be", "advised that y e do not"): what
# the copy penalty left of two words. In the twelve pages measured only code had such a pair.
_LETTER_PAIR = re.compile(r"(?<![\w'’.\-/<>=*+])[a-z] [a-z](?![\w'’.\-/(<>=*+])")


# "hits another an n the rated irradiance": two articles in a row; "n the rated irradiance, the cell":
# a sentence that starts with a lone lowercase letter. Neither occurs in the twelve pages measured.
# "Variables local to the module will be private, because the and in this example, ...", "..., and the must be
# explicitly exported" (node-modules, stop 63): an article before a conjunction or a modal, the noun between
# them left out; no page of the four sets' corpora has one ("a and b" names two variables).
_TWO_ARTICLES = re.compile(r"\b(?:an?|the|another)\s+(?:an?|the|that|this|these|those)\b"
                           r"|\b(?:an|the|another)\s+(?:and|or|but|must|should|would|could|might|shall)\b(?!-)")
_LONE_START = re.compile(r"^[a-z]\s+[a-z]")
# "cut from a singl n silicon crystal", "transactions that e must be", "control how t he log records":
# the letter the copy penalty left of a word, between two words (5,958 sentences of pages and
# reports for "n", 5,721 for the other letters: only such glitches and code had one). After a word
# that takes a count or names a variable ("the n values", "for c in", "column c is") it is a variable.
# Words after which a lone letter names a variable or a key ("column c", "press q").
_NAMES_A_VARIABLE = (r"column|table|row|variable|value|letter|field|parameter|argument|index|point|vector|matrix|constant"
                     r"|press|type|key|answer|option|flag|enter|drive")
_LONE_LETTER = re.compile(r"(?<![\w'’.\-/<>=*+`])(?!(?i:the|of|an?|all|first|last|each|every|for|with|by|to|in|and"
                          rf"|or|these|those|are|is|be|has|have|{_NAMES_A_VARIABLE})\b)"
                          r"[A-Za-z][a-z]+,? [b-hj-z] [A-Za-z][a-z]+(?![\w'’\-/(<>=*+`]|\.\w)")


# "hits an second chance", "the database backend to an website": the copy penalty took the word the
# article was written for. Lowercase names said letter by letter ("an sql", "an fts") stay; 6,884
# sentences of pages and reports had only such glitches.
_AN_CONSONANT = re.compile(r"\ban (?!h(?:our|onest|onou?r|eir|erb)|(?:sql|sqlite|html|xml|rpm|fts|lsm|mmap|ssl"
                           r"|https?|url|nfs|smb|svg|llm|fsync|rdbms|mvcc|mb|kb|gb)\b)[b-df-hj-np-tv-z][a-z]+\b(?![-'’])")


# "在不同的编程语言中使用 日 化字符串": a Han character standing alone between Han words, what the
# penalty left of a word; a conjunction or preposition between spaced words ("级别 和 输出") is not.
_LONE_HAN = re.compile(r"(?<=[\u4e00-\u9fff]) (?![和与或及的是在为从到等加减乘除])[\u4e00-\u9fff] (?=[\u4e00-\u9fff])")


# "0-9、.、%、+、-、/、:、;、,、(、)、),、.、,、(、)、),": ten signs in a row with no word between, a
# loop of punctuation (py-unicode-zh). In the pages only markup (underlines, table borders) has such.
_SYMBOL_RUN = re.compile(r"(?:[^\w\s]\s?){10,}")


# "字符序列如 、、、等": a list whose items were names in Latin letters, which a Chinese writer may not
# type, so only their enumeration commas are left. No Chinese sentence puts "、" after a space or
# another "、".
_EMPTY_ITEMS = re.compile(r"(?:^|\s)、|、\s*、")


# "Fighting regressions with git bisect is, git-blame(1)." (git-bisect, stop 36): a verb whose
# complement was cut, a name after it; 1 of 18,227 sentences of the eight offline sets' pages had
# one ("... as they were, i.e.", a split at an abbreviation).
_CUT_COMPLEMENT = re.compile(r"\b(?:is|are|was|were),\s+[^\s,]+\s*[.!?]?\s*$")
# "There are three ways in which a folder may of loading.", "Files with a .cjs extension; of loading."
# (node-modules, stops 57 to 59): the copy penalty's way out of a copied run, a modal or a semicolon with
# "of" after it. A "can of" after an article is the noun's. A modal before a verb's finite form, "the
# 'spawn' event will has fully closed" (node-child, stop 59, another sentence's ending), likewise; the
# four sets' corpora never write one.
# "Any vhost that includes the magic _default_ wildcard is s.", "... even if s.", "in case your build or test
# environment changed s." (ap-vhosts at 3b9994e, git-bisect at stop 59): a lone letter as a sentence's last
# word, what a 0.5B left of the words it stopped copying; over the report sentences on disk (stops 57-63) it
# ended only such garbles. After a word that names a variable ("the column c.") or a preposition ("stored in x.")
# it is one.
_LONE_LAST = re.compile(rf"\b(?!(?:in|of|to|by|for|with|as|from|at|on|{_NAMES_A_VARIABLE})\s)[a-z]+ [b-hj-z]\.(?:\s*\[\d+\])*\s*$")
_PENALTY_EXITS = re.compile(r"(?<![Aa] )(?<![Tt]he )\b(?:may|can|must|should|could|might|would)\s+of\b"
                       r"|\b(?:will|can|cannot|may|must|should|could|might|would)\s+(?:has|is|was|does|are|were|did)\b"
                       r"|;\s+of\s+\w+\s*[.!?]?\s*$")


# "disconnect() is Called when all workers are disconnected and handles are closed." (node-cluster, stops 61
# and 63): an API entry's name and the capitalised first word of its entry joined by a verb the model put
# between them; no page of the four sets' corpora has a capitalised participle after "is".
_CAPITAL_PARTICIPLE = re.compile(r"\b(?:is|are|was|were)\s+[A-Z][a-z]+ed\b")


# What the copy penalty leaves of words, one pattern each: each was run over the twelve pages of
# the benchmark's cut (and every report of the stop that added it) before it was kept, and matched
# only garbled sentences or code (which is taken out first).
_GLITCHES = (_LETTER_PAIR, _TWO_ARTICLES, _LONE_START, _LONE_LETTER, _AN_CONSONANT, _LONE_HAN, _SYMBOL_RUN, _EMPTY_ITEMS,
             _CUT_COMPLEMENT, _PENALTY_EXITS, _LONE_LAST, _CAPITAL_PARTICIPLE)


# A passage's sentence in a code span, where no language check reads it: "`site_url: The site_url must be
# set to an`空字符串,`which instructs MkDocs to build your`网站" (mk-links-zh, stop 33). Code has marks
# and few small words; five words with two of them ("the", "to", "an") and no code marks are prose.
_CODE_MARKS = re.compile(r"[\"'=(){}\[\];$<>|\\]|(?:^|\s)--?\w")


# ... or a run of eight plain words, three of them small, whatever marks stand round it: "`* err Error
# The Symbol.for('nodejs.rejection') method is called in case a promise rejection happens when emitting an
# event ...`" (node-events, stop 59, an API listing pasted with a backtick at each end). SQL keeps its
# keywords in capitals and a command its options, which break such a run.
_PROSE_RUN = re.compile(r"(?:\b[A-Za-z][a-z]*\s+){7,}[A-Za-z][a-z]*\b")


def _prose_in_code(sentence: str) -> bool:
    for span in CODE_SPAN.findall(sentence):
        inner = span.strip("`")
        latin = re.findall(r"[A-Za-z]+", inner)
        if len(latin) >= 5 and sum(w.casefold() in STOPWORDS for w in latin) >= 2 and not _CODE_MARKS.search(inner):
            return True
        if any(sum(w.casefold() in STOPWORDS for w in run.split()) >= 3 for run in _PROSE_RUN.findall(inner)):
            return True
    return False


def _garbled(sentence: str) -> bool:
    bare = CODE_SPAN.sub(" ", sentence).strip()
    if any(g.search(bare) for g in _GLITCHES):
        return True
    # Two letters only: a lone letter is as often a variable ("a < b") as a cut word; two are not.
    return any(len(f) == 2 and f not in _SHORT_WORDS for f in _FRAGMENT.findall(bare))


# The plan's voice: "Compare the two types of database engines ...", "Highlight any considerations
# that should be addressed." An instruction to the writer, not a fact (also after a pasted "Title: ").
_PLAN_VOICE = re.compile(
    r"(?:^|:\s+)(?:compare|contrast|analy[sz]e|highlight|discuss|describe|explain|explore|summari[sz]e|outline|examine"
    r"|identify|evaluate|investigate|review|introduce|define|consider|mention|address|cover|present|determine)"
    r"\s+(?:the|how|any|their|its|each|why|what|when|which"
    r"|whether|both|all|these|those|key|common|different|main|if)\b"
    # "Here's how to revert commits using git revert command: Provide specific EXAMPLES of how to ..."
    # (git-reset-revert, stop 51): the part's plan said after a colon.
    r"|(?:^|:\s+)(?:provide|give|include|add)\s+(?:(?:specific|concrete|detailed|practical|some|a few)\s+)?"
    r"(?:examples?|an? (?:example|overview|explanation|summary|description))\s+(?:of|on|for|about)\b"
    # The same in Chinese: "了解如何在不同的编程语言中使用 ...", "学习在不同的编程语言中，编写 ...". In
    # the 348 sentences of the stop-17 Chinese reports, the 12 that start so were all plan lines.
    r"|(?:^|[:：]\s*)(?:了解|学习|探讨|讨论|分析|比较|解释|描述|总结|介绍|说明|研究|理解|掌握)(?:一下)?"
    r"(?:如何|怎样|怎么|在|不同|各种|这些|以下|有关|关于)"
    # "描述异步请求处理器的实现方式" (ap-mpm, stop 28): a plan's bare verb opening the sentence ("describe
    # ..."); a report's sentence has a subject. ("总结来说" and "比较常见" open sentences: not these.)
    r"|^(?:描述|介绍|说明|解释|讨论|探讨|阐述)(?!了|过|的)"
    # "确定使用的日志工具。", "配置日志文件的格式和位置。" (ap-logs, stop 28): the plan's "decide",
    # "configure"; not "确定的时间间隔" (a decided one) nor "配置文件" (a configuration file).
    r"|^(?:确定|考虑|列出)(?!了|过|的|性)|^配置(?!了|过|的|文件|项|选项|参数|指令|中|时|后|为|成)", re.I)
# The question said back: a report states facts; a 0.5B's question sentence is the user's own.
_QUESTION = re.compile(r"[?？]\s*$")
# A passage's list pasted as it stood: a bullet before a term and its dash ("venv — Creation * env_name
# - The name of ..."), or two bullets in one sentence.
# A table's cell border ("Venv — Creation of virtual environments  | Install setuptools ..."), a page's
# "See also" block run into the text ("... to a queue Logging HOWTO See also Module logging.API").
# "Status| MPM": a table's cells as html2text joins them ("cell| cell"), pasted.
# "setupMaster() * settings: see cluster.settings." (node-cluster, stop 61): an option list's item after
# the sentence's words.
_INLINE_LIST = re.compile(r"(?:^|\s)[*•]\s+\S+\s+(?:--|[-–—:])\s|(?:^|\s)[*•]\s+\S.*\s[*•]\s+\S|\s\|\s+[A-Z]|\S\s+See also\b"
                          r"|\w\|\s+\S|\S\s+[*•]\s+[\w.()-]+:\s")
# A list's item number left where the next item would start: "Here's an example outline: Introduction 2.",
# "It also lets you configure them 4." (ap-proxy at stop 54, an outline typed as a paragraph): after a
# pronoun, or after one capitalised word a colon opens. A number after any other word may be the
# sentence's own ("RAID 5.", "Reply stamp 5.", "The timeout is 5.").
_ITEM_NUMBER = re.compile(r"(?:\b(?:them|it|us|you|these|those)|:\s+(?!(?:Python|Perl|PHP|Java|Windows|Debian|Ubuntu"
                          r"|PostgreSQL|Node|Apache|HTTP|RAID|IPv|Version|Level|Step|Part|Chapter|Section)\b)[A-Z][a-z]+)"
                          r"\s+[1-9]\.?\s*(?:\[\d+(?:\s*[,，]\s*\d+)*\]\s*)*\.?\s*$")
# Where the copy penalty removed the names a clause was about: "such as, which is designed for",
# "compared to, while may be more complex".
_MISSING_WORD = re.compile(
    r"\b(?:such as|compared (?:to|with)|rather than|the)\s*[,.;]|,\s*(?:while|whereas),"
    r"|\b(?:for example|for instance|while|whereas),?\s+(?:may|might|can|could|is|are|will|would)\b", re.I)
# "... performing queries agains The journal mode pragma may ...": a sentence's end cut away and
# the next one run on; a capitalised opener after a lowercase word, with no stop between them.
# "Very large datasets An SQLite database is limited ...", "the internet of things Because an SQLite
# database ...": a pasted list's label run into its text (the twelve pages have none of these).
_RUN_ON = re.compile(r"\b[a-z]{2,}\s+(?:The|This|These|Those|It|Its|However|Moreover|Therefore|Additionally)\s+[a-z]"
                     r"|\b[a-z]{2,}\s+(?:An|Because|When|If|While|Although|Since|Each|Every|Many|Most|Some|All|There"
                     r"|They|We|You|In|For)\s+[A-Za-z]")
_CJK_PAIRS = {"》": "《", "」": "「", "』": "『", "）": "（"}


# Citation marks and Markdown links: the brackets prose may hold.
_CLOSED_BRACKETS = re.compile(r"\[[^\[\]]*\](?:\([^()]*\))?")


def _unopened(sentence: str) -> bool:
    """"编码和解码的关系》，我们可以了解到 ...": a CJK closing mark with no opening one before it,
    what is left of a sentence whose start was cut away. A square bracket left open ("DATatypes
    In SQLite [12.1  TEXT: The text affinity b NUMERIC, -- numeric affinity c"): a passage's
    numbering and a code listing run together, no prose either; a "(" never closed likewise."""
    for close, open_ in _CJK_PAIRS.items():
        at = sentence.find(close)
        if at >= 0 and open_ not in sentence[:at]:
            return True
    if "[" in _CLOSED_BRACKETS.sub(" ", sentence):
        return True
    # "... modify the environment done by calling a script in its binary directory (bin done by
    # calling ...": a "(" opened after the sentence's start and never closed. An aside that opens a
    # sentence may close sentences later ("(This script is written for the bash shell. ...)"): the
    # twelve pages have seven such; the reports' other unclosed "(" were all garbled.
    body = sentence.lstrip()
    return body.count("(", 1) > body.count(")")


# An aside that an earlier sentence opened, closed after this one's stop ("It came in 3.37.) Rows are ..."); a
# list's number or letter ("1) open the file and 2) write it").
_CLOSES_ASIDE = re.compile(r"[.!?]\)")
_ITEM_MARK = re.compile(r"(?<!\S)\w\)")


def _closes_nothing(sentence: str) -> bool:
    """"I) + 'node_modules') c.", "'SIGHUP')) and accidental exit, ...", "maint-X.Y.(Z-1) where X.Y.Z is the current
    release)." (node-modules, node-cluster, git-rebase-merge, stops 60-64): a ")" that closes nothing, what is left
    of a sentence cut inside its brackets; over the report sentences on disk, only such."""
    body = _ITEM_MARK.sub(" ", sentence)
    return body.count(")") > body.count("(") and not _CLOSES_ASIDE.search(body)


# "section-2.1", "textid", "bibkey": the protocol's ids, which mean nothing to a reader.
# "In the section 1.2, ...": a numbered section of the report or of a copied page; neither
# numbering means anything to a reader of this part.
INTERNAL_ID = re.compile(r"section-\d|textid|bibkey|\b(?:sub)?sections? \d+\.\d", re.IGNORECASE)

#: reasons that mean the reply talked about the task instead of the subject
ABOUT_THE_TASK = ("describes the report, not the subject", "talks to a chat user, not about the subject")


# "... a descriptive mes data (i.e.": a sentence cut where its aside began.
_CUT_ASIDE = re.compile(r"\((?:i\.e|e\.g|cf|see)\.?$", re.I)


def cut_off(bare: str) -> bool:
    """A stub ("This is mostly true."), a list announced and never given, or an aside begun and
    cut ("(i.e.") (no citation marks)."""
    return bool(_STUB.match(bare) or _ANNOUNCED.search(bare) or _CUT_ASIDE.search(bare))


_LABEL = re.compile(r"^[^.:;!?]{1,60}?[`'\"]?\s*:\s+")


def _after_label(sentence: str) -> str:
    """"Advanced Logging Tutorial: This section will guide you ...": the sentence after a pasted title."""
    m = _LABEL.match(sentence)
    return sentence[m.end():] if m else ""


# "... within a single>     # Writing-Ahead Logging  SQLite allows ...": a page's heading, with the
# quote mark before it, pasted into a sentence; "``markdown": a fence's language typed as text.
_INLINE_HEADING = re.compile(r">\s*#{1,6}\s|\s#{1,6}\s+[A-Z][a-z]+[- ][A-Z]|``(?:[Mm]arkdown|json|md)\b")
# "setupPrimary() deprecated Deprecated alias for .setupPrimary().", "... removal from the cluster Cluster
# Disconnect: In a worker ..." (node-cluster, stops 58-61): a reference entry's label run into its text,
# one word twice in two spellings. Over the 1,815 report sentences on disk (stops 57-62) its six hits were
# all pasted (the sixth, "... closest package scope SCOPE to DIR", pseudocode).
# A function word said twice ("The the") is a stutter, not a label.
_LABEL_TWICE = re.compile(r"\b([A-Za-z]{3,})\s+(?!\1\b)(?i:\1)\b")


def _label_twice(text: str) -> bool:
    return any(m.group(1).casefold() not in STOPWORDS for m in _LABEL_TWICE.finditer(text))


# ":param context: The information for the virtual environment ...": a docstring's field list
# copied out of a code example (py-venv, 4 of the benchmark's reports; prose never says it).
_DOC_FIELD = re.compile(r"(?:^|\s):(?:param|type|returns?|rtype|raises?|ivar|cvar|var|arg|key|keyword)(?:\s+[\w.*]+)?:(?=\s|$)")


# "import logging logging.getLogger('foo').addHandler(...); should have the desired effect": a code
# example pasted as a sentence, its lines run together.
_CODE_LINE = re.compile(r"^import [a-z_][\w.]* [a-z_]\w*[.(=]"
                        # "fork(); // http worker.", "// kill worker worker.kill() worker.id." (node-cluster,
                        # stop 38): a code sample's line comment, pasted with or without its statement.
                        r"|(?:^|[\s;)])//\s+\w"
                        # "., Storage and costs ., */ /* The sit in the same range." (README's first command,
                        # stop 38): a C comment's marks, standing alone, typed between pasted titles.
                        r"|(?:^|\s)(?:/\*|\*/)(?:\s|$)"
                        # "Keep track of http requests let numReqs Cluster." (node-cluster, stop 61): a
                        # declaration of a code sample, its comment before it; a camelCase name after
                        # "let", "const" or "var" is no English.
                        r"|(?:^|\s)(?:let|const|var)\s+[a-z_$][\w$]*[A-Z][\w$]*\b"
                        # "let PARTS = path split(START); let I = count of PARTS - 1 3." (node-modules, stop 62):
                        # an assignment; "If no scope was found, return." the same page's pseudocode.
                        r"|(?:^|[\s;])(?:let|const|var)\s+[A-Za-z_$][\w$]*\s*=(?!=)|,\s+return[.;]?\s*$"
                        # "DIRS = DIR + DIRS;", "STOP 2." (node-modules, stops 58-64): the same pseudocode's
                        # assignment to a name in capitals without its "let", and its numbered STOP line.
                        r"|(?:^|[\s;(])[A-Z][A-Z_]{2,}\s*=\s|\bSTOP\s+\d")
# An API page's parameter list pasted: a lowercase name, a colon and its description, twice ("code:
# The exit code, if it exited normally signal: The name of the signal ...", node-cluster at stop 38),
# after a bullet ("* paths: Paths to which ...", node-modules) or after a call ("fork() env: Key/value
# pairs to add ..."). "The reflog: The two backends ..." (one label, after a word) is a sentence.
_PARAMETERS = re.compile(r"(?:^|\s)[a-z][a-zA-Z0-9_]*:\s+[A-Z][^:]*\s[a-z][a-zA-Z0-9_]*:\s+[A-Z]"
                         r"|(?:^|\s)\*\s+[a-z][a-zA-Z0-9_]*:\s+[A-Z]|\)\s+[a-z][a-zA-Z0-9_]*:\s+[A-Z]"
                         # "... by Node.js event.bubbles Type: {boolean} Always." (node-events, stop 39): a
                         # property's type line.
                         r"|\bType:\s*\{[\w.|<>\[\]]+\}"
                         # "Causes disconnect() Returns: A reference to worker." (node-cluster, stop 43): a
                         # method's return line, its type stripped with the page's markup.
                         r"|\bReturns:\s+(?:\{|<|[A-Z])"
                         # "Default: SIGTERM' This function will kill the worker." (node-cluster, stop 57): a
                         # parameter's default line, its type and quotes half stripped.
                         r"|(?:^|\s)Default:\s+['\"`]?[\w.-]+['\"`]?(?:\s+[A-Z]|\s*\.?$)"
                         # "listenerCount( emitter, eventName) Deprecated: Use emitter.listenerCount( emitter)
                         # instead." (node-events, stop 58): a signature line and its deprecation label.
                         r"|(?:^|\s)(?:Deprecated|Legacy):\s+[A-Z]|\b[a-z]\w*\(\s+[a-z]\w*(?:,\s*[a-z]\w*)*\)(?=\s)"
                         # "worker A reference to the current worker, ..." (node-cluster, stop 57): a property's
                         # name glued to its description; prose opens on no lower-case name and an article.
                         r"|^\s*[a-z][\w.]*(?:\(\))?\s+(?:A|An|The)\s+[a-z]")


# "Type: `{number}` The unique asyncId ..." (node-events, stop 50): the type line with its type in a
# code span, which ``not_prose`` reads past.
# "Type: The underlying {AsyncResource}." (node-events, stop 50): the type after the line's words.
_TYPE_IN_CODE = re.compile(r"\b(?:Type|Returns):\s*`\{[\w.|<>\[\]]+\}`|\bType:\s+[^.{}]{0,40}\{[\w.|<>\[\]]+\}")


# "For example: or." (py-venv): a sentence left with no word that says anything; a 0.5B's reply
# cut short after a lead-in. Discourse words count as saying nothing too.
_NOTHING_WORDS = frozenset({"example", "examples", "instance", "e", "g", "eg", "i", "ie", "etc", "however", "note",
                            "see", "following", "furthermore", "additionally", "moreover", "therefore", "thus",
                            "hence", "yes", "well",
                            # "In addition.", "In summary.", "In other words.": a transition left alone (py-venv)
                            "addition", "summary", "conclusion", "short", "general", "particular", "fact", "words",
                            "finally", "first", "second", "next", "also"})


def _says_nothing(sentence: str) -> bool:
    bare = CITATION.sub(" ", sentence)
    if "`" in bare or re.search(r"\d", bare):
        return False  # a code span or a number says something
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", bare)]
    said = [w for w in words if w not in STOPWORDS and w not in _NOTHING_WORDS]
    # "Events, Events, and Events.": one word over and over (node-events, stop 29).
    return bool(words) and (not said or len(said) > 1 and len(set(said)) == 1)


# "Storage and costs are a critical factor in the efficiency of solar panels." (README's first command,
# stops 32-33, twice a report), "Third Party Themes are a crucial component of MkDocs' customization
# process." (mk-theme, stop 33): a topic's name and a word of weight, nothing the passages say.
# One clause only: ", as they convert one into the other" says something.
# "Understanding EventTarget and event API in Node.js is a crucial aspect of working with events in
# Node.js." (node-events, stop 38): a subsection's title made the subject, a name with a dot in it.
_PLATITUDE = re.compile(r"^(?:\w[\w'.-]*\s+){1,8}(?:is|are|plays?|remains?|becomes?)\s+(?:a|an)\s+"
                        r"(?:critical|crucial|key|important|significant|vital|essential|fundamental|major)\s+"
                        r"(?:factor|component|aspect|part|role|element|step|consideration)\s+(?:in|of|for|to)\b[^,;:]*$",
                        re.I)


# "A---B---C topic / D---E--A'---F master will result in: ...": a history drawn in text.
_DIAGRAM = re.compile(r"\w-{2,}\w.*\w-{2,}\w")
# "git reset (-q) [--pathspec-from-file=<file>] git reset --patch | -p": a manual page's synopsis,
# options in brackets or between bars.
_SYNOPSIS = re.compile(r"\[-{1,2}[\w=<>-]|\s\|\s+-{1,2}\w|\s-{1,2}\w[\w-]*\s+\|\s")
# "HEAD@{1}", "${HOME}", "{name}": braces that write a name; any other is a pasted synopsis or code
# ("git-stash(1) {git-stash - Stash the changes in a dirty work directory away git stash list }").
_NAMED_BRACES = re.compile(r"[@$]?\{[^{}\s]*\}")


def _braced(bare: str) -> bool:
    rest = _NAMED_BRACES.sub("", bare)
    return "{" in rest or "}" in rest


# "Git stash - Stash the changes in a dirty working directory away." (git-stash, stop 37): a manual
# page's NAME line, its command and the verb that names it ("git-reset - Reset current HEAD ..."); inside a
# sentence too ("To restore a stashed state, you can use the git-stash - Stash the changes in a dirty working
# directory away.", git-stash at stop 62).
_NAME_LINE = re.compile(r"(?:^|(?<=\s))(?:[\w.+]+[ -])?([\w.+]+)\s+[-–—]\s+([A-Z][a-z]+)\b")


def _name_line(sentence: str) -> bool:
    return any(m.group(1).casefold() == m.group(2).casefold() for m in _NAME_LINE.finditer(sentence))


def not_prose(sentence: str) -> str:
    """Why ``sentence`` is no prose about the subject, or ""."""
    bare = CODE_SPAN.sub(" ", sentence)
    checks = (
        (_garbled(sentence) or _MISSING_WORD.search(bare) or _RUN_ON.search(bare) or _unopened(bare)
         or _says_nothing(sentence),
         "words cut to pieces"),
        (_BYLINE.match(sentence) or _VERSION_NOTE.search(sentence) or _name_line(sentence), "a document's byline"),
        # Only a CJK term: "the worker (worker threads)" is an English page's way to name a thing.
        ((m := SELF_GLOSS.search(bare)) and CJK.search(m.group(1)), "repeats itself"),
        (_FIELD_ROW.match(sentence) or len(_SUMMARY_ROW.findall(sentence)) >= 2, "a pasted table row"),
        (_SEE_ELSEWHERE.match(sentence), "points the reader elsewhere"),
        (_PLATITUDE.match(CITATION.sub("", sentence).strip().rstrip(".").strip()), "says nothing of its own"),
        (_JSON_ECHO.search(sentence), "reply format typed into the text"),
        (_PROMPT_ECHO.search(_SPAN_MARK.sub("", sentence)), "repeats the instructions"),
        (INTERNAL_ID.search(sentence), "names an internal id"),
        (_META.search(sentence) or _META.search(_after_label(sentence)) or _PLAN_VOICE.search(bare), ABOUT_THE_TASK[0]),
        (_CHATTER.search(_SPAN_MARK.sub("", sentence)), ABOUT_THE_TASK[1]),
        (_QUESTION.search(re.sub(r"(?:\s*\[\d+(?:\s*[,，]\s*\d+)*\])+\s*$", "", sentence)), "asks instead of stating"),
        (_INLINE_LIST.search(bare) or _ITEM_NUMBER.search(bare), "a pasted list"),
        (_INLINE_HEADING.search(bare), "a pasted heading"),
        (_DOC_FIELD.search(bare) or _CODE_LINE.search(bare) or _PARAMETERS.search(bare) or _TYPE_IN_CODE.search(sentence) or _CONSOLE.search(bare) or _braced(bare) or _DIAGRAM.search(bare) or _SYNOPSIS.search(bare)
         # "`rotatelogs /var/log/httpd/access_log.202` 86400` 86400`." (ap-logs, stop 28): no word outside code.
         or bare != sentence and not _LETTER.search(_SPAN_MARK.sub("", CITATION.sub("", bare))),
         "pasted code"),
        (_prose_in_code(sentence), "a passage's words in a code span"),
        # "current_page | page include_nav | nav|length>1 | ..." (mk-theme, stop 33): a table's rows run
        # together, three cell borders or more.
        (bare.count(" | ") >= 3, "a pasted list"),
        # After the code checks: a label in pasted code or pseudocode is the code's.
        (_label_twice(bare), "a pasted heading"),
        (_closes_nothing(bare), "words cut to pieces"),
        (_DEPRECATED.search(bare), "a document's byline"),
    )
    return next((why for hit, why in checks if hit), "")


# "A：最后，我们来探讨死锁的概念；死锁是指 ...": a plan's clause joined to a fact by ";" or ":"
# (pg-locking-zh, stop 27); the fact stays.
# "Here's how to revert commits ...:" (git-reset-revert, stop 51) before the plan it announced.
_ANNOUNCES = re.compile(r"以下|如下|下列|\b(?:the following|as follows|these points)\b|^here(?:'s| is) how\b", re.I)
_PIECE = re.compile(r"(;\s+|；\s*|：\s*|:\s+)")


def _is_label(piece: str) -> bool:
    """"Appropriate Uses", "Advanced Logging Tutorial`": a title put before a colon, no clause."""
    found = re.findall(r"[A-Za-z][\w'-]*", piece)
    return 0 < len(found) <= 8 and not CJK.search(piece) and all(w[0].isupper() or w.casefold() in STOPWORDS for w in found)


def without_plan_clauses(sentence: str) -> tuple[str, list[str]]:
    """``sentence`` without its clauses about the report (and a clause announcing them with a
    colon), and the clauses dropped; unchanged when none is, or when all are (the sentence's own
    checks drop it then)."""
    parts = _PIECE.split(sentence)
    pieces, seps = parts[0::2], [*parts[1::2], ""]
    meta = [bool(_META.search(p) or _PLAN_VOICE.search(p)) for p in pieces]
    if len(pieces) < 2 or not any(meta) or all(meta):
        return sentence, []
    for i in range(len(pieces) - 1):  # "X包括以下几点：" before a dropped clause announced it
        if meta[i + 1] and seps[i].strip() in (":", "：") and (_ANNOUNCES.search(pieces[i]) or _is_label(pieces[i])):
            meta[i] = True
    kept = [(p, sep) for p, sep, m in zip(pieces, seps, meta, strict=True) if not m]
    if not kept:
        return sentence, []
    out = with_end_of("".join(p + sep for p, sep in kept[:-1]) + kept[-1][0], pieces[-1])
    return out, [p for p, m in zip(pieces, meta, strict=True) if m]


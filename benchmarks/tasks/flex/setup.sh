#!/usr/bin/env bash
# Offline task set over the flex manual: install Debian's flex-doc (GNU Texinfo HTML, one page per
# node) and copy its chapters, the reentrant API's sections and a few FAQ pages into a corpus folder.
#
#   bash benchmarks/tasks/flex/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/flex-docs). Texinfo's HTML
# (makeinfo 6.8) is an eighth kind of documentation beside the other sets': every page opens and
# ends with a "Next: ..., Previous: ..., Up: ... [Contents][Index]" line, function definitions are
# written "Function: void yy_push_state ( int new_state ) ¶", index anchors sit between paragraphs,
# footnote numbers are glued to the word they annotate, and the file names escape punctuation
# ("Is-backing-up-a-big-deal_003f.html"). Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_FLEX_DOCS:-$HOME/.cache/warp-report/flex-docs}}
bash "$(dirname "$0")/../install_doc.sh" flex-doc
SRC=/usr/share/doc/flex-doc/html
mkdir -p "$CORPUS_DIR"
for page in Introduction Simple-Examples Format Definitions-Section Rules-Section User-Code-Section \
            Comments-in-the-Input Patterns Matching Actions Generated-Scanner Start-Conditions \
            Multiple-Input-Buffers EOF Misc-Macros User-Values Yacc Scanner-Options \
            Options-Affecting-Scanner-Behavior Options-for-Scanner-Speed-and-Size Performance Cxx \
            Reentrant Reentrant-Uses Reentrant-Overview Reentrant-Example Reentrant-Detail \
            Specify-Reentrant Reentrant-Functions Init-and-Destroy-Functions Accessor-Methods \
            Extra-Data About-yyscan_005ft Bison-Bridge Lex-and-Posix Memory-Management Diagnostics \
            Limitations Is-backing-up-a-big-deal_003f How-can-I-match-C_002dstyle-comments_003f \
            Flex-is-not-matching-my-patterns-in-the-same-order-that-I-defined-them_002e \
            Whenever-flex-can-not-match-the-input-it-says-_0022flex-scanner-jammed_0022_002e; do
  cp "$SRC/$page.html" "$CORPUS_DIR/$page.html"
done
echo "$(find "$CORPUS_DIR" -name '*.html' | wc -l) pages -> $CORPUS_DIR (from $SRC)" >&2
echo "$CORPUS_DIR"

#!/usr/bin/env bash
# Offline task set over the Bash manuals as PDF: install Debian's bash-doc and copy its two PDFs
# (the reference manual, typeset by TeX from Texinfo, about 190 pages; and the manual page, typeset
# by groff, about 90 pages) into a corpus folder.
#
#   bash benchmarks/tasks/bash/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/bash-docs). A PDF is a sixth
# kind of documentation beside SQLite's pages, git's manual pages, PostgreSQL's DocBook, the Apache
# manual and Node.js's Markdown: text comes out of a typeset page, with running heads and page
# numbers ("Chapter 3: Basic Shell Features 27"), words hyphenated across lines, a table of contents
# with dot leaders and an index; and the two manuals say much of the same in other words.
# Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_BASH_DOCS:-$HOME/.cache/warp-report/bash-docs}}
bash "$(dirname "$0")/../install_doc.sh" bash-doc
SRC=/usr/share/doc/bash
mkdir -p "$CORPUS_DIR"
for doc in bashref bash; do
  cp "$SRC/$doc.pdf" "$CORPUS_DIR/$doc.pdf"
done
echo "2 PDFs -> $CORPUS_DIR (from $SRC)" >&2
echo "$CORPUS_DIR"

#!/usr/bin/env bash
# Offline task set over the Debian FAQ as plain text: install Debian's debian-faq and copy its
# text version (debian-faq.en.txt.gz, gzipped as Debian ships it) into a corpus folder.
#
#   bash benchmarks/tasks/debian-faq/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/debian-faq). Plain text is a
# ninth kind of documentation beside the other sets': one 180 KB file made from DocBook, a table of
# contents of 160 numbered questions, every paragraph indented by four spaces (some by no-break
# spaces) and wrapped at 70 columns, definition lists with the term on its own line ("preinst"),
# addresses broken across lines ("https://" / "www.debian.org/Bugs/"), footnote marks ("^[7]") and
# rules of dashes between chapters. Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_DEBIAN_FAQ:-$HOME/.cache/warp-report/debian-faq}}
bash "$(dirname "$0")/../install_doc.sh" debian-faq
mkdir -p "$CORPUS_DIR"
cp /usr/share/doc/debian/FAQ/debian-faq.en.txt.gz "$CORPUS_DIR/"
echo "1 file -> $CORPUS_DIR (from /usr/share/doc/debian/FAQ)" >&2
echo "$CORPUS_DIR"

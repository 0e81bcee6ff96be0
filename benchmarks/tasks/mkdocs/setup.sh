#!/usr/bin/env bash
# Offline task set over MkDocs' own documentation: install Debian's mkdocs-doc (a site MkDocs built
# with its "mkdocs" theme) and copy its whole html folder, as a user would point --corpus at it.
#
#   bash benchmarks/tasks/mkdocs/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/mkdocs-docs). MkDocs' HTML is a
# tenth kind of documentation beside the other sets': a Bootstrap navbar and sidebar table of contents
# around role="main", headings whose permalink is an icon-font glyph (U+F0C1, a private-use
# character), <title> "Page - MkDocs" where the page's <h1> may say "MkDocs Page", redirect stubs
# ("Redirecting...") for moved pages, a 404 page, and an inline SVG diagram (the plugin events graph)
# whose labels are text to an HTML converter. The package's css/js/fonts are symlinks to other
# packages, absent here: ingest skips them. Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_MKDOCS_DOCS:-$HOME/.cache/warp-report/mkdocs-docs}}
bash "$(dirname "$0")/../install_doc.sh" mkdocs-doc
SRC=/usr/share/doc/mkdocs/html
mkdir -p "$CORPUS_DIR"
cp -r "$SRC/." "$CORPUS_DIR/"
echo "$(find "$CORPUS_DIR" -name '*.html' | wc -l) pages -> $CORPUS_DIR (from $SRC)" >&2
echo "$CORPUS_DIR"

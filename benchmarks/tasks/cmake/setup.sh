#!/usr/bin/env bash
# Offline task set over CMake's documentation: install Debian's cmake-doc (Sphinx HTML) and copy its
# guides (the tutorial's steps included) and 9 reference pages into a corpus folder.
#
#   bash benchmarks/tasks/cmake/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/cmake-docs). Sphinx HTML is a
# seventh kind of documentation beside the other sets': every page carries a sidebar (contents,
# "Previous topic", "Next topic", "This Page", "Show Source", "Quick search"), a navigation bar on
# top and at the foot, permalink pilcrows after headings, signature blocks of commands
# (`add_library(<name> [STATIC | SHARED] ...)`), version notes ("New in version 3.13.") and a
# copyright footer. The tutorial's files have spaces in their names ("A Basic Starting Point.html").
# Subfolders keep their names. Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_CMAKE_DOCS:-$HOME/.cache/warp-report/cmake-docs}}
bash "$(dirname "$0")/../install_doc.sh" cmake-doc
SRC=/usr/share/doc/cmake-data/html
mkdir -p "$CORPUS_DIR"
cp -r "$SRC/guide" "$CORPUS_DIR/"
for page in manual/cmake-buildsystem.7 manual/cmake-language.7 manual/cmake-toolchains.7 \
            manual/cmake-generator-expressions.7 command/add_library command/target_link_libraries \
            command/find_package command/set command/function; do
  mkdir -p "$CORPUS_DIR/$(dirname "$page")"
  cp "$SRC/$page.html" "$CORPUS_DIR/$page.html"
done
echo "$(find "$CORPUS_DIR" -name '*.html' | wc -l) pages -> $CORPUS_DIR (from $SRC)" >&2
echo "$CORPUS_DIR"

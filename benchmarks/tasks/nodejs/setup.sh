#!/usr/bin/env bash
# Offline task set over the Node.js API reference: install Debian's nodejs-doc (the API pages as
# Markdown, most of them gzipped, beside HTML and JSON renderings) and copy 12 Markdown pages, still
# gzipped, into a corpus folder.
#
#   bash benchmarks/tasks/nodejs/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/nodejs-docs). The reference is
# a fifth kind of documentation beside SQLite's pages, git's manual pages, PostgreSQL's DocBook and
# the Apache manual: Markdown as a project keeps it in its repository, with HTML comments carrying
# metadata (<!-- YAML added: v0.1.90 -->), stability banners ("> Stability: 2 - Stable"), headings
# that are code (### `emitter.once(eventName, listener)`), paired mjs/cjs examples, type lists
# ("* Returns: {boolean}") and reference-style link definitions, none of which a report may paste.
# Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_NODEJS_DOCS:-$HOME/.cache/warp-report/nodejs-docs}}
bash "$(dirname "$0")/../install_doc.sh" nodejs-doc
SRC=/usr/share/doc/nodejs/api
mkdir -p "$CORPUS_DIR"
for page in events child_process cluster timers modules worker_threads path os readline console \
            globals net; do
  cp "$SRC/$page.md.gz" "$CORPUS_DIR/$page.md.gz"
done
echo "12 pages -> $CORPUS_DIR (from $SRC)" >&2
echo "$CORPUS_DIR"

#!/usr/bin/env bash
# Offline task set over the Apache HTTP Server manual: install Debian's apache2-doc (the English HTML
# manual beside its translations) and copy 16 of its English pages into a corpus folder.
#
#   bash benchmarks/tasks/apache/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/apache-docs). The manual is a
# fourth kind of documentation beside SQLite's pages, git's manual pages and PostgreSQL's DocBook:
# pages generated from XML with a language bar ("Available Languages: en | fr | ..."), a quick-view
# table of contents, "Related Modules / Related Directives" tables, directive synopsis tables,
# permalink pilcrows, configuration examples and a comments footer, none of which a report may
# paste. Subfolders (howto/, vhosts/, mod/) keep their names. Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_APACHE_DOCS:-$HOME/.cache/warp-report/apache-docs}}
bash "$(dirname "$0")/../install_doc.sh" apache2-doc
SRC=/usr/share/doc/apache2-doc/manual/en
for page in howto/htaccess howto/reverse_proxy howto/auth mpm mod/event mod/worker mod/prefork \
            vhosts/name-based vhosts/ip-based vhosts/details mod/mod_proxy_balancer logs stopping \
            urlmapping caching dso; do
  mkdir -p "$CORPUS_DIR/$(dirname "$page")"
  cp "$SRC/$page.html" "$CORPUS_DIR/$page.html"
done
echo "16 pages -> $CORPUS_DIR (from $SRC)" >&2
echo "$CORPUS_DIR"

#!/usr/bin/env bash
# Offline task set over PostgreSQL's manual: install Debian's postgresql-doc-15 (the HTML manual)
# and copy 16 of its pages into a corpus folder.
#
#   bash benchmarks/tasks/postgresql/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/postgresql-docs). The manual
# is a third kind of documentation beside the SQLite pages and git's manual pages: DocBook HTML
# with navigation bars ("Prev Up Next"), numbered section titles ("13.1. Introduction"), SQL
# examples and tables, which a report must not paste. Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_POSTGRESQL_DOCS:-$HOME/.cache/warp-report/postgresql-docs}}
bash "$(dirname "$0")/../install_doc.sh" postgresql-doc-15
SRC=/usr/share/doc/postgresql-doc-15/html
mkdir -p "$CORPUS_DIR"
for page in mvcc-intro transaction-iso explicit-locking wal-intro wal-async-commit wal-configuration \
            routine-vacuuming sql-vacuum indexes-types indexes-multicolumn indexes-partial backup-dump \
            continuous-archiving logical-replication tutorial-transactions ddl-constraints; do
  cp "$SRC/$page.html" "$CORPUS_DIR/"
done
echo "16 pages -> $CORPUS_DIR (from $SRC)" >&2
echo "$CORPUS_DIR"

#!/usr/bin/env bash
# Offline task set over git's manual pages: install Debian's git-doc (the HTML manual pages) and
# copy 19 of them into a corpus folder (about 470 passages once ingested).
#
#   bash benchmarks/tasks/git/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/git-docs). Manual pages are
# a different kind of documentation from the SQLite and Python sets: synopses, option lists,
# placeholders such as <commit>, console examples and section names in capitals, which a report
# must not paste. Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_GIT_DOCS:-$HOME/.cache/warp-report/git-docs}}
bash "$(dirname "$0")/../install_doc.sh" git-doc
SRC=/usr/share/doc/git-doc
mkdir -p "$CORPUS_DIR"
for page in git-rebase git-merge git-stash git-bisect gitworkflows git-worktree git-cherry-pick git-reset \
            git-revert git-reflog git-commit git-branch git-gc git-submodule gitattributes githooks gittutorial \
            giteveryday git-restore; do
  cp "$SRC/$page.html" "$CORPUS_DIR/"
done
echo "19 pages -> $CORPUS_DIR (from $SRC)" >&2
echo "$CORPUS_DIR"

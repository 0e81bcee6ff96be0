#!/usr/bin/env bash
# Offline Debian-documentation task set: install Debian's python3-doc (the Python documentation,
# HTML plus its reStructuredText sources under /usr/share/doc/python3.X/html/_sources) and copy a
# few hundred prose pages into a corpus folder as .rst files.
#
#   bash benchmarks/tasks/debian/setup.sh [CORPUS_DIR]
#
# Prints the folder to pass as --corpus (default ~/.cache/warp-report/python-docs).
# The pages stay in reST on purpose: real documentation folders carry roles (:func:), directives
# (.. note::) and underlined headings, and the report must not show them.
# Pages: the tutorial, HOWTOs, FAQ, language reference, "using" and "extending" guides (all),
# and the library reference pages of 4-40 KB (the shortest are index stubs, the longest are
# API listings such as os or typing, not prose). Needs root for apt-get (or sudo).
set -euo pipefail
CORPUS_DIR=${1:-${WARP_DEBIAN_DOCS:-$HOME/.cache/warp-report/python-docs}}
bash "$(dirname "$0")/../install_doc.sh" python3-doc
# python3-doc depends on python3.X-doc; its version follows the Debian release.
SRC=$(ls -d /usr/share/doc/python3.*-doc/html/_sources 2>/dev/null | sort -V | tail -1)
[ -n "$SRC" ] && [ -d "$SRC" ] || { echo "python3-doc installed but no html/_sources folder" >&2; exit 1; }
python3 - "$SRC" "$CORPUS_DIR" <<'PY'
import pathlib, sys
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
dst.mkdir(parents=True, exist_ok=True)
GUIDES = ("tutorial", "howto", "faq", "reference", "using", "extending")
pages = [p for g in GUIDES for p in sorted((src / g).glob("*.rst.txt")) if p.stem != "index.rst"]
pages += [p for p in sorted((src / "library").glob("*.rst.txt"))
          if 4_000 <= p.stat().st_size <= 40_000 and p.stem != "index.rst"]
total = 0
for p in pages:
    name = f"{p.parent.name}-{p.name[:-len('.rst.txt')]}.rst"  # howto-logging.rst
    text = p.read_text(encoding="utf-8", errors="replace")
    (dst / name).write_text(text, encoding="utf-8")
    total += len(text)
print(f"{len(pages)} pages, {total / 1e6:.1f} MB -> {dst} (from {src})", file=sys.stderr)
PY
echo "$CORPUS_DIR"

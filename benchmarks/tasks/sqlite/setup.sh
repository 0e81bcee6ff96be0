#!/usr/bin/env bash
# Offline SQLite task set: install Debian's sqlite3-doc (the sqlite.org documentation as HTML,
# about 900 pages, installed under /usr/share/doc/sqlite3) and write a plain-text copy of it
# that any corpus backend can read (HTML boilerplate and the per-function C API pages dropped).
#
#   bash benchmarks/tasks/sqlite/setup.sh [TEXT_DIR]
#
# Prints the folder to pass as --corpus (the text copy; default ~/.cache/warp-report/sqlite-docs).
# Needs root for apt-get (or sudo); skips the install when the package is already there.
set -euo pipefail
HTML_DIR=/usr/share/doc/sqlite3
TEXT_DIR=${1:-${WARP_SQLITE_DOCS:-$HOME/.cache/warp-report/sqlite-docs}}
bash "$(dirname "$0")/../install_doc.sh" sqlite3-doc
[ -d "$HTML_DIR" ] || { echo "sqlite3-doc installed but $HTML_DIR is missing" >&2; exit 1; }
python3 - "$HTML_DIR" "$TEXT_DIR" <<'PY'
import html.parser, pathlib, re, sys
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
dst.mkdir(parents=True, exist_ok=True)
SKIP_TAGS = {"script", "style", "head", "title"}
BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "pre", "tr", "br", "table", "blockquote", "dt", "dd"}

class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip, self.title, self.in_title = [], 0, "", False
    def handle_starttag(self, tag, attrs):
        if tag == "title": self.in_title = True
        if tag in SKIP_TAGS: self.skip += 1
        elif tag in BLOCK: self.out.append("\n\n" if tag in {"p", "h1", "h2", "h3", "h4", "pre", "table"} else "\n")
        if tag in {"h1", "h2", "h3", "h4"}: self.out.append("#" * int(tag[1]) + " ")
    def handle_endtag(self, tag):
        if tag == "title": self.in_title = False
        if tag in SKIP_TAGS: self.skip = max(0, self.skip - 1)
        elif tag in BLOCK: self.out.append("\n")
    def handle_data(self, data):
        if self.in_title: self.title += data
        elif not self.skip: self.out.append(data)

written = 0
# Change logs, indexes and cross-reference tables are long lists, not prose.
LISTS = {"changes", "chronology", "oldnews", "news", "cves", "requirements", "sitemap", "keyword_index", "docs",
         "doclist", "doc_backlink_crossref", "doc_keyword_crossref", "doc_pagelink_crossref", "doc_target_crossref",
         "capi3ref", "syntaxdiagrams", "opcode"}
for page in sorted(src.glob("*.html")):  # top-level pages; c3ref/, session/, syntax/ are per-symbol stubs
    if page.stem in LISTS:
        continue
    p = Text(); p.feed(page.read_text(encoding="utf-8", errors="replace"))
    body = "".join(p.out)
    body = re.sub(r"[ \t]+", " ", body)
    body = re.sub(r"\n\s*\n\s*(\n\s*)+", "\n\n", body).strip()
    first = body.find("\n#")  # the site menu and table of contents come before the first heading
    if 0 <= first < 0.6 * len(body):
        body = body[first:].strip()
    if len(body) < 400:
        continue
    title = (p.title or page.stem).strip()
    (dst / f"{page.stem}.md").write_text(f"# {title}\n\n{body}\n", encoding="utf-8")
    written += 1
print(f"{written} pages -> {dst} (HTML originals in {src})", file=sys.stderr)
PY
echo "$TEXT_DIR"

"""report.html: every citation links to an anchor in the reference list, references link to sources."""

from html.parser import HTMLParser

from warp_report.output.html import report_html

REPORT = """# Solar power

## 1 Cells

Silicon cells convert light [1]. Heat lowers output [2][1].

### 1.1 Limits

The *Shockley-Queisser* limit caps efficiency [3].

## References

[1] Photovoltaic cells. `/docs/cells.md`  
[2] Efficiency. Field notes. <https://example.org/eff?a=1&b=2>  
[3] Limits. `docs/relative.md`
"""


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.cites = [], set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a":
            self.hrefs.append(a.get("href"))
            if a.get("class") == "cite":
                self.cites.append(a["href"])


def test_citations_link_to_reference_anchors():
    parser = Links()
    parser.feed(report_html(REPORT))
    assert parser.cites == ["#ref-1", "#ref-2", "#ref-1", "#ref-3"]
    assert all(c.removeprefix("#") in parser.ids for c in parser.cites)
    assert {"ref-1", "ref-2", "ref-3"} <= parser.ids


def test_references_link_to_their_sources_and_are_escaped():
    page = report_html(REPORT)
    parser = Links()
    parser.feed(page)
    assert "file:///docs/cells.md" in parser.hrefs
    assert "https://example.org/eff?a=1&b=2" in parser.hrefs
    assert "&amp;b=2" in page  # escaped in the markup
    assert "Efficiency. Field notes." in page
    assert "<em>Shockley-Queisser</em>" in page
    assert "<title>Solar power</title>" in page

#!/usr/bin/python3
"""check-html.py: checks an HTML report (as written, or as Chromium's --dump-dom saw it).

    check-html.py FILE IDS_FILE HOSTILE_FILE

FILE is parsed with Python's html.parser (a tokenizer close to a browser's). The page must:
  - hold only elements that the template writes (an allowlist): an element that a host string
    injected (<img>, <svg onload>, <iframe> ...) is not in it;
  - hold exactly one <script> (the template's own) and no attribute named on*;
  - reference nothing outside itself: no src/href/action/formaction/srcset/poster/data
    attribute that is not a "#fragment", no <link>, no url() in a style but url(#...), no
    @import;
  - carry its Content-Security-Policy meta with default-src 'none';
  - have one <article id="rule-ID"> per line of IDS_FILE;
  - show every line of HOSTILE_FILE inside one text node, as text.
Prints one line per problem and exits 1 when there is any. Debian's python3 only.
"""
import re
import sys
from html.parser import HTMLParser

ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "script", "svg", "defs", "pattern",
    "rect", "circle", "text", "header", "footer", "main", "nav", "section", "article", "div",
    "span", "p", "a", "b", "code", "pre", "br", "h1", "h2", "dl", "dt", "dd", "ul", "li", "figure",
    "figcaption", "label", "input", "button", "table", "caption", "colgroup", "col", "thead",
    "tbody", "tr", "th", "td",
}
URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "srcset", "poster", "data",
             "background", "ping", "manifest", "codebase", "cite", "longdesc", "usemap"}
RAW = {"script", "style"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.texts = []
        self.text = []
        self.scripts = 0
        self.articles = []
        self.csp = None
        self.raw = None

    def flush(self):
        if self.text:
            self.texts.append("".join(self.text))
            self.text = []

    def handle_starttag(self, tag, attrs):
        self.flush()
        where = "line %d" % self.getpos()[0]
        if tag not in ALLOWED:
            self.problems.append("%s: element <%s> is not one the template writes" % (where, tag))
        if tag == "script":
            self.scripts += 1
            if any(k == "src" for k, _ in attrs):
                self.problems.append("%s: <script src>" % where)
        if tag in RAW:
            self.raw = tag
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append("%s: event handler attribute %s on <%s>" % (where, k, tag))
            if k in URL_ATTRS and not (v or "").startswith("#"):
                self.problems.append("%s: <%s %s=%r> refers outside the page" % (where, tag, k, v))
            if k == "style" and v and re.search(r"url\(\s*['\"]?(?!#)", v):
                self.problems.append("%s: url() in a style attribute" % where)
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "content-security-policy":
            self.csp = dict(attrs).get("content", "")
        if tag == "article":
            self.articles.append(dict(attrs).get("id", ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in RAW:
            self.raw = None

    def handle_endtag(self, tag):
        self.flush()
        if tag == self.raw:
            self.raw = None

    def handle_data(self, data):
        if self.raw == "style":
            data = re.sub(r"/\*.*?\*/", "", data, flags=re.S)  # comments fetch nothing
            for m in re.finditer(r"url\(\s*['\"]?([^)'\"]*)", data):
                if not m.group(1).startswith("#"):
                    self.problems.append("<style>: url(%s) refers outside the page" % m.group(1))
            if "@import" in data:
                self.problems.append("<style>: @import")
            return
        if self.raw == "script":
            return
        self.text.append(data)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: check-html.py FILE IDS_FILE HOSTILE_FILE")
    with open(sys.argv[1], encoding="utf-8") as f:
        page_text = f.read()
    with open(sys.argv[2], encoding="utf-8") as f:
        ids = [line.rstrip("\n") for line in f if line.strip()]
    with open(sys.argv[3], encoding="utf-8") as f:
        hostile = [line.rstrip("\n") for line in f if line.strip()]
    p = Page()
    p.feed(page_text)
    p.close()
    p.flush()
    problems = list(p.problems)
    if p.scripts != 1:
        problems.append("%d <script> elements, expected 1 (the template's)" % p.scripts)
    if not p.csp or "default-src 'none'" not in p.csp:
        problems.append("no Content-Security-Policy meta with default-src 'none'")
    want = ["rule-" + i for i in ids]
    if sorted(p.articles) != sorted(want):
        missing = sorted(set(want) - set(p.articles))
        extra = sorted(set(p.articles) - set(want))
        problems.append("rule articles differ: %d present, %d expected; missing %s; extra %s"
                        % (len(p.articles), len(want), missing[:5], extra[:5]))
    for h in hostile:
        if not any(h in t for t in p.texts):
            problems.append("hostile string %r is not inside any text node" % h)
    for line in problems:
        print("%s: %s" % (sys.argv[1], line))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

"""Accessibility checks on rendered HTML, without a browser: ids and headings.

For any app's tests, e.g.::

    from apoia.tests.html import duplicate_ids, heading_jumps

    html = client.get(url).content.decode()
    assert duplicate_ids(html) == []
    assert heading_jumps(html) == []

The browser sweep (test_browser_pages.py) checks the same things through axe-core on the main
pages; these helpers let a view test pin them down for one page in milliseconds.
"""

from collections import Counter
from html.parser import HTMLParser

HEADINGS = {f"h{level}": level for level in range(1, 7)}


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        # (level, text) of each heading, in document order.
        self.headings: list[tuple[int, str]] = []
        self._open_heading: int | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
        if tag in HEADINGS:
            self._open_heading = HEADINGS[tag]
            self._text = []

    def handle_endtag(self, tag):
        if tag in HEADINGS and self._open_heading is not None:
            self.headings.append((self._open_heading, " ".join("".join(self._text).split())))
            self._open_heading = None

    def handle_data(self, data):
        if self._open_heading is not None:
            self._text.append(data)


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return parser


def duplicate_ids(html: str) -> list[str]:
    """The ids that appear more than once, sorted."""
    return sorted(value for value, count in Counter(outline(html).ids).items() if count > 1)


def headings(html: str) -> list[tuple[int, str]]:
    """(level, text) of every heading, in document order."""
    return outline(html).headings


def heading_jumps(html: str) -> list[str]:
    """Where the outline breaks: no h1 first, more than one h1, or a heading more than one
    level below the one before it (an h2 followed by an h4). Empty when the order is sound."""
    found = headings(html)
    problems = []
    if not found or found[0][0] != 1:
        problems.append("the first heading is not an h1")
    if sum(1 for level, _ in found if level == 1) > 1:
        problems.append("more than one h1")
    for (before, before_text), (level, text) in zip(found, found[1:], strict=False):
        if level > before + 1:
            problems.append(f"h{before} “{before_text}” is followed by h{level} “{text}”")
    return problems

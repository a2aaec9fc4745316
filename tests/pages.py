"""Reading the markup of a page in tests, with the standard library's HTML parser."""

import re
from html.parser import HTMLParser


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(body: str, tag: str, **attrs: str) -> list[dict[str, str]]:
    """The attributes of every `tag` whose attributes include `attrs` (use `data_testid`
    for `data-testid`)."""
    parser = _Tags()
    parser.feed(body)
    wanted = {name.replace("_", "-"): value for name, value in attrs.items()}
    return [
        found
        for name, found in parser.tags
        if name == tag and all(found.get(key) == value for key, value in wanted.items())
    ]


def filter_block(body: str) -> tuple[dict[str, str], dict[str, str]]:
    """The toggle button and the form of a list page's filter block
    (templates/includes/filter_form.html); fails unless there is exactly one of each."""
    (toggle,) = tags(body, "button", data_testid="filters-toggle")
    (form,) = tags(body, "form", id="filters")
    return toggle, form


def active_filters(body: str) -> int | None:
    """The count of filters in use shown on the filter button, or None when none is shown."""
    match = re.search(r'data-testid="active-filters"><span aria-hidden="true">(\d+)</span>', body)
    return int(match.group(1)) if match else None

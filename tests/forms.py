"""Posting a form as a browser does: with the hidden fields the page rendered into it (the
one-time key of a create form, the version of an edit form, kzsafety.formtools)."""

from kzsafety.formtools import KEEPING_FIELDS
from tests.pages import tags


def carried(client, url: str) -> dict[str, str]:
    """The one-time key / version fields of the form on the page at `url` ({} when the page
    does not open for this client, e.g. in access tests)."""
    response = client.get(url)
    if response.status_code != 200:
        return {}
    return {
        tag["name"]: tag.get("value", "")
        for tag in tags(response.content.decode(), "input", type="hidden")
        if tag.get("name") in KEEPING_FIELDS
    }


def post_form(client, url: str, data: dict | None = None, **kwargs):
    """POST `data` to the form page at `url` after opening it, like a browser."""
    return client.post(url, {**carried(client, url), **(data or {})}, **kwargs)

"""The form renderer (settings.FORM_RENDERER): Django's own, except that a <select> and the
plain <input> widgets are written in Python instead of through three templates per option
and two per input.

A list page's filter form has seven selects with about 65 options; Django renders each
option through `select_option.html` and `attrs.html`, which took a third of the page's
time. The markup is the same as those templates' (tests/kzsafety/test_form_renderer.py
compares the two on every kind of select)."""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString

SELECT = "django/forms/widgets/select.html"
# The widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
}
OPTION = "django/forms/widgets/select_option.html"


def _escape(value) -> str:
    """conditional_escape without its wrappers: text that is already safe as it is, the
    rest through html.escape (what Django's escape calls). `stringformat:'s'`, which the
    templates apply to values, keeps safe text safe too, so values are treated alike."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {_escape(name)}" if value is True else f' {_escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option: dict) -> str:
    # The option template's file ends with a newline, which Django's output keeps.
    return (
        f'\n  <option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_escape(option['label'])}</option>\n"
    )


def render_select(widget: dict) -> SafeString | None:
    """select.html, or None for a select whose options have a template of their own."""
    parts = [f'<select name="{_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_escape(group_name)}">')
        for option in group_choices:
            if option.get("template_name", OPTION) != OPTION:
                return None
            parts.append(_option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    # Every value above went through _escape; the rest is our own markup.
    return SafeString("".join(parts))


def render_input(widget: dict) -> SafeString:
    value = "" if widget["value"] is None else f' value="{_escape(widget["value"])}"'
    return SafeString(
        f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return html
        if template_name in INPUTS:
            return render_input(context["widget"])
        return super().render(template_name, context, request)

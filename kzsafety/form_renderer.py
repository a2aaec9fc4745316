"""The form renderer (settings.FORM_RENDERER): Django's own, except that a <select> and the
plain <input> widgets are written in Python instead of through three templates per option
and two per input.

A list page's filter form has seven selects with about 65 options; Django renders each
option through `select_option.html` and `attrs.html`, which took a third of the page's
time. The markup is the same as those templates' (tests/kzsafety/test_form_renderer.py
compares the two on every kind of select)."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
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


def _attrs(attrs: dict) -> SafeString:
    """attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _option(option: dict) -> SafeString:
    # The option template's file ends with a newline, which Django's output keeps.
    return format_html(
        '\n  <option value="{}"{}>{}</option>\n',
        str(option["value"]),
        _attrs(option["attrs"]),
        option["label"],
    )


def render_select(widget: dict) -> SafeString | None:
    """select.html, or None for a select whose options have a template of their own."""
    parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            if option.get("template_name", OPTION) != OPTION:
                return None
            parts.append(_option(option))
        if group_name:
            parts.append(format_html("\n  </{}>", "optgroup"))
    parts.append(format_html("\n</{}>", "select"))
    return format_html_join("", "{}", ((part,) for part in parts))


def render_input(widget: dict) -> SafeString:
    value = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        value,
        _attrs(widget["attrs"]),
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

"""The filter block of list pages (templates/includes/filter_form.html)."""

from django import forms, template

register = template.Library()

# Query parameters that order or page a list rather than narrow it.
NOT_FILTERS = frozenset({"page", "sort"})


@register.filter
def active_filter_count(form: forms.BaseForm) -> int:
    """How many of the form's filters the request sets to a non-blank value.

    Read from the submitted data, not the cleaned data, so an invalid value counts too:
    the block then opens and shows its error instead of hiding it behind the toggle.
    """
    if not form.is_bound:
        return 0
    count = 0
    for name in form.fields:
        if name in NOT_FILTERS:
            continue
        key = form.add_prefix(name)
        data = form.data
        values = data.getlist(key) if hasattr(data, "getlist") else [data.get(key)]
        if any(str(value).strip() for value in values if value is not None):
            count += 1
    return count

"""URLs built without Django's `reverse` each time, for code that makes the same URL for
many records or on every page (issue 16: a list page called `reverse` about 60 times, the
page frame 30 times with the same answers, a quarter of the frame's CPU).

- `url_of(name)` is `reverse(name)`, and `url_with_pk(name, pk)` is
  `reverse(name, args=[pk])` for a URL whose one argument is an `int` converter.
- The template tag `{% url %}` is replaced for every template (settings: TEMPLATES'
  `builtins`): with a quoted name and literal arguments or none (`{% url 'home' %}`, the
  whole menu) it answers from `url_of`; with a variable anywhere it is Django's own tag.

The answer of `reverse` is kept per URL name, current app, script prefix and URLconf, so a
deployment under a sub-path or a test with another URLconf gets its own.
tests/kzsafety/test_fast_urls.py compares them with `reverse` and the tag with Django's."""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Variable, defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

# A number no record has; reversed once and split where it appears.
_SENTINEL = 9_876_543_210_123


@lru_cache(maxsize=512)
def _reversed(name: str, args: tuple, current_app, prefix: str, urlconf) -> str:
    return reverse(name, args=args, urlconf=urlconf, current_app=current_app)


@lru_cache(maxsize=256)
def _pattern(name: str, prefix: str, urlconf) -> tuple[str, str]:
    url = reverse(name, args=[_SENTINEL], urlconf=urlconf)
    before, marker, after = url.partition(str(_SENTINEL))
    if not marker or str(_SENTINEL) in after:
        raise ValueError(f"{name} does not take one number")
    return before, after


def url_of(name: str, *args, current_app: str | None = None) -> str:
    return _reversed(name, args, current_app, get_script_prefix(), get_urlconf())


def url_with_pk(name: str, pk: int) -> str:
    before, after = _pattern(name, get_script_prefix(), get_urlconf())
    return f"{before}{int(pk)}{after}"


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
        _pattern.cache_clear()


# --- {% url %} --------------------------------------------------------------------------------

register = template.Library()


def _literal(expression) -> bool:
    """A quoted string or a number, no variable and no filter."""
    var = expression.var
    if expression.filters:
        return False
    if not isinstance(var, Variable):
        return True
    return var.literal is not None and var.lookups is None and not var.translate


def _value(expression):
    var = expression.var
    return var.literal if isinstance(var, Variable) else var


class _URLNode(defaulttags.URLNode):
    def render(self, context):
        name = self.view_name
        if self.kwargs or not _literal(name) or not all(map(_literal, self.args)):
            return super().render(context)
        try:  # the current app as Django's tag finds it
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = url_of(_value(name), *map(_value, self.args), current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return _URLNode(node.view_name, node.args, node.kwargs, node.asvar)

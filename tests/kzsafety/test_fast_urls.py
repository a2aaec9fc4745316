"""`url_of` and `url_with_pk` give what `reverse` gives, under a script prefix too."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, reverse
from django.urls.base import set_script_prefix

from kzsafety.fast_urls import url_of, url_with_pk


@pytest.mark.parametrize("pk", [1, 42, 2_147_483_647])
@pytest.mark.parametrize(
    "name",
    ["inspections:inspection_detail", "inspections:violation_detail", "inspections:notice"],
)
@pytest.mark.parametrize("prefix", ["/", "/kzsafety/"])
def test_same_as_reverse(name, pk, prefix):
    set_script_prefix(prefix)
    try:
        assert url_with_pk(name, pk) == reverse(name, args=[pk])
        assert url_of("home") == reverse("home")
        assert url_of("inspections:inspection_list") == reverse("inspections:inspection_list")
    finally:
        set_script_prefix("/")


def test_a_url_that_takes_no_number_is_refused():
    with pytest.raises(Exception):  # noqa: B017, PT011 — reverse's own NoReverseMatch
        url_with_pk("home", 1)


def _render(source: str) -> str:
    return engines["django"].from_string(source).render({})


def test_the_url_tag_of_every_template_is_ours_and_answers_as_djangos():
    template = engines["django"].from_string("{% url 'home' %}")
    assert type(template.template.nodelist[0]).__module__ == "kzsafety.fast_urls"
    for _ in range(2):  # the second answer comes from memory
        assert _render("{% url 'home' %}") == reverse("home")
        assert _render("{% url 'inspections:inspection_list' as x %}[{{ x }}]") == (
            f"[{reverse('inspections:inspection_list')}]"
        )
        assert _render("{% url 'inspections:inspection_detail' 5 %}") == reverse(
            "inspections:inspection_detail", args=[5]
        )
        assert _render("{% url 'inspections:inspection_detail' 0 %}") == reverse(
            "inspections:inspection_detail", args=[0]
        )
        assert engines["django"].from_string("{% url 'inspections:notice' pk %}").render(
            {"pk": 7}
        ) == reverse("inspections:notice", args=[7])
        assert _render("{% url 'no-such-page' as x %}[{{ x }}]") == "[]"
        with pytest.raises(NoReverseMatch):
            _render("{% url 'no-such-page' %}")


def test_the_url_tag_follows_the_script_prefix():
    set_script_prefix("/under/")
    try:
        assert _render("{% url 'home' %}") == "/under/"
    finally:
        set_script_prefix("/")
    assert _render("{% url 'home' %}") == "/"

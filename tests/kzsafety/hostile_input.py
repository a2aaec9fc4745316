"""What the property tests post: tricky strings, any text, numbers and dates as strings,
files of any bytes, and plausible values per field so forms also get through to their
write functions with hostile text beside them."""

import datetime

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from hypothesis import strategies as st

from kzsafety.directories.models import Enterprise
from kzsafety.formtools import ONCE_FIELD

TRICKY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "²",
    "٣",
    "-1",
    "0",
    "2147483647",
    "2147483648",
    "9223372036854775808",
    "9" * 40,
    "9" * 5000,
    "1e309",
    "nan",
    "-inf",
    "1.5",
    "0x1F",
    "2025-02-30",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31.12.2025",
    "25:61",
    '=HYPERLINK("http://evil","x")',
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "x" * 10_000,
]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
VALUES = st.one_of(
    st.sampled_from(TRICKY),
    TEXT,
    st.integers().map(str),
    st.floats().map(str),
    st.dates().map(str),
    st.datetimes().map(str),
    st.times().map(str),
)
FILES = st.builds(
    SimpleUploadedFile,
    st.one_of(
        st.sampled_from(["a.xlsx", "b.csv", "photo.jpg", "photo.png", "noext"]),
        st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=40),
    ),
    st.one_of(st.binary(max_size=2000), st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)),
)


def plausible(name: str, field: forms.Field) -> st.SearchStrategy:
    """A value the field would take, so forms get through to their write functions with
    hostile text in the other fields."""
    if name == ONCE_FIELD:  # the key the page renders into a create form
        return st.uuids().map(lambda key: key.hex)
    if name.endswith("bin"):
        return st.sampled_from(list(Enterprise.objects.values_list("bin", flat=True)))
    if isinstance(field, forms.ModelChoiceField):
        keys = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:10]]
        one = st.sampled_from(keys) if keys else st.just("")
        if isinstance(field, forms.ModelMultipleChoiceField):
            return st.lists(one, max_size=3)
        return one
    if isinstance(field, forms.ChoiceField):
        keys = [str(key) for key, _label in field.choices if key != ""]
        one = st.sampled_from(keys) if keys else st.just("")
        return st.lists(one, max_size=3) if isinstance(field, forms.MultipleChoiceField) else one
    if isinstance(field, forms.DateField):
        days = st.dates(datetime.date(2015, 1, 1), datetime.date(2030, 12, 31))
        return days.map(datetime.date.isoformat)
    if isinstance(field, forms.TimeField):
        return st.times().map(lambda moment: moment.strftime("%H:%M"))
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else 0
        return st.integers(low, field.max_value or low + 100).map(str)
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", ""])
    words = st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\x00")
    return st.text(words, min_size=1, max_size=min(getattr(field, "max_length", None) or 80, 80))


def posted(form_fields: dict[str, forms.Field], draw, plausibility=2) -> tuple:
    """Data for every field of a form: lists for multiple-choice fields, a file for file
    fields, one value otherwise; each plausible (`plausibility` times as likely) or
    anything at all."""
    data, files = MultiValueDict(), {}
    for name, field in form_fields.items():
        if isinstance(field, forms.FileField):
            if draw(st.booleans()) or field.required:
                files[name] = draw(FILES)
            continue
        multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        anything = st.lists(VALUES, max_size=3) if multiple else VALUES
        hostile = draw(st.integers(0, plausibility)) == 0
        value = draw(anything if hostile else plausible(name, field))
        if multiple:
            data.setlist(name, value)
        else:
            data[name] = value
    return data, files

"""The project's own translation catalogues (``locale/<lang>/LC_MESSAGES/django.po``) are complete.

The msgids are English. Kazakh (the default language) and Russian carry real translations; the
English catalogue repeats each msgid so that it, too, is complete and ``makemessages`` shows any
new string as untranslated everywhere at once.

After editing a ``.po`` file, recompile it::

    msgfmt --check -o locale/XX/LC_MESSAGES/django.mo locale/XX/LC_MESSAGES/django.po

These tests read files only; they need no database.
"""

import re
from collections import Counter
from functools import cache
from pathlib import Path

import polib
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PROJECT_DIR / "locale"
LANGUAGES = ("kk", "ru", "en")
TRANSLATED_LANGUAGES = ("kk", "ru")

PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n!=1);",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "en": "nplurals=2; plural=(n != 1);",
}

# printf-style fields (%s, %d, %(name)s, %(value).1f, %%) and str.format-style fields ({}, {name}).
PRINTF_PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]"
)
BRACE_PLACEHOLDER = re.compile(r"\{[^{}]*\}")

# Latin-script words that legitimately stay as they are in Kazakh and Russian text.
LATIN_WORDS_KEPT = {
    "kzsafety", "ESAW",
    # file formats and encodings, written as users see them in Excel and on their phones
    "Excel", "XLSX", "xlsx", "xls", "xlsb", "CSV", "csv", "PDF", "JPEG", "PNG", "WebP", "UTF",
    "Word",
    # what an API client writes verbatim: headers, their values, step names
    "API", "Authorization", "Bearer", "Idempotency", "Key", "UUID", "eliminate", "reopen",
}  # fmt: skip
# Markup and field names (snake_case) are code, not words, in any language.
MARKUP = re.compile(r"<[^>]*>|&[a-z]+;")
IDENTIFIER = re.compile(r"\b[A-Za-z]+(?:_[A-Za-z]+)+\b")
# "%%(rows)s" is a literal "%(rows)s" left for the page's script to fill in.
ESCAPED_FIELD = re.compile(r"%%\([^)]*\)[a-z]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

MIN_SHARE_DIFFERING_FROM_ENGLISH = 0.9


# --------------------------------------------------------------------------- helpers


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"


@cache
def po_catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(po_path(language)))


@cache
def mo_catalogue(language: str) -> polib.MOFile:
    return polib.mofile(str(mo_path(language)))


def live_entries(catalogue) -> list:
    """Entries that count: not obsolete (``#~``) and not the header."""
    return [entry for entry in catalogue if not entry.obsolete and entry.msgid != ""]


def entry_key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def translations(entry) -> list[str]:
    """The msgstr, or every plural form in index order."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def source_for_form(entry, index: int) -> str:
    """The English text a translation (plural form ``index``) renders."""
    return entry.msgid if not entry.msgid_plural or index == 0 else entry.msgid_plural


def placeholders(text: str) -> tuple[Counter, list[str]]:
    """Named fields may move within a sentence; positional ones must keep their order."""
    fields = PRINTF_PLACEHOLDER.findall(text) + BRACE_PLACEHOLDER.findall(text)
    named = Counter(f for f in fields if f.startswith("%(") or (f.startswith("{") and f != "{}"))
    positional = [f for f in fields if f not in named]
    return named, positional


def compiled_content(catalogue) -> dict:
    return {entry_key(entry): tuple(translations(entry)) for entry in live_entries(catalogue)}


def describe(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_names_its_language_charset_and_plural_rule(language):
    catalogue = po_catalogue(language)
    assert not catalogue.metadata_is_fuzzy, "the header is still marked fuzzy"
    assert catalogue.metadata.get("Language") == language
    assert "charset=UTF-8" in catalogue.metadata.get("Content-Type", "")
    assert catalogue.metadata.get("Plural-Forms") == PLURAL_FORMS[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    catalogue = po_catalogue(language)
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata["Plural-Forms"]).group(1))
    problems = []
    for entry in live_entries(catalogue):
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        forms = translations(entry)
        if entry.msgid_plural and len(forms) != nplurals:
            problems.append(f"{len(forms)} plural forms instead of {nplurals}: {entry.msgid!r}")
        if not all(form.strip() for form in forms):
            problems.append(f"untranslated: {entry.msgid!r}")
    assert live_entries(catalogue), "the catalogue has no entries"
    assert not problems, describe(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_exactly_the_placeholders_of_their_msgid(language):
    problems = []
    for entry in live_entries(po_catalogue(language)):
        for index, form in enumerate(translations(entry)):
            expected = placeholders(source_for_form(entry, index))
            if placeholders(form) != expected:
                problems.append(f"{entry.msgid!r} -> {form!r}")
    assert not problems, describe(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_mo_file_holds_exactly_the_translations_of_the_po_file(language):
    assert mo_path(language).exists(), f"{mo_path(language)} is missing; run msgfmt"
    mo = mo_catalogue(language)
    po = po_catalogue(language)
    assert compiled_content(mo) == compiled_content(po), (
        f"{mo_path(language).name} for {language} is stale; recompile it with msgfmt"
    )
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")
    assert mo.metadata.get("Language") == po.metadata.get("Language")


def test_all_three_catalogues_hold_the_same_msgids():
    keys = {
        language: {entry_key(e) for e in live_entries(po_catalogue(language))}
        for language in LANGUAGES
    }
    reference = keys[LANGUAGES[0]]
    problems = []
    for language in LANGUAGES[1:]:
        for key in sorted(reference - keys[language], key=str):
            problems.append(f"missing from {language}: {key[1]!r}")
        for key in sorted(keys[language] - reference, key=str):
            problems.append(f"only in {language}, not in {LANGUAGES[0]}: {key[1]!r}")
    assert not problems, describe(problems)


def test_english_catalogue_repeats_each_msgid_as_its_translation():
    problems = []
    for entry in live_entries(po_catalogue("en")):
        for index, form in enumerate(translations(entry)):
            if form != source_for_form(entry, index):
                problems.append(f"{entry.msgid!r} -> {form!r}")
    assert not problems, describe(problems)


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_kazakh_and_russian_translations_mostly_differ_from_the_english_source(language):
    entries = live_entries(po_catalogue(language))
    same = [
        entry.msgid
        for entry in entries
        if any(form == source_for_form(entry, i) for i, form in enumerate(translations(entry)))
    ]
    share_differing = 1 - len(same) / len(entries)
    assert share_differing >= MIN_SHARE_DIFFERING_FROM_ENGLISH, (
        f"only {share_differing:.0%} of {language} entries differ from English; copied: {same}"
    )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_kazakh_and_russian_translations_contain_no_stray_english_words(language):
    problems = []
    for entry in live_entries(po_catalogue(language)):
        for form in translations(entry):
            text = PRINTF_PLACEHOLDER.sub(
                "", BRACE_PLACEHOLDER.sub("", ESCAPED_FIELD.sub("", form))
            )
            text = IDENTIFIER.sub("", MARKUP.sub("", text))
            stray = set(LATIN_WORD.findall(text)) - LATIN_WORDS_KEPT
            if stray:
                problems.append(f"{entry.msgid!r} -> {form!r}: {sorted(stray)}")
    assert not problems, describe(problems)

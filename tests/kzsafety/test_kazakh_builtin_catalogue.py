"""Django's built-in messages must reach Kazakh-speaking users in Kazakh.

Django's own kk catalogues leave a large share of their entries untranslated (or fuzzy) and
lack the msgids Django added since they were last synchronised, so validation errors, admin
screens, password forms and dates would fall back to English. ``locale_overrides/kk`` fills
those gaps (and corrects the worst of the existing kk strings). Settings list it in
LOCALE_PATHS after the project's own ``locale/``, so it outranks Django's catalogues.

These tests read the installed Django's catalogues, so a Django upgrade that adds messages
shows up here as a list of msgids still needing a Kazakh translation.
"""

import json
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter
from functools import cache
from pathlib import Path

import django
import polib
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
OVERRIDES_ROOT = PROJECT_DIR / "locale_overrides"
OVERRIDE_DIR = OVERRIDES_ROOT / "kk" / "LC_MESSAGES"
DJANGO_DIR = Path(django.__file__).resolve().parent

# Django catalogues whose messages users of this project meet: name -> (locale dir, domain).
SOURCES = {
    "validation": ("conf/locale", "django"),
    "admin": ("contrib/admin/locale", "django"),
    "admin_js": ("contrib/admin/locale", "djangojs"),
    "auth": ("contrib/auth/locale", "django"),
    "contenttypes": ("contrib/contenttypes/locale", "django"),
    "sessions": ("contrib/sessions/locale", "django"),
    "humanize": ("contrib/humanize/locale", "django"),
}
DOMAINS = ("django", "djangojs")

# printf-style (%s, %d, %(name)s, %(value).1f ...) and str.format-style ({}, {name}) fields.
PRINTF_PLACEHOLDER = re.compile(
    r"%(?:\([^)]*\))?[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]"
)
BRACE_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]*(?:[-=][A-Za-z_]+)*")
# Latin-script terms a Kazakh translation may keep as they are (when the English has them).
TECHNICAL_TERMS = {
    "A-Z",
    "a-z",
    "allow_empty",
    "Command",
    "Control",
    "cookie",
    "CSRF",
    "DEBUG=True",
    "Django",
    "False",
    "get_absolute_url",
    "header",
    "HTTPS",
    "ID",
    "IPv",
    "JSON",
    "last",
    "LDAP",
    "Mac",
    "ManagementForm",
    "None",
    "no-referrer",
    "null",
    "OK",
    "Python",
    "Referer",
    "referer",
    "Referrer-Policy",
    "same-origin",
    "Sign-On",
    "Single",
    "slug",
    "Slug",
    "True",
    "TZ",
    "Unicode",
    "URL",
    "UUID",
}


# --------------------------------------------------------------------------- helpers


@cache
def django_catalogue(source: str, language: str) -> polib.POFile:
    base, domain = SOURCES[source]
    return polib.pofile(str(DJANGO_DIR / base / language / "LC_MESSAGES" / f"{domain}.po"))


@cache
def override_catalogue(domain: str) -> polib.POFile:
    return polib.pofile(str(OVERRIDE_DIR / f"{domain}.po"))


@cache
def override_entries(domain: str) -> dict:
    return {(e.msgctxt, e.msgid): e for e in override_catalogue(domain) if not e.obsolete}


def key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid)


def msgstrs(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def is_translated(entry) -> bool:
    return not entry.fuzzy and bool(msgstrs(entry)) and all(msgstrs(entry))


def nplurals() -> int:
    header = django_catalogue("validation", "kk").metadata["Plural-Forms"]
    return int(re.search(r"nplurals\s*=\s*(\d+)", header).group(1))


def describe(entry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"  {context}{entry.msgid!r}"


def untranslated_in_django_kk(source: str) -> list:
    return [e for e in django_catalogue(source, "kk") if not e.obsolete and not is_translated(e)]


def assert_kazakh_translation_for(entries, domain: str, what: str) -> None:
    overrides = override_entries(domain)
    lacking = []
    for entry in entries:
        ours = overrides.get(key(entry))
        if ours is None or not is_translated(ours):
            lacking.append(describe(entry))
        elif ours.msgid_plural and len(msgstrs(ours)) != nplurals():
            lacking.append(describe(entry) + " (not every plural form)")
    assert not lacking, (
        f"{len(lacking)} {what} have no Kazakh translation in "
        f"{OVERRIDE_DIR / (domain + '.po')}:\n" + "\n".join(lacking)
    )


def assert_untranslated_kk_entries_covered(source: str) -> None:
    domain = SOURCES[source][1]
    assert_kazakh_translation_for(
        untranslated_in_django_kk(source),
        domain,
        f"untranslated or fuzzy entries of Django's kk {source} catalogue",
    )


def placeholders(text: str) -> Counter:
    found = [p for p in PRINTF_PLACEHOLDER.findall(text) if p != "%%"]
    return Counter(found) + Counter(BRACE_PLACEHOLDER.findall(text))


def without_markup(text: str) -> str:
    for pattern in (HTML_TAG, PRINTF_PLACEHOLDER, BRACE_PLACEHOLDER):
        text = pattern.sub("", text)
    return text


def english_of(entry, form: int) -> str:
    return entry.msgid if form == 0 or not entry.msgid_plural else entry.msgid_plural


def all_override_entries():
    for domain in DOMAINS:
        yield from override_entries(domain).values()


# ------------------------------------------- entries Django's kk catalogues leave untranslated


def test_every_untranslated_django_validation_message_has_a_kazakh_translation():
    assert_untranslated_kk_entries_covered("validation")


def test_every_untranslated_admin_message_has_a_kazakh_translation():
    assert_untranslated_kk_entries_covered("admin")


def test_every_untranslated_admin_javascript_message_has_a_kazakh_translation():
    assert_untranslated_kk_entries_covered("admin_js")


def test_every_untranslated_auth_message_has_a_kazakh_translation():
    assert_untranslated_kk_entries_covered("auth")


def test_every_untranslated_contenttypes_message_has_a_kazakh_translation():
    assert_untranslated_kk_entries_covered("contenttypes")


def test_every_untranslated_sessions_message_has_a_kazakh_translation():
    assert_untranslated_kk_entries_covered("sessions")


def test_every_untranslated_humanize_message_has_a_kazakh_translation():
    assert_untranslated_kk_entries_covered("humanize")


# ------------------------------- msgids the installed Django uses but its kk catalogue lacks


@pytest.mark.parametrize("source", list(SOURCES))
def test_every_message_the_installed_django_uses_has_a_kazakh_translation_somewhere(source):
    """Django's en catalogue lists every msgid the installed version marks for translation;
    each must be translated either by Django's kk catalogue or by our override, and with the
    same singular/plural shape (ngettext never finds a singular-only entry)."""
    domain = SOURCES[source][1]
    kk = {key(e): e for e in django_catalogue(source, "kk") if not e.obsolete}
    overrides = override_entries(domain)
    lacking, wrong_shape = [], []
    for entry in django_catalogue(source, "en"):
        if entry.obsolete:
            continue
        ours = overrides.get(key(entry))
        if ours is not None:
            if bool(ours.msgid_plural) != bool(entry.msgid_plural):
                wrong_shape.append(describe(entry))
            elif not is_translated(ours):
                lacking.append(describe(entry))
            continue
        theirs = kk.get(key(entry))
        if (
            theirs is None
            or not is_translated(theirs)
            or bool(theirs.msgid_plural) != bool(entry.msgid_plural)
        ):
            lacking.append(describe(entry))
    assert not wrong_shape, "override entries with the wrong plural shape:\n" + "\n".join(
        wrong_shape
    )
    assert not lacking, (
        f"{len(lacking)} msgids used by Django {django.get_version()} ({source}) would show in "
        f"English:\n" + "\n".join(lacking)
    )


# ------------------------------------------------------------------ quality of the override


def test_translations_keep_exactly_the_placeholders_of_the_english_message():
    broken = []
    for entry in all_override_entries():
        for form, text in enumerate(msgstrs(entry)):
            if placeholders(text) != placeholders(english_of(entry, form)):
                broken.append(f"{describe(entry)} msgstr[{form}]={text!r}")
    assert not broken, "placeholders differ from the English message:\n" + "\n".join(broken)


def test_translations_keep_the_html_tags_of_the_english_message():
    broken = []
    for entry in all_override_entries():
        for form, text in enumerate(msgstrs(entry)):
            if Counter(HTML_TAG.findall(text)) != Counter(
                HTML_TAG.findall(english_of(entry, form))
            ):
                broken.append(f"{describe(entry)} msgstr[{form}]={text!r}")
    assert not broken, "HTML tags differ from the English message:\n" + "\n".join(broken)


def test_translations_use_no_english_words_beyond_the_technical_terms_of_the_message():
    """Latin-script words may appear only if they are technical terms users type or see
    verbatim (URL, JSON, True/False, Control, Referer ...) and the English message has them
    too; any other English word is untranslated text leaking through."""
    leaks = []
    for entry in all_override_entries():
        for form, text in enumerate(msgstrs(entry)):
            english = english_of(entry, form).lower()
            words = LATIN_WORD.findall(without_markup(text))
            foreign = sorted(
                {w for w in words if w not in TECHNICAL_TERMS or w.lower() not in english}
            )
            if foreign:
                leaks.append(f"{describe(entry)} msgstr[{form}]={text!r} has {foreign}")
    assert not leaks, "English words in Kazakh translations:\n" + "\n".join(leaks)


def test_no_translation_is_the_english_message_copied_unchanged():
    language_neutral = {
        "…",
        ":",
        ":?.!",
        "IPv4",
        "IPv6",
        "%(truncated_text)s…",
        "%(class_name)s %(instance)s",
    }
    copied = [
        describe(entry)
        for entry in all_override_entries()
        if entry.msgstr == entry.msgid and entry.msgid not in language_neutral
    ]
    assert not copied, "translations identical to the English msgid:\n" + "\n".join(copied)


def test_override_catalogues_hold_no_fuzzy_obsolete_or_empty_entries():
    bad = [
        f"{domain}: {describe(entry)}"
        for domain in DOMAINS
        for entry in override_catalogue(domain)
        if entry.obsolete
        or not is_translated(entry)
        or (entry.msgid_plural and len(entry.msgstr_plural) != nplurals())
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("domain", DOMAINS)
def test_override_catalogue_header_declares_kazakh_utf8_and_django_kk_plural_forms(domain):
    metadata = override_catalogue(domain).metadata
    assert metadata["Language"] == "kk"
    assert metadata["Content-Type"].replace(" ", "").lower() == "text/plain;charset=utf-8"
    assert metadata["Plural-Forms"] == django_catalogue("validation", "kk").metadata["Plural-Forms"]


# ------------------------------------------------------------------------- compiled catalogue


def translations_of(catalogue) -> dict:
    return {
        key(e): (e.msgid_plural or None, tuple(msgstrs(e)))
        for e in catalogue
        if e.msgid and not e.obsolete
    }


@pytest.mark.parametrize("domain", DOMAINS)
def test_committed_mo_file_holds_the_same_translations_as_its_po_file(domain):
    mo_path = OVERRIDE_DIR / f"{domain}.mo"
    assert mo_path.is_file(), f"{mo_path} is missing: compile {domain}.po and commit it"
    mo = polib.mofile(str(mo_path))
    po = override_catalogue(domain)
    assert translations_of(mo) == translations_of(po), (
        f"{mo_path.name} is stale: recompile with "
        f"`msgfmt --check -o {domain}.mo {domain}.po` (or polib save_as_mofile)"
    )
    assert mo.metadata.get("Plural-Forms") == po.metadata["Plural-Forms"]
    assert mo.metadata.get("Language") == "kk"


# The check below runs Django in a child process with its own minimal settings, so it needs
# neither the project's settings nor a database and cannot disturb other tests' settings.
DJANGO_SERVES_OVERRIDES = textwrap.dedent(
    """
    import json, sys
    from django.conf import settings
    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE="kk",
        LOCALE_PATHS=[sys.argv[1]],
        INSTALLED_APPS=[
            "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
            "django.contrib.sessions", "django.contrib.messages", "django.contrib.humanize",
        ],
    )
    import django
    django.setup()
    import polib
    from django.utils import translation
    from django.utils.translation.trans_real import DjangoTranslation
    from django.views.i18n import JavaScriptCatalog

    wrong = []
    with translation.override("kk"):
        for e in polib.pofile(sys.argv[2]):
            if e.msgid_plural:
                for n in (1, 2, 5):
                    form = 0 if n == 1 else 1
                    if e.msgctxt:
                        got = translation.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                    else:
                        got = translation.ngettext(e.msgid, e.msgid_plural, n)
                    if got != e.msgstr_plural[form]:
                        wrong.append([e.msgctxt, e.msgid, n, got])
            else:
                if e.msgctxt:
                    got = translation.pgettext(e.msgctxt, e.msgid)
                else:
                    got = translation.gettext(e.msgid)
                if got != e.msgstr:
                    wrong.append([e.msgctxt, e.msgid, None, got])

    # What the admin's jsi18n view sends to the browser.
    view = JavaScriptCatalog()
    view.translation = DjangoTranslation(
        "kk", domain="djangojs", localedirs=view.get_paths(["django.contrib.admin"])
    )
    served = view.get_catalog()
    for e in polib.pofile(sys.argv[3]):
        k = e.msgid if not e.msgctxt else e.msgctxt + "\\x04" + e.msgid
        expected = (
            [e.msgstr_plural[i] for i in sorted(e.msgstr_plural)] if e.msgid_plural else e.msgstr
        )
        if served.get(k) != expected:
            wrong.append([e.msgctxt, e.msgid, "js", served.get(k)])
    print(json.dumps(wrong, ensure_ascii=False))
    """
)


def test_django_serves_the_kazakh_overrides_ahead_of_its_own_kk_catalogues():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            DJANGO_SERVES_OVERRIDES,
            str(OVERRIDES_ROOT),
            str(OVERRIDE_DIR / "django.po"),
            str(OVERRIDE_DIR / "djangojs.po"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    wrong = json.loads(result.stdout)
    assert not wrong, "Django does not serve these override translations:\n" + "\n".join(
        map(repr, wrong)
    )

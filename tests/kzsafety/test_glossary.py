"""One word per thing: the catalogues use the words of docs/glossary.md.

Each rule names a concept, the English msgids that speak of it, the word a translation must
use and the synonyms it must not use. A rule with no msgid pattern holds for every string
(e.g. «қолданушы» must appear nowhere). Kazakh rules are checked against the project's
catalogue and against Django's own messages as users see them (``locale_overrides/kk``
first, then Django's kk catalogues), because the login form's error comes from Django.

Completeness (every msgid translated, none fuzzy, in kk, ru and en) is checked by
test_translation_catalogues.py; these tests read files only and need no database.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import django
import polib
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
GLOSSARY = PROJECT_DIR / "docs" / "glossary.md"
DJANGO_DIR = Path(django.__file__).resolve().parent
OVERRIDE_DIR = PROJECT_DIR / "locale_overrides" / "kk" / "LC_MESSAGES"
DJANGO_SOURCES = (
    ("conf/locale", "django"),
    ("contrib/admin/locale", "django"),
    ("contrib/admin/locale", "djangojs"),
    ("contrib/auth/locale", "django"),
    ("contrib/contenttypes/locale", "django"),
    ("contrib/sessions/locale", "django"),
    ("contrib/humanize/locale", "django"),
)
FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[a-zA-Z%]|\{[^{}]*\}")


@dataclass(frozen=True)
class Rule:
    concept: str
    language: str
    msgid: str | None  # regex on the English text (placeholders removed); None: every string
    use: tuple[str, ...] = ()  # each regex must match the translation
    avoid: str | None = None  # regex that must not match the translation
    unless: str | None = None  # msgids matching this are left out


def rule(concept, language, msgid, use=(), avoid=None, unless=None) -> Rule:
    return Rule(concept, language, msgid, (use,) if isinstance(use, str) else use, avoid, unless)


# Django's own messages (admin, auth, validation) speak of accounts, not of the domain: only
# these concepts are checked there as well.
CHECKED_IN_DJANGO = {"user", "user name", "account", "password", "delete", "character"}


NOTICE = r"\bnotices?\b"
PROPOSAL = r"\bproposals?\b"
# "to account", "accounts for": the verb, not a user account.
ACCOUNT_VERB = r"\bto account\b|\baccounts? for\b"

RULES = [
    # the notice to the employer is «ұсыным», a proposal «ұсыныс»; never the one for the other
    rule("notice to the employer", "kk", NOTICE, "ұсыным", r"ұсыныс", unless=PROPOSAL),
    rule("notice to the employer", "ru", NOTICE, "представлени", r"предписан|предложени"),
    rule("proposal", "kk", PROPOSAL, "ұсыныс", r"ұсыным", unless=NOTICE),
    rule("proposal", "ru", PROPOSAL, "предложени", r"представлени|предписан"),
    rule("ұсыным only for a notice", "kk", None, avoid=r"ұсыным", unless=NOTICE),
    rule("ұсыныс only for a proposal", "kk", None, avoid=r"ұсыныс", unless=PROPOSAL),
    rule("предложение only for a proposal", "ru", None, avoid=r"предложени", unless=PROPOSAL),
    rule("no предписание for the union's notice", "ru", None, avoid=r"предписан"),
    # accounts
    rule("user", "kk", None, avoid=r"қолданушы"),
    rule("user name", "kk", r"\busername\b", "пайдаланушы ат", r"логин|[Лл]огин"),
    rule("user name", "ru", r"\busername\b", "имя пользователя", r"[Лл]огин"),
    rule("account", "kk", None, avoid=r"тіркелгі|аккаунт"),
    rule("account", "kk", r"\baccounts?\b", "есептік жазба", unless=ACCOUNT_VERB),
    rule("account", "ru", r"\baccounts?\b", "учётн", r"аккаунт", unless=ACCOUNT_VERB),
    rule("password", "kk", r"\bpasswords?\b", "құпия сөз", r"құпиясөз|[Пп]ароль"),
    rule("password", "ru", r"\bpasswords?\b", "парол"),
    rule("delete", "kk", r"\b(delete|deleting|deleted|remove|removed)\b", avoid=r"\bжо[юяй]"),
    rule("delete", "kk", r"^(Delete|Remove)$", "Өшіру"),
    rule("character", "kk", None, avoid=r"символ"),
    rule("character", "kk", r"\bcharacters?\b", "таңба"),
    rule("character", "ru", r"\bcharacters?\b", r"симв|знак"),
    # accidents
    rule("victim", "kk", r"\bvictims?\b", "зардап шеккен", r"шегуші|жәбірленуші"),
    rule("victim", "ru", r"\bvictims?\b", "пострадавш", r"потерпевш"),
    rule("accident report", "kk", r"\baccident reports?\b", "хабарлама"),
    rule("accident report", "ru", r"\breports?\b", avoid=r"сообщени", unless=r"annual report"),
    rule("employee", "kk", r"\b(employee|workers)\b", "қызметкер", r"жұмыскер"),
    rule("employee", "ru", r"\b(employee|workers)\b", "работник"),
    rule("verification", "kk", r"\bverif", "раста"),
    rule("verification", "ru", r"\bverif", "подтвер"),
    rule("returned", "kk", r"\breturned? (for correction|to the inspector)", "қайтар"),
    rule("returned for correction", "ru", r"\breturned? for correction", "на доработку"),
    # public control
    rule("inspection", "kk", r"\binspections?\b", "тексер", r"инспекция"),
    rule("inspection", "ru", r"\binspections?\b", "провер", r"инспекци"),
    rule("violation", "kk", r"\bviolations?\b", "бұз"),
    rule("violation", "ru", r"\bviolations?\b", "нарушени"),
    rule("work stoppage", "kk", r"\bstoppages?\b", "тоқтата тұру"),
    rule("work stoppage", "ru", r"\bstoppages?\b", "приостанов"),
    rule("deadline", "kk", r"\bdeadlines?\b", "мерзім"),
    rule("deadline", "ru", r"\bdeadlines?\b", r"срок|просроч"),
    rule("eliminate, fix", "kk", r"\b(eliminat\w*|fix|fixes|fixed|fixing)\b", "жо[йяю]", r"түзет"),
    rule("eliminate, fix", "ru", r"\b(eliminat\w*|fix|fixes|fixed|fixing)\b", "устран", r"исправ"),
    rule("remediation", "kk", r"\bremediation\b", "жо[йяю]"),
    rule("remediation", "ru", r"\bremediation\b", "устранени"),
    rule("correct", "kk", r"\bcorrect(ion)?\b", "түзет", r"\bжо[юяй]"),
    rule("technical inspector", "kk", r"\btechnical inspectors?\b", "техникалық инспектор"),
    rule("technical inspector", "ru", r"\btechnical inspectors?\b", r"техническ\w* инспектор"),
    # councils and risk
    rule("production council", "kk", r"\bcouncils?\b", "кеңес"),
    rule("production council", "ru", r"\bcouncils?\b", "совет"),
    rule("council decision", "kk", r"\bdecisions?\b", "шешім", r"\bқаулы"),
    rule("professional risk", "kk", r"\bprofessional[- ]risk\b", "кәсіптік тәуекел"),
    rule("professional risk", "ru", r"\bprofessional[- ]risk\b", r"профессиональн\w* риск"),
    # organisations, places, people
    rule("enterprise", "kk", r"\benterprises?\b", "кәсіпор", r"мекеме"),
    rule("enterprise", "ru", r"\benterprises?\b", "предприяти", r"организаци"),
    rule("region", "kk", r"\bregions?\b|\bregional\b", "өңір"),
    rule("region", "ru", r"\bregions?\b|\bregional\b", "регион"),
    rule("sector", "kk", r"\bsectors?\b", r"сала|сектор"),
    rule("sector", "ru", r"\bsectors?\b", r"отрасл|сектор"),
    rule("regional staff", "kk", r"\bregional\b.*\bstaff\b", ("өңірлік", "қызметкер")),
    rule("regional staff", "ru", r"\bregional\b.*\bstaff\b", ("региональн", "сотрудник")),
    rule("federation staff", "kk", r"\bfederation staff\b", ("Федерация", "қызметкер")),
    rule("federation staff", "ru", r"\bfederation staff\b", ("Федерации", "сотрудник")),
    rule("scope", "kk", r"\b(your|their) scope\b|^scope$", "жауапкершілік аймағ", r"қамту"),
    rule("scope", "ru", r"\b(your|their) scope\b|^scope$", "зон\\w* ответственности", r"доступа"),
]


# --------------------------------------------------------------------------- catalogues


def forms(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def english(entry) -> str:
    return FIELD.sub("", " ".join(filter(None, (entry.msgid, entry.msgid_plural))))


@cache
def project_entries(language: str) -> tuple:
    path = PROJECT_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    return tuple(e for e in polib.pofile(str(path)) if e.msgid and not e.obsolete)


@cache
def django_kk_entries() -> tuple:
    """Django's messages as a Kazakh user gets them: our override, else Django's kk."""
    chosen = {}
    for base, domain in DJANGO_SOURCES:
        overrides = {
            (e.msgctxt, e.msgid): e for e in polib.pofile(str(OVERRIDE_DIR / f"{domain}.po"))
        }
        path = DJANGO_DIR / base / "kk" / "LC_MESSAGES" / f"{domain}.po"
        for theirs in polib.pofile(str(path)):
            key = (domain, theirs.msgctxt, theirs.msgid)
            if not theirs.msgid or theirs.obsolete or key in chosen:
                continue
            entry = overrides.get(key[1:], theirs)
            if not entry.fuzzy and all(forms(entry)):
                chosen[key] = entry
    return tuple(chosen.values())


def entries_for(language: str, source: str) -> tuple:
    return project_entries(language) if source == "project" else django_kk_entries()


def breaches(rule_: Rule, entries) -> list[str]:
    found = []
    for entry in entries:
        text = english(entry)
        if rule_.msgid and not re.search(rule_.msgid, text, re.IGNORECASE):
            continue
        if rule_.unless and re.search(rule_.unless, text, re.IGNORECASE):
            continue
        for form in forms(entry):
            missing = [word for word in rule_.use if not re.search(word, form, re.IGNORECASE)]
            wrong = rule_.avoid and re.search(rule_.avoid, form)
            if missing or wrong:
                why = f"lacks {missing}" if missing else f"uses «{wrong.group(0)}»"
                found.append(f"  {entry.msgid!r} -> {form!r}: {why}")
    return found


def cases():
    for rule_ in RULES:
        in_django = rule_.language == "kk" and rule_.concept in CHECKED_IN_DJANGO
        sources = ("project", "django") if in_django else ("project",)
        for source in sources:
            yield pytest.param(rule_, source, id=f"{rule_.language}-{source}-{rule_.concept}")


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize(("rule_", "source"), list(cases()))
def test_every_string_uses_the_glossary_word_for_its_concept(rule_, source):
    found = breaches(rule_, entries_for(rule_.language, source))
    assert not found, (
        f"{len(found)} {rule_.language} string(s) ({source}) break the glossary for "
        f"“{rule_.concept}” (docs/glossary.md):\n" + "\n".join(found)
    )


def test_the_rules_catch_a_notice_called_a_proposal():
    """Guards the rules above: a Kazakh notice written with «ұсыныс» is reported."""
    notice = polib.POEntry(msgid="Notice %(number)s issued.", msgstr="№ %(number)s ұсыныс берілді.")
    username = polib.POEntry(msgid="username", msgstr="қолданушы аты")
    by_concept = {(r.concept, r.language, r.msgid): r for r in RULES}
    assert breaches(by_concept["notice to the employer", "kk", NOTICE], [notice])
    assert breaches(by_concept["user", "kk", None], [username])
    assert breaches(by_concept["user name", "kk", r"\busername\b"], [username])


def glossary_words(column: int) -> list[str]:
    """The words of one language column (1 = Kazakh, 2 = Russian) of every glossary table."""
    words = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.startswith("|") or set(cells[0]) <= {"-"}:
            continue
        if cells[0] == "English":
            continue
        for phrase in re.split(r"[;,]", cells[column]):
            phrase = re.sub(r"\(.*?\)", "", phrase).strip()
            if phrase:
                words.append(phrase)
    return words


@pytest.mark.parametrize(("language", "column"), [("kk", 1), ("ru", 2)])
def test_every_word_of_the_glossary_is_the_one_the_catalogue_uses(language, column):
    """The glossary stays true: each of its words appears in the catalogue (or, for the
    account words, in Django's messages as completed by the override)."""
    texts = [form for entry in project_entries(language) for form in forms(entry)]
    if language == "kk":
        texts += [form for entry in django_kk_entries() for form in forms(entry)]
    everything = "\n".join(texts).lower()
    words = glossary_words(column)
    assert len(words) > 50, "the glossary tables were not found"
    unused = [word for word in words if word.lower() not in everything]
    assert not unused, f"glossary words no {language} string uses: {unused}"

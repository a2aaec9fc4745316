"""Headers match a column by its key or by its label in Kazakh, Russian or English."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst

from kzsafety.directories.models import Enterprise, TechnicalInspector
from kzsafety.imports.kinds import all_kinds, get_kind, header_names
from kzsafety.imports.values import in_languages, normalize
from tests.imports.conftest import csv_bytes, messages, new_bin, run


@pytest.mark.django_db
def test_kazakh_headers_are_recognised():
    content = csv_bytes(
        [
            ["БСН", "Атауы", "Өңір", "Сала", "Қызметкерлер саны", "Бастауыш кәсіподақ ұйымы бар"],
            [new_bin(1), "Қарағанды көмір", "Қарағанды облысы", "Көмір өнеркәсібі", "120", "иә"],
        ]
    )
    result = run("enterprises", content)
    assert result.ok, messages(result)
    enterprise = Enterprise.objects.get(bin=new_bin(1))
    assert (enterprise.region.code, enterprise.sector.key) == ("35", "coal")
    assert (enterprise.headcount, enterprise.union_member) == (120, True)


@pytest.mark.django_db
def test_russian_headers_are_recognised():
    content = csv_bytes(
        [
            ["Реестровый номер", "ФИО", "Регион", "Дата назначения", "Дата ухода"],
            ["TI-9", "Петров Пётр", "город Астана", "01.02.2020", ""],
        ]
    )
    result = run("inspectors", content)
    assert result.ok, messages(result)
    assert TechnicalInspector.objects.get(number="TI-9").region.code == "71"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_labels_of_every_kind_in_each_language_match_their_columns(language):
    for kind in all_kinds():
        with translation.override(language):
            labels = [capfirst(str(column.label)) for column in kind.columns]
        names = header_names(kind.key)
        assert [names[normalize(label)] for label in labels] == [c.key for c in kind.columns]


def test_no_two_columns_of_a_kind_share_a_name_in_any_language():
    for kind in all_kinds():
        seen: dict[str, str] = {}
        for column in kind.columns:
            for name in column.names():
                assert seen.setdefault(name, column.key) == column.key, (kind.key, name)


def test_the_kinds_and_columns_are_those_of_the_contract():
    """CONTRACTS.md §3, in its order; required columns marked."""
    expected = {
        "enterprises": "bin* name* region* sector* oked headcount union_member",
        "inspectors": "number* full_name* region* enterprise_bin appointed_on* left_on trained_on",
        "accidents": "accident_ref* date* enterprise_bin* union_present cause event_type "
        "employer_fault_pct description victim_name victim_iin victim_sex victim_age outcome* "
        "victim_died_on days_lost",
        "inspections": "inspection_ref* date* enterprise_bin* inspector_number* kind "
        "work_stopped proposals",
        "violations": "inspection_ref* description* category deadline status eliminated_on",
        "councils": "enterprise_bin* established_on* union_initiative sector dissolved_on",
        "figures": "year* source* indicator* scope value*",
    }
    assert list(settings.IMPORT_KINDS) == list(expected)
    for key, columns in expected.items():
        kind = get_kind(key)
        assert " ".join(c.key + ("*" if c.required else "") for c in kind.columns) == columns


def test_translated_labels_really_differ_between_languages():
    """Guards the tests above: Kazakh and Russian labels are not English fallbacks."""
    forms = in_languages(Enterprise._meta.get_field("bin").verbose_name)
    assert forms == {"бсн", "бин", "bin"}


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("kind_key", list(settings.IMPORT_KINDS))
def test_every_text_of_a_kind_is_translated(kind_key, language):
    """Labels, descriptions and instructions reach the catalogues (a translation function
    under an alias xgettext does not know is never extracted)."""
    from django.utils.translation import trans_real

    kind = get_kind(kind_key)
    texts = [kind.label, kind.description]
    for column in kind.columns:
        texts += [column.label, column.accepts]
    catalog = trans_real.translation(language)._catalog
    with translation.override("en"):
        msgids = [str(text) for text in texts if text and not isinstance(text, str)]
    missing = [msgid for msgid in msgids if not catalog.get(msgid)]
    assert missing == []

"""Import kinds: what one row of a spreadsheet is, its columns, and how a batch of rows is
checked and written.

Apps contribute kinds through the IMPORT_KINDS setting (kind -> dotted path of a class), the
same way they contribute page panels, so this engine never imports the apps above it. A
new kind is one class: a subclass of `ImportKind` (rows handled in any way, e.g. grouped and
written through a service function) or of `kzsafety.imports.bulk.ModelKind` (rows keyed by
a natural key and written in bulk). See docs/imports.md, "Adding a kind"."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from kzsafety.imports.values import in_languages, normalize

if TYPE_CHECKING:
    from kzsafety.imports.engine import Job

Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """One column of a kind.

    `parse` turns a non-blank cell into a value; `build`, when given instead, makes that
    parser once per import (for parsers that read a directory). `accepts` tells the user
    the accepted values or format (instructions sheet); `options` lists the values of the
    template's drop-down, in the active language."""

    key: str
    label: Any
    parse: Parser | None = None
    build: Callable[[], Parser] | None = None
    required: bool = False
    default: Any = None
    accepts: Any = ""
    options: Callable[[], list[str]] | None = None

    def parser(self) -> Parser:
        if self.build is not None:
            return self.build()
        if self.parse is None:
            raise TypeError(f"column {self.key} has neither parse nor build")
        return self.parse

    def names(self) -> set[str]:
        """The header texts that name this column: its key and its label in kk/ru/en."""
        return {normalize(self.key)} | in_languages(self.label)


@dataclass(slots=True)
class Row:
    """One data row: its spreadsheet row number and its parsed values by column key.
    Columns left out of the file are absent from `values`; blank cells hold the default."""

    number: int
    values: dict[str, Any]
    failed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)

    def has(self, key: str) -> bool:
        return key in self.values


class ImportKind:
    key: str = ""
    label: Any = ""
    description: Any = ""
    columns: tuple[Column, ...] = ()
    # Only imports with the whole country in scope (federation staff, system) may run it.
    federation_only = False
    batch_size = 1000

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def allowed(self, job: "Job") -> bool:
        return job.scope.whole_country or not self.federation_only

    def begin(self, job: "Job") -> None:
        """Prepare an import (load lookups once)."""

    def handle(self, rows: list[Row], job: "Job") -> None:
        """Check and write one batch of rows (rows with bad cells have `failed` set)."""
        raise NotImplementedError

    def finish(self, job: "Job") -> None:
        """Called once after the last batch (for kinds that write grouped rows)."""


@cache
def header_names(kind_key: str) -> dict[str, str]:
    """normalized header -> column key, for one kind. A label that two columns share in
    some language is left out (keys always work), so a header never picks the wrong one."""
    kind = get_kind(kind_key)
    names: dict[str, str] = {}
    shared: set[str] = set()
    for column in kind.columns:
        for name in column.names():
            if name in names and names[name] != column.key:
                shared.add(name)
            names[name] = column.key
    for column in kind.columns:
        names[normalize(column.key)] = column.key
    for name in shared - {normalize(c.key) for c in kind.columns}:
        del names[name]
    return names


def kind_keys() -> list[str]:
    return list(settings.IMPORT_KINDS)


@cache
def _kind_class(key: str) -> type[ImportKind]:
    return import_string(settings.IMPORT_KINDS[key])


def get_kind(key: str) -> ImportKind:
    """A fresh instance of the kind (instances keep per-import state)."""
    if key not in settings.IMPORT_KINDS:
        raise KeyError(key)
    return _kind_class(key)()


def all_kinds() -> Iterable[ImportKind]:
    return [get_kind(key) for key in kind_keys()]


def field_label(model: type, field: str) -> Any:
    """A column's label: the model field's verbose name (translated, in every language)."""
    return model._meta.get_field(field).verbose_name


def choice_labels(choices: type) -> Callable[[], list[str]]:
    """A template drop-down of a choice's labels, in the active language."""
    return lambda: [str(label) for label in choices.labels]


YES_NO_ACCEPTS = _("yes/no, true/false, 1/0, иә/жоқ, да/нет")
DATE_ACCEPTS = _("a date: YYYY-MM-DD, DD.MM.YYYY or an Excel date cell")

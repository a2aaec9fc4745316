"""The records of the URL × role matrix (tests/kzsafety/test_url_role_matrix.py): for every
kind of record a URL can name, one inside the scope of enterprise A (Karaganda, mining) and
one outside it (enterprise B, Pavlodar, energy), with the `world` personas, a superuser and
a logged-in session for each of them. Built once per module."""

import datetime
import hashlib
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from psycopg import sql

from inspections.models import AccidentStatus, Attachment, ListExport, ListExportStatus
from inspections.models.accidents import AttachmentKind
from inspections.services import public_control_exports as exports
from kzsafety.accounts.models import Notification, User
from kzsafety.imports.models import ImportRun, RunSource, RunStatus
from kzsafety.statistics.models import ExportStatus, Figure, ReportExport
from tests.conftest import World, build_world
from tests.councils.factories import council_records
from tests.factories import UserFactory, linked, record_inspection, tiny_png
from tests.inspections.accident_factories import AccidentFactory, VictimFactory

ROLES = (
    "anonymous",
    "inspector_a",
    "inspector_b",
    "council_a",
    "regional",
    "sector",
    "federation",
    "no_role",
    "superuser",
)


@dataclass
class Matrix:
    world: World
    superuser: User
    # record kind → {"A": url argument, "B": url argument}
    args: dict[str, dict[str, object]] = field(default_factory=dict)
    # persona → session key of a logged-in session
    sessions: dict[str, str] = field(default_factory=dict)

    def user(self, role: str) -> User:
        return self.superuser if role == "superuser" else getattr(self.world, role)


def _both(matrix: Matrix, kind: str, a, b) -> None:
    matrix.args[kind] = {"A": a, "B": b}


def _records_of(world: World, side: str, inspector: User) -> dict[str, object]:
    enterprise = world.a if side == "A" else world.b
    accident = AccidentFactory(enterprise=enterprise, status=AccidentStatus.SUBMITTED)
    VictimFactory(accident=accident)
    returned = AccidentFactory(enterprise=enterprise, status=AccidentStatus.RETURNED)
    VictimFactory(accident=returned)
    attachment = Attachment.objects.create(
        accident=accident,
        kind=AttachmentKind.PHOTO,
        file=ContentFile(tiny_png(), name="photo.png"),
        original_name="photo.png",
        content_type="image/png",
        size=len(tiny_png()),
        uploaded_by=inspector,
    )
    finalized = record_inspection(
        inspector,
        enterprise,
        date=datetime.date.today() - datetime.timedelta(days=10),
        violations=2,
        photo=True,
        stoppage=True,
        proposals=1,
    )
    draft = record_inspection(inspector, enterprise, violations=1, photo=False, finalize=False)
    open_violation = finalized.violations.order_by("position").first()
    return {
        "enterprise": enterprise.pk,
        "accident": accident.pk,
        "returned_accident": returned.pk,
        "attachment": attachment.pk,
        "finalized_inspection": finalized.pk,
        "draft_inspection": draft.pk,
        "open_violation": open_violation.pk,
        "draft_violation": draft.violations.get().pk,
        "photo": open_violation.photos.get().pk,
        "proposal": finalized.proposals.get().pk,
        "stoppage": finalized.stoppages.get().pk,
        "notice": finalized.notice.pk,
        "api_token": _api_token(inspector),
        "inspector": enterprise.inspectors.order_by("pk").first().pk,
        "export_token": _export_token(inspector),
        # The download-ready notification the export just wrote to the inspector.
        "notification": Notification.objects.filter(user=inspector).latest("pk").pk,
    }


def _api_token(user: User) -> int:
    from kzsafety.api.tokens import token_create

    token, _raw = token_create(
        user=user, name="matrix", expires_on=datetime.date.today() + datetime.timedelta(days=30)
    )
    return token.pk


def _export_token(user: User) -> str:
    """A prepared export of the user's violations; its token comes with the notification."""
    exports.export_file_build(
        user_id=user.pk,
        kind="violations",
        query="",
        language="en",
        name=f"exports/matrix-{user.username}.xlsx",
    )
    url = Notification.objects.filter(user=user).latest("pk").url
    return url.rstrip("/").rsplit("/", 1)[-1]


def _import_run(user: User | None) -> int:
    return ImportRun.objects.create(
        user=user,
        # Runs without a user are system imports, which only the command line makes.
        source=RunSource.WEB if user else RunSource.COMMAND,
        kind="accidents",
        file=ContentFile(b"not really a workbook", name="accidents.xlsx"),
        original_name="accidents.xlsx",
        size=21,
        status=RunStatus.SUCCEEDED,
    ).pk


def _report_export(user: User) -> int:
    return ReportExport.objects.create(
        requested_by=user,
        year=2025,
        language="en",
        status=ExportStatus.READY,
        progress=100,
        file=ContentFile(b"not really a workbook", name="annual.xlsx"),
        finished_at=datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC),
    ).pk


def _list_export(user: User) -> int:
    return ListExport.objects.create(
        requested_by=user,
        kind="inspections",
        language="en",
        name=f"matrix-list-{user.username}.xlsx",
        status=ListExportStatus.READY,
        finished_at=datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC),
    ).pk


def build_matrix() -> Matrix:
    world = linked(build_world())
    matrix = Matrix(
        world=world,
        superuser=UserFactory(username="root", is_superuser=True, is_staff=True),
    )
    a = _records_of(world, "A", world.inspector_a)
    b = _records_of(world, "B", world.inspector_b)
    for kind in a:
        _both(matrix, kind, a[kind], b[kind])
    councils = council_records(world)
    for kind in ("council", "meeting", "decision", "member", "assessment", "entry"):
        _both(matrix, kind, getattr(councils, f"{kind}_a").pk, getattr(councils, f"{kind}_b").pk)
    # The council's violation: on a finalized inspection, open, so on the remediation board.
    _both(matrix, "council_violation", councils.violation_a.pk, councils.violation_b.pk)
    # Import runs: regional staff's own, and a system import (no user) outside their scope.
    _both(matrix, "import_run", _import_run(world.regional), _import_run(None))
    # Annual workbooks belong to whoever asked for them.
    _both(
        matrix,
        "report_export",
        _report_export(world.regional),
        _report_export(world.sector),
    )
    # Large list exports belong to whoever asked for them.
    _both(matrix, "list_export", _list_export(world.inspector_a), _list_export(world.inspector_b))
    # A figure of another source, for the figures page and its admin.
    Figure.objects.create(
        year=2025, source="ministry", indicator="accidents", scope="all", value=120
    )
    # The admin shows one change view of every model: log-in records need a row too.
    AccessAttempt.objects.create(
        username="stranger", ip_address="10.0.0.1", failures_since_start=1, user_agent="x"
    )
    AccessFailureLog.objects.create(username="stranger", ip_address="10.0.0.1", user_agent="x")
    # The annual report's year (the API): any year, the same for both sides.
    _both(matrix, "report_year", 2025, 2024)
    # Import templates: a kind regional staff may import, and one for federation staff only.
    _both(matrix, "import_kind", "accidents", "figures")
    for role in ROLES[1:]:
        client = Client()
        client.force_login(matrix.user(role))
        matrix.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return matrix


def fingerprint() -> tuple[str, ...]:
    """A digest of every row of every table the project owns, in one query: a POST that
    creates, changes or deletes anything changes it. Sessions are left out (the log-in
    state is not a record)."""
    from django.apps import apps

    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        - {"django_session"}
    )
    if connection.vendor != "postgresql":
        return tuple(_table_digest(table) for table in tables)
    digest = sql.SQL(
        "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t)"
    )
    query = sql.SQL("SELECT {}").format(
        sql.SQL(", ").join(digest.format(sql.Identifier(table)) for table in tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return tuple(cursor.fetchone())


def _table_digest(table: str) -> str:
    """The same digest on SQLite (the zero-install default), one query per table."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        rows = sorted(repr(row) for row in cursor.fetchall())
    return hashlib.md5("|".join(rows).encode(), usedforsecurity=False).hexdigest()

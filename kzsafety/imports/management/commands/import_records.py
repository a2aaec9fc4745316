"""python manage.py import_records KIND FILE [--dry-run] [--user USERNAME]

CONTRACTS.md §2: all or nothing. On success prints the counts (`created 12, updated 3,
unchanged 40`) and exits 0; on any invalid row prints every error as
`row N, column C: message` and exits non-zero with nothing changed.

Each run is recorded in the import history like an upload from the web page, with its
original file (kzsafety.imports.runs.import_run_command)."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from kzsafety.accounts.models import User
from kzsafety.imports.engine import RowError
from kzsafety.imports.kinds import kind_keys
from kzsafety.imports.runs import import_run_command


class Command(BaseCommand):
    help = "Import records of one kind from an .xlsx or .csv file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=kind_keys(), help="What one row of the file is.")
        parser.add_argument("file", help="An .xlsx (first sheet) or .csv (UTF-8) file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but write nothing."
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Import as this user, within their scope (default: a system import).",
        )

    def handle(self, *args, kind: str, file: str, dry_run: bool, user: str | None, **options):
        importer = None
        if user:
            importer = User.objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"No user {user!r}.")
        # The user's language, else the one the command runs in (the server's default).
        language = (importer.language if importer else "") or translation.get_language() or ""

        def print_error(error: RowError) -> None:
            self.stdout.write(str(error))

        try:
            stream = open(file, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from None
        try:
            with stream:
                result = import_run_command(
                    user=importer,
                    kind=kind,
                    stream=stream,
                    dry_run=dry_run,
                    language=language,
                    on_error=print_error,
                )
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        if not result.ok:
            raise CommandError(
                f"{result.error_count} error(s) in {result.rows} row(s); nothing was changed."
            )
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{result.summary()}")

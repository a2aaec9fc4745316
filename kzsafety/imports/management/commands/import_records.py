"""python manage.py import_records KIND FILE [--dry-run] [--user USERNAME]

CONTRACTS.md §2: all or nothing. On success prints the counts (`created 12, updated 3,
unchanged 40`) and exits 0; on any invalid row prints every error as
`row N, column C: message` and exits non-zero with nothing changed."""

from contextlib import nullcontext

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from kzsafety.accounts.models import User
from kzsafety.imports.engine import RowError, import_file
from kzsafety.imports.kinds import kind_keys


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
        language = importer.language if importer and importer.language else None
        with translation.override(language) if language else nullcontext():
            return self._import(kind, file, dry_run, importer)

    def _import(self, kind: str, file: str, dry_run: bool, importer: User | None) -> None:
        def print_error(error: RowError) -> None:
            self.stdout.write(str(error))

        try:
            with open(file, "rb") as stream:
                result = import_file(
                    kind=kind,
                    stream=stream,
                    user=importer,
                    dry_run=dry_run,
                    on_error=print_error,
                    keep_errors=0,
                )
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        if not result.ok:
            raise CommandError(
                f"{result.error_count} error(s) in {result.rows} row(s); nothing was changed."
            )
        prefix = "dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{result.summary()}")

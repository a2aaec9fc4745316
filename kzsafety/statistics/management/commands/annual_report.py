import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kzsafety.statistics.analysis.document import write_document
from kzsafety.statistics.annual import build_report
from kzsafety.statistics.workbook import write_workbook


class Command(BaseCommand):
    help = (
        "Write the federation's annual tables (JSON, Excel) or analytical note (Word) for a "
        "year over a window of years."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--window", type=int, default=5)
        parser.add_argument("--format", choices=["json", "xlsx", "docx"], required=True)
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="the language of the workbook's headers and of the note (docx)",
        )

    def handle(self, *args, year, window, format, output, language, **options):
        if not 1990 <= year <= 2100:
            raise CommandError("--year must be between 1990 and 2100")
        if not 1 <= window <= 30:
            raise CommandError("--window must be between 1 and 30")
        report = build_report(year, window)
        if format == "json":
            with open(output, "w", encoding="utf-8") as handle:
                json.dump(report, handle, ensure_ascii=False, indent=2)
        elif format == "docx":
            with open(output, "wb") as handle:
                handle.write(write_document(report, language))
        else:
            with open(output, "wb") as handle:
                handle.write(write_workbook(report, language))

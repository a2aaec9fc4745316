from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from kzsafety import demo, scope_cache


class Command(BaseCommand):
    help = "Load demo users, enterprises and records. Safe to run more than once."

    def handle(self, *args, **options):
        logins = demo.seed()
        # Later apps (inspections, councils) add their own demo records in `<app>.demo`.
        for config in apps.get_app_configs():
            if config.name.startswith("kzsafety") or find_spec(f"{config.name}.demo") is None:
                continue
            if config.name.startswith(("django", "simple_history", "axes", "csp", "crispy")):
                continue
            import_module(f"{config.name}.demo").seed()
        scope_cache.changed_everywhere()  # demo records were written in bulk, past the signals
        self.stdout.write(f"Demo logins (password: {demo.DEMO_PASSWORD}):")
        for username, role in logins:
            self.stdout.write(f"  {username:<12} {role}")

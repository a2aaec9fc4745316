#!/usr/bin/env python
import os
import sys

# Commands that read only the code, never serve or change data: they run on a fresh
# checkout without the production secrets (settings refuse to start without them when
# DEBUG is off, which stays the default for everything else, the server above all).
CODE_ONLY_COMMANDS = {
    "makemigrations",
    "makemessages",
    "compilemessages",
    "showmigrations",
    "spectacular",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzsafety.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

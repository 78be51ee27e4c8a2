"""Django's manage.py for Fupin: `python -m fupin.manage <command>`."""

import os
import sys


def main() -> None:
    """Runs a Django management command with Fupin's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Django's command-line utility for Một Cửa."""

import os
import sys


def main() -> None:
    # The development profile by default; production sets DJANGO_SETTINGS_MODULE=motcua.settings
    # (wsgi.py defaults to it), which refuses to start without a SECRET_KEY.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings_dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

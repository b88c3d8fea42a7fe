"""Date arguments of the catalogue commands: dd/mm/yyyy or yyyy-mm-dd."""

import argparse
from datetime import date

from catalog.imports.cells import parse_date


def date_argument(value: str) -> date:
    try:
        return parse_date(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None

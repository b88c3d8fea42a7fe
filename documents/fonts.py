"""The serif font the forms are set in.

Liberation Serif has the metrics of Times New Roman, the face of Vietnamese official papers,
but only its version 2 (Debian fonts-liberation2) carries Vietnamese letters; version 1
(fonts-liberation) lacks "ộ", "ư"… and the text would mix two faces inside one word. So
Liberation comes first only where it can set Vietnamese; otherwise DejaVu Serif does.
"""

import functools
import shutil
import subprocess

# Letters Liberation Serif 1.x lacks: ộ ư ơ ạ ế.
_VIETNAMESE_PROBE = "1ed9 1b0 1a1 1ea1 1ebf"
_LIBERATION_FIRST = ("Liberation Serif", "DejaVu Serif", "serif")
# The condensed cut (fonts-dejavu-extra) sets A5 forms closer to Times' width.
_DEJAVU_FIRST = ("DejaVu Serif Condensed", "DejaVu Serif", "Liberation Serif", "serif")


@functools.cache
def serif_font_stack() -> str:
    """A CSS font-family value."""
    families = _LIBERATION_FIRST if _has_vietnamese("Liberation Serif") else _DEJAVU_FIRST
    return ", ".join(f'"{family}"' if family != "serif" else family for family in families)


def _has_vietnamese(family: str) -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:  # no fontconfig tools: cannot tell, so do not rely on it
        return False
    found = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [fc_list, f"{family}:charset={_VIETNAMESE_PROBE}", "family"],
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    )
    return bool(found.stdout.strip())

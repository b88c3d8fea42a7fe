"""Local development profile: only environment defaults, then the one settings module."""

import os
import secrets
from pathlib import Path

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
if "SECRET_KEY" not in os.environ:
    # A per-checkout random key kept under var/, so sessions survive restarts.
    _var = Path(os.environ.get("MOTCUA_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    _var.mkdir(parents=True, exist_ok=True)
    _key_file = _var / "dev-secret-key"
    if not _key_file.exists():
        _key_file.write_text(secrets.token_urlsafe(50))
    os.environ["SECRET_KEY"] = _key_file.read_text().strip()

from motcua.settings import *  # noqa: F403

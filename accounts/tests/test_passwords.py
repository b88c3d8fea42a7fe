import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_hash_passwords_with_argon2(tmp_path):
    """The test profile uses a fast hasher; the real settings must use Argon2."""
    code = (
        "import django; django.setup(); "
        "from django.contrib.auth.hashers import make_password; "
        "print(make_password('mat-khau-rat-dai-2026').split('$')[0])"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={
            "DJANGO_SETTINGS_MODULE": "motcua.settings",
            "SECRET_KEY": "x" * 50,
            "MOTCUA_VAR_DIR": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "argon2"

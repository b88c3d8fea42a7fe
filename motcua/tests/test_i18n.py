"""Vietnamese first, English second: every UI string of the officer pages has an English
translation, and a visitor can switch."""

import gettext
import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def load_translations_tool():
    spec = importlib.util.spec_from_file_location(
        "en_translations", PO.parents[2] / "en_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_has_an_english_translation():
    tool = load_translations_tool()
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    msgids = [tool.unquote(m.group(1)) for m in tool.ENTRY.finditer(text)]
    msgids = [m for m in msgids if m]
    assert len(msgids) > 300
    # The committed .mo is compiled from this .po and translates every message.
    with PO.with_suffix(".mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    # Every message has its English in the table (a guess by makemessages does not count)...
    assert [m for m in msgids if m not in tool.EN] == []
    # ...and the compiled catalogue says it.
    wrong = [m for m in msgids if isinstance(tool.EN[m], str) and catalog.gettext(m) != tool.EN[m]]
    assert wrong == []
    assert catalog.gettext("Đăng nhập cán bộ") == "Officer sign-in"


@pytest.mark.django_db
def test_switching_to_english_and_back(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập cán bộ" in page and 'lang="vi"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Officer sign-in" in page and "Password" in page and 'lang="en"' in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng nhập cán bộ" in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    page = client.get(reverse("accounts:login"), **english_browser).content.decode()
    assert "Đăng nhập cán bộ" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login"), **english_browser).content.decode()
    assert "Officer sign-in" in page

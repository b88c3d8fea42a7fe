"""Vietnamese first, English second: every UI string of the officer pages has an English
translation, and a visitor can switch."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation():
    text = PO.read_text(encoding="utf-8")
    untranslated = re.findall(r'\nmsgid "(.+)"\nmsgstr ""\n', text)
    assert untranslated == []
    assert "#, fuzzy" not in text
    # The committed .mo is compiled from this .po: same messages, same translations.
    with PO.with_suffix(".mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    singular = re.findall(r'\nmsgid "(.+)"\nmsgstr "(.+)"\n', text)
    assert singular and all(catalog.get(msgid) == msgstr for msgid, msgstr in singular
                            if "\\" not in msgid)


@pytest.mark.django_db
def test_switching_to_english_and_back(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập cán bộ" in page and 'lang="vi"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Officer sign-in" in page and "Password" in page and 'lang="en"' in page
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng nhập cán bộ" in client.get(reverse("accounts:login")).content.decode()

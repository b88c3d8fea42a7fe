"""`|moment` shows an instant exactly as `|date:"H:i d/m/Y"` does, faster."""

from datetime import UTC, datetime, timedelta

from django.template import engines
from django.utils import timezone, translation

TEMPLATE = engines["django"].from_string(
    '{% load dossier_tags %}{{ v|date:"H:i d/m/Y" }}|{{ v|moment }}'
)


def test_moment_is_the_date_filter_in_local_time():
    instants = [
        datetime(2026, 11, 26, 16, 59, tzinfo=UTC),  # 23:59 in Hà Nội
        datetime(2026, 11, 26, 17, 0, tzinfo=UTC),  # the next day there
        datetime(2025, 1, 28, 1, 5, 9, tzinfo=UTC),
        timezone.now() - timedelta(days=400),
    ]
    for language in ("vi", "en"):
        with translation.override(language):
            for v in [*instants, None]:
                shown, fast = TEMPLATE.render({"v": v}).split("|")
                assert fast == shown
    assert TEMPLATE.render({"v": instants[1]}).split("|")[1] == "00:00 27/11/2026"

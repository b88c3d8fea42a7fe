"""Every search-as-you-type box lets the latest query win.

htmx's default drops a request made while another from the same element is in flight, so a
box could stay showing the answer to a prefix of what the person typed. The browser tests of
the counter and the portal's catalogue show the effect; this test keeps every such box on it."""

import re
from pathlib import Path

from django.conf import settings

DEBOUNCED = re.compile(r"<[a-z]+\s[^>]*hx-trigger=\"[^\"]*delay:[^>]*>", re.S)


def debounced_tags() -> dict[str, str]:
    tags = {}
    for path in Path(settings.BASE_DIR).glob("*/templates/**/*.html"):
        for tag in DEBOUNCED.findall(path.read_text()):
            tags[f"{path.relative_to(settings.BASE_DIR)}: {tag[:60]}"] = tag
    return tags


def test_every_debounced_search_replaces_a_request_in_flight():
    tags = debounced_tags()
    assert len(tags) >= 3  # the counter, the portal's catalogue, the citizen's new dossier
    assert [where for where, tag in tags.items() if 'hx-sync="this:replace"' not in tag] == []

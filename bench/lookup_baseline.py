"""Settings for bench/lookup.py: the production settings with the look-up limit lifted (one
client address sends thousands of look-ups a minute; the limit would answer 429 after 10),
and the product's URLs plus one minimal view that reads one dossier row by its key, the
baseline (bench/lookup_urls.py). Used only as DJANGO_SETTINGS_MODULE of the benchmark's
server; not part of the product.
"""

from motcua.settings import *  # noqa: F403

ROOT_URLCONF = "bench.lookup_urls"
PORTAL_LOOKUPS_PER_MINUTE = 10**9

"""For bench/api_intake_profile.py: the production settings and URLs, plus the baseline's
one-row insert view under /bench-baseline/ (so one process serves both)."""

from motcua.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api_intake_profile_urls"

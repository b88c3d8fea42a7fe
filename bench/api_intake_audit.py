"""For bench/api_intake.py --simulate-audit: the production settings and URLs, plus one
extra INSERT and one UPDATE of a single global "head" row at the end of every dossier
transaction (when its history event is written), standing in for an audit log with a
chained head row. Used only as DJANGO_SETTINGS_MODULE of the bench's server."""

from motcua.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api_intake_audit_urls"
LOG_TABLE = "bench_audit_log"
HEAD_TABLE = "bench_audit_head"
CREATE_TABLES = [
    f"CREATE TABLE IF NOT EXISTS {LOG_TABLE} (id {{pk}}, event_id BIGINT NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {HEAD_TABLE} (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)",
    f"INSERT INTO {HEAD_TABLE} (id, n) VALUES (1, 0)",  # noqa: S608
]

"""gunicorn settings of the production profile (deploy/systemd/motcua-web@.service).

One gunicorn master per loopback port, several sync workers each; nginx spreads requests over
the masters (deploy/nginx). Tuned by the environment:
- GUNICORN_BIND (default 127.0.0.1:8001; the systemd unit sets it from its instance name)
- GUNICORN_WORKERS (default 4: two to four per core for this I/O-bound app)
- GUNICORN_TIMEOUT (default 60 s: the longest request, a PDF or a report export)
"""

import os

wsgi_app = "motcua.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")]
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
worker_class = "sync"
# Import the application in the master before it opens its port: while a restarted process
# boots, nginx finds the port closed and sends requests to the other process, instead of
# queueing them behind workers that are still importing Django. (Workers then share the
# imported code's memory; code changes need a restart, not a HUP.)
preload_app = True
# systemd manages the processes; gunicorn's control socket would be one path
# ($HOME/.gunicorn/gunicorn.ctl) for both processes of the same user.
control_socket_disable = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then, staggered, so a slow leak never grows without bound.
max_requests = 5000
max_requests_jitter = 500
# X-Forwarded-Proto (https) is believed only from the proxy on this machine: it makes
# request.is_secure() true behind TLS, which secure cookies and CSRF's origin check need.
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "motcua-" + bind[0].rsplit(":", 1)[-1]
accesslog = "-"  # to the journal
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The workers' heartbeat files in memory, not on a disk that may stall (gunicorn's advice).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108


def on_starting(server) -> None:
    """In the master, after the preloaded application and before the port opens: import the
    URLconf too (the API, WeasyPrint, …), which Django otherwise imports at each worker's first
    request: seconds that request would wait, and a restarted process would be slow at first."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every URL module

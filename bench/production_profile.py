"""The production profile of deploy/, started whole on this machine, checked, and measured.

Without root and without touching the machine's own nginx or systemd, in a temporary folder:
- a fresh PostgreSQL database (dropped and created again; its name must contain "bench");
- a private Redis (redis-server on a free loopback port, nothing on disk), or --redis-url;
- migrate and collectstatic, as docs/deployment.md says;
- two gunicorn masters (deploy/gunicorn.conf.py, --workers each) on two loopback ports, the
  two application processes of the upstream, and the background worker (db_worker);
- nginx (Debian's) with a configuration generated from deploy/nginx/motcua-loopback.conf and
  motcua-app.conf on a non-privileged port. Two more gunicorn masters serve the bench's
  baseline view (bench/api_intake_baseline.py) behind the same nginx at /bench-baseline/;
- with --storage s3, scans in a private bucket of an S3-compatible server on loopback
  (moto's standalone server, a dev dependency; STORAGE=s3 as deploy/env.example says).

Then, through nginx: static files come from nginx, uploaded files' paths are refused, both
application processes answer, a sign-in made on one is valid on the other (sessions in
Redis), the look-up rate limit is counted once for both processes and a client cannot pick
its address with X-Real-IP; then the intake benchmark (bench/api_intake.py --url) runs
16 clients against the API beside the baseline insert view, and the background worker has to
write and send the receipt notice of every dossier received; a scan is uploaded to one of
those dossiers and read back through both processes, and the stored object (in the bucket or
under MEDIA_ROOT) is compared with what was sent; last, the two application processes are
restarted one after the other while clients keep reading pages through nginx; and the
profile's Redis is stopped: signed-in officers, the look-up, sign-in and sign-out go on.
Everything started is stopped at the end, also on Ctrl+C or an error.

Usage:
  .venv/bin/python bench/production_profile.py
Options: --database-url postgres://postgres@127.0.0.1:5432/motcua_bench_profile --port 8080
  --workers 4 --clients 16 --seconds 30 --baseline-seconds 10 --redis-url URL
  --storage filesystem|s3 --keep
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

from bench.api_intake import free_port, fresh_postgres  # noqa: E402

# ---------------------------------------------------------------- nginx configuration


def nginx_config(
    *,
    tmp: Path,
    port: int,
    app_ports: list[int],
    static_root: Path,
    baseline_ports: list[int] | None = None,
    tls: bool = False,
    certificate: tuple[Path, Path] | None = None,
) -> Path:
    """Write a main nginx.conf under `tmp` whose http block includes deploy/nginx's server
    configuration with this machine's paths and ports; return its path. `tls` takes
    motcua.conf (the HTTPS variant, only for `nginx -t`) instead of motcua-loopback.conf."""
    (tmp / "nginx-temp").mkdir(parents=True, exist_ok=True)
    app = (DEPLOY / "nginx" / "motcua-app.conf").read_text()
    app = _replace(app, "alias /var/lib/motcua/static/;", f"alias {static_root}/;")
    (tmp / "motcua-app.conf").write_text(app)

    site = (DEPLOY / "nginx" / ("motcua.conf" if tls else "motcua-loopback.conf")).read_text()
    site = _replace(site, "server 127.0.0.1:8001 ", f"server 127.0.0.1:{app_ports[0]} ")
    site = _replace(site, "server 127.0.0.1:8002 ", f"server 127.0.0.1:{app_ports[1]} ")
    include = "include /srv/motcua/deploy/nginx/motcua-app.conf;"
    extra = ""
    if baseline_ports:
        # Profile only: which application process answered, and the bench's baseline view.
        extra = (
            "add_header X-Motcua-Upstream $upstream_addr always;\n"
            "    location /bench-baseline/ {\n"
            "        proxy_pass http://motcua_baseline/;\n"
            "        proxy_set_header Host $host;\n"
            "    }\n    "
        )
    site = _replace(site, include, f"{extra}include {tmp / 'motcua-app.conf'};")
    if tls:
        if certificate is None:
            raise ValueError("the HTTPS variant needs a certificate and its key")
        site = _replace(site, "listen 80;", f"listen 127.0.0.1:{free_port()};")
        site = _replace(site, "listen [::]:80;\n", "")
        site = _replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{port} ssl http2;")
        site = _replace(site, "listen [::]:443 ssl http2;\n", "")
        site = _replace(site, "/etc/ssl/motcua/fullchain.pem", str(certificate[0]))
        site = _replace(site, "/etc/ssl/motcua/privkey.pem", str(certificate[1]))
    else:
        site = _replace(site, "listen 127.0.0.1:80;", f"listen 127.0.0.1:{port};")
    (tmp / "motcua-site.conf").write_text(site)

    upstreams = ""
    if baseline_ports:
        servers = "".join(f"        server 127.0.0.1:{p};\n" for p in baseline_ports)
        upstreams = f"    upstream motcua_baseline {{\n{servers}    }}\n"
    temp = tmp / "nginx-temp"
    main = f"""# Generated by bench/production_profile.py for this machine; not for production.
worker_processes 2;
pid {tmp / "nginx.pid"};
error_log {tmp / "nginx-error.log"} warn;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp / "nginx-access.log"};
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    server_tokens off;
    client_body_temp_path {temp / "body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
{upstreams}    include {tmp / "motcua-site.conf"};
}}
"""
    path = tmp / "nginx.conf"
    path.write_text(main)
    return path


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ValueError(f"deploy/nginx changed: {old!r} is no longer there")
    return text.replace(old, new)


def nginx_test(conf: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NGINX, "-t", "-q", "-p", str(conf.parent), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )


# ---------------------------------------------------------------- processes


class Processes:
    """Every process started, each in its own process group; stopped in reverse order."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, argv: list[str], env: dict) -> subprocess.Popen:
        log = (self.tmp / f"{name}.log").open("ab")
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
        self.started.append((name, process))
        return process

    def find(self, name: str) -> subprocess.Popen:
        return [p for n, p in self.started if n == name and p.poll() is None][-1]

    def stop_all(self) -> None:
        for _name, process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in reversed(self.started):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                print(f"  {name} did not stop in 30 s: SIGKILL", file=sys.stderr)
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.started.clear()


def wait_for(what: str, probe, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if probe():
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.1)
    raise SystemExit(f"{what} did not come up within {seconds:.0f} s")


def http_ok(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    status = conn.getresponse().status
    conn.close()
    return status < 500


# ---------------------------------------------------------------- checks through nginx


class Client:
    """One browser-like client of nginx: a keep-alive connection and a cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, http.client.HTTPResponse, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response, data


def checks(port: int, app_ports: list[int], static_root: Path, env: dict) -> list[tuple]:
    results: list[tuple[str, bool, str]] = []
    client = Client(port)

    # Static files: from STATIC_ROOT by nginx, with its headers; never from the application.
    relative = "vendor/htmx/htmx.min.js"
    status, response, body = client.request("GET", f"/static/{relative}")
    same = body == (static_root / relative).read_bytes()
    results.append(
        (
            "static file served by nginx from STATIC_ROOT",
            status == 200 and same and response.getheader("X-Motcua-Upstream") is None,
            f"{status}, {len(body)} bytes, identical: {same}, "
            f"nosniff: {response.getheader('X-Content-Type-Options')}, "
            f"gzip offered: {client_gzip(port, relative)}",
        )
    )
    status, _response, _body = client.request("GET", "/media/attachments/1/x")
    results.append(("uploaded files' paths refused by nginx", status == 404, f"{status}"))

    # Both application processes answer; a sign-in on one is valid on the other.
    signed_in = sign_in(client, env)
    answers, upstreams = [], set()
    for _ in range(12):
        status, response, _body = client.request("GET", "/tai-khoan/doi-mat-khau/")
        answers.append(status)
        upstreams.add(response.getheader("X-Motcua-Upstream", ""))
    expected = {f"127.0.0.1:{p}" for p in app_ports}
    results.append(
        (
            "both application processes answer",
            upstreams == expected,
            f"answered by {sorted(upstreams)}",
        )
    )
    results.append(
        (
            "a sign-in is valid on both processes (sessions in Redis + database)",
            signed_in and set(answers) == {200},
            f"sign-in {'ok' if signed_in else 'FAILED'}; "
            f"12 × GET /tai-khoan/doi-mat-khau/: {answers}",
        )
    )
    results.append(("session in Redis", redis_has_session(env), "cached_db session key found"))

    # The look-up limit (10 a minute per client) counted once for both processes.
    if (wait := 60 - int(time.time()) % 60) < 6:
        time.sleep(wait + 0.5)  # not across a minute boundary
    statuses, upstreams = [], set()
    lookup = json.dumps({"code": "000.00.00.H00-250101-0001", "digits": "1234"}).encode()
    for i in range(12):
        # The 12th tries another address with X-Real-IP: nginx overwrites the header.
        spoof = {"X-Real-IP": "10.9.8.7"} if i == 11 else {}
        status, response, _body = client.request(
            "POST",
            "/api/v1/lookup",
            body=lookup,
            headers={"Content-Type": "application/json", **spoof},
        )
        statuses.append(status)
        upstreams.add(response.getheader("X-Motcua-Upstream", ""))
    results.append(
        (
            "look-up limit shared by both processes; X-Real-IP cannot be forged",
            statuses[:10] == [404] * 10 and statuses[10:] == [429, 429] and upstreams == expected,
            f"statuses {statuses} from {sorted(upstreams)}",
        )
    )
    return results


def post_form(client: Client, path: str, fields: dict) -> int:
    """POST a form with the CSRF token the client's cookie holds (the page was read first)."""
    form = urlencode({**fields, "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")})
    status, _response, _body = client.request(
        "POST",
        path,
        body=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    return status


def sign_in(client: Client, env: dict) -> bool:
    client.request("GET", "/tai-khoan/dang-nhap/")
    fields = {"username": "profile", "password": env["PROFILE_PASSWORD"]}
    return post_form(client, "/tai-khoan/dang-nhap/", fields) == 302 and (
        "sessionid" in client.cookies
    )


def redis_outage(processes: "Processes", port: int, env: dict) -> tuple[bool, str]:
    """Stop the profile's Redis and go on through nginx: an officer signed in before keeps
    working (the session read from the database), the look-up answers (limit counted per
    process), a new sign-in and a sign-out work (motcua.cache)."""
    before = Client(port)
    signed_in_before = sign_in(before, env)
    redis = processes.find("redis")
    redis.terminate()
    redis.wait(timeout=30)
    began = time.monotonic()
    pages = [before.request("GET", "/tai-khoan/doi-mat-khau/")[0] for _ in range(6)]
    first = time.monotonic() - began
    lookup = json.dumps({"code": "000.00.00.H00-250101-0002", "digits": "4321"}).encode()
    lookups = [
        before.request(
            "POST", "/api/v1/lookup", body=lookup, headers={"Content-Type": "application/json"}
        )[0]
        for _ in range(2)
    ]
    after = Client(port)
    signed_in_after = sign_in(after, env)
    page_after = after.request("GET", "/tai-khoan/doi-mat-khau/")[0]
    signed_out = post_form(after, "/tai-khoan/dang-xuat/", {}) == 302
    gone = after.request("GET", "/tai-khoan/doi-mat-khau/")[0]
    ok = (
        signed_in_before
        and pages == [200] * 6
        and lookups == [404, 404]
        and signed_in_after
        and page_after == 200
        and signed_out
        and gone == 302
    )
    return ok, (
        f"signed in before: {signed_in_before}; Redis stopped; 6 pages {pages} "
        f"({first:.1f} s); 2 look-ups {lookups}; a new sign-in {signed_in_after}, its page "
        f"{page_after}, sign-out {signed_out}, then {gone}"
    )


def client_gzip(port: int, relative: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", f"/static/{relative}", headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.getheader("Content-Encoding", "no")


def redis_has_session(env: dict) -> bool:
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    prefix = env["CACHE_KEY_PREFIX"]
    return any(True for _ in client.scan_iter(f"{prefix}:*sessions.cached_db*", count=1000))


def rolling_restart(
    processes: "Processes", port: int, app_ports: list[int], start_web
) -> tuple[bool, str]:
    """Restart the application processes one after the other (SIGTERM: gunicorn finishes
    the requests in flight, as `systemctl restart motcua-web@PORT` does) while 4 clients keep
    reading a page through nginx: no request may fail."""
    statuses: Counter = Counter()
    failures: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not stop.is_set():
            try:
                conn.request("GET", "/tra-cuu/")
                response = conn.getresponse()
                response.read()
                statuses[response.status] += 1
            except (OSError, http.client.HTTPException) as error:
                failures.append(f"{type(error).__name__}: {error}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.close()

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    began = time.monotonic()
    try:
        time.sleep(2)
        for p in app_ports:
            process = processes.find(f"web-{p}")
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
            start_web(p)
            wait_for(f"gunicorn on {p} again", lambda p=p: http_ok(p, "/tra-cuu/"))
            time.sleep(1)
    finally:
        stop.set()
        for t in threads:
            t.join()
    ok = set(statuses) == {200} and not failures
    return ok, (
        f"{sum(statuses.values())} reads in {time.monotonic() - began:.1f} s, "
        f"statuses {dict(statuses)}, connection failures {dict(Counter(failures))}"
    )


def notices_drained(database_url: str, seconds: float) -> tuple[bool, str]:
    """Wait for the background worker to write and send the receipt notice of every dossier
    the intake received: each intake queued the job that writes it (notifications.tasks)."""
    import psycopg

    began = time.monotonic()
    counts: dict[str, int] = {}
    jobs = without = 0
    while time.monotonic() - began < seconds:
        with psycopg.connect(database_url) as conn:
            rows = conn.execute(
                "SELECT status, count(*) FROM notifications_notification GROUP BY status"
            ).fetchall()
            jobs = conn.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE status IN ('READY', 'RUNNING')"
            ).fetchone()[0]
            without = conn.execute(
                "SELECT count(*) FROM dossiers_dossier d WHERE NOT EXISTS (SELECT 1 FROM"
                " notifications_notification n WHERE n.dossier_id = d.id AND n.kind = 'receipt')"
            ).fetchone()[0]
        counts = dict(rows)
        if not jobs and not without and not counts.get("pending"):
            break
        time.sleep(1)
    waited = time.monotonic() - began
    ok = bool(counts) and not (jobs or without or counts.get("pending") or counts.get("failed"))
    detail = f"{counts}, {jobs} jobs queued, {without} dossiers without a receipt notice"
    return ok, f"{detail} after waiting {waited:.1f} s"


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/motcua_bench_profile"
    )
    parser.add_argument("--redis-url", default="", help="default: a private redis-server")
    parser.add_argument("--port", type=int, default=8080, help="nginx, on 127.0.0.1")
    parser.add_argument("--workers", type=int, default=4, help="per application process")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--baseline-seconds", type=float, default=10)
    parser.add_argument(
        "--storage",
        choices=["filesystem", "s3"],
        default="filesystem",
        help="where scans are stored; s3: a private bucket of an S3-compatible server started "
        "on loopback (moto's standalone server)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if not Path(NGINX).exists():
        raise SystemExit("nginx is not installed (Debian: apt-get install nginx).")

    tmp = Path(tempfile.mkdtemp(prefix="motcua-profile-"))
    tmp.chmod(0o755)  # nginx's workers (user nobody) read static/ below it
    processes = Processes(tmp)

    def stop(signum, _frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        ok = run(args, tmp, processes)
    finally:
        print("stopping nginx, gunicorn, the worker and Redis…")
        processes.stop_all()
        if args.keep:
            print(f"logs and configuration kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(0 if ok else 1)


def run(args: argparse.Namespace, tmp: Path, processes: Processes) -> bool:
    var = tmp / "var"
    fresh_postgres(args.database_url)
    redis_url = args.redis_url
    if not redis_url:
        redis_port = free_port()
        processes.start(
            "redis",
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp),
            ],
            dict(os.environ),
        )
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"motcua-profile-{os.getpid()}",
        "TRUSTED_PROXIES": "127.0.0.1,::1",
        "SESSION_COOKIE_SECURE": "0",  # plain HTTP on loopback
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_SSL_REDIRECT": "0",
        "MOTCUA_VAR_DIR": str(var),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "SMS_BACKEND": "notifications.sms.FileSMSBackend",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_LOG_LEVEL": "warning",
        "PROFILE_PASSWORD": secrets.token_urlsafe(16),
    }
    python = str(BIN / "python")
    if args.storage == "s3":
        env.update(s3_store(processes, python))
    print(
        f"profile in {tmp}: PostgreSQL {args.database_url.split('@')[-1]}, Redis {redis_url}, "
        f"nginx on 127.0.0.1:{args.port}, 2 × {args.workers} gunicorn workers, "
        f"files: {args.storage}{' ' + env['S3_ENDPOINT_URL'] if args.storage == 's3' else ''}"
    )

    def manage(*command: str) -> None:
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)

    began = time.monotonic()
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from accounts.models import User; import os; "
        # a plain account: administrators need a TOTP code after the password
        "User.objects.create_user('profile', None, os.environ['PROFILE_PASSWORD'])",
    )
    static_root = var / "static"
    print(f"migrate, collectstatic, a user: {time.monotonic() - began:.1f} s")

    app_ports = [free_port(), free_port()]
    baseline_ports = [free_port(), free_port()]
    gunicorn = [str(BIN / "gunicorn"), "--config", str(DEPLOY / "gunicorn.conf.py")]

    def start_web(p: int) -> None:
        processes.start(f"web-{p}", gunicorn, {**env, "GUNICORN_BIND": f"127.0.0.1:{p}"})

    for p in app_ports:
        start_web(p)
    baseline_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.api_intake_baseline"}
    for p in baseline_ports:
        processes.start(
            f"baseline-{p}", gunicorn, {**baseline_env, "GUNICORN_BIND": f"127.0.0.1:{p}"}
        )
    processes.start(
        "worker", [python, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"], env
    )
    conf = nginx_config(
        tmp=tmp,
        port=args.port,
        app_ports=app_ports,
        static_root=static_root,
        baseline_ports=baseline_ports,
    )
    tested = nginx_test(conf)
    if tested.returncode != 0:
        raise SystemExit(f"nginx -t failed:\n{tested.stderr}")
    processes.start("nginx", [NGINX, "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"], env)
    for p in app_ports:
        wait_for(f"gunicorn on {p}", lambda p=p: http_ok(p, "/api/v1/openapi.json"))
    for p in baseline_ports:
        wait_for(f"baseline gunicorn on {p}", lambda p=p: http_ok(p, "/"))  # 404
    wait_for("nginx", lambda: http_ok(args.port, "/api/v1/openapi.json"))
    print(f"everything answering {time.monotonic() - began:.1f} s after the start")

    results = checks(args.port, app_ports, static_root, env)
    for name, passed, detail in results:
        print(f"[{'PASS' if passed else 'FAIL'}] {name}: {detail}")

    print(
        f"\nintake benchmark through nginx ({args.clients} clients); load average before: "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}",
        flush=True,
    )
    bench = subprocess.run(
        [
            python,
            str(ROOT / "bench" / "api_intake.py"),
            "--url",
            f"http://127.0.0.1:{args.port}",
            "--baseline-url",
            f"http://127.0.0.1:{args.port}/bench-baseline",
            "--database-url",
            args.database_url,
            "--clients",
            str(args.clients),
            "--seconds",
            str(args.seconds),
            "--baseline-seconds",
            str(args.baseline_seconds),
        ],
        cwd=ROOT,
        env={**env, "LOG_LEVEL": "WARNING"},
        check=False,
    )
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    scanned, detail = scan_round_trip(args.port, app_ports, env, python, var)
    print(
        f"[{'PASS' if scanned else 'FAIL'}] a scan stored ({args.storage}) and read back: {detail}"
    )
    drained, detail = notices_drained(args.database_url, seconds=120)
    print(f"[{'PASS' if drained else 'FAIL'}] background worker sent the receipt notices: {detail}")
    sms = len(list((var / "sms").glob("*"))) if (var / "sms").exists() else 0
    print(f"  SMS files written by the worker: {sms}")
    restarted, detail = rolling_restart(processes, args.port, app_ports, start_web)
    print(f"[{'PASS' if restarted else 'FAIL'}] restart of one process, then the other: {detail}")
    outage = True
    if not args.redis_url:  # only the profile's own Redis is stopped
        outage, detail = redis_outage(processes, args.port, env)
        print(f"[{'PASS' if outage else 'FAIL'}] Redis stopped, the site goes on: {detail}")
    statuses = _statuses(tmp / "nginx-access.log")
    print(f"  nginx access log, the whole run: statuses {dict(sorted(statuses.items()))}")
    passed = all(passed for _, passed, _ in results)
    return passed and bench.returncode == 0 and scanned and drained and restarted and outage


# ---------------------------------------------------------------- files

S3_BUCKET, S3_PREFIX = "motcua-profile", "ho-so"
S3_KEYS = {"S3_ACCESS_KEY_ID": "motcua-profile", "S3_SECRET_ACCESS_KEY": "motcua-profile-secret"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def s3_client(endpoint: str):
    """A client of the profile's S3 server, apart from the application's."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="ap-southeast-1",
        aws_access_key_id=S3_KEYS["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["S3_SECRET_ACCESS_KEY"],
    )


def s3_store(processes: Processes, python: str) -> dict:
    """An S3-compatible server on loopback (moto's, a dev dependency) with a private bucket;
    the environment that points STORAGE=s3 at it (deploy/env.example)."""

    port = free_port()
    processes.start(
        "s3", [python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], dict(os.environ)
    )
    endpoint = f"http://127.0.0.1:{port}"
    wait_for("the S3 server", lambda: http_ok(port, "/"))
    s3_client(endpoint).create_bucket(
        Bucket=S3_BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
    )
    return {
        "STORAGE": "s3",
        "S3_BUCKET": S3_BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "ap-southeast-1",
        "S3_PREFIX": S3_PREFIX,
        **S3_KEYS,
    }


def scan_round_trip(
    port: int, app_ports: list[int], env: dict, python: str, var: Path
) -> tuple[bool, str]:
    """Through nginx: a scan uploaded to a dossier the intake benchmark received, then read
    back several times (so by both application processes); the stored object is compared
    with what was sent, in the bucket or under MEDIA_ROOT, and its path is refused by nginx."""
    made = subprocess.run(
        [python, "manage.py", "shell", "-v", "0", "-c", SCAN_FIXTURE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    fixture = json.loads(made.stdout.strip().splitlines()[-1])
    boundary = secrets.token_hex(8)
    head = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="file"; filename="to-khai.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    body = head.encode() + PDF + f"\r\n--{boundary}--\r\n".encode()
    client = Client(port)
    auth = {"Authorization": f"Bearer {fixture['token']}"}
    path = f"/api/v1/dossiers/{fixture['code']}/attachments"
    status, _response, answer = client.request(
        "POST",
        path,
        body=body,
        headers={**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    if status != 201:
        return False, f"upload answered {status}: {answer[:200]!r}"
    scan = json.loads(answer)
    reads, upstreams = [], set()
    for _ in range(6):
        status, response, data = client.request("GET", f"{path}/{scan['id']}", headers=auth)
        reads.append(status == 200 and data == PDF)
        upstreams.add(response.getheader("X-Motcua-Upstream", ""))
    name = fixture_file_name(env, python, scan["id"])
    if env.get("STORAGE") == "s3":
        bucket = s3_client(env["S3_ENDPOINT_URL"])
        key = f"{S3_PREFIX}/{name}"
        stored = bucket.get_object(Bucket=S3_BUCKET, Key=key)["Body"].read() == PDF
        where = f"s3://{S3_BUCKET}/{key}"
        on_disk = (var / "media").exists() and any((var / "media").rglob("*.*"))
    else:
        file = var / "media" / name
        stored, where, on_disk = file.exists() and file.read_bytes() == PDF, str(file), False
    refused, _response, _data = client.request("GET", f"/media/{name}")
    both = upstreams == {f"127.0.0.1:{p}" for p in app_ports}
    ok = all(reads) and stored and not on_disk and refused == 404 and both
    return ok, (
        f"{where}; identical: {stored}; {sum(reads)}/{len(reads)} reads identical, served by "
        f"{sorted(upstreams)}; /media/ path: {refused}"
        + (f"; nothing under MEDIA_ROOT: {not on_disk}" if env.get("STORAGE") == "s3" else "")
    )


# A dossier of the intake benchmark and a token of its desk officer, as JSON on one line.
SCAN_FIXTURE = (
    "import json; from accounts.models import User; from api.tokens import api_token_create; "
    "from dossiers.models import Dossier; "
    "d = Dossier.objects.order_by('pk').first(); "
    "t = api_token_create(user=User.objects.get(username='bench_api'), units=[d.unit], "
    "name='scan'); print(json.dumps({'code': d.code, 'token': t.value}))"
)


def fixture_file_name(env: dict, python: str, scan_id: int) -> str:
    """The stored name of scan `scan_id`, as the database holds it."""
    found = subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from dossiers.models import DossierAttachment; "
            f"print(DossierAttachment.objects.get(pk={scan_id}).file.name)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip().splitlines()[-1]


def _statuses(log: Path) -> Counter:
    pattern = re.compile(r'" (\d\d\d) ')
    found: Counter = Counter()
    for line in log.open() if log.exists() else []:
        if match := pattern.search(line):
            found[match.group(1)] += 1
    return found


if __name__ == "__main__":
    main()

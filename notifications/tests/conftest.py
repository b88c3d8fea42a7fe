"""Dossiers through the real services at fixed Vietnam times; the queue drained by the real
django-tasks-db worker; SMS gateways as real HTTP servers on 127.0.0.1."""

import json
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import Role, User
from accounts.tests.factories import officer
from catalog.models import AdministrativeUnit, Level, ProcedureVersion
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers import services
from dossiers.models import Dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN)


START = at(2026, 3, 2, 9, 0)  # Monday; 3 working days → due Thursday 5/3 09:00


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    """Time stands still at START unless a test moves it (backoff is then exact)."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@dataclass
class Desk:
    unit: AdministrativeUnit
    version: ProcedureVersion
    reception: User
    specialist: User
    approver: User

    def receive(
        self,
        *,
        email: str = "binh.tran@example.vn",
        phone: str = "0912345678",
        name: str = "Trần Thị Bình",
    ) -> Dossier:
        papers = [
            services.PaperReceived(
                name=p.name, copy_kind=p.copy_kind, count=p.count, required_paper_id=p.pk
            )
            for p in self.version.papers.all()
        ]
        return services.dossier_receive(
            actor=self.reception,
            unit=self.unit,
            procedure_version=self.version,
            channel="direct",
            applicant=services.Applicant(name=name, phone=phone, email=email),
            papers=papers,
        )

    def approve(self, dossier: Dossier) -> Dossier:
        d = services.dossier_assign(actor=self.reception, dossier=dossier, assignee=self.specialist)
        d = services.dossier_submit_for_approval(actor=self.specialist, dossier=d)
        return services.dossier_approve(actor=self.approver, dossier=d, result="Bản sao trích lục")


def make_desk(name: str = "Xã Đồng Tâm") -> Desk:
    district = UnitFactory(name="Huyện Mỹ Đức", level=Level.DISTRICT, kind="huyện", agency_id="")
    unit = UnitFactory(name=name, kind="xã", parent=district)
    version = ProcedureVersionFactory(
        name="Cấp bản sao trích lục hộ tịch", effective_from=date(2016, 1, 1)
    )
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai cấp bản sao")
    return Desk(
        unit=unit,
        version=version,
        reception=officer(unit, Role.RECEPTION),
        specialist=officer(unit, Role.SPECIALIST),
        approver=officer(unit, Role.APPROVER),
    )


@pytest.fixture
def desk(db) -> Desk:
    return make_desk()


def drain_queue() -> None:
    """Run the real `db_worker` in its --batch mode: every ready task, then exit."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0
        )
    finally:  # the worker installs its own signal handlers; give pytest its own back
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


@dataclass
class Gateway:
    """A scripted SMS gateway: answers each POST with the next status (the last repeats)."""

    statuses: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    requests: list[dict] = field(default_factory=list)
    url: str = ""
    arrived: threading.Event = field(default_factory=threading.Event)  # a request came in

    def next_status(self) -> int:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]


@pytest.fixture
def gateway(settings) -> Iterator[Gateway]:
    gw = Gateway()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                gw.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
                )
                status = gw.next_status()
            gw.arrived.set()
            time.sleep(gw.delay)
            try:
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", f"{gw.url}-moved")
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"error": "gateway busy"}' if status >= 400 else b'{"ok": true}')
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and hung up: that is the point of that test

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gw.url = f"http://127.0.0.1:{server.server_port}/sms"
    settings.SMS_BACKEND = "notifications.sms.HTTPGatewaySMSBackend"
    settings.SMS_GATEWAY_URL = gw.url
    settings.SMS_GATEWAY_TOKEN = "token-for-tests"
    settings.SMS_GATEWAY_TIMEOUT = 5
    yield gw
    server.shutdown()
    server.server_close()

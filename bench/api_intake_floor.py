"""For bench/api_intake.py --floor: the production settings with one view that makes, in one
transaction, the same writes as one API intake — the day counter's UPDATE, the dossier, its
paper, the report counters' upsert, the history event, the notices' job row and the three
statements of the audit chain — through Django's cursor, with none of the intake's Python
(no parsing, validation, permission check, due-date computation or ORM). Each statement's
text and values are built once per process from the models; a request changes only the
code, the new dossier's id, the job's id and the audit chain's link.

It is a floor, not a product path: what one intake costs at the least on this machine and
engine, beside the one-row view (bench/api_intake_baseline.py) in the same run. Used only as
DJANGO_SETTINGS_MODULE of the bench's server; not part of the product's URLs.
"""

import hashlib
import json
import os
import uuid
from functools import cache

from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from common.rows import _statement, row_values
from motcua.settings import *  # noqa: F403

ROOT_URLCONF = __name__
UNIT_IDS = "MOTCUA_FLOOR_UNITS"  # comma-separated ids of the fixture's receiving units


@cache
def _templates(unit_id: int) -> dict:
    """Statements and value rows of one intake at `unit_id`, made once per process."""
    from django_tasks_db.models import DBTaskResult

    from audit.models import AuditEvent
    from catalog.models import ProcedureVersion
    from dossiers.models import Dossier, DossierEvent, DossierPaper
    from reports.rollup import Deltas, DossierFacts

    version = ProcedureVersion.objects.get(procedure__code="9.999999")
    paper_id = version.papers.values_list("pk", flat=True)[0]
    now = timezone.now()
    dossier = Dossier(
        code="X" * 24,
        unit_id=unit_id,
        procedure_version=version,
        channel="online",
        status="received",
        applicant_name="Nguyễn Văn An",
        applicant_name_folded="nguyen van an",
        applicant_id_number="001099012345",
        applicant_phone="0912345678",
        applicant_email="an@example.vn",
        applicant_address="Thôn 1, xã Đo Tải",
        received_at=now,
        effective_start=now,
        due_at=now,
    )
    deltas = Deltas()
    deltas.add(DossierFacts.of(dossier), 1)
    paper = DossierPaper(
        dossier_id=0, required_paper_id=paper_id, name="Tờ khai", copy_kind="original", count=1
    )
    event = DossierEvent(
        dossier_id=0,
        action="receive",
        actor_id=None,
        at=now,
        from_status="",
        to_status="received",
        note="",
        data={"due_at": now.isoformat()},
    )
    job = DBTaskResult(
        status="READY",
        args_kwargs={"args": [0], "kwargs": {}},
        task_path="notifications.tasks.compose_notices",
        queue_name="default",
        backend_name="default",
        run_after=now,
        exception_class_path="",
        traceback="",
    )
    entry = AuditEvent(
        seq=0,
        at=now,
        actor_repr="bench_api",
        event="dossier.receive",
        object_type="dossiers.dossier",
        object_id="0",
        object_repr="X" * 24,
        after={"action": "receive", "status": "received", "data": {"due_at": now.isoformat()}},
        prev_hash="0" * 64,
        hash="0" * 64,
    )
    job_pk = DBTaskResult._meta.pk
    out = {
        "rollup": deltas.rows(),
        "job_id": lambda value: job_pk.get_db_prep_value(value, connection),
    }
    for name, instance in (
        ("dossier", dossier),
        ("paper", paper),
        ("event", event),
        ("job", job),
        ("audit", entry),
    ):
        sql, fields, _auto = _statement(type(instance), connection.vendor, 1)  # the product's
        out[name] = (sql, [f.attname for f in fields], row_values(instance, fields, connection))
    return out


def _row(template: tuple, **changes: object) -> list:
    _sql, names, values = template
    row = list(values)
    for name, value in changes.items():
        row[names.index(name)] = value
    return row


@csrf_exempt
def intake_writes(request: HttpRequest) -> JsonResponse:
    from audit.services import HEAD_HASH_SET, HEAD_PK
    from dossiers.numbering import dossier_code_allocate
    from reports.rollup import rollup_write

    units = [int(u) for u in os.environ[UNIT_IDS].split(",")]
    unit_id = units[json.loads(request.body)["unit"] % len(units)]
    t = _templates(unit_id)
    with transaction.atomic(), connection.cursor() as cursor:
        unit = _unit(unit_id)
        code = dossier_code_allocate(unit=unit, day=timezone.localdate())
        cursor.execute(t["dossier"][0], _row(t["dossier"], code=code))
        dossier_id = cursor.fetchone()[0]
        rollup_write(t["rollup"])
        cursor.execute(t["paper"][0], _row(t["paper"], dossier_id=dossier_id))
        cursor.execute(t["event"][0], _row(t["event"], dossier_id=dossier_id))
        cursor.execute(t["job"][0], _row(t["job"], id=t["job_id"](uuid.uuid4())))
        seq, prev = _head_take(cursor)
        link = hashlib.sha256(f"{prev}{seq}{code}".encode()).hexdigest()
        cursor.execute(
            t["audit"][0],
            _row(
                t["audit"],
                seq=seq,
                object_id=str(dossier_id),
                object_repr=code,
                prev_hash=prev or "0" * 64,
                hash=link,
            ),
        )
        cursor.execute(HEAD_HASH_SET, [link, HEAD_PK])
    return JsonResponse({"code": code}, status=201)


def _head_take(cursor) -> tuple[int, str]:
    from audit.models import AuditHead
    from audit.services import HEAD_PK, HEAD_TAKE

    cursor.execute(HEAD_TAKE, [HEAD_PK])
    row = cursor.fetchone()
    if row is None:  # a fresh database: no entry yet
        AuditHead.objects.get_or_create(pk=HEAD_PK)
        return _head_take(cursor)
    return int(row[0]), row[1]


@cache
def _unit(unit_id: int):
    from catalog.models import AdministrativeUnit

    return AdministrativeUnit.objects.get(pk=unit_id)


urlpatterns = [path("intake-writes", intake_writes)]
# Bare error answers: the site's error pages link to the site's URLs, which this one lacks.
handler404 = "bench.api_intake_baseline.not_found"
handler400 = "bench.api_intake_baseline.bad_request"

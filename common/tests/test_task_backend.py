"""The job queue's backend writes the row django-tasks-db's own backend writes, in one
statement, and the worker runs it."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus, task, task_backends
from django_tasks.signals import task_enqueued
from django_tasks_db.backend import DatabaseBackend as StockDatabaseBackend
from django_tasks_db.models import DBTaskResult

from common.rows import _statement
from common.task_backend import DatabaseBackend
from common.tests.worker import batch_worker

pytestmark = pytest.mark.django_db(transaction=True)


@task()
def add(a: int, b: int, *, note: str = "") -> str:
    return f"{a + b} {note}"


def stored(job_id: str) -> dict:
    row = DBTaskResult.objects.filter(pk=job_id).values().get()
    del row["id"], row["enqueued_at"]
    return row


def test_the_configured_queue_is_this_backend():
    assert isinstance(task_backends["default"], DatabaseBackend)
    assert add.get_backend() is task_backends["default"]


@pytest.mark.parametrize(
    "options",
    [{}, {"priority": 7, "run_after": timezone.now() + timedelta(hours=2)}],
    ids=["defaults", "priority and run_after"],
)
def test_a_job_is_the_row_the_stock_backend_writes(options):
    job = add.using(**options)
    ours = DatabaseBackend("default", {"QUEUES": ["default"]})
    stock = StockDatabaseBackend("default", {"QUEUES": ["default"]})
    args, kwargs = (2, 3), {"note": "Việt"}

    with CaptureQueriesContext(connection) as queries:
        written = ours.enqueue(job, args, kwargs)
    reference = stock.enqueue(job, args, kwargs)

    # One statement, insert_rows' own (the ORM's create sends another text).
    assert [q["sql"].split(" VALUES ")[0] for q in queries] == [
        _statement(DBTaskResult, connection.vendor, 1)[0].split(" VALUES ")[0]
    ]
    assert "RETURNING" in queries[0]["sql"]
    assert written.id != reference.id
    assert stored(written.id) == stored(reference.id)
    if "run_after" not in options:  # django-tasks-db's pre_save receiver ran: "no later than"
        assert stored(written.id)["run_after"].year == 9999
    assert written.status == TaskResultStatus.READY
    assert written.args == [2, 3] and written.kwargs == {"note": "Việt"}


def test_enqueued_signal_sent_and_a_rolled_back_step_queues_nothing():
    seen = []

    def on_enqueued(sender, task_result, **kwargs):
        seen.append(task_result)

    task_enqueued.connect(on_enqueued)
    try:
        kept = add.enqueue(1, 1)
        with pytest.raises(RuntimeError), transaction.atomic():
            add.enqueue(5, 5)
            raise RuntimeError("the step failed")
    finally:
        task_enqueued.disconnect(on_enqueued)

    # the result is built once: the signal carries the very object enqueue returns
    assert seen[0] is kept and len(seen) == 2
    assert kept.status == TaskResultStatus.READY and kept.args == [1, 1]
    assert [str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)] == [kept.id]


def test_the_worker_runs_the_job():
    result = add.enqueue(40, 2, note="xong")
    worker = batch_worker()
    job = DBTaskResult.objects.ready().get()
    job.claim(worker.worker_id)
    worker.run_task(job)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "42 xong"

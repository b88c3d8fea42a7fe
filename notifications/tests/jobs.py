"""Running the composition jobs a dossier step queues, as the worker does, in tests."""

from collections.abc import Iterator
from contextlib import contextmanager

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from common.tests.worker import batch_worker

# The task paths of the two jobs of a notice, as the task table stores them.
COMPOSE_TASK = "notifications.tasks.compose_notices"
DELIVER_TASK = "notifications.tasks.deliver_notification"


def compose_queued_notices() -> int:
    """Run the queued `compose_notices` jobs as `db_worker` does (claim, run, record the
    result), leaving the delivery jobs they queue for `drain_queue`. Returns how many ran."""
    worker = batch_worker()
    jobs = list(DBTaskResult.objects.ready().filter(task_path=COMPOSE_TASK))
    for job in jobs:
        job.claim(worker.worker_id)
        worker.run_task(job)
        job.refresh_from_db()
        assert job.status == TaskResultStatus.SUCCESSFUL, job.traceback
    return len(jobs)


@contextmanager
def composed_notices() -> Iterator[None]:
    """The steps inside, then the worker's composition of their notices."""
    yield
    compose_queued_notices()

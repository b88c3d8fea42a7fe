"""The job queue's worker as `db_worker --batch` builds it, for tests that claim and run
queued jobs one by one."""

from django_tasks_db.management.commands.db_worker import Worker


def batch_worker() -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
    )

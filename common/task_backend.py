"""The queue of background jobs: django-tasks-db's database backend, with the job's row
written by `common.rows.insert_rows` instead of the ORM's `create`.

Every dossier step that notifies the applicant queues a job inside the step's transaction
(an outbox: notifications/receivers.py), so the ORM's compiler ran on every intake: about a
sixth of an API intake's Python (issue #9, docs/benchmarks.md). The row, the signals and the
job the worker claims are the stock backend's (common/tests/test_task_backend.py). Only
`enqueue` takes this path; `aenqueue` (nothing here queues from async code) is the stock one."""

from typing import Any

from django_tasks.signals import task_enqueued
from django_tasks.utils import normalize_json
from django_tasks_db.backend import DatabaseBackend as StockDatabaseBackend

from common.rows import insert_rows


class DatabaseBackend(StockDatabaseBackend):
    def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        # The stock method builds the job's TaskResult twice (for the signal, then to
        # return): it imports and checks the task each time. Once is enough.
        self.validate_task(task)
        result = self._task_to_db_task(task, args, kwargs).task_result
        task_enqueued.send(type(self), task_result=result)
        return result

    def _task_to_db_task(self, task: Any, args: Any, kwargs: Any) -> Any:
        from django_tasks_db.models import DBTaskResult  # models load after the settings

        job: Any = DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )
        insert_rows(job)  # pre_save sets run_after when the task has none, as with create
        return job

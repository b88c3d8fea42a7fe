"""New rows written with a statement built once per model: for the appends on the hot path
of every dossier step (the dossier at intake, its papers, the history event, the audit
entry), where the ORM's compiler cost more than the statements (one intake: 1,200 Python
calls fewer, 12 % less server CPU on PostgreSQL; docs/benchmarks.md).

`insert_rows` writes exactly what `Model.objects.bulk_create` would — the same columns,
the same values through each field's own conversion, `auto_now_add` and defaults included —
in one `INSERT … RETURNING pk`, and sets the instances' primary keys. Like `save()` (and
unlike `bulk_create`) it sends `pre_save` before the write and `post_save` (created) after
it to a model's receivers, if it has any: a receiver may set a value (django-tasks-db's sets
a job's `run_after`). It refuses a model whose columns the database fills itself
(`db_default`, generated columns): they would be written half right.
"""

from functools import cache

from django.db import connections, models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields import NOT_PROVIDED, AutoFieldMixin
from django.db.models.signals import post_save, pre_save


@cache
def _statement(model: type[models.Model], vendor: str, rows: int) -> tuple[str, tuple, bool]:
    """(SQL, fields written, whether the database makes the primary key) for `rows` rows."""
    meta = model._meta
    for f in meta.concrete_fields:
        if getattr(f, "generated", False) or f.db_default is not NOT_PROVIDED:
            raise TypeError(f"insert_rows cannot write {meta.label}: {f.name} is filled by SQL")
    fields = tuple(f for f in meta.concrete_fields if not isinstance(f, AutoFieldMixin))
    auto = len(fields) < len(meta.concrete_fields)
    # Quoting (and RETURNING) differ per engine, not per connection: any of this engine's.
    qn = next(c for c in connections.all() if c.vendor == vendor).ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES {', '.join([row] * rows)} RETURNING {qn(meta.pk.column)}"
    )
    return sql, fields, auto


def insert_rows(*instances: models.Model) -> None:
    """Insert new `instances` (all of one model) in one statement and set their primary keys.
    Call inside the caller's transaction, as with the ORM."""
    if not instances:
        return
    model = type(instances[0])
    if any(type(i) is not model for i in instances):
        raise TypeError("insert_rows writes instances of one model at a time")
    # The database the ORM would write to, and its connection itself, not the `connection`
    # proxy: every field's conversion reads it, and each read through the proxy is a
    # context-local lookup (70 per intake).
    using = router.db_for_write(model, instance=instances[0])
    db = connections[using]
    sql, fields, auto = _statement(model, db.vendor, len(instances))  # refuses before signals
    if pre_save.has_listeners(model):
        for instance in instances:
            pre_save.send(model, instance=instance, raw=False, using=using, update_fields=None)
    params = [value for instance in instances for value in row_values(instance, fields, db)]
    # As save(): a database error marks the caller's atomic block for rollback, so that a
    # caught error cannot commit the rest of the transaction.
    with transaction.mark_for_rollback_on_error(using), db.cursor() as cursor:
        cursor.execute(sql, params)
        keys = [row[0] for row in cursor.fetchall()]  # in VALUES order, as bulk_create relies on
    for instance, key in zip(instances, keys, strict=True):
        if auto:
            instance.pk = key
        instance._state.adding = False
        instance._state.db = using
    if post_save.has_listeners(model):
        for instance in instances:
            post_save.send(
                model, instance=instance, created=True, update_fields=None, raw=False, using=using
            )


def row_values(instance: models.Model, fields: tuple, db: BaseDatabaseWrapper) -> list:
    """`instance`'s values for `fields` as the ORM sends them to the database `db` on insert."""
    return [f.get_db_prep_save(f.pre_save(instance, True), db) for f in fields]

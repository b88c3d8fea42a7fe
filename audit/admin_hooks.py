"""Every add, change and delete through Django's admin leaves an audit entry with the field
values before and after (personal data masked). Applied to every registered ModelAdmin
(audit/apps.py), so a new admin class is covered without remembering to."""

from typing import Any

from django.contrib import admin
from django.db import models, router, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from audit.models import Event
from audit.services import audit_record

BEFORE_ATTR = "_audit_before"


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Field values of `obj` as stored (foreign keys by id, many-to-many as sorted ids)."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        values[field.attname] = field.value_from_object(obj)
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            values[m2m.name] = sorted(o.pk for o in m2m.value_from_object(obj))
    return values


def _stored(obj: models.Model) -> dict[str, Any] | None:
    if obj.pk is None:
        return None
    fresh = type(obj)._default_manager.filter(pk=obj.pk).first()
    return snapshot(fresh) if fresh is not None else None


def _changed_only(before: dict | None, after: dict) -> tuple[dict | None, dict]:
    if before is None:
        return None, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


class AuditedAdminMixin:
    """Hooks save_model/log_* (the parent object, after its inlines and m2m are saved),
    save_formset (inline objects) and delete_model/delete_queryset."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        setattr(request, BEFORE_ATTR, _stored(obj) if change else None)
        super().save_model(request, obj, form, change)  # type: ignore[misc]

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        audit_record(event=Event.ADMIN_ADD, actor=request.user, obj=obj, after=snapshot(obj))
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        before, after = _changed_only(getattr(request, BEFORE_ATTR, None), snapshot(obj))
        audit_record(
            event=Event.ADMIN_CHANGE, actor=request.user, obj=obj, before=before, after=after
        )
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Deleting clears an instance's pk: remember them by instance.
        pks = {id(f.instance): f.instance.pk for f in formset.initial_forms}
        stored = {pk: _stored(f.instance) for f in formset.initial_forms if (pk := f.instance.pk)}
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for obj in getattr(formset, "new_objects", []):
            audit_record(event=Event.ADMIN_ADD, actor=request.user, obj=obj, after=snapshot(obj))
        for obj, _fields in getattr(formset, "changed_objects", []):
            before, after = _changed_only(stored.get(obj.pk), snapshot(obj))
            audit_record(
                event=Event.ADMIN_CHANGE, actor=request.user, obj=obj, before=before, after=after
            )
        for obj in getattr(formset, "deleted_objects", []):
            pk = pks.get(id(obj))
            _record_deletion(request, obj, pk, stored.get(pk) or {})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic(using=router.db_for_write(type(obj))):
            before, pk = snapshot(obj), obj.pk
            super().delete_model(request, obj)  # type: ignore[misc]
            _record_deletion(request, obj, pk, before)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            doomed = [(obj, obj.pk, snapshot(obj)) for obj in queryset]
            super().delete_queryset(request, queryset)  # type: ignore[misc]
            for obj, pk, before in doomed:
                _record_deletion(request, obj, pk, before)


def _record_deletion(request: HttpRequest, obj: Any, pk: Any, before: dict) -> None:
    audit_record(
        event=Event.ADMIN_DELETE,
        actor=request.user,
        object_type=obj._meta.label_lower,
        object_id=str(pk),
        object_repr=str(getattr(obj, "code", None) or obj)[:200],
        before=before,
    )


def audit_all_model_admins(site: admin.AdminSite = admin.site) -> None:
    """Give every ModelAdmin registered on `site` the audit hooks (idempotent)."""
    for model, model_admin in list(site._registry.items()):
        cls = type(model_admin)
        if issubclass(cls, AuditedAdminMixin):
            continue
        audited = type(f"Audited{cls.__name__}", (AuditedAdminMixin, cls), {})
        site._registry[model] = audited(model, site)

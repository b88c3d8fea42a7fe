"""The admin publishes drafts through the service and never edits a published version."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from audit.models import AuditEvent
from catalog.admin import ProcedureVersionAdmin
from catalog.models import ProcedureVersion
from catalog.tests.factories import ProcedureVersionFactory

pytestmark = pytest.mark.django_db


def admin_request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_publish_action_uses_the_service_and_reports_refusals():
    first = ProcedureVersionFactory()
    later = ProcedureVersionFactory(
        procedure=first.procedure, version=2, status="draft", effective_from=date(2025, 7, 1)
    )
    clash = ProcedureVersionFactory(procedure=first.procedure, version=3, status="draft")
    model_admin = ProcedureVersionAdmin(ProcedureVersion, admin.site)
    request = admin_request()
    model_admin.publish(request, ProcedureVersion.objects.filter(pk__in=[later.pk, clash.pk]))
    later.refresh_from_db()
    clash.refresh_from_db()
    first.refresh_from_db()
    assert (later.status, first.effective_to) == ("published", date(2025, 7, 1))
    assert clash.status == "draft"
    texts = [str(message) for message in get_messages(request)]
    assert any("Đã công bố" in text for text in texts)
    assert any("trùng với phiên bản" in text for text in texts)
    assert not model_admin.has_change_permission(request, later)
    [audited] = AuditEvent.objects.filter(event="admin.change")  # the refused one left none
    assert (audited.object_id, audited.after) == (str(later.pk), {"status": "published"})

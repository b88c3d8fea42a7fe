"""What the register pages share: the action-form plumbing, filters and scan downloads."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.services import audit_file_read
from dossiers.attachments import attachment_response
from dossiers.models import Dossier
from dossiers.selectors import dossiers_visible_to
from registry.errors import InvalidRegistryInput
from registry.models import IncomingLetter, OutgoingDocument, RegistryScan
from registry.selectors import RegisterFilters, last_event_id

PAGE_SIZE = 50


@dataclass(frozen=True)
class ActionView:
    """One button of a letter's or document's page: its form and its service call."""

    form: type[forms.Form]
    run: Callable[[User, Any, dict], object]
    # The form's values before any input (a correction starts from what was entered).
    initial: Callable[[Any], dict] | None = None

    def blank_or_bound(self, action: Any, target: Any, data=None, files=None) -> forms.Form:
        """The form of `action` on `target`: bound to `data`, or blank with its initial
        values."""
        if data is not None:
            return self.form(data, files, prefix=action.value)
        initial = self.initial(target) if self.initial else None
        return self.form(prefix=action.value, initial=initial)


def values_of(fields: tuple[str, ...]) -> Callable[[Any], dict]:
    """The initial values of a correction form: the target's `fields` as entered, and its
    last history row (a write after it makes the form stale)."""
    return lambda target: {
        **{name: getattr(target, name) for name in fields},
        "seen_event_id": last_event_id(target),
    }


def filters_from(form: forms.Form) -> RegisterFilters | None:
    """The list's filters; none for an empty form (the whole register); None for a form
    with errors: the list is then empty under the errors, not the whole register as if no
    filter had been asked for."""
    if not form.is_bound:
        return RegisterFilters()
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return RegisterFilters(
        unit_id=data["unit"].pk if data.get("unit") else None,
        doc_type=data.get("doc_type", ""),
        status=data.get("status", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        text=data.get("q", ""),
    )


def dossier_for(user: User, code: str) -> Dossier:
    """A dossier the user may see, by code; an unknown or hidden one is an input error."""
    dossier = dossiers_visible_to(user=user).filter(code=code.strip()).first()
    if dossier is None:
        raise InvalidRegistryInput(
            _("Không tìm thấy hồ sơ mã «%(code)s».") % {"code": code.strip()}
        )
    return dossier


def scan_response(
    scans: QuerySet[RegistryScan], scan_id: int, *, of: IncomingLetter | OutgoingDocument
) -> FileResponse:
    try:
        scan = scans.get(pk=scan_id)
    except RegistryScan.DoesNotExist:
        raise Http404(gettext_lazy("Không tìm thấy tệp.")) from None
    audit_file_read(file=scan, of=of)  # the signed-in user, from the request context
    return attachment_response(scan.file.open("rb"), name=scan.name, content_type=scan.content_type)

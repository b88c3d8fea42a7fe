"""Reads of the online service that depend on who asks. A citizen sees only their own
submissions, dossiers and files; an officer only those of the units they may see (drafts
never). Anything else answers exactly like something that does not exist (404)."""

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import units_visible_to
from catalog.models import AdministrativeUnit, ProcedureVersion
from catalog.selectors import procedure_versions_in_force, receiving_units
from dossiers.models import Dossier, Status
from dossiers.selectors import dossiers_visible_to
from online.models import (
    CitizenProfile,
    CitizenUpload,
    PublishedResult,
    Submission,
    SubmissionFile,
    SubmissionStatus,
)

ONLINE_LEVELS = (ProcedureVersion.OnlineLevel.FULL, ProcedureVersion.OnlineLevel.PARTIAL)


def citizen_profile_of(user: User) -> CitizenProfile | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return CitizenProfile.objects.filter(user_id=user.pk).first()


# ---------------------------------------------------------------- what can be submitted


def online_units(on: date) -> QuerySet[AdministrativeUnit]:
    """Receiving units in force on `on`."""
    return receiving_units(on).order_by("name")


def online_procedures(*, unit: AdministrativeUnit, on: date) -> QuerySet[ProcedureVersion]:
    """Procedures in force on `on`, offered online (fully or partly), at the unit's level."""
    return (
        procedure_versions_in_force(on)
        .filter(online_level__in=ONLINE_LEVELS, level=unit.level)
        .order_by("name")
    )


# ---------------------------------------------------------------- the citizen's own


def submissions_of_citizen(*, user: User) -> QuerySet[Submission]:
    return Submission.objects.filter(citizen=user).select_related(
        "unit", "procedure_version__procedure", "dossier"
    )


def submission_get_for_citizen(*, user: User, submission_id: int) -> Submission:
    try:
        return submissions_of_citizen(user=user).get(pk=submission_id)
    except Submission.DoesNotExist:
        raise Http404(_("Không tìm thấy hồ sơ.")) from None


def dossiers_of_citizen(*, user: User) -> QuerySet[Dossier]:
    """Dossiers received from the citizen's online submissions, with whether a result was
    published to them (`published`)."""
    results = PublishedResult.objects.filter(dossier=OuterRef("pk"))
    return (
        Dossier.objects.filter(online_submission__citizen=user)
        .select_related("unit", "procedure_version__procedure", "online_submission")
        .annotate(published=Exists(results))
    )


def dossier_get_for_citizen(*, user: User, code: str) -> Dossier:
    try:
        return dossiers_of_citizen(user=user).get(code=code)
    except Dossier.DoesNotExist:
        raise Http404(_("Không tìm thấy hồ sơ.")) from None


def submission_file_get(*, submission: Submission, file_id: int) -> SubmissionFile:
    try:
        return submission.files.get(pk=file_id)
    except SubmissionFile.DoesNotExist:
        raise Http404(_("Không tìm thấy tệp.")) from None


def citizen_upload_get(*, dossier: Dossier, upload_id: int, sent_only: bool) -> CitizenUpload:
    uploads = CitizenUpload.objects.filter(dossier=dossier)
    if sent_only:
        uploads = uploads.filter(sent_at__isnull=False)
    try:
        return uploads.get(pk=upload_id)
    except CitizenUpload.DoesNotExist:
        raise Http404(_("Không tìm thấy tệp.")) from None


def published_result_get(*, dossier: Dossier, result_id: int) -> PublishedResult:
    try:
        return PublishedResult.objects.get(dossier=dossier, pk=result_id)
    except PublishedResult.DoesNotExist:
        raise Http404(_("Không tìm thấy tệp.")) from None


# ---------------------------------------------------------------- officers


def officer_may_see_online(*, user: User) -> bool:
    return units_visible_to(user=user).exists()


def submissions_visible_to(*, user: User) -> QuerySet[Submission]:
    """Submitted (at least once) dossiers of the units `user` may see; never drafts."""
    return Submission.objects.filter(
        unit__in=units_visible_to(user=user), first_submitted_at__isnull=False
    ).select_related("unit", "procedure_version__procedure", "dossier", "decided_by")


def submission_get_for_officer(*, user: User, submission_id: int) -> Submission:
    try:
        return submissions_visible_to(user=user).get(pk=submission_id)
    except Submission.DoesNotExist:
        raise Http404(_("Không tìm thấy hồ sơ.")) from None


OFFICER_TABS = {  # lazy: read at import, shown in the visitor's language
    "cho-tiep-nhan": (gettext_lazy("Chờ tiếp nhận"), SubmissionStatus.SUBMITTED),
    "cho-bo-sung": (gettext_lazy("Chờ công dân bổ sung"), SubmissionStatus.SUPPLEMENT_REQUESTED),
    "da-tiep-nhan": (gettext_lazy("Đã tiếp nhận"), SubmissionStatus.ACCEPTED),
    "tu-choi": (gettext_lazy("Đã từ chối"), SubmissionStatus.REFUSED),
    "da-rut": (gettext_lazy("Công dân đã rút"), SubmissionStatus.WITHDRAWN),
}


def officer_queue(*, user: User, tab: str) -> QuerySet[Submission]:
    """One tab of the online queue; waiting ones oldest first, decided ones newest first."""
    if tab not in OFFICER_TABS:
        raise Http404(_("Không có hàng đợi này."))
    status = OFFICER_TABS[tab][1]
    qs = submissions_visible_to(user=user).filter(status=status)
    if status == SubmissionStatus.SUBMITTED:
        return qs.order_by("submitted_at", "pk")
    return qs.order_by("-updated_at", "-pk")


def online_dossiers_visible_to(*, user: User) -> QuerySet[Dossier]:
    """Received online dossiers of the units `user` may see."""
    return (
        dossiers_visible_to(user=user)
        .filter(online_submission__isnull=False)
        .select_related("unit", "procedure_version__procedure", "online_submission")
    )


def online_dossier_get_for_officer(*, user: User, code: str) -> Dossier:
    try:
        return online_dossiers_visible_to(user=user).get(code=code)
    except Dossier.DoesNotExist:
        raise Http404(_("Không tìm thấy hồ sơ.")) from None


def supplements_received(*, user: User) -> QuerySet[Dossier]:
    """Dossiers waiting for a supplement whose citizen has sent papers not yet taken in."""
    waiting = CitizenUpload.objects.filter(
        dossier=OuterRef("pk"), sent_at__isnull=False, taken_at__isnull=True
    )
    return (
        online_dossiers_visible_to(user=user)
        .filter(Exists(waiting), status=Status.AWAITING_SUPPLEMENT)
        .order_by("due_at", "pk")
    )

"""Supervisors' reads of dossier pages outside the oversight pages are recorded too."""

from accounts.models import Role
from oversight.models import Programme
from oversight.services import read_record


def on_dossier_viewed(sender, dossier, user, **kwargs) -> None:
    if not user.memberships.filter(role=Role.SUPERVISOR).exists():
        return
    programmes = Programme.objects.filter(members=user, units=dossier.unit_id)
    for programme in programmes:
        read_record(
            actor=user, programme=programme, unit=dossier.unit, what="dossier", dossier=dossier
        )

"""Factories for dossiers. `received_dossier` goes through the real intake service."""

import io
from datetime import datetime, timedelta

import factory
from django.utils import timezone
from PIL import Image

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from common.text import fold
from dossiers.models import Channel, Dossier, Status
from dossiers.services import Applicant, PaperReceived, dossier_receive


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (2, 2)) -> bytes:
    """A small real image (PNG or JPEG) for upload tests: scans are checked by their header."""
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, kind)
    return out.getvalue()


def received_dossier(
    *,
    unit=None,
    version=None,
    received_at: datetime | None = None,
    channel=Channel.DIRECT,
    actor=None,
    **applicant_fields,
) -> Dossier:
    unit = unit or UnitFactory()
    if version is None:
        version = ProcedureVersionFactory()
        RequiredPaperFactory(procedure_version=version, position=1)
    actor = actor or officer(unit, Role.RECEPTION)
    papers = [
        PaperReceived(name=p.name, copy_kind=p.copy_kind, count=p.count, required_paper_id=p.pk)
        for p in version.papers.all()
    ]
    applicant = Applicant(
        name=applicant_fields.get("name", "Trần Thị Bình"),
        id_number=applicant_fields.get("id_number", "001190012345"),
        phone=applicant_fields.get("phone", "0912345678"),
    )
    return dossier_receive(
        actor=actor,
        unit=unit,
        procedure_version=version,
        channel=channel,
        applicant=applicant,
        papers=papers,
        received_at=received_at,
    )


class DossierFactory(factory.django.DjangoModelFactory):
    """A dossier row written directly (for selectors and reports), not through intake."""

    class Meta:
        model = Dossier

    code = factory.Sequence(lambda n: f"000.00.00.H26-260101-{n:04d}")
    unit = factory.SubFactory(UnitFactory)
    procedure_version = factory.SubFactory(ProcedureVersionFactory)
    channel = Channel.DIRECT
    status = Status.IN_PROGRESS
    applicant_name = "Lê Văn Cường"
    applicant_name_folded = factory.LazyAttribute(lambda o: fold(o.applicant_name))
    received_at = factory.LazyFunction(timezone.now)
    effective_start = factory.LazyAttribute(lambda o: o.received_at)
    due_at = factory.LazyAttribute(lambda o: o.received_at + timedelta(days=3))

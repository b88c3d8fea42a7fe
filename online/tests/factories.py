"""Citizens, an online desk and submissions, made through the real services where it
matters (codes, uploads, transitions)."""

import re
from dataclasses import dataclass

import factory
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.factories import UserFactory, officer
from catalog.models import AdministrativeUnit, Level, ProcedureVersion
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers.tests.factories import image_bytes
from notifications.models import Kind, Notification
from online import services
from online.models import CitizenProfile, Submission

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
PASSWORD = "Ruong-lua-2026!"


class CitizenProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CitizenProfile

    user = factory.SubFactory(
        UserFactory,
        username=factory.Sequence(lambda n: f"congdan-test{n}"),
        password=PASSWORD,  # UserFactory hashes it
    )
    full_name = "Nguyễn Văn An"
    phone = factory.Sequence(lambda n: f"0912{n:06d}")
    email = ""
    id_number = "001190012345"
    address = "Thôn Đồng Bèn, xã Thử Nghiệm"
    verified_at = factory.LazyFunction(timezone.now)
    created_at = factory.LazyFunction(timezone.now)


def citizen(**fields) -> User:
    return CitizenProfileFactory(**fields).user


@dataclass
class Desk:
    unit: AdministrativeUnit
    version: ProcedureVersion
    reception: User
    specialist: User
    approver: User

    @property
    def papers(self):
        return list(self.version.papers.all())


def make_desk(name: str = "Xã Hồng Sơn", agency_id: str | None = None) -> Desk:
    district = UnitFactory(level=Level.DISTRICT, agency_id="")
    extra = {"agency_id": agency_id} if agency_id else {}
    unit = UnitFactory(name=name, parent=district, **extra)
    version = ProcedureVersionFactory(
        name="Đăng ký kết hôn",
        online_level=ProcedureVersion.OnlineLevel.FULL,
        time_rule_amount=3,
    )
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai đăng ký kết hôn")
    RequiredPaperFactory(
        procedure_version=version, position=2, name="Giấy xác nhận tình trạng hôn nhân"
    )
    RequiredPaperFactory(procedure_version=version, position=3, name="Giấy ủy quyền", optional=True)
    return Desk(
        unit=unit,
        version=version,
        reception=officer(unit, Role.RECEPTION),
        specialist=officer(unit, Role.SPECIALIST),
        approver=officer(unit, Role.APPROVER),
    )


def draft(desk: Desk, owner: User, *, upload: bool = True) -> Submission:
    submission = services.submission_create(
        actor=owner, unit=desk.unit, procedure_version=desk.version
    )
    if upload:
        for paper in desk.papers:
            if not paper.optional:
                services.submission_file_upload(
                    actor=owner,
                    submission=submission,
                    required_paper_id=paper.pk,
                    name=f"{paper.name}.pdf",
                    content=PDF,
                )
    return submission


def submitted(desk: Desk, owner: User) -> Submission:
    return services.submission_submit(actor=owner, submission=draft(desk, owner))


def sent_code(address: str) -> str:
    """The one-time code in the latest notification to `address` (what the citizen reads)."""
    notification = Notification.objects.filter(kind=Kind.OTP, recipient=address).latest("pk")
    match = re.search(r"\b(\d{6})\b", notification.body)
    assert match, notification.body
    return match.group(1)

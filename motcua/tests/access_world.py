"""The world the access-control test runs in: a district with two sibling communes A and B,
a second district with commune C, the same objects in A and in B (built through the real
services), and the people who may or may not see them.

Everything of unit A carries canary personal data (a name with "Canary", an ID number and a
phone that occur nowhere else), so a leak is found by searching response bodies for
`CANARY_TOKENS`. To cover a new kind of object, build it in `build_side` and add it to
`Side`; motcua/access_policy.py then names it as "@<attribute>"."""

from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role, User
from accounts.tests.factories import UserFactory, officer
from api.tokens import api_token_create
from catalog.models import AdministrativeUnit, Level, ProcedureFormFile, ProcedureVersion
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers import services as ds
from dossiers.models import Dossier, DossierAttachment
from notifications.tests.factories import NotificationFactory
from online import received
from online import services as online
from online.models import CitizenUpload, PublishedResult, Submission, SubmissionFile
from online.tests.factories import PDF, PNG, CitizenProfileFactory
from oversight.models import Programme, Recommendation, SampleItem
from oversight.services import ProgrammeInput, programme_create, recommendation_add, sample_draw
from portal.models import QueueTicket
from portal.queue import GENERAL_LINE
from portal.services import queue_ticket_take
from registry.models import IncomingLetter, OutgoingDocument, RegistryScan
from registry.services import incoming_scan_add, outgoing_scan_add
from registry.tests.factories import incoming_letter, outgoing_document

CANARY_NAME = "Nguyễn Canary Rò Rỉ"
CANARY_ID = "079199999999"
CANARY_PHONE = "0909999999"
# What must never reach someone who may not see unit A's objects. The family name alone
# ("Nguyễn") is not personal data: the public look-up shows "Nguyễn C***** R* R*".
CANARY_TOKENS = ("Canary", CANARY_ID, CANARY_PHONE)


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str
    address: str


PERSON_A = Person(CANARY_NAME, CANARY_ID, CANARY_PHONE, "Thôn Canary, xã A")
PERSON_B = Person("Trần Văn Bê", "001188000222", "0912000222", "Thôn Bê, xã B")


@dataclass
class Side:
    """One unit's objects."""

    unit: AdministrativeUnit
    dossier: Dossier  # an online dossier with a citizen's supplement and a published result
    attachment: DossierAttachment
    submission: Submission  # submitted online, waiting at the desk
    submission_file: SubmissionFile
    upload: CitizenUpload
    result: PublishedResult
    letter: IncomingLetter
    letter_scan: RegistryScan
    document: OutgoingDocument
    document_scan: RegistryScan
    programme: Programme
    recommendation: Recommendation
    sample_item: SampleItem
    notification: object
    ticket: QueueTicket


@dataclass
class World:
    a: Side
    b: Side
    district: AdministrativeUnit
    version: ProcedureVersion
    procedure_code: str
    paper_id: int
    form_file: ProcedureFormFile
    today: str
    # People
    officer_a: User  # every desk role at A
    officer_b: User  # every role at B, member of B's programme
    overseer_e: User  # overseer of another district
    supervisor_a: User  # member of A's programme
    citizen_a: User  # owns A's submissions and dossier
    citizen_b: User
    admin: User
    # API tokens (values): A's officer within A; B's officer within B; an officer of both
    # units whose token is limited to B.
    token_a: str
    token_b: str
    token_ab_b: str
    # Session cookies per actor, signed in once (filled by the test's fixture).
    sessions: dict[str, SimpleCookie] = field(default_factory=dict)

    @property
    def upload_pdf(self) -> SimpleUploadedFile:
        return SimpleUploadedFile("Probe.pdf", PDF, content_type="application/pdf")


def _citizen(person: Person, username: str) -> User:
    return CitizenProfileFactory(
        user__username=username,
        full_name=person.name,
        id_number=person.id_number,
        phone=person.phone,
        address=person.address,
    ).user


def _submitted(owner: User, unit: AdministrativeUnit, version: ProcedureVersion, tag: str):
    submission = online.submission_create(actor=owner, unit=unit, procedure_version=version)
    for paper in version.papers.all():
        online.submission_file_upload(
            actor=owner,
            submission=submission,
            required_paper_id=paper.pk,
            name=f"{tag}-to-khai.pdf",
            content=PDF,
        )
    return online.submission_submit(actor=owner, submission=submission)


def build_side(
    *,
    unit: AdministrativeUnit,
    version: ProcedureVersion,
    desk: User,
    owner: User,
    person: Person,
    tag: str,
    creator: User,
    supervisor: User,
) -> Side:
    today = timezone.localdate()
    waiting = _submitted(owner, unit, version, tag)
    dossier = online.submission_accept(actor=desk, submission=_submitted(owner, unit, version, tag))
    dossier = ds.dossier_assign(actor=desk, dossier=dossier, assignee=desk)
    dossier = ds.dossier_request_supplement(
        actor=desk, dossier=dossier, missing_papers=["Ảnh"], reason=f"Thiếu ảnh của {tag}"
    )
    upload = received.citizen_upload_add(
        actor=owner, dossier=dossier, label="Ảnh", name=f"{tag}-anh.png", content=PNG
    )
    received.citizen_supplement_send(actor=owner, dossier=dossier)
    dossier = received.citizen_supplement_take(actor=desk, dossier=dossier)
    dossier = ds.dossier_submit_for_approval(actor=desk, dossier=dossier)
    dossier = ds.dossier_approve(actor=desk, dossier=dossier, result=f"Giấy chứng nhận {tag}")
    result = received.result_publish(
        actor=desk, dossier=dossier, name=f"{tag}-ket-qua.pdf", content=PDF
    )
    attachment = ds.dossier_attachment_add(
        actor=desk, dossier=dossier, name=f"{tag}-ban-quet.pdf", content=PDF
    )
    letter = incoming_letter(
        unit=unit,
        actor=desk,
        sender=f"Ông {tag}",
        summary=f"Đơn của {person.name}",
        reply_days=1,  # due tomorrow: listed among the replies due
    )
    letter_scan = incoming_scan_add(actor=desk, letter=letter, name=f"{tag}-den.pdf", content=PDF)
    document = outgoing_document(unit=unit, actor=desk, summary=f"Trả lời {person.name}")
    document_scan = outgoing_scan_add(
        actor=desk, document=document, name=f"{tag}-di.pdf", content=PDF
    )
    programme = programme_create(
        actor=creator,
        data=ProgrammeInput(
            decision_number=f"01/QĐ-{tag}",
            decision_date=today,
            body="Ban Pháp chế HĐND",
            head="Phạm Quang Lộ",
            subject=f"Giám sát bộ phận một cửa ({tag})",
            period_start=today - timedelta(days=30),
            period_end=today,
        ),
        units=[unit],
        members=[supervisor],
    )
    recommendation = recommendation_add(
        actor=supervisor,
        programme=programme,
        content=f"Kiến nghị về hồ sơ của {person.name}",
        deadline=today + timedelta(days=30),
        unit=unit,
    )
    (sample_item,) = sample_draw(actor=supervisor, programme=programme, unit=unit, size=1, seed=tag)
    notification = NotificationFactory(
        dossier=dossier,
        recipient=person.phone,
        body=f"Kính gửi {person.name}: hồ sơ {dossier.code} đã có kết quả.",
    )
    ticket = queue_ticket_take(unit=unit, line=GENERAL_LINE)
    return Side(
        unit=unit,
        dossier=Dossier.objects.get(pk=dossier.pk),
        attachment=attachment,
        submission=waiting,
        submission_file=waiting.files.first(),  # type: ignore[arg-type]
        upload=upload,
        result=result,
        letter=letter,
        letter_scan=letter_scan,
        document=document,
        document_scan=document_scan,
        programme=programme,
        recommendation=recommendation,
        sample_item=sample_item,
        notification=notification,
        ticket=ticket,
    )


def build_world() -> World:
    district = UnitFactory(name="Huyện Thử Nghiệm", level=Level.DISTRICT, agency_id="")
    unit_a = UnitFactory(name="Xã An Phú", parent=district)
    unit_b = UnitFactory(name="Xã Bình Minh", parent=district)
    other_district = UnitFactory(name="Huyện Khác", level=Level.DISTRICT, agency_id="")
    UnitFactory(name="Xã Cẩm Lệ", parent=other_district)

    version = ProcedureVersionFactory(
        name="Đăng ký kết hôn", online_level=ProcedureVersion.OnlineLevel.FULL
    )
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai")
    form_file = ProcedureFormFile(procedure_version=version, title="Tờ khai")
    form_file.file.save("to-khai.docx", ContentFile(b"Mau to khai"), save=True)

    desk_roles = (Role.RECEPTION, Role.SPECIALIST, Role.APPROVER, Role.UNIT_ADMIN)
    officer_a = officer(unit_a, *desk_roles, username="canbo_a")
    officer_b = officer(unit_b, *Role, username="canbo_b")
    overseer_e = officer(other_district, Role.OVERSEER, username="theodoi_e")
    supervisor_a = officer(district, Role.SUPERVISOR, username="daibieu_a")
    both = officer(unit_a, *desk_roles, username="canbo_ab")
    for role in desk_roles:
        both.memberships.create(unit=unit_b, role=role)
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    citizen_a = _citizen(PERSON_A, "congdan_a")
    citizen_b = _citizen(PERSON_B, "congdan_b")

    a = build_side(
        unit=unit_a,
        version=version,
        desk=officer_a,
        owner=citizen_a,
        person=PERSON_A,
        tag="Canary",
        creator=admin,
        supervisor=supervisor_a,
    )
    b = build_side(
        unit=unit_b,
        version=version,
        desk=officer_b,
        owner=citizen_b,
        person=PERSON_B,
        tag="Bravo",
        creator=admin,
        supervisor=officer_b,
    )
    return World(
        a=a,
        b=b,
        district=district,
        version=version,
        procedure_code=version.procedure.code,
        paper_id=version.papers.get().pk,
        form_file=form_file,
        today=timezone.localdate().isoformat(),
        officer_a=officer_a,
        officer_b=officer_b,
        overseer_e=overseer_e,
        supervisor_a=supervisor_a,
        citizen_a=citizen_a,
        citizen_b=citizen_b,
        admin=admin,
        token_a=api_token_create(user=officer_a, units=[unit_a], name="A").value,
        token_b=api_token_create(user=officer_b, units=[unit_b], name="B").value,
        token_ab_b=api_token_create(user=both, units=[unit_b], name="AB→B").value,
    )

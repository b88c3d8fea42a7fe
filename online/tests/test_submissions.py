"""The citizen's side of a submission: what can be submitted, the form filled from the
profile, one upload per paper checked by content and size, save draft, submit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.models import ProcedureVersion
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from online import services
from online.errors import InvalidInput, NotAllowed
from online.models import Submission, SubmissionEvent, SubmissionFile
from online.tests.factories import JPEG, PDF, PNG, citizen, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return citizen(
        full_name="Phạm Thị Hoa",
        phone="0912000111",
        email="hoa@example.vn",
        id_number="001190099999",
        address="Xóm Chợ, xã Hồng Sơn",
    )


def test_draft_is_filled_in_from_the_profile(desk, owner):
    submission = services.submission_create(
        actor=owner, unit=desk.unit, procedure_version=desk.version
    )
    assert (submission.status, submission.citizen) == ("draft", owner)
    assert (
        submission.applicant_name,
        submission.applicant_id_number,
        submission.applicant_phone,
        submission.applicant_email,
        submission.applicant_address,
    ) == ("Phạm Thị Hoa", "001190099999", "0912000111", "hoa@example.vn", "Xóm Chợ, xã Hồng Sơn")
    assert list(submission.events.values_list("action", "actor")) == [("create", owner.pk)]


def test_only_online_procedures_of_a_receiving_unit_are_offered(client, desk, owner):
    offline = ProcedureVersionFactory(name="Chứng thực chữ ký", online_level="none")
    with pytest.raises(InvalidInput, match="không nhận hồ sơ trực tuyến"):
        services.submission_create(actor=owner, unit=desk.unit, procedure_version=offline)
    district = desk.unit.parent
    with pytest.raises(InvalidInput, match="không tiếp nhận hồ sơ"):
        services.submission_create(actor=owner, unit=district, procedure_version=desk.version)
    partial = ProcedureVersionFactory(name="Đăng ký khai sinh", online_level="partial")
    client.force_login(owner)
    page = client.get(reverse("online:new"), {"unit": desk.unit.pk}).content.decode()
    assert "Đăng ký kết hôn" in page and "Đăng ký khai sinh" in page
    assert "Chứng thực chữ ký" not in page
    assert partial.get_online_level_display() in page
    page = client.get(reverse("online:new"), {"unit": desk.unit.pk, "q": "khai sinh"}).content
    assert "Đăng ký kết hôn" not in page.decode()


def test_officers_cannot_create_submissions(desk):
    with pytest.raises(NotAllowed):
        services.submission_create(
            actor=desk.reception, unit=desk.unit, procedure_version=desk.version
        )


def test_new_submission_page_creates_a_draft(client, desk, owner):
    client.force_login(owner)
    response = client.post(
        reverse("online:new"), {"unit": desk.unit.pk, "procedure": desk.version.pk}
    )
    submission = Submission.objects.get()
    assert response["Location"] == reverse("online:submission", args=[submission.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Phạm Thị Hoa" in page and "Tờ khai đăng ký kết hôn" in page and "Lưu nháp" in page


def form_data(desk, **files):
    return {
        "applicant_name": "Phạm Thị Hoa",
        "applicant_id_number": "001190099999",
        "applicant_phone": "0912000111",
        "applicant_email": "hoa@example.vn",
        "applicant_address": "Xóm Chợ",
        **files,
    }


def test_save_draft_then_submit_with_a_missing_paper_lists_it(client, desk, owner):
    submission = draft(desk, owner, upload=False)
    client.force_login(owner)
    url = reverse("online:submission", args=[submission.pk])
    first = desk.papers[0]
    data = form_data(desk, **{f"paper_{first.pk}": SimpleUploadedFile("to-khai.pdf", PDF)})
    response = client.post(url, {**data, "intent": "save"})
    assert response.status_code == 302
    assert submission.files.get().name == "to-khai.pdf"

    page = client.post(url, {**form_data(desk), "intent": "submit"}).content.decode()
    assert "Hồ sơ còn thiếu giấy tờ: Giấy xác nhận tình trạng hôn nhân." in page
    assert "Giấy ủy quyền" not in page.split("còn thiếu")[1].split("</li>")[0]  # optional
    submission.refresh_from_db()
    assert submission.status == "draft" and submission.submitted_at is None

    second = desk.papers[1]
    data = form_data(desk, **{f"paper_{second.pk}": SimpleUploadedFile("xac-nhan.jpg", JPEG)})
    response = client.post(url, {**data, "intent": "submit"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.submitted_at is not None
    assert submission.first_submitted_at == submission.submitted_at
    actions = list(submission.events.values_list("action", flat=True))
    assert actions[0] == "create" and actions[-1] == "submit" and actions.count("upload") == 2
    assert "Đã nộp, chờ cán bộ tiếp nhận" in client.get(url).content.decode()


def test_applicant_fields_are_validated(client, desk, owner):
    submission = draft(desk, owner)
    client.force_login(owner)
    url = reverse("online:submission", args=[submission.pk])
    data = {**form_data(desk), "applicant_id_number": "12", "intent": "save"}
    page = client.post(url, data).content.decode()
    assert "CCCD có 12 chữ số" in page
    data = {**form_data(desk), "applicant_phone": "12345", "intent": "submit"}
    assert "Số điện thoại «12345» không hợp lệ" in client.post(url, data).content.decode()
    submission.refresh_from_db()
    assert submission.status == "draft"


def test_a_pdf_name_with_png_bytes_is_stored_as_png(desk, owner, media):
    submission = draft(desk, owner, upload=False)
    stored = services.submission_file_upload(
        actor=owner,
        submission=submission,
        required_paper_id=desk.papers[0].pk,
        name="../../etc/to khai.pdf",
        content=PNG,
    )
    assert (stored.content_type, stored.name, stored.size) == ("image/png", "to khai.png", len(PNG))
    path = stored.file.path
    assert path.startswith(str(media)) and "to khai" not in path and "etc" not in path
    with open(path, "rb") as f:
        assert f.read() == PNG


def test_a_text_file_named_pdf_is_refused(client, desk, owner):
    submission = draft(desk, owner, upload=False)
    client.force_login(owner)
    paper = desk.papers[0]
    fake = SimpleUploadedFile("to-khai.pdf", b"<html><script>alert(1)</script></html>")
    page = client.post(
        reverse("online:submission", args=[submission.pk]),
        {**form_data(desk), f"paper_{paper.pk}": fake, "intent": "save"},
    ).content.decode()
    assert "Chỉ nhận tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp)." in page
    assert not SubmissionFile.objects.exists()
    with pytest.raises(InvalidInput, match="Tệp rỗng"):
        services.submission_file_upload(
            actor=owner, submission=submission, required_paper_id=paper.pk, name="a", content=b""
        )


def test_files_over_the_size_limit_are_refused(client, desk, owner, settings):
    settings.ATTACHMENT_MAX_BYTES = len(PDF) + 10
    submission = draft(desk, owner, upload=False)
    paper = desk.papers[0]
    big = PDF + b"x" * 11
    with pytest.raises(InvalidInput, match="Tệp quá lớn"):
        services.submission_file_upload(
            actor=owner, submission=submission, required_paper_id=paper.pk, name="a", content=big
        )
    client.force_login(owner)
    page = client.post(
        reverse("online:submission", args=[submission.pk]),
        {**form_data(desk), f"paper_{paper.pk}": SimpleUploadedFile("a.pdf", big)},
    ).content.decode()
    assert "Tệp quá lớn" in page
    services.submission_file_upload(  # exactly at the limit is fine
        actor=owner,
        submission=submission,
        required_paper_id=paper.pk,
        name="a.pdf",
        content=PDF + b"x" * 10,
    )


def test_a_new_upload_replaces_the_current_one_and_keeps_the_old(desk, owner):
    submission = draft(desk, owner)
    paper = desk.papers[0]
    newer = services.submission_file_upload(
        actor=owner, submission=submission, required_paper_id=paper.pk, name="v2.png", content=PNG
    )
    files = SubmissionFile.objects.filter(submission=submission, required_paper=paper)
    assert files.count() == 2
    assert list(files.filter(superseded_at__isnull=True)) == [newer]
    event = SubmissionEvent.objects.filter(action="upload").latest("pk")
    assert event.data["replaces_sha256"] != event.data["sha256"]


def test_papers_of_another_procedure_are_refused(desk, owner):
    submission = draft(desk, owner, upload=False)
    other = RequiredPaperFactory(procedure_version=ProcedureVersionFactory())
    with pytest.raises(InvalidInput, match="không thuộc thủ tục"):
        services.submission_file_upload(
            actor=owner, submission=submission, required_paper_id=other.pk, name="a", content=PDF
        )


def test_submitted_submissions_are_no_longer_editable(client, desk, owner):
    submission = services.submission_submit(actor=owner, submission=draft(desk, owner))
    with pytest.raises(NotAllowed, match="Không thể"):
        services.submission_file_upload(
            actor=owner,
            submission=submission,
            required_paper_id=desk.papers[0].pk,
            name="a",
            content=PDF,
        )
    client.force_login(owner)
    url = reverse("online:submission", args=[submission.pk])
    response = client.post(url, {**form_data(desk), "intent": "save"})
    assert response.status_code == 302
    assert "không sửa được nữa" in client.get(url).content.decode()


def test_a_procedure_no_longer_in_force_cannot_be_submitted(desk, owner):
    submission = draft(desk, owner)
    ProcedureVersion.objects.filter(pk=desk.version.pk).update(online_level="none")
    with pytest.raises(InvalidInput, match="không nhận hồ sơ trực tuyến"):
        services.submission_submit(actor=owner, submission=submission)


def test_the_citizen_may_withdraw_before_a_decision(client, desk, owner):
    submission = services.submission_submit(actor=owner, submission=draft(desk, owner))
    client.force_login(owner)
    url = reverse("online:withdraw", args=[submission.pk])
    assert client.get(url).status_code == 405
    client.post(url, {"reason": "Nộp nhầm thủ tục"})
    submission.refresh_from_db()
    assert submission.status == "withdrawn"
    assert submission.events.latest("pk").note == "Nộp nhầm thủ tục"


def test_my_page_lists_drafts_with_plain_words(client, desk, owner):
    submission = draft(desk, owner)
    other_unit = UnitFactory()
    assert other_unit.pk != desk.unit.pk
    client.force_login(owner)
    page = client.get(reverse("online:mine")).content.decode()
    assert submission.reference in page and "Hồ sơ chưa được gửi" in page


def test_saving_unchanged_details_records_nothing(client, desk, owner):
    submission = draft(desk, owner)
    client.force_login(owner)
    url = reverse("online:submission", args=[submission.pk])
    same = {
        "applicant_name": "Phạm Thị Hoa",
        "applicant_id_number": "001190099999",
        "applicant_phone": "0912000111",
        "applicant_email": "hoa@example.vn",
        "applicant_address": "Xóm Chợ, xã Hồng Sơn",
    }
    client.post(url, {**same, "intent": "save"})
    assert not submission.events.filter(action="edit").exists()
    client.post(url, {**same, "applicant_name": "Phạm Thị Hoà", "intent": "save"})
    edit = submission.events.get(action="edit")
    assert (edit.actor, edit.data) == (owner, {"fields": ["applicant_name"]})

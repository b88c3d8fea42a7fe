import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from PIL import Image

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.models import ProcedureVersion
from catalog.reference import load_procedures
from catalog.tests.factories import UnitFactory
from documents import services
from documents.tests.conftest import Desk, at
from documents.tests.pdf import A5, assert_pages, assert_serif_fonts, pdf_text, reader
from dossiers.services import Applicant, PaperReceived, dossier_receive

pytestmark = pytest.mark.django_db


def test_receipt_fields(finished):
    url = services.public_lookup_url(finished)
    pdf = services.receipt_pdf(dossier=finished, lookup_url=url)
    text = pdf_text(pdf)
    for expected in [
        "UBND XÃ ĐỒNG TÂM",
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đồng Tâm, ngày 02 tháng 3 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {finished.code}",
        "Bộ phận tiếp nhận và trả kết quả UBND xã Đồng Tâm",
        "Tiếp nhận hồ sơ của: Trần Thị Bình",
        "Địa chỉ: Thôn Đồng Tâm, xã Đồng Tâm, Mỹ Đức",
        "Số điện thoại: 0912345678",
        "Email: binh.tran@example.vn",
        "Nội dung yêu cầu giải quyết: Cấp bản sao trích lục hộ tịch",
        "Tờ khai cấp bản sao",
        "Giấy tờ tùy thân của người yêu cầu",
        "Bản chính",
        "Bản sao",
        "2. Số lượng hồ sơ: 01 (bộ)",
        "theo quy định là: 3 ngày làm việc",
        # Vietnam time: 09:00 in Hà Nội is 02:00 UTC.
        "4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 02/03/2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 05/03/2026",
        "Hẹn lại: 16 giờ 00 phút, ngày 06/03/2026",
        "ngày 03/03/2026",
        "6. Đăng ký nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả UBND xã Đồng Tâm",
        "7. Phí, lệ phí: 8.000 đồng",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 2026 Số thứ tự: 1",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Lê Thị Hoa",  # the officer who received it, family name first
        "được lập thành 02 liên",
    ]:
        assert expected in text, expected
    assert "02 giờ 00 phút" not in text


def test_receipt_is_one_a5_page_in_serif_with_the_qr_image(finished):
    pdf = services.receipt_pdf(dossier=finished, lookup_url="https://motcua.example.vn/tra-cuu/x")
    pages = reader(pdf).pages
    assert len(pages) == 1
    assert_pages(pdf, A5)
    assert_serif_fonts(pdf)
    images = list(pages[0].images)
    assert len(images) == 1
    qr = images[0].image
    assert qr is not None
    assert qr.width == qr.height and qr.width >= 200  # square, with enough pixels per module


def test_receipt_without_apology_shows_no_new_appointment(desk: Desk):
    dossier = desk.receive(at(2026, 3, 2, 14, 5))
    text = pdf_text(services.receipt_pdf(dossier=dossier, lookup_url="http://x/y"))
    assert "Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 02/03/2026" in text
    assert "Hẹn lại" not in text


def test_book_number_counts_the_units_dossiers_of_the_year(desk: Desk):
    desk.receive(at(2025, 12, 31, 16, 0))
    first = desk.receive(at(2026, 1, 2, 9, 0))
    other_unit = UnitFactory()
    with time_machine.travel(at(2026, 1, 2, 9, 30), tick=False):
        dossier_receive(
            actor=officer(other_unit, Role.RECEPTION),
            unit=other_unit,
            procedure_version=desk.version,
            channel="direct",
            applicant=Applicant(name="Người khác"),
            papers=[
                PaperReceived(p.name, p.copy_kind, p.count, p.pk) for p in desk.version.papers.all()
            ],
        )
    second = desk.receive(at(2026, 1, 2, 10, 0))
    texts = [
        pdf_text(services.receipt_pdf(dossier=d, lookup_url="http://x")) for d in (first, second)
    ]
    assert "Quyển số: 2026 Số thứ tự: 1" in texts[0]
    assert "Quyển số: 2026 Số thứ tự: 2" in texts[1]


@override_settings(PUBLIC_LOOKUP_URL_TEMPLATE="https://dichvucong.example.vn/tra-cuu/{code}")
def test_public_lookup_url_follows_the_setting(finished):
    assert services.public_lookup_url(finished) == (
        f"https://dichvucong.example.vn/tra-cuu/{finished.code}"
    )


def test_every_shipped_procedure_fits_one_a5_page(desk: Desk):
    """The longest paper lists and fee texts of the catalogue, all papers, and an apology."""
    load_procedures()
    for version in ProcedureVersion.objects.exclude(pk=desk.version.pk):
        desk.version = version
        dossier = desk.receive(
            at(2026, 3, 2, 9, 0),
            name="Nguyễn Thị Phương Thảo",
            address="Số 12, ngõ 34, thôn Đồng Tâm, xã Đồng Tâm, huyện Mỹ Đức, thành phố Hà Nội",
        )
        pdf = services.receipt_pdf(dossier=dossier, lookup_url=services.public_lookup_url(dossier))
        assert len(reader(pdf).pages) == 1, version.name


PDFTOPPM = shutil.which("pdftoppm")


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed")
def test_receipt_renders_to_a_non_blank_a5_image(finished, tmp_path: Path):
    pdf_path = tmp_path / "mau01.pdf"
    pdf_path.write_bytes(
        services.receipt_pdf(dossier=finished, lookup_url=services.public_lookup_url(finished))
    )
    subprocess.run(  # noqa: S603
        [str(PDFTOPPM), "-png", "-r", "100", "-singlefile", str(pdf_path), str(tmp_path / "mau01")],
        check=True,
        timeout=60,
    )
    png = tmp_path / "mau01.png"
    with Image.open(png) as image:
        grey = image.convert("L")
        width, height = grey.size
        dark = sum(grey.histogram()[:128])
    assert abs(height / width - 210 / 148) < 0.01  # A5 portrait
    assert abs(width - 583) <= 2  # 148 mm at 100 dpi
    assert 0.01 < dark / (width * height) < 0.5  # ink, but not a black page
    screenshots = Path(settings.VAR_DIR) / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, screenshots / "mau01.png")  # for people to look at


def test_forms_stay_vietnamese_when_the_pages_are_in_english(finished):
    with translation.override("en"):
        receipt = pdf_text(services.receipt_pdf(dossier=finished, lookup_url="http://x"))
        slip = pdf_text(services.control_slip_pdf(dossier=finished))
        assert translation.get_language() == "en"
    assert "Bản chính" in receipt and "Original" not in receipt
    assert "Phân công xử lý" in slip

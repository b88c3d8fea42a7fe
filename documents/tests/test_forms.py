import itertools
import shutil
from dataclasses import replace
from datetime import date

import pytest

from catalog.tests.factories import UnitFactory
from documents import services
from documents.errors import FormNotAvailable
from documents.fonts import _has_vietnamese, serif_font_stack
from documents.forms import A4_LANDSCAPE, A5, FORM_TEMPLATES, FormKind, form_template_for
from documents.tests.conftest import at
from documents.tests.pdf import pdf_text
from documents.timing import Timeliness, timeliness
from documents.wording import clock_vi, long_date_vi, money_vi, person_name, unit_names

# ---------------------------------------------------------------- the registry


def test_circular_01_2018_applies_from_6_january_2019():
    receipt = form_template_for(FormKind.RECEIPT, date(2019, 1, 6))
    assert receipt.code == "mau01"
    assert receipt.template == "documents/tt01_2018/mau01.html"
    assert receipt.paper == A5
    assert form_template_for("book", date(2026, 3, 2)).paper == A4_LANDSCAPE
    with pytest.raises(FormNotAvailable, match="05/01/2019"):
        form_template_for(FormKind.RECEIPT, date(2019, 1, 5))


def test_a_later_set_takes_over_on_its_first_day():
    old = form_template_for(FormKind.BOOK, date(2025, 1, 1))
    new = replace(
        old, code="mau07", template="documents/tt03_2025/mau07.html", valid_from=date(2025, 7, 1)
    )
    templates = (replace(old, valid_to=date(2025, 7, 1)), new)
    assert form_template_for(FormKind.BOOK, date(2025, 6, 30), templates).code == "mau06"
    assert form_template_for(FormKind.BOOK, date(2025, 7, 1), templates).code == "mau07"


def test_every_kind_has_one_form_on_any_day_and_no_overlaps():
    for kind in FormKind:
        forms = sorted((f for f in FORM_TEMPLATES if f.kind is kind), key=lambda f: f.valid_from)
        assert forms, kind
        for earlier, later in itertools.pairwise(forms):
            assert earlier.valid_to == later.valid_from, (earlier, later)
    assert len({(f.kind, f.valid_from) for f in FORM_TEMPLATES}) == len(FORM_TEMPLATES)


@pytest.mark.django_db
def test_a_dossier_before_the_circular_has_no_form(desk):
    dossier = desk.receive(at(2018, 12, 28, 9, 0))
    with pytest.raises(FormNotAvailable, match="28/12/2018"):
        services.receipt_pdf(dossier=dossier, lookup_url="http://x")


@pytest.mark.django_db
def test_dispatcher_picks_the_dossier_or_counter_variant(awaiting_supplement, desk):
    on_file = pdf_text(services.form_pdf("supplement_request", dossier=awaiting_supplement))
    assert awaiting_supplement.code in on_file
    counter = pdf_text(
        services.form_pdf(
            FormKind.REFUSAL,
            unit=desk.unit,
            procedure_version=desk.version,
            applicant_name="Bùi Thị Lụa",
            reason="Không thuộc thẩm quyền",
            officer_name="Lê Thị Hoa",
            at=at(2026, 3, 2, 8, 0),
        )
    )
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in counter
    assert "Mã hồ sơ" not in counter
    assert (
        services.form_filename("receipt", on=date(2026, 3, 2), suffix=awaiting_supplement.code)
        == f"mau01-{awaiting_supplement.code}.pdf"
    )


# ---------------------------------------------------------------- wording


def test_times_are_written_in_vietnam_time():
    assert clock_vi(at(2026, 3, 2, 9, 5)) == "09 giờ 05 phút, ngày 02/03/2026"
    from datetime import UTC, datetime

    assert clock_vi(datetime(2026, 3, 1, 17, 30, tzinfo=UTC)) == "00 giờ 30 phút, ngày 02/03/2026"


def test_dates_pad_days_below_ten_and_months_one_and_two():
    assert long_date_vi(date(2026, 3, 2)) == "ngày 02 tháng 3 năm 2026"
    assert long_date_vi(date(2026, 1, 15)) == "ngày 15 tháng 01 năm 2026"
    assert long_date_vi(date(2026, 2, 9)) == "ngày 09 tháng 02 năm 2026"
    assert long_date_vi(date(2026, 12, 31)) == "ngày 31 tháng 12 năm 2026"


def test_money_and_names():
    assert money_vi(1_250_000) == "1.250.000 đồng"
    assert person_name(None) == ""


@pytest.mark.django_db
def test_unit_names():
    names = unit_names(UnitFactory.build(name="Thị trấn Đại Nghĩa", kind="thị trấn"))
    assert names.place == "Đại Nghĩa"
    assert names.agency == "Ủy ban nhân dân thị trấn Đại Nghĩa"
    assert names.heading == "UBND THỊ TRẤN ĐẠI NGHĨA"
    assert names.desk == "Bộ phận tiếp nhận và trả kết quả UBND thị trấn Đại Nghĩa"
    odd = unit_names(UnitFactory.build(name="Đồng Tâm", kind="xã"))
    assert odd.place == "Đồng Tâm" and odd.agency_short == "UBND Đồng Tâm"


@pytest.mark.django_db
def test_person_name_puts_the_family_name_first():
    from accounts.tests.factories import UserFactory

    assert person_name(UserFactory.build(first_name="Văn Minh", last_name="Phạm")) == (
        "Phạm Văn Minh"
    )
    assert person_name(UserFactory.build(first_name="Lê Thị Hoa", last_name="")) == "Lê Thị Hoa"
    assert person_name(UserFactory.build(first_name="", last_name="", username="canbo1")) == (
        "canbo1"
    )


def test_timeliness_compares_calendar_dates_then_the_minute():
    due = at(2026, 3, 5, 9, 0)
    assert timeliness(done_at=at(2026, 3, 4, 16, 59), due_at=due) is Timeliness.EARLY
    assert timeliness(done_at=at(2026, 3, 5, 8, 0), due_at=due) is Timeliness.ON_TIME
    assert timeliness(done_at=due, due_at=due) is Timeliness.ON_TIME
    assert timeliness(done_at=at(2026, 3, 5, 9, 1), due_at=due) is Timeliness.LATE


def test_font_stack_is_serif_and_ends_with_the_generic_family():
    stack = serif_font_stack()
    assert stack.endswith("serif")
    assert '"Liberation Serif"' in stack and '"DejaVu Serif"' in stack


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig tools missing")
def test_font_probe_sees_vietnamese_letters():
    assert _has_vietnamese("DejaVu Serif")
    assert not _has_vietnamese("No Such Font Family")

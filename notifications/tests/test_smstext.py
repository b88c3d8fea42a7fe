"""SMS text: unaccented but readable, counted in GSM 03.38 segments, fitted to two parts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications.smstext import is_gsm7, sms_fit, sms_plain, sms_segments


def test_plain_keeps_case_and_punctuation():
    text = "Đã tiếp nhận hồ sơ «H26-260302-0001»: hẹn 09:00, ngày 05/03 — Ủy ban nhân dân…"
    assert sms_plain(text) == (
        'Da tiep nhan ho so "H26-260302-0001": hen 09:00, ngay 05/03 - Uy ban nhan dan...'
    )
    assert sms_plain("ĐƯỜNG Đê La Thành\n  số 5") == "DUONG De La Thanh so 5"


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("[" * 80, 1),  # extension characters count twice
        ("[" * 81, 2),
        ("ệ" * 70, 1),  # any non-GSM character: UCS-2, 70 / 67 per part
        ("ệ" * 71, 2),
        ("ệ" * 134, 2),
        ("ệ" * 135, 3),
    ],
)
def test_segments(text, segments):
    assert sms_segments(text) == segments


def test_fit_shortens_only_the_free_text():
    head, tail = "UBND xa Dong Tam: ho so ABC bi tu choi. Ly do: ", " Chi tiet: http://x.vn/ABC"
    text = sms_fit(head, "rất dài " * 100, tail)
    assert text.startswith(head) and text.endswith("... Chi tiet: http://x.vn/ABC")
    assert sms_segments(text) == 2 and len(text) > 290  # shortened, not emptied


@given(st.text(max_size=600))
def test_fit_always_fits_two_parts_when_the_fixed_parts_do(free):
    text = sms_fit("Ho so ABC: ", free, " Chi tiet: http://x.vn/ABC")
    assert sms_segments(text) <= 2
    assert text.startswith("Ho so ABC:") and text.endswith("Chi tiet: http://x.vn/ABC")


def test_plain_vietnamese_is_gsm():
    sample = "Ủy ban nhân dân xã Đồng Tâm: hồ sơ đã có kết quả, mời ông/bà đến nhận."
    assert is_gsm7(sms_plain(sample))

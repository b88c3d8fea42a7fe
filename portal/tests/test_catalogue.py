"""The public procedure catalogue: search with or without diacritics, browse by level and
field, one page per procedure with everything a citizen needs before coming."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from catalog.wording import time_limit_words
from portal.catalogue import procedures_browse
from portal.tests.factories import catalogue, form_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedures():
    return catalogue()


@pytest.fixture(autouse=True)
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield


def names(client, **params) -> list[str]:
    page = client.get(reverse("portal:procedures"), params).content.decode()
    return [name for name in ALL if name in page]


ALL = [
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký khai sinh lưu động (cũ)",
    "Đăng ký khai sinh có yếu tố nước ngoài (dự thảo)",
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("khai sinh", ["Đăng ký khai sinh"]),
        ("Khai Sinh", ["Đăng ký khai sinh"]),
        ("đăng ký kết hôn", ["Đăng ký kết hôn"]),
        ("dang ky ket hon", ["Đăng ký kết hôn"]),
        ("ket hon dang ky", ["Đăng ký kết hôn"]),
        ("1.001193", ["Đăng ký khai sinh"]),
        ("1.0011", ["Đăng ký khai sinh"]),
        ("chung thuc", ["Chứng thực bản sao từ bản chính"]),
        ("ly hon", []),
    ],
)
def test_search_with_or_without_diacritics_and_by_code(client, procedures, query, expected):
    found = [v.name for v in procedures_browse(on=timezone.localdate(), query=query)]
    assert found == expected
    assert names(client, q=query) == expected


def test_search_never_shows_drafts_or_procedures_no_longer_in_force(client, procedures):
    listed = names(client)
    assert listed == ["Đăng ký khai sinh", "Đăng ký kết hôn", "Chứng thực bản sao từ bản chính"]
    assert client.get(reverse("portal:procedure", args=["1.000002"])).status_code == 404
    assert client.get(reverse("portal:procedure", args=["1.000001"])).status_code == 404


def test_browse_by_level_and_field(client, procedures):
    assert names(client, cap="district") == ["Chứng thực bản sao từ bản chính"]
    assert names(client, cap="commune") == ["Đăng ký khai sinh", "Đăng ký kết hôn"]
    assert names(client, linh_vuc="HOTICH") == ["Đăng ký khai sinh", "Đăng ký kết hôn"]
    assert names(client, linh_vuc="HOTICH", q="ket hon") == ["Đăng ký kết hôn"]
    assert names(client, cap="district", linh_vuc="HOTICH") == []
    page = client.get(reverse("portal:procedures")).content.decode()
    assert "Hộ tịch" in page and "Chứng thực" in page  # the fields to browse, with counts


def test_htmx_search_returns_only_the_results(client, procedures):
    response = client.get(reverse("portal:procedures"), {"q": "khai sinh"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "Đăng ký khai sinh" in body and "<html" not in body


def test_procedure_page_has_everything_a_citizen_needs(client, procedures):
    birth = procedures["birth"]
    form_file(birth, "Tờ khai đăng ký khai sinh (mẫu)", b"PK\x03\x04 to khai")
    page = client.get(reverse("portal:procedure", args=["1.001193"])).content.decode()
    assert "Đăng ký khai sinh" in page and "1.001193" in page
    # papers with their counts and kinds, optional ones marked
    assert "Tờ khai đăng ký khai sinh" in page and "Giấy chứng sinh" in page
    assert "<td>Giấy chứng sinh</td><td>Bản chính</td><td>2</td>" in page
    assert 'Văn bản ủy quyền <span class="muted">(nếu có)</span>' in page
    assert "<td>Giấy tờ chứng minh nơi cư trú (nếu có)</td>" in page  # said once
    # the time limit in words, as the catalogue's own description says it
    assert birth.time_rule.describe_vi() in page
    assert "Trong ngày (nhận sau 15:00 trả ngày làm việc tiếp theo)" in page
    assert "Miễn lệ phí khi đăng ký đúng hạn" in page  # fee (schedule)
    assert "Miễn lệ phí cho người thuộc hộ nghèo" in page  # exemptions
    assert "Luật Hộ tịch số 60/2014/QH13" in page  # legal basis
    assert "Bộ phận tiếp nhận và trả kết quả UBND cấp xã" in page  # where to submit
    assert "Toàn trình" in page and "trực tuyến toàn trình" in page  # online level
    assert "Tờ khai đăng ký khai sinh (mẫu)" in page  # downloadable form
    online = reverse("online:new") + "?q=1.001193"
    assert f'id="submit-online" href="{online}"' in page  # where to submit it online


def test_fixed_fee_time_in_days_and_partial_online(client, procedures):
    page = client.get(reverse("portal:procedure", args=["1.000894"])).content.decode()
    assert "30.000 đồng" in page
    assert procedures["marriage"].time_rule.describe_vi() == "5 ngày làm việc"
    assert "5 ngày làm việc" in page
    assert "Một phần" in page
    assert "Thủ tục này không có biểu mẫu tải về." in page
    hours = client.get(reverse("portal:procedure", args=["2.000815"])).content.decode()
    assert "4 giờ làm việc" in hours
    assert "Không trực tuyến" in hours  # the factory's default level
    assert 'id="submit-online"' not in hours  # no button that leads nowhere


def test_time_limit_words_read_as_the_catalogue_describes_them(procedures):
    for version in procedures.values():
        assert time_limit_words(version.time_rule) == version.time_rule.describe_vi()


def test_forms_download_and_only_those_of_the_procedure_in_force(client, procedures):
    made = form_file(procedures["birth"], "Tờ khai", b"PK\x03\x04 noi dung to khai")
    url = reverse("portal:procedure_form", args=["1.001193", made.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04 noi dung to khai"
    assert "attachment" in response["Content-Disposition"]
    other = reverse("portal:procedure_form", args=["1.000894", made.pk])
    assert client.get(other).status_code == 404
    draft_form = form_file(procedures["draft"], "Dự thảo", b"x")
    assert (
        client.get(reverse("portal:procedure_form", args=["1.000002", draft_form.pk])).status_code
        == 404
    )


def test_english_page_translates_the_labels(client, procedures):
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("portal:procedure", args=["1.000894"])).content.decode()
    assert "Time limit" in page and "5 working days" in page

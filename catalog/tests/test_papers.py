import pytest

from catalog.models import RequiredPaper


@pytest.mark.parametrize(
    ("name", "optional", "marked"),
    [
        ("Văn bản ủy quyền", True, True),
        ("Bản sao Giấy chứng nhận kết hôn đã cấp trước đây (nếu có)", True, False),
        ("Giấy tờ khác (Nếu có)", True, False),
        ("Tờ khai", False, False),
    ],
)
def test_an_optional_paper_is_marked_once(name, optional, marked):
    assert RequiredPaper(name=name, optional=optional).marked_if_any is marked

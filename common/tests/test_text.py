from common.text import fold


def test_fold_strips_diacritics_and_d_bar():
    assert fold("Đăng ký Khai sinh") == "dang ky khai sinh"
    assert fold("  Chứng   thực ") == "chung thuc"


def test_fold_keeps_plain_ascii():
    assert fold("1.001193") == "1.001193"

from accounts.models import User


def test_full_name_is_in_vietnamese_order():
    assert User(first_name="Văn An", last_name="Nguyễn").get_full_name() == "Nguyễn Văn An"
    assert str(User(username="canbo1")) == "canbo1"

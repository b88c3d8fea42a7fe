"""What a programme refuses: a follow-up that was closed takes no more writes, a decision
cannot be dated in the future, units must exist during the period, and a mistyped year is a
form error (not a programme whose evidence cannot be computed)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.tests.factories import UnitFactory
from oversight import services
from oversight.errors import OversightError
from oversight.models import Programme, Recommendation
from oversight.tests.helpers import programme_input, scene

pytestmark = pytest.mark.django_db


def recommend(s, **changes):
    values = {"content": "Niêm yết đủ thủ tục", "deadline": date(2018, 6, 30), **changes}
    return services.recommendation_add(
        actor=s.member, programme=s.programme, unit=s.hong_son.unit, **values
    )


def close(s) -> None:
    for status in ("in_progress", "concluded", "follow_up_closed"):
        services.programme_status_set(actor=s.member, programme=s.programme, status=status)


def test_a_closed_programme_takes_no_more_writes(client):
    s = scene()
    rec = recommend(s)
    close(s)
    writes = [
        lambda: services.session_add(
            actor=s.member,
            programme=s.programme,
            unit=s.hong_son.unit,
            day=date(2018, 5, 2),
            place="UBND xã",
            attendees="",
        ),
        lambda: services.finding_add(
            actor=s.member, programme=s.programme, kind="strength", text="Tốt"
        ),
        lambda: recommend(s, content="Thêm", deadline=date(2018, 7, 1)),
        lambda: services.recommendation_mark(actor=s.member, recommendation=rec, status="done"),
        lambda: services.recommendation_answer(
            actor=s.hong_son.reception, recommendation_id=rec.pk, answer="Đã niêm yết"
        ),
    ]
    for write in writes:
        with pytest.raises(OversightError, match="kết thúc theo dõi"):
            write()
    assert s.programme.sessions.count() == 0 and s.programme.findings.count() == 0
    assert Recommendation.objects.get(pk=rec.pk).status == "open"

    client.force_login(s.member)
    html = client.get(reverse("oversight:programme", args=[s.programme.pk])).content.decode()
    assert 'id="closed-note"' in html
    assert 'id="finding-form"' not in html and 'id="recommendation-form"' not in html
    assert reverse("oversight:session_add", args=[s.programme.pk]) not in html


def test_a_decision_dated_in_the_future_is_refused():
    s = scene()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(OversightError, match="sau hôm nay"):
        services.programme_create(
            actor=s.member, data=programme_input(decision_date=tomorrow), units=[s.hong_son.unit]
        )


def test_units_that_did_not_exist_during_the_period_are_refused():
    s = scene()
    gone = UnitFactory(
        name="Xã Bột Xuyên",
        parent=s.district,
        valid_from=date(2000, 1, 1),
        valid_to=date(2017, 1, 1),  # its last day was 31/12/2016, before the period
    )
    with pytest.raises(OversightError, match="Xã Bột Xuyên"):
        services.programme_create(
            actor=s.member, data=programme_input(), units=[s.hong_son.unit, gone]
        )
    # the same unit over a period it lived in is fine
    services.programme_create(
        actor=s.member,
        data=programme_input(period_start=date(2016, 1, 1), period_end=date(2016, 12, 31)),
        units=[gone],
    )


def test_a_mistyped_year_is_a_form_error_and_nothing_is_created(client):
    s = scene()
    client.force_login(s.member)
    before = Programme.objects.count()
    response = client.post(
        reverse("oversight:new"),
        {
            "decision_number": "1/QĐ-HĐND",
            "decision_date": "2018-04-20",
            "body": "Ban Pháp chế",
            "head": "Phạm Quang Lộ",
            "subject": "Giám sát",
            "period_start": "2017-01-01",
            "period_end": "9999-12-31",
            "units": [s.hong_son.unit.pk],
        },
    )
    assert response.status_code == 200
    assert "Ngày phải trong khoảng 01/01/1900 – 31/12/2099." in response.content.decode()
    assert Programme.objects.count() == before


def test_a_recommendation_is_not_due_before_the_decision():
    s = scene()
    with pytest.raises(OversightError, match="trước ngày quyết định"):
        recommend(s, deadline=s.programme.decision_date - timedelta(days=1))


def test_an_assessment_is_chosen_not_defaulted(client):
    """One stray click on "Lưu" must not mark a recommendation done."""
    s = scene()
    rec = recommend(s)
    client.force_login(s.member)
    html = client.get(reverse("oversight:programme", args=[s.programme.pk])).content.decode()
    assert f'<select id="mark-{rec.pk}" name="status" required><option value="">—</option>' in html


def test_the_sample_checklist_speaks_the_pages_language():
    from django.utils import translation

    from oversight.sampling import CHECKLIST

    with translation.override("en"):
        assert str(CHECKLIST["receipt"]) == "Has the receipt and appointment slip (Form 01)"
    with translation.override("vi"):
        assert str(CHECKLIST["receipt"]) == "Có Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)"

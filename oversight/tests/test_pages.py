"""Pages through Django's test client: scoping by programme (every URL taking an id is
enumerated), the recommendation lifecycle, the overdue list and the read log."""

import re
from datetime import date

import pytest
import time_machine
from django.urls import URLPattern, get_resolver, reverse

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.models import Level
from catalog.tests.factories import UnitFactory
from dossiers.models import DossierEvent
from oversight import selectors, services
from oversight.errors import OversightError
from oversight.models import ReadLog, Recommendation, RecommendationStatus, SelfReport
from oversight.tests.helpers import programme_input, scene
from reports.tests.helpers import at

pytestmark = pytest.mark.django_db


def id_urls(**ids: int) -> list[str]:
    """Every oversight URL taking an id: new ones are covered automatically."""
    samples = {"name": "overdue", "document": "bao-cao", **ids}
    urls = []
    for pattern in get_resolver("oversight.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        converters = pattern.pattern.converters
        if not converters:
            continue
        kwargs = {name: samples[name] for name in converters}
        urls.append(reverse(f"oversight:{pattern.name}", kwargs=kwargs))
    return urls


def ids_of(s, rec: Recommendation) -> dict[str, int]:
    item = services.sample_draw(
        actor=s.member, programme=s.programme, unit=s.hong_son.unit, size=1, seed="a"
    )[0]
    return {
        "pk": s.programme.pk,
        "unit_id": s.hong_son.unit.pk,
        "rec_id": rec.pk,
        "item_id": item.pk,
        "dossier_id": s.late.pk,
    }


def recommend(s, **changes) -> Recommendation:
    values = {
        "actor": s.member,
        "programme": s.programme,
        "unit": s.hong_son.unit,
        "content": "Niêm yết đầy đủ thủ tục",
        "deadline": date(2018, 6, 30),
        **changes,
    }
    return services.recommendation_add(**values)


def test_outsiders_get_404_on_every_page_taking_an_id(client):
    s = scene()
    urls = id_urls(**ids_of(s, recommend(s)))
    assert len(urls) >= 14
    tan_lap_officer = s.tan_lap.reception
    for user in (s.outsider, tan_lap_officer):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in {404, 405}, (user, url)
            assert client.post(url, {"answer": "x", "status": "done"}).status_code == 404, url
    assert not Recommendation.objects.exclude(answer="").exists()


def test_member_sees_only_the_programmes_units(client):
    s = scene()
    client.force_login(s.member)
    p = s.programme.pk
    assert client.get(reverse("oversight:unit", args=[p, s.hong_son.unit.pk])).status_code == 200
    assert client.get(reverse("oversight:unit", args=[p, s.tan_lap.unit.pk])).status_code == 404
    other = s.tan_lap.made[0]
    assert client.get(reverse("oversight:dossier", args=[p, other.pk])).status_code == 404
    assert client.get(reverse("oversight:dossier", args=[p, s.late.pk])).status_code == 200


def test_unit_officer_sees_and_answers_only_their_recommendations(client):
    s = scene()
    mine = recommend(s)
    office = recommend(s, unit=None, office="Phòng Nội vụ huyện")
    client.force_login(s.hong_son.reception)
    home = client.get(reverse("oversight:home")).content.decode()
    assert "Niêm yết đầy đủ thủ tục" in home
    assert client.get(reverse("oversight:programme", args=[s.programme.pk])).status_code == 404
    assert client.get(reverse("oversight:answer", args=[office.pk])).status_code == 404
    response = client.post(
        reverse("oversight:answer", args=[mine.pk]), {"answer": "Đã niêm yết tại bộ phận"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.answer == "Đã niêm yết tại bộ phận" and mine.answered_by == s.hong_son.reception


def test_recommendation_lifecycle_and_overdue_list(client):
    s = scene()
    rec = recommend(s)
    kept = recommend(s, content="Bố trí thêm máy tính", deadline=date(2018, 9, 30))
    services.recommendation_answer(
        actor=s.hong_son.approver, recommendation_id=rec.pk, answer="Đã thực hiện"
    )
    overdue = selectors.overdue_recommendations(programme=s.programme, today=date(2018, 7, 1))
    assert overdue == [rec]
    client.force_login(s.member)
    client.post(reverse("oversight:mark", args=[s.programme.pk, rec.pk]), {"status": "done"})
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.DONE and rec.closed_by == s.member
    with pytest.raises(OversightError):
        services.recommendation_answer(
            actor=s.hong_son.approver, recommendation_id=rec.pk, answer="Sửa"
        )
    services.recommendation_mark(actor=s.member, recommendation=kept, status="not_done")
    overdue = selectors.overdue_recommendations(programme=s.programme, today=date(2018, 10, 1))
    assert overdue == [kept]
    actions = list(s.programme.events.values_list("action", flat=True))
    assert actions == ["create", "recommendation", "recommendation", "answer", "mark", "mark"]


def test_programme_status_moves_one_step_at_a_time():
    s = scene()
    with pytest.raises(OversightError):
        services.programme_status_set(actor=s.member, programme=s.programme, status="concluded")
    services.programme_status_set(actor=s.member, programme=s.programme, status="in_progress")
    assert s.programme.status == "in_progress"
    with pytest.raises(OversightError):
        services.programme_status_set(actor=s.outsider, programme=s.programme, status="concluded")


def test_members_must_hold_the_supervisor_role():
    s = scene()
    with pytest.raises(OversightError):
        services.programme_create(
            actor=s.overseer,
            data=programme_input(),
            units=[s.hong_son.unit],
            members=[s.hong_son.reception],
        )
    with pytest.raises(OversightError):
        services.programme_create(
            actor=s.hong_son.reception, data=programme_input(), units=[s.hong_son.unit]
        )


def test_a_programme_reviews_only_units_within_its_creators_reach(client):
    """Its members read the units' dossiers, so an overseer or supervisor elsewhere cannot
    open one over these communes (only the units where they hold the role and below)."""
    s = scene()
    elsewhere = UnitFactory(level=Level.DISTRICT, agency_id="")
    stranger = officer(elsewhere, Role.OVERSEER, Role.SUPERVISOR)
    with pytest.raises(OversightError):
        services.programme_create(
            actor=stranger, data=programme_input(), units=[s.hong_son.unit], members=[stranger]
        )
    client.force_login(stranger)
    form = client.get(reverse("oversight:new")).content.decode()
    assert s.hong_son.unit.name not in form
    data = {
        "decision_number": "1/QĐ",
        "decision_date": "2018-04-20",
        "body": "Ban",
        "head": "Trưởng ban",
        "subject": "Giám sát",
        "period_start": "2017-01-01",
        "period_end": "2018-03-31",
        "units": [s.hong_son.unit.pk],
        "members": [stranger.pk],
    }
    client.post(reverse("oversight:new"), data)
    assert list(selectors.programmes_visible_to(user=stranger)) == []
    assert set(selectors.units_supervisable_by(user=s.overseer)) >= {s.hong_son.unit}


def test_reads_are_logged(client):
    s = scene()
    client.force_login(s.member)
    p = s.programme.pk
    with time_machine.travel(at(2018, 5, 16, 9), tick=False):
        client.get(reverse("oversight:dossiers", args=[p, s.hong_son.unit.pk, "late"]))
        page = client.get(reverse("oversight:dossier", args=[p, s.late.pk])).content.decode()
    assert s.late.code in page
    logs = list(ReadLog.objects.order_by("pk").values_list("user", "what", "dossier", "at"))
    assert logs == [
        (s.member.pk, "late", None, at(2018, 5, 16, 9)),
        (s.member.pk, "dossier", s.late.pk, at(2018, 5, 16, 9)),
    ]


def test_supervisors_cannot_change_dossiers(client):
    s = scene()
    client.force_login(s.member)
    before = DossierEvent.objects.count()
    url = reverse("dossiers:act", args=[s.overdue.code, "note"])
    client.post(url, {"note-text": "sửa"})  # the dossier page refuses: no officer role
    assert DossierEvent.objects.count() == before


def test_evidence_page_shows_figures_and_flags_differences(client):
    s = scene()
    client.force_login(s.member)
    url = reverse("oversight:self_report", args=[s.programme.pk, s.hong_son.unit.pk])
    typed = {
        "received_total": 5, "received_online": 1, "received_direct_postal": 4,
        "received_carried_over": 0, "resolved_total": 3, "resolved_early": 3,
        "resolved_on_time": 0, "resolved_late": 0, "pending_total": 2,
        "pending_within_time": 2, "pending_overdue": 0,
    }  # fmt: skip
    client.post(url, typed)
    page = client.get(reverse("oversight:unit", args=[s.programme.pk, s.hong_son.unit.pk]))
    html = page.content.decode()
    assert html.count("(chênh lệch)") == 4  # early, late, within time, overdue
    assert 'data-key="resolved_late">2<' in html
    assert '<span id="fees">8.000 đồng</span>' in html  # thousands grouped, as people write
    assert 'id="self-report-broken"' not in html  # these figures add up


def test_self_report_that_does_not_add_up_is_kept_and_flagged(client):
    s = scene()
    client.force_login(s.member)
    url = reverse("oversight:self_report", args=[s.programme.pk, s.hong_son.unit.pk])
    typed = {
        "received_total": 6, "received_online": 1, "received_direct_postal": 4,
        "received_carried_over": 0, "resolved_total": 3, "resolved_early": 1,
        "resolved_on_time": 1, "resolved_late": 1, "pending_total": 2,
        "pending_within_time": 2, "pending_overdue": 0,
    }  # fmt: skip
    page = client.post(url, typed, follow=True)
    html = page.content.decode()
    assert "Đã ghi số liệu đơn vị tự báo cáo." in html
    assert "không khớp giữa các cột: 3 ≠ 4 + 5 + 6; 3 ≠ 7 + 11" in html  # the warning
    assert SelfReport.objects.get(unit=s.hong_son.unit).values == typed  # as the unit reported
    assert '<p class="flag" id="self-report-broken">' in html


def test_nav_link_for_committee_not_for_others(client):
    s = scene()
    client.force_login(s.member)
    assert 'href="/giam-sat/"' in client.get(reverse("dossiers:home")).content.decode()
    bystander = officer(s.tan_lap.unit, Role.SPECIALIST)
    client.force_login(bystander)
    assert 'href="/giam-sat/"' not in client.get(reverse("dossiers:home")).content.decode()
    assert client.get(reverse("oversight:home")).status_code == 404


def test_sessions_are_scheduled_per_unit(client):
    s = scene()
    client.force_login(s.member)
    url = reverse("oversight:session_add", args=[s.programme.pk])
    data = {"day": "2018-05-16", "place": "UBND xã Hồng Sơn", "attendees": "Lãnh đạo UBND xã"}
    client.post(url, {**data, "unit": s.hong_son.unit.pk})
    client.post(url, {**data, "unit": s.tan_lap.unit.pk})  # not under review: refused
    sessions = list(s.programme.sessions.values_list("unit", "place"))
    assert sessions == [(s.hong_son.unit.pk, "UBND xã Hồng Sơn")]
    page = client.get(reverse("oversight:programme", args=[s.programme.pk])).content.decode()
    assert "16/05/2018" in page and "Lãnh đạo UBND xã" in page
    # the decision setting up the delegation is of 20/04/2018: no session before it (the
    # date picker starts there, and the server says so)
    assert 'name="day" min="2018-04-20"' in page
    early = client.post(url, {**data, "day": "2018-04-19", "unit": s.hong_son.unit.pk})
    assert early.status_code == 400
    assert (
        "Ngày làm việc 19/04/2018 trước ngày quyết định thành lập đoàn giám sát (20/04/2018)."
        in early.content.decode()
    )
    client.post(url, {**data, "day": "2018-04-20", "unit": s.hong_son.unit.pk})  # same day: ok
    assert s.programme.sessions.count() == 2


def test_a_form_that_fails_comes_back_with_its_errors_and_what_was_typed(client):
    s = scene()
    client.force_login(s.member)
    url = reverse("oversight:recommendation_add", args=[s.programme.pk])
    typed = {"unit": s.hong_son.unit.pk, "content": "Rà soát hồ sơ trễ hạn"}  # no deadline
    response = client.post(url, typed)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Rà soát hồ sơ trễ hạn</textarea>" in page  # nothing typed is lost
    assert "Trường này là bắt buộc." in page  # said beside the deadline
    assert not s.programme.recommendations.filter(content="Rà soát hồ sơ trễ hạn").exists()
    url = reverse("oversight:session_add", args=[s.programme.pk])
    typed = {"unit": s.tan_lap.unit.pk, "day": "2018-05-16", "place": "Nhà văn hóa thôn"}
    response = client.post(url, typed)  # a unit the programme does not review
    page = response.content.decode()
    assert response.status_code == 400 and "<details open>" in page
    assert 'value="Nhà văn hóa thôn"' in page and not s.programme.sessions.exists()


def test_switching_language_on_a_form_shown_again_leads_back_to_its_page(client):
    """The failed form is shown at its POST-only address: the language switch must not
    lead there (405) but to the programme's page the form was sent from."""
    s = scene()
    client.force_login(s.member)
    programme = reverse("oversight:programme", args=[s.programme.pk])
    url = reverse("oversight:session_add", args=[s.programme.pk])
    typed = {"unit": s.tan_lap.unit.pk, "day": "2018-05-16", "place": "Nhà văn hóa thôn"}
    page = client.post(url, typed, HTTP_REFERER=f"http://testserver{programme}").content.decode()
    found = re.search(r'<input type="hidden" name="next" value="([^"]+)">', page)
    assert found and found.group(1) == f"http://testserver{programme}"
    switched = client.post(reverse("set_language"), {"language": "en", "next": found.group(1)})
    assert switched["Location"] == f"http://testserver{programme}"
    assert client.get(switched["Location"]).status_code == 200
    # a page read by GET comes back to itself
    page = client.get(programme).content.decode()
    assert f'name="next" value="{programme}"' in page

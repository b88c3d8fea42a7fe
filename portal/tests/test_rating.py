"""Citizens rate a returned dossier once, on indicators 1, 3, 4 and 7 of Circular 01/2018
art. 13 scored 0–2: from the look-up page, or on the counter tablet (officers of the unit)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from portal.errors import PortalError
from portal.indicators import INDICATORS
from portal.models import DossierRating, RatingChannel
from portal.services import AlreadyRated, dossier_rating_submit
from portal.tests.factories import at, desk

pytestmark = pytest.mark.django_db
GOOD = {1: 2, 3: 2, 4: 1, 7: 2}


@pytest.fixture
def returned(office):
    return office.returned(at(2026, 3, 2, 9), at(2026, 3, 3, 10), at(2026, 3, 4, 9))


def rating_post(**overrides) -> dict:
    """The form's fields (i1, i3, i4, i7 and comment); overrides like i4=0."""
    data = {f"i{n}": str(s) for n, s in GOOD.items()}
    data.update({name: str(score) for name, score in overrides.items()})
    data["comment"] = "Cán bộ nhiệt tình"
    return data


def test_rating_is_stored_with_its_channel(returned):
    rating = dossier_rating_submit(
        dossier=returned, scores=GOOD, comment=" Tốt ", channel=RatingChannel.LOOKUP
    )
    rating.refresh_from_db()
    assert (rating.time_score, rating.contacts_score, rating.agencies_score) == (2, 2, 1)
    assert rating.attitude_score == 2 and rating.comment == "Tốt"
    assert rating.channel == "lookup" and rating.rated_at <= timezone.now()


def test_only_a_returned_dossier_can_be_rated(office):
    dossier = office.receive(at(2026, 3, 2, 9))
    with pytest.raises(PortalError, match="đã trả kết quả"):
        dossier_rating_submit(dossier=dossier, scores=GOOD, comment="", channel="lookup")
    dossier = office.approve(dossier, at(2026, 3, 3, 10))  # result ready, not yet handed over
    with pytest.raises(PortalError, match="đã trả kết quả"):
        dossier_rating_submit(dossier=dossier, scores=GOOD, comment="", channel="lookup")
    assert not DossierRating.objects.exists()


def test_once_per_dossier_with_a_clear_message(returned):
    dossier_rating_submit(dossier=returned, scores=GOOD, comment="", channel="lookup")
    with pytest.raises(AlreadyRated, match="đã được đánh giá"):
        dossier_rating_submit(dossier=returned, scores=GOOD, comment="", channel="tablet")
    assert DossierRating.objects.count() == 1


def test_the_database_refuses_a_second_rating(returned):
    dossier_rating_submit(dossier=returned, scores=GOOD, comment="", channel="lookup")
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierRating.objects.create(
            dossier=returned,
            channel="tablet",
            time_score=0,
            contacts_score=0,
            agencies_score=0,
            attitude_score=0,
            rated_at=timezone.now(),
        )


@pytest.mark.parametrize(
    "scores",
    [
        {1: 3, 3: 2, 4: 2, 7: 2},
        {1: -1, 3: 2, 4: 2, 7: 2},
        {1: 2, 3: 2, 4: 2},  # indicator 7 missing
        {1: 2, 2: 2, 3: 2, 4: 2, 7: 2},  # indicator 2 is not the citizen's
        {1: "2", 3: 2, 4: 2, 7: 2},
        {1: True, 3: 2, 4: 2, 7: 2},
    ],
)
def test_scores_are_0_1_or_2_for_exactly_indicators_1_3_4_7(returned, scores):
    with pytest.raises(PortalError):
        dossier_rating_submit(dossier=returned, scores=scores, comment="", channel="lookup")
    assert not DossierRating.objects.exists()


def test_the_database_refuses_a_score_above_2(returned):
    with pytest.raises(IntegrityError), transaction.atomic():
        DossierRating.objects.create(
            dossier=returned,
            channel="lookup",
            time_score=3,
            contacts_score=0,
            agencies_score=0,
            attitude_score=0,
            rated_at=timezone.now(),
        )


def test_unknown_channel_is_refused(returned):
    with pytest.raises(PortalError):
        dossier_rating_submit(dossier=returned, scores=GOOD, comment="", channel="phone")


def test_rating_from_the_lookup_page(client, returned):
    client.post(reverse("portal:lookup"), {"code": returned.code, "digits": "2345"})
    result = reverse("portal:lookup_result", args=[returned.code])
    page = client.get(result).content.decode()
    for indicator in INDICATORS:  # the official wording of every choice
        assert str(indicator.title) in page
        for text in indicator.choices.values():
            assert str(text) in page
    response = client.post(reverse("portal:rate", args=[returned.code]), rating_post(i4=0))
    assert response.status_code == 302
    rating = DossierRating.objects.get()
    assert rating.channel == "lookup" and rating.agencies_score == 0
    page = client.get(result).content.decode()
    assert "Cảm ơn ông/bà đã đánh giá." in page
    assert 'id="rating-form"' not in page and "Hồ sơ này đã được đánh giá" in page
    again = client.post(reverse("portal:rate", args=[returned.code]), rating_post(), follow=True)
    assert "mỗi hồ sơ chỉ đánh giá một lần" in again.content.decode()
    assert DossierRating.objects.count() == 1


def test_rating_needs_the_look_up_first(client, returned):
    response = client.post(reverse("portal:rate", args=[returned.code]), rating_post())
    assert response.status_code == 302 and not DossierRating.objects.exists()


def test_no_rating_form_before_the_result_is_returned(client, office):
    dossier = office.receive(at(2026, 3, 2, 9))
    client.post(reverse("portal:lookup"), {"code": dossier.code, "digits": "2345"})
    page = client.get(reverse("portal:lookup_result", args=[dossier.code])).content.decode()
    assert 'id="rating-form"' not in page
    assert "Ông/bà có thể đánh giá sau khi nhận kết quả." in page
    client.post(reverse("portal:rate", args=[dossier.code]), rating_post(), follow=True)
    assert not DossierRating.objects.exists()


def test_a_missing_choice_shows_the_form_again(client, returned):
    client.post(reverse("portal:lookup"), {"code": returned.code, "digits": "2345"})
    data = rating_post()
    del data["i7"]
    response = client.post(reverse("portal:rate", args=[returned.code]), data)
    assert response.status_code == 200
    assert 'id="rating-form"' in response.content.decode()
    assert not DossierRating.objects.exists()


def test_counter_tablet_needs_an_officer_of_that_unit(client, office, returned):
    url = reverse("portal:tablet", args=[office.unit.code])
    assert "/tai-khoan/dang-nhap/" in client.get(url)["Location"]  # anonymous
    client.force_login(officer(UnitFactory(), Role.RECEPTION))  # another unit's officer
    assert client.get(url).status_code == 404
    assert client.post(url, {"code": returned.code, "digits": "2345"}).status_code == 404
    rate = reverse("portal:tablet_rate", args=[office.unit.code, returned.code])
    assert client.post(rate, rating_post()).status_code == 404
    assert not DossierRating.objects.exists()


def test_rating_on_the_counter_tablet(client, office, returned):
    client.force_login(office.reception)
    url = reverse("portal:tablet", args=[office.unit.code])
    wrong = client.post(url, {"code": returned.code, "digits": "9999"})
    assert wrong.status_code == 404
    response = client.post(url, {"code": returned.code, "digits": "5678"})
    rate = reverse("portal:tablet_rate", args=[office.unit.code, returned.code])
    assert response["Location"] == rate
    page = client.get(rate).content.decode()
    assert "Nguyễn V*** A*" in page and 'id="rating-form"' in page
    thanks = client.post(rate, rating_post(i1=1))
    assert "Cảm ơn ông/bà đã đánh giá." in thanks.content.decode()
    rating = DossierRating.objects.get()
    assert rating.channel == "tablet" and rating.time_score == 1
    # the next citizen cannot rate it again from the same tablet
    assert client.get(rate)["Location"] == url


def test_counter_tablet_only_finds_dossiers_of_its_unit(client, office, returned):
    elsewhere = desk()
    client.force_login(elsewhere.reception)
    url = reverse("portal:tablet", args=[elsewhere.unit.code])
    assert client.post(url, {"code": returned.code, "digits": "2345"}).status_code == 404
